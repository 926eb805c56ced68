/** Regressions from review: silent passes, leaked secrets, stray invocations, spoofable marking. */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { compareVersionsCheck, invokeCheck } from '../index';
import { json, run } from './mocked-plan.test-support';

const lambda = mockClient(LambdaClient);
const client = new LambdaClient({ region: 'us-east-1' });
const functionError = (errorType: string, errorMessage: string) => ({
  StatusCode: 200,
  FunctionError: 'Unhandled',
  Payload: json({ errorType, errorMessage, trace: ['at x (/var/task/index.mjs:1:1)'] }) as never,
});

beforeEach(() => lambda.reset());

describe('invokeCheck edges', () => {
  it('a negative test still checks the error payload it was given', async () => {
    lambda.on(InvokeCommand).resolves(functionError('TypeError', 'undefined is not a function'));
    const result = await run(
      invokeCheck({
        awsSdkV3Client: client,
        expect: { functionError: true, payload: { errorMessage: /quantity must be positive/ } },
      }),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toContain(
      '$.errorMessage: expected a string matching /quantity must be positive/',
    );
  });

  it('awaits async predicates', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: json({ ok: false }) as never });
    const result = await run(
      invokeCheck({
        awsSdkV3Client: client,
        expect: { payloadSatisfies: async (p) => (p as { ok: boolean }).ok },
      }),
    );
    expect(result.status).toBe('fail');
  });

  it('validates JSON Schema formats and refuses unknown ones at construction', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: json({ email: 'not-an-email' }) as never });
    const schema = { type: 'object', properties: { email: { type: 'string', format: 'email' } } };
    expect(
      (await run(invokeCheck({ awsSdkV3Client: client, expect: { payloadSchema: schema } }))).status,
    ).toBe('fail');
    expect(() => invokeCheck({ expect: { payloadSchema: { type: 'string', format: 'e-mail' } } })).toThrow(
      'unknown format',
    );
  });

  it('refuses expectations that JSON cannot hold', () => {
    expect(() => invokeCheck({ expect: { payload: { tags: new Map() } } })).toThrow(
      'expect.payload.tags is Map',
    );
    expect(() => invokeCheck({ expect: { payload: { at: undefined } } })).toThrow(
      'expect.payload.at is undefined',
    );
    // biome-ignore lint/suspicious/noSparseArray: the hole is what is being refused.
    expect(() => invokeCheck({ expect: { payload: { items: [1, , 3] } } })).toThrow(
      expect.objectContaining({
        code: 'SG_LAMBDA_INVALID_OPTIONS',
        message: expect.stringContaining('expect.payload.items[1] is a hole in a sparse array'),
      }),
    );
  });

  it('lists at most ten mismatches, missing keys included', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: json({ statusCode: 200 }) as never });
    const expected = Object.fromEntries(Array.from({ length: 15 }, (_, index) => [`key${index}`, index]));

    const result = await run(invokeCheck({ awsSdkV3Client: client, expect: { payload: expected } }));

    expect(result.status).toBe('fail');
    expect(result.message?.match(/but it is missing/g)).toHaveLength(10);
  });

  it('keeps secrets out of mismatch messages, even inside JSON strings', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: json({ statusCode: 200, body: '{"apiKey":"sk_live_ABC123","password":"hunter2"}' }) as never,
    });
    const result = await run(invokeCheck({ awsSdkV3Client: client, expect: { payload: { body: /items/ } } }));
    expect(result.status).toBe('fail');
    expect(JSON.stringify(result)).not.toMatch(/sk_live_ABC123|hunter2/);
  });

  it('drops the partial first line of a cut log tail', async () => {
    lambda.on(InvokeCommand).resolves({
      ...functionError('Error', 'boom'),
      LogResult: Buffer.from('rer eyJhbGciOi.SECRETPAYLOAD.sig\nINFO second line\n').toString('base64'),
    });
    const result = await run(invokeCheck({ awsSdkV3Client: client }));
    expect(result.message).toContain('INFO second line');
    expect(result.message).not.toContain('SECRETPAYLOAD');
  });

  it('leaves no invocation running after the check returns', async () => {
    let calls = 0;
    lambda.on(InvokeCommand).callsFake(async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    });
    const result = await run(invokeCheck({ awsSdkV3Client: client, repeat: 50, concurrency: 3 }));
    expect(result.status).toBe('error');
    const seen = calls;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toBe(seen);
    expect(calls).toBeLessThanOrEqual(3);
  });

  it('resets /g RegExps between invocations of a burst', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: json({ body: 'ok' }) as never });
    const result = await run(
      invokeCheck({ awsSdkV3Client: client, repeat: 3, expect: { payload: { body: /ok/g } } }),
    );
    expect(result.status).toBe('pass');
  });

  it('truncates huge error messages and sends a null payload as null', async () => {
    lambda.on(InvokeCommand).resolves(functionError('Error', 'x'.repeat(100_000)));
    const result = await run(invokeCheck({ awsSdkV3Client: client, payload: null }));
    expect(result.message!.length).toBeLessThan(2000);
    const sent = lambda.commandCalls(InvokeCommand)[0]!.args[0].input.Payload as Uint8Array;
    expect(new TextDecoder().decode(sent)).toBe('null');
  });

  it.each([
    [{ version: 'curent' }, "version must be 'target' or 'current'"],
    [{ logTail: 'no' }, 'logTail must be a boolean'],
    [{ name: '' }, 'name must be a non-empty string'],
    [{ clientContext: { blob: 'x'.repeat(5000) } }, "over Lambda's 3583-byte limit"],
    [{ clientContext: { n: 1 } }, 'clientContext.n must be a string'],
    [
      { expect: { functionError: true, statusCode: 200 } },
      'expect.statusCode cannot hold when a function error is expected',
    ],
  ])('rejects %j at construction', (options, message) => {
    expect(() => invokeCheck(options as never)).toThrow(message);
  });
});

