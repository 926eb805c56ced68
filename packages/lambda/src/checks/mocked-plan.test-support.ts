// Shared by the unit tests that drive checks through runPlan against a mocked LambdaClient.
import { type Check, type CheckResult, type RunPlanOptions, runPlan } from '@shiftguard/core';

/** A PreTraffic run of `orders`: version 6 serves traffic, version 7 is the target. */
export const plan: RunPlanOptions = {
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

/** A payload as the SDK returns it. */
export const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** Runs one check in {@link plan} and returns its result. */
export const run = async (check: Check): Promise<CheckResult> => (await runPlan(check, plan))[0]!;
