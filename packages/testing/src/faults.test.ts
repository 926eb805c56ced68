import {
  CodeDeployClient,
  DeploymentDoesNotExistException,
  GetDeploymentCommand,
  PutLifecycleEventHookExecutionStatusCommand,
} from '@aws-sdk/client-codedeploy';
import { type Emulator, InvalidEmulatorInputError, startEmulator } from './index';

const PUT = 'PutLifecycleEventHookExecutionStatus';

let emulator: Emulator;
const clients: CodeDeployClient[] = [];

beforeEach(async () => {
  emulator = await startEmulator();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await emulator.close();
});

function client(config: Partial<ConstructorParameters<typeof CodeDeployClient>[0]> = {}): CodeDeployClient {
  const created = new CodeDeployClient({ ...emulator.clientConfig(), maxAttempts: 1, ...config });
  clients.push(created);
  return created;
}

/**
 * The SDK's own retry loop with an instant, recording strategy: it shows how the SDK classified each
 * failure (THROTTLING / TRANSIENT / SERVER_ERROR / CLIENT_ERROR) without waiting out real backoff.
 */
function recordingRetryStrategy(maxAttempts: number) {
  const errorTypes: string[] = [];
  const token = (count: number) => ({ getRetryCount: () => count, getRetryDelay: () => 0 });
  return {
    errorTypes,
    strategy: {
      mode: 'standard',
      acquireInitialRetryToken: async () => token(0),
      refreshRetryTokenForRetry: async (
        previous: { getRetryCount(): number },
        info: { errorType: string },
      ) => {
        errorTypes.push(info.errorType);
        const retryable = info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT';
        if (!retryable || previous.getRetryCount() + 1 >= maxAttempts) throw new Error('no retry');
        return token(previous.getRetryCount() + 1);
      },
      recordSuccess: () => {},
    },
  };
}

async function failure(send: Promise<unknown>) {
  try {
    await send;
  } catch (error) {
    return error as Error & { code?: string; $metadata?: { httpStatusCode?: number; attempts?: number } };
  }
  throw new Error('expected the call to fail');
}

function putSucceeded(target: CodeDeployClient, deploymentId: string, executionId: string | undefined) {
  return target.send(
    new PutLifecycleEventHookExecutionStatusCommand({
      deploymentId,
      lifecycleEventHookExecutionId: executionId,
      status: 'Succeeded',
    }),
  );
}

