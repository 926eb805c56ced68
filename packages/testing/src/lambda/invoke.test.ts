import { join } from 'node:path';
import { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { InvokeCommand, type InvokeCommandInput, LambdaClient } from '@aws-sdk/client-lambda';
import type { Context, Handler } from 'aws-lambda';
import { variableClock } from '../clock/variable-clock.test-support';
import { type Emulator, startEmulator } from '../index';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function';

let emulator: Emulator;
let client: LambdaClient;
let now: number;

beforeEach(async () => {
  now = Date.UTC(2024, 4, 1, 12, 0, 0);
  emulator = await startEmulator({ clock: variableClock(() => now) });
  client = new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
  emulator.lambda.createFunction({
    functionName: 'orders',
    handler: { module: fixture('good.mjs') },
    environment: { GREETING: 'hello' },
  });
});

afterEach(async () => {
  client.destroy();
  await emulator.close();
});

async function invoke(input: InvokeCommandInput) {
  const output = await client.send(new InvokeCommand(input));
  const text = output.Payload == null ? '' : Buffer.from(output.Payload).toString('utf8');
  return { ...output, text, json: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

/** Runs `send` expecting a modeled error; returns what a caller can inspect. */
async function failure(send: Promise<unknown>) {
  try {
    await send;
  } catch (error) {
    const e = error as Error & {
      $metadata?: { httpStatusCode?: number; requestId?: string };
      Reason?: string;
    };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode, reason: e.Reason };
  }
  throw new Error('expected the call to fail');
}

function payload(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value));
}

