import {
  CodeDeployClient,
  GetDeploymentCommand,
  PutLifecycleEventHookExecutionStatusCommand,
} from '@aws-sdk/client-codedeploy';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import {
  CheckFailure,
  defineCheck,
  type HookHandlerContext,
  type MiddlewareOptions,
  shiftguardMiddleware,
} from '../index';

const appSpec = JSON.stringify({
  Resources: [{ fn: { Properties: { Name: 'orders', Alias: 'live', TargetVersion: '2' } } }],
  Hooks: [{ AfterAllowTraffic: 'orders-post' }],
});
const event = { DeploymentId: 'd-ABCDEFGHI', LifecycleEventHookExecutionId: 'exec-1' };
const context = { functionName: 'orders-post', getRemainingTimeInMillis: () => 5_000 } as never;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('shiftguardMiddleware', () => {
  const codeDeploy = mockClient(CodeDeployClient);
  const client = new CodeDeployClient({ region: 'eu-west-1', maxAttempts: 1 });
  const statuses = () =>
    codeDeploy
      .commandCalls(PutLifecycleEventHookExecutionStatusCommand)
      .map((call) => call.args[0].input.status);
  const middleware = (checks?: MiddlewareOptions['checks']) =>
    shiftguardMiddleware({ checks, awsSdkV3Client: client, logger: silent, metrics: false, env: {} });

  beforeEach(() => {
    codeDeploy.reset();
    codeDeploy.on(GetDeploymentCommand).resolves({
      deploymentInfo: { computePlatform: 'Lambda', revision: { appSpecContent: { content: appSpec } } },
    });
    codeDeploy.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
  });

  it('gives the handler the target and reports Succeeded after it returns', async () => {
    let target: unknown;
    const handler = middy(async (_event: unknown, ctx: Context & { shiftguard?: HookHandlerContext }) => {
      target = ctx.shiftguard?.target.targetVersion;
    }).use(middleware());
    await handler(event, context);
    expect(target).toBe('2');
    expect(statuses()).toEqual(['Succeeded']);
  });

  it("tells onCheckResult each check's result and then the handler's own", async () => {
    const told: string[] = [];
    const handler = middy(async () => undefined).use(
      shiftguardMiddleware({
        checks: [defineCheck('gate', () => undefined)],
        awsSdkV3Client: client,
        logger: silent,
        metrics: false,
        env: {},
        onCheckResult: (result) => told.push(`${result.name} ${result.status}`),
      }),
    );
    await handler(event, context);
    expect(told).toEqual(['gate pass', 'handler pass']);
  });

  it('reports Failed once when the handler throws, without rethrowing', async () => {
    const handler = middy(async () => {
      throw new Error('smoke test failed');
    }).use(middleware());
    await expect(handler(event, context)).resolves.toBeNull();
    expect(statuses()).toEqual(['Failed']);
  });

  it('skips the handler when a check already failed', async () => {
    const body = jest.fn();
    const handler = middy(body).use(
      middleware([
        defineCheck('gate', () => {
          throw new CheckFailure('closed');
        }),
      ]),
    );
    await handler(event, context);
    expect(body).not.toHaveBeenCalled();
    expect(statuses()).toEqual(['Failed']);
  });

  it('reports Failed when an earlier middleware throws before ours runs', async () => {
    const handler = middy(async () => undefined)
      .use({
        before: async () => {
          throw new Error('auth middleware broke');
        },
      })
      .use(middleware());
    await expect(handler(event, context)).resolves.toBeNull();
    expect(statuses()).toEqual(['Failed']);
  });
});
