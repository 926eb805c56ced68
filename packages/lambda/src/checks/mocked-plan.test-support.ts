// Shared by the unit tests that drive checks through runPlan against a mocked LambdaClient.
import { type Check, type CheckResult, runPlan } from '@shiftguard/core';
import { preTrafficPlan as plan } from '../../../../test/support/plan-context';

export { plan };

/** A payload as the SDK returns it. */
export const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** Runs one check in {@link plan} and returns its result. */
export const run = async (check: Check): Promise<CheckResult> => (await runPlan(check, plan))[0]!;
