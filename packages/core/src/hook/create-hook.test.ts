import {
  CodeDeployClient,
  GetApplicationRevisionCommand,
  GetDeploymentCommand,
  LifecycleEventAlreadyCompletedException,
  PutLifecycleEventHookExecutionStatusCommand,
  ThrottlingException,
} from '@aws-sdk/client-codedeploy';
import { mockClient } from 'aws-sdk-client-mock';
import { CheckFailure, createHook, defineCheck, type HookLogger, InvalidOptionsError } from '../index';

const appSpec = JSON.stringify({
  version: 0.0,
  Resources: [
    {
      fn: {
        Type: 'AWS::Lambda::Function',
        Properties: { Name: 'orders', Alias: 'live', CurrentVersion: '1', TargetVersion: '2' },
      },
    },
  ],
  Hooks: [{ BeforeAllowTraffic: 'orders-pre' }, { AfterAllowTraffic: 'orders-post' }],
});
const event = { DeploymentId: 'd-ABCDEFGHI', LifecycleEventHookExecutionId: 'exec-1' };
const context = {
  functionName: 'orders-pre',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-pre',
  getRemainingTimeInMillis: () => 10_000,
};

function recordingLogger() {
  const lines: { level: string; message: string; extra: unknown[] }[] = [];
  const at =
    (level: string) =>
    (message: string, ...extra: unknown[]) =>
      lines.push({ level, message, extra });
  const logger: HookLogger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

describe('createHook (mocked CodeDeploy)', () => {
  const codeDeploy = mockClient(CodeDeployClient);
  const client = new CodeDeployClient({ region: 'eu-west-1', maxAttempts: 1 });

  beforeEach(() => {
    codeDeploy.reset();
    codeDeploy.on(GetDeploymentCommand).resolves({
      deploymentInfo: {
        applicationName: 'app',
        deploymentGroupName: 'group',
        computePlatform: 'Lambda',
        revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec } },
      },
    });
    codeDeploy
      .on(PutLifecycleEventHookExecutionStatusCommand)
      .resolves({ lifecycleEventHookExecutionId: 'exec-1' });
  });

  const hook = (checks: Parameters<typeof createHook>[0]['checks'], extra: Record<string, unknown> = {}) => {
    const { logger, lines } = recordingLogger();
    return {
      handler: createHook({ checks, awsSdkV3Client: client, logger, metrics: false, env: {}, ...extra }),
      lines,
    };
  };

  it('resolves the target from the AppSpec and reports Succeeded once', async () => {
    let seen: unknown;
    const { handler, lines } = hook([
      defineCheck('sees-target', (ctx) => {
        seen = { ...ctx.target, event: ctx.lifecycleEvent };
      }),
    ]);
    await handler(event, context);
    expect(seen).toEqual({
      functionName: 'orders',
      alias: 'live',
      currentVersion: '1',
      targetVersion: '2',
      qualifiedArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders:2',
      event: 'BeforeAllowTraffic',
    });
    const puts = codeDeploy.commandCalls(PutLifecycleEventHookExecutionStatusCommand);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.args[0].input).toEqual({
      deploymentId: 'd-ABCDEFGHI',
      lifecycleEventHookExecutionId: 'exec-1',
      status: 'Succeeded',
    });
    const verdictLines = lines.filter((line) => line.message === 'shiftguard verdict');
    expect(verdictLines).toHaveLength(1);
    expect(verdictLines[0]!.extra[0]).toMatchObject({
      verdict: { status: 'Succeeded', checks: [{ name: 'sees-target', status: 'pass' }] },
    });
  });

  it('reports Failed with the failing check in the verdict', async () => {
    const { handler, lines } = hook([
      defineCheck('bad', () => {
        throw new CheckFailure('status 500', { details: { status: 500 } });
      }),
    ]);
    await handler(event, context);
    expect(
      codeDeploy.commandCalls(PutLifecycleEventHookExecutionStatusCommand)[0]!.args[0].input.status,
    ).toBe('Failed');
    const verdict = lines.find((line) => line.message === 'shiftguard verdict')!.extra[0] as {
      verdict: { reason: string };
    };
    expect(verdict.verdict.reason).toContain('bad (fail: status 500)');
  });

  it('falls back to GetApplicationRevision for an S3 revision', async () => {
    codeDeploy.on(GetDeploymentCommand).resolves({
      deploymentInfo: {
        applicationName: 'app',
        computePlatform: 'Lambda',
        revision: { revisionType: 'S3', s3Location: { bucket: 'b', key: 'k' } },
      },
    });
    codeDeploy
      .on(GetApplicationRevisionCommand)
      .resolves({ revision: { revisionType: 'String', string: { content: appSpec } } });
    const { handler } = hook([defineCheck('ok', () => undefined)]);
    await handler(event, context);
    expect(codeDeploy.commandCalls(GetApplicationRevisionCommand)).toHaveLength(1);
    expect(
      codeDeploy.commandCalls(PutLifecycleEventHookExecutionStatusCommand)[0]!.args[0].input.status,
    ).toBe('Succeeded');
  });

  it('reports Failed when the hook is not listed in the AppSpec Hooks', async () => {
    const { handler, lines } = hook([defineCheck('ok', () => undefined)]);
    await handler(event, { ...context, functionName: 'someone-else' });
    expect(
      codeDeploy.commandCalls(PutLifecycleEventHookExecutionStatusCommand)[0]!.args[0].input.status,
    ).toBe('Failed');
    const verdict = lines.find((line) => line.message === 'shiftguard verdict')!.extra[0] as {
      verdict: { reason: string };
    };
    expect(verdict.verdict.reason).toMatch(/hook function someone-else is not among the AppSpec Hooks/);
  });

  it('retries a throttled report and treats AlreadyCompleted as done', async () => {
    codeDeploy
      .on(PutLifecycleEventHookExecutionStatusCommand)
      .rejectsOnce(new ThrottlingException({ message: 'slow down', $metadata: {} }))
      .rejectsOnce(new LifecycleEventAlreadyCompletedException({ message: 'done', $metadata: {} }));
    const { handler, lines } = hook([defineCheck('ok', () => undefined)]);
    await expect(handler(event, context)).resolves.toBeUndefined();
    expect(codeDeploy.commandCalls(PutLifecycleEventHookExecutionStatusCommand)).toHaveLength(2);
    expect(lines.some((line) => line.message.includes('already has a status'))).toBe(true);
  });

  it('honours break-glass from the environment without calling GetDeployment', async () => {
    const { handler } = hook(
      [
        defineCheck('bad', () => {
          throw new Error('x');
        }),
      ],
      { env: { SHIFTGUARD_BREAK_GLASS: 'INC-42' } },
    );
    await handler(event, context);
    expect(codeDeploy.commandCalls(GetDeploymentCommand)).toHaveLength(0);
    expect(
      codeDeploy.commandCalls(PutLifecycleEventHookExecutionStatusCommand)[0]!.args[0].input.status,
    ).toBe('Succeeded');
  });

  it('logs a typed error for a malformed event and reports nothing', async () => {
    const { handler, lines } = hook([defineCheck('ok', () => undefined)]);
    await expect(handler({ DeploymentId: 7 }, context)).resolves.toBeUndefined();
    expect(codeDeploy.commandCalls(PutLifecycleEventHookExecutionStatusCommand)).toHaveLength(0);
    expect(lines.find((line) => line.level === 'error')!.extra[0]).toEqual({
      error: { code: 'SG_MALFORMED_EVENT', message: 'hook event DeploymentId must be a string, got number' },
    });
  });
});

describe('createHook options', () => {
  const check = defineCheck('ok', () => undefined);
  it.each([
    [{ checks: [check], retries: 3 }, 'unknown hook option "retries"'],
    [{ checks: [] }, 'checks is empty'],
    [{}, 'hook options need checks'],
    [{ checks: [check], reserveMs: -1 }, 'reserveMs must be a finite number'],
    [{ checks: [check], lifecycleEvent: 'Install' }, "lifecycleEvent must be 'BeforeAllowTraffic'"],
    [{ checks: [check], target: { function: 'x' } }, 'unknown target option "function"'],
    [
      { checks: [check], awsSdkV3Client: new CodeDeployClient({}), clientConfig: {} },
      'either awsSdkV3Client or clientConfig',
    ],
    [{ checks: [{ name: 'x' }] }, 'checks[0] ("x") needs a run(ctx) function'],
    [{ checks: [check], onCheckResult: 'progress' }, 'onCheckResult must be a function, got string'],
  ])('rejects %p', (options, message) => {
    expect(() => createHook(options as never)).toThrow(InvalidOptionsError);
    expect(() => createHook(options as never)).toThrow(message);
  });
});
