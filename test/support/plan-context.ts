// Where a plan runs in the unit tests that drive checks through runPlan, written once for every package.
import type { RunPlanOptions } from '@shiftguard/core';

/** A PostTraffic run of `orders`: version 1 served traffic, version 2 is the target. */
export const postTrafficPlan: RunPlanOptions = {
  target: {
    functionName: 'orders',
    alias: 'live',
    currentVersion: '1',
    targetVersion: '2',
    qualifiedArn: undefined,
  },
  deployment: {
    deploymentId: 'd-ABCDEFGHI',
    executionId: 'exec',
    applicationName: 'app',
    deploymentGroupName: 'group',
    description: undefined,
  },
  lifecycleEvent: 'AfterAllowTraffic',
};

/** A PreTraffic run of `orders`: version 6 serves traffic, version 7 is the target. */
export const preTrafficPlan: RunPlanOptions = {
  target: {
    functionName: 'orders',
    alias: 'live',
    currentVersion: '6',
    targetVersion: '7',
    qualifiedArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders:7',
  },
  deployment: {
    deploymentId: 'd-1',
    executionId: 'e',
    applicationName: 'a',
    deploymentGroupName: 'g',
    description: undefined,
  },
  lifecycleEvent: 'BeforeAllowTraffic',
};