describe('throttle', () => {
  it('is classified as throttling by the SDK, which retries until the fault is used up', async () => {
    const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment();
    const handle = emulator.faults.inject(PUT, { kind: 'throttle' }, { times: 2 });
    const retry = recordingRetryStrategy(5);

    const output = await putSucceeded(
      client({ retryStrategy: retry.strategy as never }),
      deploymentId,
      hookExecutionIds.BeforeAllowTraffic,
    );

    expect(output.$metadata.attempts).toBe(3);
    expect(retry.errorTypes).toEqual(['THROTTLING', 'THROTTLING']);
    expect(handle).toMatchObject({ hits: 2, remaining: 0 });
    expect(emulator.faults.hits(PUT)).toBe(2);
    expect(emulator.codeDeploy.reports().map((report) => [report.outcome, report.fault])).toEqual([
      ['ThrottlingException', 'throttle'],
      ['ThrottlingException', 'throttle'],
      ['accepted', undefined],
    ]);
    expect(emulator.codeDeploy.reports({ outcome: 'accepted' })).toHaveLength(1);
  });

  it("is retried by the SDK's default strategy", async () => {
    const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment();
    emulator.faults.inject(PUT, { kind: 'throttle' }, { times: 1 });

    const output = await putSucceeded(
      client({ maxAttempts: 2 }),
      deploymentId,
      hookExecutionIds.BeforeAllowTraffic,
    );

    expect(output.$metadata.attempts).toBe(2);
    expect(emulator.codeDeploy.hookExecutionStatus(deploymentId, hookExecutionIds.BeforeAllowTraffic!)).toBe(
      'Succeeded',
    );
  });

  it('surfaces as ThrottlingException (HTTP 400) when the SDK may not retry', async () => {
    emulator.faults.inject('*', { kind: 'throttle', message: 'slow down' });

    const error = await failure(client().send(new GetDeploymentCommand({ deploymentId: 'd-ANYTHING1' })));

    expect(error).toMatchObject({
      name: 'ThrottlingException',
      message: 'slow down',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('serverError', () => {
  it.each([
    [500, 'InternalFailure'],
    [502, 'BadGateway'],
    [503, 'ServiceUnavailable'],
  ] as const)('answers %i %s, which the SDK treats as transient', async (status, name) => {
    emulator.faults.inject('GetDeployment', { kind: 'serverError', status });
    const retry = recordingRetryStrategy(1);

    const error = await failure(
      client({ retryStrategy: retry.strategy as never }).send(
        new GetDeploymentCommand({ deploymentId: 'd-ANYTHING1' }),
      ),
    );

    expect(error).toMatchObject({ name, $metadata: { httpStatusCode: status } });
    expect(retry.errorTypes).toEqual(['TRANSIENT']);
  });

  it("is retried by the SDK's default strategy", async () => {
    const { deploymentId } = emulator.codeDeploy.createDeployment();
    emulator.faults.inject('GetDeployment', { kind: 'serverError' }, { times: 2 });

    const output = await client({ maxAttempts: 3 }).send(new GetDeploymentCommand({ deploymentId }));

    expect(output.deploymentInfo?.deploymentId).toBe(deploymentId);
    expect(output.$metadata.attempts).toBe(3);
  });
});

describe('delay', () => {
  it('answers normally after the delay', async () => {
    const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment();
    emulator.faults.inject('*', { kind: 'delay', ms: 150 }, { times: 2 });
    const started = Date.now();

    const output = await client().send(new GetDeploymentCommand({ deploymentId }));
    await putSucceeded(client(), deploymentId, hookExecutionIds.BeforeAllowTraffic);

    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(output.deploymentInfo?.deploymentId).toBe(deploymentId);
    expect(emulator.faults.hits('GetDeployment')).toBe(1);
    expect(emulator.codeDeploy.reports()).toEqual([
      expect.objectContaining({ outcome: 'accepted', fault: 'delay' }),
    ]);
  });

  // This SDK only logs a warning on requestTimeout unless throwOnRequestTimeout is set.
  it("trips the SDK's request timeout", async () => {
    emulator.faults.inject('GetDeployment', { kind: 'delay', ms: 2000 });

    const error = await failure(
      client({ requestHandler: { requestTimeout: 50, throwOnRequestTimeout: true } } as never).send(
        new GetDeploymentCommand({ deploymentId: 'd-ANYTHING1' }),
      ),
    );

    expect(error.name).toBe('TimeoutError');
  });

  it('is cut short by close(), which resolves promptly', async () => {
    emulator.faults.inject('*', { kind: 'delay', ms: 60_000 });
    const pending = failure(client().send(new GetDeploymentCommand({ deploymentId: 'd-ANYTHING1' })));
    await waitFor(() => emulator.faults.hits() === 1);
    const started = Date.now();

    await emulator.close();
    const error = await pending;

    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.$metadata?.httpStatusCode).toBeUndefined();
  });
});

describe('reset', () => {
  it('surfaces as a connection reset when the SDK may not retry', async () => {
    const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment();
    emulator.faults.inject(PUT, { kind: 'reset' });

    const error = await failure(putSucceeded(client(), deploymentId, hookExecutionIds.BeforeAllowTraffic));

    // Node's "socket hang up" (code ECONNRESET, renamed TimeoutError by the SDK). Under jest the SDK
    // re-wraps it, since jest's Error is another realm's, so only the message is portable.
    expect(error.message).toMatch(/socket hang up/);
    expect(error.$metadata?.httpStatusCode).toBeUndefined();
    expect(emulator.codeDeploy.reports()).toEqual([
      expect.objectContaining({ deploymentId, outcome: 'ConnectionReset', fault: 'reset' }),
    ]);
    expect(emulator.codeDeploy.hookExecutionStatus(deploymentId, hookExecutionIds.BeforeAllowTraffic!)).toBe(
      'Pending',
    );
  });

  it('is retried by the SDK as a transient error', async () => {
    const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment();
    emulator.faults.inject(PUT, { kind: 'reset' }, { times: 1 });
    const retry = recordingRetryStrategy(3);

    const output = await putSucceeded(
      client({ retryStrategy: retry.strategy as never }),
      deploymentId,
      hookExecutionIds.AfterAllowTraffic,
    );

    expect(output.$metadata.attempts).toBe(2);
    expect(retry.errorTypes).toEqual(['TRANSIENT']);
  });
});

describe('dropResponse', () => {
  it('applies the report but loses the answer, so the retry meets LifecycleEventAlreadyCompletedException', async () => {
    const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment();
    const executionId = hookExecutionIds.BeforeAllowTraffic!;
    emulator.faults.inject(PUT, { kind: 'dropResponse' }, { times: 1 });
    const retry = recordingRetryStrategy(3);

    const error = await failure(
      putSucceeded(client({ retryStrategy: retry.strategy as never }), deploymentId, executionId),
    );

    expect(retry.errorTypes).toEqual(['TRANSIENT', 'CLIENT_ERROR']);
    expect(error).toMatchObject({
      name: 'LifecycleEventAlreadyCompletedException',
      $metadata: { attempts: 2 },
    });
    expect(emulator.codeDeploy.hookExecutionStatus(deploymentId, executionId)).toBe('Succeeded');
    expect(emulator.codeDeploy.reports().map((report) => [report.outcome, report.fault])).toEqual([
      ['accepted', 'dropResponse'],
      ['LifecycleEventAlreadyCompletedException', undefined],
    ]);
  });
});

describe('error', () => {
  it('answers any modeled error, which the SDK maps to its exception class', async () => {
    const { deploymentId } = emulator.codeDeploy.createDeployment();
    emulator.faults.inject('GetDeployment', {
      kind: 'error',
      name: 'DeploymentDoesNotExistException',
      message: 'gone',
    });

    const error = await failure(client().send(new GetDeploymentCommand({ deploymentId })));

    expect(error).toBeInstanceOf(DeploymentDoesNotExistException);
    expect(error).toMatchObject({ message: 'gone', $metadata: { httpStatusCode: 400 } });
  });

  it('answers an unmodeled error with the given status', async () => {
    emulator.faults.inject('GetDeployment', { kind: 'error', name: 'AccessDeniedException', status: 403 });

    const error = await failure(client().send(new GetDeploymentCommand({ deploymentId: 'd-ANYTHING1' })));

    expect(error).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
  });
});

describe('matching and bookkeeping', () => {
  it('matches faults in injection order, one use per request, and stops on remove() and clear()', async () => {
    const { deploymentId } = emulator.codeDeploy.createDeployment();
    const sdk = client();
    const get = () => sdk.send(new GetDeploymentCommand({ deploymentId }));
    const first = emulator.faults.inject(
      'GetDeployment',
      { kind: 'error', name: 'FirstFault' },
      { times: 1 },
    );
    const second = emulator.faults.inject('*', { kind: 'error', name: 'SecondFault' });

    const names = [(await failure(get())).name, (await failure(get())).name];
    second.remove();
    const afterRemove = await get();
    emulator.faults.inject('*', { kind: 'throttle' });
    emulator.faults.clear();
    const afterClear = await get();

    expect(names).toEqual(['FirstFault', 'SecondFault']);
    expect(afterRemove.deploymentInfo?.deploymentId).toBe(deploymentId);
    expect(afterClear.deploymentInfo?.deploymentId).toBe(deploymentId);
    expect([first.hits, second.hits, second.remaining]).toEqual([1, 1, 0]);
    expect(emulator.faults.hits('GetDeployment')).toBe(2);
    expect(emulator.faults.hits(PUT)).toBe(0);
    expect(emulator.faults.hits()).toBe(2);
  });

  it.each([
    [
      'an unknown operation',
      'operation',
      () => emulator.faults.inject('PutLifecycleEventHookStatus', { kind: 'throttle' }),
    ],
    ['an unknown kind', 'fault.kind', () => emulator.faults.inject(PUT, { kind: 'explode' } as never)],
    [
      'an unknown key',
      'fault.times',
      () => emulator.faults.inject(PUT, { kind: 'throttle', times: 2 } as never),
    ],
    ['a negative delay', 'fault.ms', () => emulator.faults.inject(PUT, { kind: 'delay', ms: -1 })],
    [
      'a 504',
      'fault.status',
      () => emulator.faults.inject(PUT, { kind: 'serverError', status: 504 } as never),
    ],
    ['an error without name', 'fault.name', () => emulator.faults.inject(PUT, { kind: 'error' } as never)],
    [
      'an error with status 200',
      'fault.status',
      () => emulator.faults.inject(PUT, { kind: 'error', name: 'X', status: 200 }),
    ],
    ['times 0', 'options.times', () => emulator.faults.inject(PUT, { kind: 'reset' }, { times: 0 })],
    [
      'an unknown option',
      'options.count',
      () => emulator.faults.inject(PUT, { kind: 'reset' }, { count: 1 } as never),
    ],
  ])('rejects %s naming %s', (_case, path, inject) => {
    expect(inject).toThrow(InvalidEmulatorInputError);
    try {
      inject();
    } catch (error) {
      expect((error as InvalidEmulatorInputError).path).toBe(path);
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('condition not met in time');
}
