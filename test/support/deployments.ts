// What the deployment tests share: an emulator on a manual clock, an application with one Lambda
// deployment group made through the real CodeDeploy client, the orders function with two versions
// behind `live`, and ways to let real I/O happen while the clock stands still.
import { performance } from 'node:perf_hooks';
import {
  type CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentCommand,
  CreateDeploymentGroupCommand,
  type CreateDeploymentGroupCommandInput,
  GetDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import type { DeploymentAlarmSource, Emulator, LambdaHandlerSource, ManualClock } from '@shiftguard/testing';
import { ordersAppSpec } from './app-spec';

export const START = Date.UTC(2024, 2, 1, 9, 0, 0);
export const MINUTE = 60_000;
export const APPLICATION = 'orders-app';
export const GROUP = 'orders-group';
/** A role the managed policy AWSCodeDeployRoleForLambda is attached to: hooks must be `CodeDeployHook_*`. */
export const DEFAULT_ROLE = 'arn:aws:iam::123456789012:role/CodeDeployServiceRole';

/** The application and its deployment group, created as SAM's template would have them. */
export async function createGroup(
  client: CodeDeployClient,
  group: Partial<CreateDeploymentGroupCommandInput> = {},
): Promise<void> {
  await client.send(
    new CreateApplicationCommand({ applicationName: APPLICATION, computePlatform: 'Lambda' }),
  );
  await client.send(
    new CreateDeploymentGroupCommand({
      applicationName: APPLICATION,
      deploymentGroupName: GROUP,
      serviceRoleArn: DEFAULT_ROLE,
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      ...group,
    }),
  );
}

/** `orders` with versions 1 (serving through `live`) and 2, both answering at once. */
export function createOrders(emulator: Emulator, target?: LambdaHandlerSource): void {
  emulator.lambda.createFunction({ functionName: 'orders', handler: { fn: async () => ({ version: 1 }) } });
  emulator.lambda.publishVersion('orders');
  emulator.lambda.publishVersion('orders', { handler: target ?? { fn: async () => ({ version: 2 }) } });
  emulator.lambda.createAlias('orders', 'live', '1');
}

/** CreateDeployment of `orders:live` from 1 to 2 with the hooks given; the deployment id. */
export async function deploy(
  client: CodeDeployClient,
  options: {
    hooks?: Partial<Record<'BeforeAllowTraffic' | 'AfterAllowTraffic', string>>;
    current?: string;
    target?: string;
    deploymentConfigName?: string;
  } = {},
): Promise<string> {
  const content = JSON.stringify(
    ordersAppSpec({
      current: options.current ?? '1',
      target: options.target ?? '2',
      hooks: options.hooks ?? {},
    }),
  );
  const { deploymentId } = await client.send(
    new CreateDeploymentCommand({
      applicationName: APPLICATION,
      deploymentGroupName: GROUP,
      revision: { revisionType: 'AppSpecContent', appSpecContent: { content } },
      ...(options.deploymentConfigName === undefined
        ? {}
        : { deploymentConfigName: options.deploymentConfigName }),
    }),
  );
  return deploymentId as string;
}

export async function deploymentInfo(client: CodeDeployClient, deploymentId: string) {
  const { deploymentInfo: info } = await client.send(new GetDeploymentCommand({ deploymentId }));
  if (info === undefined) throw new Error(`no deploymentInfo for ${deploymentId}`);
  return info;
}

/** Real time passes (HTTP between SDK clients, hooks and the emulator) until `ready()` holds. */
export async function until(ready: () => boolean, what = 'real I/O'): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!ready()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * Advances to `time` in steps of at most `stepMs`, letting the real I/O a step sets off (a hook's
 * calls, its report) happen before the next one.
 */
export async function stepTo(clock: ManualClock, time: number, stepMs = MINUTE): Promise<void> {
  while (clock.now() < time) {
    await clock.advance(Math.min(stepMs, time - clock.now()));
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
}

/**
 * Alarm states a test sets by hand, answering as CloudWatch's DescribeAlarms does: what a deployment
 * reads through `startEmulator({ codeDeploy: { alarms } })`.
 */
export function alarmStates(initial: Record<string, 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'> = {}) {
  const states = new Map(Object.entries(initial));
  let failing = false;
  const source: DeploymentAlarmSource = {
    describeAlarms({ AlarmNames }) {
      if (failing) throw new Error('CloudWatch is unreachable');
      return {
        MetricAlarms: AlarmNames.flatMap((name) => {
          const state = states.get(name);
          return state === undefined ? [] : [{ AlarmName: name, StateValue: state }];
        }),
        CompositeAlarms: [],
      };
    },
  };
  return {
    source,
    set(name: string, state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA') {
      states.set(name, state);
    },
    /** Makes every DescribeAlarms throw (or answer again). */
    fail(on: boolean) {
      failing = on;
    },
  };
}