describe('compareVersionsCheck edges', () => {
  const byVersion = (responses: Record<string, unknown>) =>
    lambda.on(InvokeCommand).callsFake(async (input: { Qualifier: string }) => responses[input.Qualifier]);

  it('masks differences under secret-named keys', async () => {
    byVersion({
      '6': {
        StatusCode: 200,
        Payload: json({ headers: { 'Set-Cookie': 'sid=SESSION6' }, body: '{"accessToken":"eyJTOKEN6"}' }),
      },
      '7': {
        StatusCode: 200,
        Payload: json({ headers: { 'Set-Cookie': 'sid=SESSION7' }, body: '{"accessToken":"eyJTOKEN7"}' }),
      },
    });
    const result = await run(compareVersionsCheck({ awsSdkV3Client: client }));
    expect(result.status).toBe('fail');
    expect(JSON.stringify(result)).not.toMatch(/SESSION|eyJTOKEN/);
    expect(result.message).toContain('headers.Set-Cookie');
  });

  it('treats two identical timeouts as the same behaviour', async () => {
    const timeout = (id: string) => ({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: json({
        errorType: 'Sandbox.Timedout',
        errorMessage: `RequestId: ${id} Error: Task timed out after 3.00 seconds`,
      }),
    });
    byVersion({
      '6': timeout('11111111-1111-1111-1111-111111111111'),
      '7': timeout('22222222-2222-2222-2222-222222222222'),
    });
    expect((await run(compareVersionsCheck({ awsSdkV3Client: client }))).status).toBe('pass');
  });

  it('awaits async comparators and reports one that throws, with its payload', async () => {
    byVersion({
      '6': { StatusCode: 200, Payload: json({ a: 1 }) },
      '7': { StatusCode: 200, Payload: json({ a: 1 }) },
    });
    const differ = await run(
      compareVersionsCheck({ awsSdkV3Client: client, comparator: async () => 'they differ' }),
    );
    expect(differ.message).toContain('payload #1: they differ');
    const throws = await run(
      compareVersionsCheck({
        awsSdkV3Client: client,
        comparator: () => {
          throw new Error('boom');
        },
      }),
    );
    expect(throws.message).toContain('payload #1: the comparator threw: boom');
  });
});