describe('Invoke (RequestResponse)', () => {
  it("answers 200 with the handler's result, the executed version and the request id", async () => {
    const output = await invoke({ FunctionName: 'orders', Payload: payload({ orderId: 7 }) });

    expect(output.StatusCode).toBe(200);
    expect(output.FunctionError).toBeUndefined();
    expect(output.ExecutedVersion).toBe('$LATEST');
    expect(output.json).toMatchObject({
      ok: true,
      event: { orderId: 7 },
      functionName: 'orders',
      functionVersion: '$LATEST',
      invokedFunctionArn: `${ARN}:orders`,
      memoryLimitInMB: '128',
      awsRequestId: output.$metadata.requestId,
      logGroupName: '/aws/lambda/orders',
      clientContext: null,
      remainingMs: 3000,
    });
    const [record] = emulator.lambda.invocations();
    expect(record).toMatchObject({
      requestId: output.$metadata.requestId,
      functionName: 'orders',
      qualifier: undefined,
      executedVersion: '$LATEST',
      invocationType: 'RequestResponse',
      event: { orderId: 7 },
      status: 'succeeded',
      receivedAt: now,
      payload: output.text,
      error: undefined,
    });
    expect(record?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('hands an empty payload to the handler as {}', async () => {
    const output = await invoke({ FunctionName: 'orders' });

    expect(output.json?.event).toEqual({});
  });

  it("sets the function's environment and Lambda's variables in process.env during the invocation only", async () => {
    const output = await invoke({ FunctionName: 'orders' });

    expect(output.json?.env).toEqual({
      functionName: 'orders',
      functionVersion: '$LATEST',
      region: 'us-east-1',
      greeting: 'hello',
    });
    expect(process.env.AWS_LAMBDA_FUNCTION_NAME).toBeUndefined();
    expect(process.env.GREETING).toBeUndefined();
  });

  it.each([
    ['a full ARN', `${ARN}:orders`, undefined, undefined],
    ['a partial ARN', '123456789012:function:orders', undefined, undefined],
    ['a name with a qualifier', 'orders:$LATEST', undefined, '$LATEST'],
    ['a full ARN with a qualifier', `${ARN}:orders:$LATEST`, undefined, '$LATEST'],
    ['a Qualifier parameter', 'orders', '$LATEST', '$LATEST'],
    ['both, agreeing', 'orders:$LATEST', '$LATEST', '$LATEST'],
  ])('accepts %s', async (_case, FunctionName, Qualifier, qualifier) => {
    const output = await invoke({ FunctionName, Qualifier });

    expect(output.json?.invokedFunctionArn).toBe(qualifier ? `${ARN}:orders:${qualifier}` : `${ARN}:orders`);
    expect(emulator.lambda.invocations()[0]?.qualifier).toBe(qualifier);
  });

  it('gives every invocation its own client context object, even when the header repeats', async () => {
    emulator.lambda.createFunction({
      functionName: 'mutator',
      handler: {
        fn: async (_event, context) => {
          const clientContext = context.clientContext as { Custom: Record<string, string> };
          const seen = { ...clientContext.Custom };
          clientContext.Custom.tampered = 'yes';
          return seen;
        },
      },
    });
    const header = Buffer.from(JSON.stringify({ Custom: { 'user-agent': 'shiftguard/x' } })).toString(
      'base64',
    );

    const first = await invoke({ FunctionName: 'mutator', ClientContext: header });
    const second = await invoke({ FunctionName: 'mutator', ClientContext: header });

    expect(first.json).toEqual({ 'user-agent': 'shiftguard/x' });
    expect(second.json).toEqual({ 'user-agent': 'shiftguard/x' });
  });

  it.each([
    ['Custom (what shiftguard sends)', { Custom: { 'user-agent': 'shiftguard/BeforeAllowTraffic' } }],
    [
      'custom (the Mobile SDK format)',
      { custom: { deploymentId: 'd-ABC' }, client: { app_title: 'shiftguard' } },
    ],
  ])(
    'passes the client context through as sent, base64-decoded and parsed: %s',
    async (_case, clientContext) => {
      const output = await invoke({
        FunctionName: 'orders',
        ClientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64'),
      });

      expect(output.json?.clientContext).toEqual(clientContext);
      expect(emulator.lambda.invocations()[0]?.clientContext).toEqual(clientContext);
    },
  );

  it('returns the last 4 KB of the log, START to REPORT, with LogType Tail', async () => {
    emulator.lambda.createFunction({ functionName: 'chatty', handler: { module: fixture('logs.mjs') } });

    const output = await invoke({ FunctionName: 'chatty', LogType: 'Tail' });
    const log = Buffer.from(output.LogResult ?? '', 'base64').toString('utf8');
    const requestId = output.$metadata.requestId;
    const time = new Date(now).toISOString();

    expect(log.split('\n')).toEqual([
      `START RequestId: ${requestId} Version: $LATEST`,
      `${time}\t${requestId}\tINFO\tplain log { step: 1 }`,
      `${time}\t${requestId}\tINFO\tinfo line`,
      `${time}\t${requestId}\tWARN\twarn line`,
      `${time}\t${requestId}\tERROR\terror line`,
      `${time}\t${requestId}\tDEBUG\tdebug line`,
      'raw stdout write',
      `${time}\t${requestId}\tINFO\tlast line`,
      `END RequestId: ${requestId}`,
      expect.stringMatching(
        new RegExp(
          `^REPORT RequestId: ${requestId}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\t$`,
        ),
      ),
      '',
    ]);
    expect(emulator.lambda.invocations()[0]?.log).toBe(log);
  });

  it('cuts the Tail log to its last 4096 bytes', async () => {
    emulator.lambda.createFunction({ functionName: 'chatty', handler: { module: fixture('logs.mjs') } });

    const output = await invoke({
      FunctionName: 'chatty',
      LogType: 'Tail',
      Payload: payload({ lines: 200 }),
    });
    const tail = Buffer.from(output.LogResult ?? '', 'base64');
    const full = emulator.lambda.invocations()[0]?.log ?? '';

    expect(tail.length).toBe(4096);
    expect(Buffer.byteLength(full)).toBeGreaterThan(4096);
    expect(full.endsWith(tail.toString('utf8'))).toBe(true);
    expect(tail.toString('utf8')).toContain('END RequestId');
    expect(tail.toString('utf8')).not.toContain('START RequestId');
  });

  it('sends no LogResult without LogType Tail', async () => {
    const output = await invoke({ FunctionName: 'orders', LogType: 'None' });

    expect(output.LogResult).toBeUndefined();
  });
});

describe('function errors', () => {
  it('answers a thrown error with 200, X-Amz-Function-Error Unhandled and the runtime payload', async () => {
    emulator.lambda.createFunction({ functionName: 'broken', handler: { module: fixture('throws.mjs') } });

    const output = await invoke({ FunctionName: 'broken', LogType: 'Tail' });
    const log = Buffer.from(output.LogResult ?? '', 'base64').toString('utf8');

    expect(output.StatusCode).toBe(200);
    expect(output.FunctionError).toBe('Unhandled');
    expect(output.ExecutedVersion).toBe('$LATEST');
    expect(Object.keys(output.json ?? {})).toEqual(['errorType', 'errorMessage', 'trace']);
    expect(output.json).toEqual({
      errorType: 'DeploymentCheckError',
      errorMessage: 'smoke check failed: 503 from /health',
      trace: expect.arrayContaining([
        'DeploymentCheckError: smoke check failed: 503 from /health',
        expect.stringContaining('throws.mjs'),
      ]),
    });
    expect(log).toContain('\tERROR\tabout to fail\n');
    expect(log).toMatch(
      /\tERROR\tInvoke Error \t\{"errorType":"DeploymentCheckError","errorMessage":"smoke check failed: 503 from \/health","name":"DeploymentCheckError","check":"smoke","stack":\["DeploymentCheckError: smoke check failed/,
    );
    expect(emulator.lambda.invocations()[0]).toMatchObject({
      status: 'failed',
      error: { errorType: 'DeploymentCheckError', errorMessage: 'smoke check failed: 503 from /health' },
    });
  });

  it('reports a thrown non-Error by its type, with an empty trace', async () => {
    emulator.lambda.createFunction({
      functionName: 'broken',
      handler: { module: fixture('throws.mjs'), export: 'throwsString' },
    });

    const output = await invoke({ FunctionName: 'broken' });

    expect(output.json).toEqual({ errorType: 'string', errorMessage: 'plain string failure', trace: [] });
  });

  it('answers a timeout with Sandbox.Timedout and logs it, REPORT saying Status: timeout', async () => {
    emulator.lambda.createFunction({
      functionName: 'stuck',
      handler: { module: fixture('hangs.mjs') },
      timeoutMs: 50,
    });

    const output = await invoke({ FunctionName: 'stuck', LogType: 'Tail' });
    const requestId = output.$metadata.requestId;
    const log = Buffer.from(output.LogResult ?? '', 'base64').toString('utf8');

    expect(output.FunctionError).toBe('Unhandled');
    expect(output.json).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${requestId} Error: Task timed out after 0.05 seconds`,
    });
    expect(log).toContain(`${new Date(now).toISOString()} ${requestId} Task timed out after 0.05 seconds\n`);
    expect(log).toMatch(/Duration: 50\.00 ms\tBilled Duration: 50 ms\t.*\tStatus: timeout\n$/);
    expect(emulator.lambda.invocations()[0]).toMatchObject({ status: 'timedOut', durationMs: 50 });
  });

  it('lets a slow handler within its timeout finish, its remaining time counting down on the clock', async () => {
    emulator.lambda.createFunction({
      functionName: 'slow',
      handler: { module: fixture('slow.mjs') },
      timeoutMs: 2000,
    });

    await invoke({ FunctionName: 'slow', Payload: payload({ delayMs: 0 }) }); // loads the module

    const pending = invoke({ FunctionName: 'slow', Payload: payload({ delayMs: 200 }) });
    while (emulator.lambda.invocations()[1]?.status !== 'running') {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    now += 1500;
    const output = await pending;

    expect(output.FunctionError).toBeUndefined();
    expect(output.json).toEqual({ slept: 200, remainingMs: 500 });
  });

  it('answers a wrong but valid payload as a success: judging it is the caller’s job', async () => {
    emulator.lambda.createFunction({
      functionName: 'wrong',
      handler: { module: fixture('wrong-payload.mjs') },
    });

    const output = await invoke({ FunctionName: 'wrong' });

    expect(output.FunctionError).toBeUndefined();
    expect(output.json).toEqual({ statusCode: 500, body: 'upstream unavailable' });
  });

  it.each([
    ['bigint', 'a BigInt'],
    ['circular', 'a circular object'],
  ])('fails an invocation whose result cannot be stringified (%s)', async (exportName) => {
    emulator.lambda.createFunction({
      functionName: 'odd',
      handler: { module: fixture('unserializable.mjs'), export: exportName },
    });

    const output = await invoke({ FunctionName: 'odd' });

    expect(output.FunctionError).toBe('Unhandled');
    expect(output.json).toMatchObject({
      errorType: 'Error',
      errorMessage: 'Unable to stringify response body',
    });
  });

  it('answers null for a handler that resolves undefined', async () => {
    emulator.lambda.createFunction({
      functionName: 'odd',
      handler: { module: fixture('unserializable.mjs'), export: 'nothing' },
    });

    const output = await invoke({ FunctionName: 'odd' });

    expect(output.FunctionError).toBeUndefined();
    expect(output.text).toBe('null');
  });

  it.each([
    [
      'a missing export',
      'good.mjs',
      'missing',
      'Runtime.HandlerNotFound',
      'good.missing is undefined or not exported',
    ],
    [
      'an export that is no function',
      'good.mjs',
      'notAFunction',
      'Runtime.HandlerNotFound',
      'good.notAFunction is not a function',
    ],
  ])('answers %s with the runtime init error', async (_case, file, exportName, errorType, errorMessage) => {
    emulator.lambda.createFunction({
      functionName: 'misconfigured',
      handler: { module: fixture(file), export: exportName },
    });

    const output = await invoke({ FunctionName: 'misconfigured' });

    expect(output.FunctionError).toBe('Unhandled');
    expect(output.json).toMatchObject({ errorType, errorMessage });
  });
});

describe('handler styles', () => {
  it('loads CommonJS handlers and answers through the callback', async () => {
    emulator.lambda.createFunction({ functionName: 'cjs', handler: { module: fixture('callback.cjs') } });

    const output = await invoke({ FunctionName: 'cjs', Payload: payload({ a: 1 }) });

    expect(output.json).toEqual({ style: 'callback', version: '$LATEST', event: { a: 1 } });
  });

  it('turns callback(error) into a function error', async () => {
    emulator.lambda.createFunction({
      functionName: 'cjs',
      handler: { module: fixture('callback.cjs'), export: 'failing' },
    });

    const output = await invoke({ FunctionName: 'cjs' });

    expect(output.FunctionError).toBe('Unhandled');
    expect(output.json).toMatchObject({ errorType: 'Error', errorMessage: 'callback failure' });
  });

  it('supports the legacy context.succeed', async () => {
    emulator.lambda.createFunction({
      functionName: 'cjs',
      handler: { module: fixture('callback.cjs'), export: 'legacySucceed' },
    });

    expect((await invoke({ FunctionName: 'cjs' })).json).toEqual({ style: 'context.succeed' });
  });

  it('answers null for a synchronous handler without a callback, as the nodejs20.x runtime does', async () => {
    emulator.lambda.createFunction({
      functionName: 'cjs',
      handler: { module: fixture('callback.cjs'), export: 'sync' },
    });

    expect((await invoke({ FunctionName: 'cjs' })).text).toBe('null');
  });

  it('runs inline functions, logging through the capture as module handlers do', async () => {
    emulator.lambda.createFunction({
      functionName: 'inline',
      handler: {
        fn: async (event: { name: string }, context) => {
          console.log('inline says hi to', event.name);
          return `hello ${event.name} from ${context.functionName}`;
        },
      },
    });

    const output = await invoke({
      FunctionName: 'inline',
      Payload: payload({ name: 'Ada' }),
      LogType: 'Tail',
    });

    expect(output.json).toBe('hello Ada from inline');
    expect(Buffer.from(output.LogResult ?? '', 'base64').toString('utf8')).toContain(
      '\tINFO\tinline says hi to Ada\n',
    );
  });

  it("accepts handlers typed with aws-lambda's Handler and Context", async () => {
    const typed: Handler<{ name: string }, string> = async (event, context: Context) =>
      `${event.name} ran ${context.functionVersion}`;
    emulator.lambda.createFunction({ functionName: 'typed', handler: { fn: typed } });

    expect((await invoke({ FunctionName: 'typed', Payload: payload({ name: 'hook' }) })).json).toBe(
      'hook ran $LATEST',
    );
  });
});

describe('a hook invoked through the emulator', () => {
  it('can report to the emulated CodeDeploy from inside its invocation', async () => {
    const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment();
    emulator.lambda.createFunction({
      functionName: 'pre-traffic-hook',
      handler: {
        fn: async (event: { DeploymentId: string; LifecycleEventHookExecutionId: string }) => {
          const codeDeploy = new CodeDeployClient(emulator.clientConfig());
          console.log('reporting for', event.DeploymentId);
          await codeDeploy.send(
            new PutLifecycleEventHookExecutionStatusCommand({
              deploymentId: event.DeploymentId,
              lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId,
              status: 'Succeeded',
            }),
          );
          codeDeploy.destroy();
          return 'reported';
        },
      },
    });

    const output = await invoke({
      FunctionName: 'pre-traffic-hook',
      InvocationType: 'Event',
      Payload: payload({
        DeploymentId: deploymentId,
        LifecycleEventHookExecutionId: hookExecutionIds.BeforeAllowTraffic,
      }),
    });
    await emulator.lambda.idle();

    expect(output.StatusCode).toBe(202);
    expect(
      emulator.codeDeploy.hookExecutionStatus(deploymentId, hookExecutionIds.BeforeAllowTraffic as string),
    ).toBe('Succeeded');
    expect(emulator.lambda.invocations()[0]).toMatchObject({ status: 'succeeded', payload: '"reported"' });
    expect(emulator.lambda.invocations()[0]?.log).toContain(`\tINFO\treporting for ${deploymentId}\n`);
  });
});

describe('Invoke (Event and DryRun)', () => {
  it('answers Event with 202 at once and still runs the handler in the background', async () => {
    emulator.lambda.createFunction({ functionName: 'slow', handler: { module: fixture('slow.mjs') } });

    const output = await invoke({
      FunctionName: 'slow',
      InvocationType: 'Event',
      Payload: payload({ delayMs: 150 }),
    });
    const right = emulator.lambda.invocations()[0];
    await emulator.lambda.idle();
    const later = emulator.lambda.invocations()[0];

    expect(output.StatusCode).toBe(202);
    expect(output.text).toBe('');
    expect(output.ExecutedVersion).toBeUndefined();
    expect(right?.status).toBe('running');
    expect(later).toMatchObject({
      requestId: output.$metadata.requestId,
      invocationType: 'Event',
      status: 'succeeded',
      executedVersion: '$LATEST',
    });
    expect(JSON.parse(later?.payload ?? 'null')).toMatchObject({ slept: 150 });
  });

  it('journals the function error of an Event invocation', async () => {
    emulator.lambda.createFunction({ functionName: 'broken', handler: { module: fixture('throws.mjs') } });

    await invoke({ FunctionName: 'broken', InvocationType: 'Event' });
    await emulator.lambda.idle();

    expect(emulator.lambda.invocations()[0]).toMatchObject({
      status: 'failed',
      error: { errorType: 'DeploymentCheckError' },
    });
  });

  it('does not pass the client context to an Event invocation: Lambda passes it to synchronous ones only', async () => {
    const clientContext = { Custom: { 'user-agent': 'shiftguard/BeforeAllowTraffic' } };

    await invoke({
      FunctionName: 'orders',
      InvocationType: 'Event',
      ClientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64'),
    });
    await emulator.lambda.idle();
    const [record] = emulator.lambda.invocations();

    expect(record?.status).toBe('succeeded');
    expect(JSON.parse(record?.payload ?? 'null')).toMatchObject({ clientContext: null });
    expect(record?.clientContext).toEqual(clientContext); // the journal keeps what was sent
  });

  it('answers DryRun with 204 and runs nothing', async () => {
    const output = await invoke({ FunctionName: 'orders', InvocationType: 'DryRun', Payload: payload({}) });

    expect(output.StatusCode).toBe(204);
    expect(emulator.lambda.invocations()).toMatchObject([{ status: 'dryRun', executedVersion: undefined }]);
    expect(emulator.lambda.metricStatistics({ metricName: 'Invocations' })).toEqual([]);
  });
});

describe('Invoke errors', () => {
  it.each([
    ['an unknown function', { FunctionName: 'nope' }, `Function not found: ${ARN}:nope`],
    ['an unknown version', { FunctionName: 'orders', Qualifier: '9' }, `Function not found: ${ARN}:orders:9`],
    ['an unknown alias', { FunctionName: 'orders:live' }, `Function not found: ${ARN}:orders:live`],
    [
      'another region',
      { FunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:orders' },
      'Function not found: arn:aws:lambda:eu-west-1:123456789012:function:orders',
    ],
  ])('answers %s with 404 ResourceNotFoundException', async (_case, input, message) => {
    expect(await failure(invoke(input))).toEqual({
      name: 'ResourceNotFoundException',
      message,
      status: 404,
      reason: undefined,
    });
    expect(emulator.lambda.invocations()[0]).toMatchObject({
      status: 'rejected',
      error: { errorType: 'ResourceNotFoundException' },
    });
  });

  it('answers a payload that is not JSON with 400 InvalidRequestContentException', async () => {
    const error = await failure(invoke({ FunctionName: 'orders', Payload: Buffer.from('{"orderId": ') }));

    expect(error).toMatchObject({ name: 'InvalidRequestContentException', status: 400 });
    expect(error.message).toMatch(
      /^Could not parse request body into json: Could not parse payload into json: /,
    );
  });

  it.each([
    ['not base64', '{not base64}'],
    ['base64 of text that is not JSON', Buffer.from('hello').toString('base64')],
    ['base64 of a JSON array', Buffer.from('[1]').toString('base64')],
  ])(
    'answers a client context that is %s with 400 InvalidRequestContentException',
    async (_case, ClientContext) => {
      expect(await failure(invoke({ FunctionName: 'orders', ClientContext }))).toMatchObject({
        name: 'InvalidRequestContentException',
        message: 'Client context must be a valid Base64-encoded JSON object.',
        status: 400,
      });
    },
  );

  it('accepts a client context of up to 3,583 bytes of base64 and answers a longer one with 400', async () => {
    // Padded base64 comes in fours: 3,580 is the longest that fits. The JSON around the padding is 21 bytes.
    const ofLength = (length: number) =>
      Buffer.from(`{"custom":{"pad":"${'x'.repeat((length / 4) * 3 - 21)}"}}`).toString('base64');
    const fits = ofLength(3580);
    const over = ofLength(3584);

    const output = await invoke({ FunctionName: 'orders', ClientContext: fits });
    const error = await failure(invoke({ FunctionName: 'orders', ClientContext: over }));

    expect([fits.length, over.length]).toEqual([3580, 3584]);
    expect(output.json?.clientContext).toEqual(JSON.parse(Buffer.from(fits, 'base64').toString('utf8')));
    expect(error).toEqual({
      name: 'InvalidRequestContentException',
      message: 'Client context must be at most 3583 bytes of base64 (got 3584).',
      status: 400,
      reason: undefined,
    });
    expect(emulator.lambda.invocations()[1]).toMatchObject({
      status: 'rejected',
      error: { errorType: 'InvalidRequestContentException' },
    });
  });

  it('answers qualifiers that disagree with 400 InvalidParameterValueException', async () => {
    expect(await failure(invoke({ FunctionName: 'orders:1', Qualifier: '2' }))).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'The derived qualifier from the function name does not match the specified qualifier.',
      status: 400,
    });
  });

  it('answers a malformed function name with 400 ValidationException', async () => {
    expect(await failure(invoke({ FunctionName: 'not a name!' }))).toMatchObject({
      name: 'ValidationException',
      status: 400,
    });
  });

  it('answers a payload over 6 MB (6,291,456 bytes) with 413, as Lambda names it on the wire', async () => {
    const exactly = Buffer.alloc(6 * 1024 * 1024, 0x20);
    exactly[0] = 0x31; // "1   ...": valid JSON of exactly the limit
    const over = Buffer.alloc(6 * 1024 * 1024 + 1, 0x20);
    over[0] = 0x31;

    const atLimit = await invoke({ FunctionName: 'orders', InvocationType: 'DryRun', Payload: exactly });
    const error = await failure(invoke({ FunctionName: 'orders', Payload: over }));

    expect(atLimit.StatusCode).toBe(204);
    expect(error).toEqual({
      name: 'RequestEntityTooLargeException',
      message:
        '6291457 byte payload is too large for the RequestResponse invocation type (limit 6291456 bytes)',
      status: 413,
      reason: undefined,
    });
  });

  it('limits Event payloads to 1 MB', async () => {
    const over = Buffer.alloc(1024 * 1024 + 1, 0x20);
    over[0] = 0x31;

    expect(
      await failure(invoke({ FunctionName: 'orders', InvocationType: 'Event', Payload: over })),
    ).toMatchObject({
      name: 'RequestEntityTooLargeException',
      status: 413,
    });
  });

  it('answers an injected ServiceException with 500 and journals the faulted call', async () => {
    emulator.faults.inject('Invoke', { kind: 'error', name: 'ServiceException', status: 500 }, { times: 1 });

    const error = await failure(invoke({ FunctionName: 'orders:$LATEST' }));
    const second = await invoke({ FunctionName: 'orders' });

    expect(error).toEqual({
      name: 'ServiceException',
      message: 'Injected ServiceException',
      status: 500,
      reason: undefined,
    });
    expect(second.StatusCode).toBe(200);
    expect(
      emulator.lambda.invocations().map((record) => [record.status, record.fault, record.qualifier]),
    ).toEqual([
      ['rejected', 'error', '$LATEST'],
      ['succeeded', undefined, undefined],
    ]);
  });
});
