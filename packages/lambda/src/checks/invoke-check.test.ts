import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { runPlan } from '@shiftguard/core';
import { isHookInvocation } from '@shiftguard/events';
import { mockClient } from 'aws-sdk-client-mock';
import { compareVersionsCheck, invokeCheck, MAX_PAYLOAD_BYTES } from '../index';
import { json, plan, run } from './mocked-plan.test-support';

const lambda = mockClient(LambdaClient);
const client = new LambdaClient({ region: 'us-east-1' });

beforeEach(() => lambda.reset());

describe('invokeCheck', () => {
  it('invokes the target version, marks the traffic, and passes on a good response', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      ExecutedVersion: '7',
      Payload: json({ statusCode: 200, body: '{"ok":true}' }) as never,
    });
    const result = await run(
      invokeCheck({ awsSdkV3Client: client, payload: { path: '/health' }, expect: { statusCode: 200 } }),
    );
    expect(result.status).toBe('pass');
    const input = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      FunctionName: 'orders',
      Qualifier: '7',
      LogType: 'Tail',
    });
    expect(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array))).toEqual({ path: '/health' });
    expect(input.InvocationType).toBeUndefined(); // RequestResponse, Lambda's default
    const clientContext = JSON.parse(Buffer.from(input.ClientContext!, 'base64').toString());
    expect(clientContext.Custom['user-agent']).toBe('shiftguard/lambda (BeforeAllowTraffic)');
    expect(isHookInvocation({}, { clientContext })).toBe(true);
    expect(isHookInvocation({}, { clientContext: { Custom: { 'user-agent': 'curl/8' } } })).toBe(false);
  });

  it('fails on a function error with the error and the log tail', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: json({ errorType: 'TypeError', errorMessage: 'order is undefined', trace: [] }) as never,
      LogResult: Buffer.from(
        'START RequestId: 1\nERROR boom Authorization: Bearer abc.def\nEND RequestId: 1\n',
      ).toString('base64'),
    });
    const result = await run(invokeCheck({ awsSdkV3Client: client }));
    expect(result.status).toBe('fail');
    expect(result.message).toContain(
      'orders:7 payload #1: expected no function error, got Unhandled TypeError: order is undefined',
    );
    expect(result.message).toContain('log tail:');
    expect(JSON.stringify(result)).not.toContain('abc.def');
  });

  it.each([
    [{ statusCode: 200 }, { statusCode: 500 }, 'expected statusCode 200, got 500'],
    [{ payload: { items: [{ id: 1 }] } }, { items: [{ id: 2 }] }, '$.items[0].id: expected 1, got 2'],
    [
      { payloadSchema: { type: 'object', required: ['id'] } },
      { name: 'x' },
      "must have required property 'id'",
    ],
    [{ payloadSatisfies: (p: unknown) => (p as { ok: boolean }).ok || 'not ok' }, { ok: false }, 'not ok'],
  ])('fails when %j does not hold for %j', async (expectation, response, message) => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: json(response) as never });
    const result = await run(invokeCheck({ awsSdkV3Client: client, expect: expectation, logTail: false }));
    expect(result.status).toBe('fail');
    expect(result.message).toContain(message);
  });

  it('fails clearly on a non-JSON response when JSON is expected', async () => {
    lambda
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, Payload: new TextEncoder().encode('<html>oops</html>') as never });
    const result = await run(invokeCheck({ awsSdkV3Client: client, expect: { statusCode: 200 } }));
    expect(result.message).toContain('expected a JSON response, got non-JSON: <html>oops</html>');
  });

  it('refuses a payload over 6 MB before sending it', async () => {
    const result = await run(invokeCheck({ awsSdkV3Client: client, payload: 'x'.repeat(MAX_PAYLOAD_BYTES) }));
    expect(result.status).toBe('error');
    expect(result.message).toMatch(
      /PayloadTooLargeError: payload is 6291458 bytes, over Lambda's 6291456-byte/,
    );
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it('says how to make the target known when there is none', async () => {
    const [result] = await runPlan(invokeCheck({ awsSdkV3Client: client }), {
      ...plan,
      target: { ...plan.target, targetVersion: '' },
    });
    expect(result?.status).toBe('error');
    expect(result?.message).toMatch(/target version of the function is unknown.*SHIFTGUARD_TARGET_VERSION/);
  });

  it('runs a burst with repeat and concurrency and counts failures', async () => {
    let calls = 0;
    lambda.on(InvokeCommand).callsFake(async () => {
      calls++;
      return { StatusCode: 200, Payload: json({ statusCode: calls === 7 ? 500 : 200 }) };
    });
    const result = await run(
      invokeCheck({
        awsSdkV3Client: client,
        payloads: [{ a: 1 }, { a: 2 }],
        repeat: 5,
        concurrency: 3,
        expect: { statusCode: 200 },
        stopOnFirstFailure: false,
      }),
    );
    expect(calls).toBe(10);
    expect(result.message).toContain('(1 of 10 invocations failed)');
  });

  it.each([
    [{ repeats: 2 }, 'unknown option "repeats"'],
    [{ repeat: 0 }, 'repeat must be an integer from 1 to 10000'],
    [{ payload: {}, payloads: [{}] }, 'give payload or payloads, not both'],
    [{ expect: { status: 200 } }, 'unknown expectation "status"'],
    [{ expect: { payloadSchema: { type: 'nope' } } }, 'expect.payloadSchema is not a valid JSON Schema'],
    [{ awsSdkV3Client: client, clientConfig: {} }, 'either awsSdkV3Client or clientConfig'],
  ])('rejects bad options %j', (options, message) => {
    expect(() => invokeCheck(options as never)).toThrow(message);
  });
});

describe('compareVersionsCheck', () => {
  const byVersion = (responses: Record<string, unknown>) =>
    lambda.on(InvokeCommand).callsFake(async (input: { Qualifier: string }) => ({
      StatusCode: 200,
      ExecutedVersion: input.Qualifier,
      Payload: json(responses[input.Qualifier]),
    }));

  it('passes when both versions answer the same, ignoring the given paths and JSON body formatting', async () => {
    byVersion({
      '6': { statusCode: 200, headers: { date: 'Mon' }, body: '{"a":1,"b":[1,2]}' },
      '7': { statusCode: 200, headers: { date: 'Tue' }, body: '{"b":[1,2], "a":1}' },
    });
    const result = await run(compareVersionsCheck({ awsSdkV3Client: client, ignorePaths: ['headers.date'] }));
    expect(result.status).toBe('pass');
    expect(
      lambda
        .commandCalls(InvokeCommand)
        .map((call) => call.args[0].input.Qualifier)
        .sort(),
    ).toEqual(['6', '7']);
  });

  it('fails with the differing paths', async () => {
    byVersion({
      '6': { statusCode: 200, body: '{"price":10}' },
      '7': { statusCode: 200, body: '{"price":12}' },
    });
    const result = await run(compareVersionsCheck({ awsSdkV3Client: client }));
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      'orders version 7 behaves differently from 6: payload #1: body.price: 6 gave 10, 7 gave 12',
    );
  });

  it('is skipped on a first deployment', async () => {
    const [result] = await runPlan(compareVersionsCheck({ awsSdkV3Client: client }), {
      ...plan,
      target: { ...plan.target, currentVersion: undefined },
    });
    expect(result).toMatchObject({
      status: 'skipped',
      message: 'compare-versions: no current version to compare with (first deployment)',
    });
  });
});
