import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { type CheckResult, runPlan } from '@shiftguard/core';
import { mockClient } from 'aws-sdk-client-mock';
import { preTrafficPlan as plan } from '../../../test/support/plan-context';
import { InvalidJourneyError } from './errors';
import { invokeStep } from './invoke-step';
import { journey, type StepReport } from './journey';

const lambda = mockClient(LambdaClient);
const client = new LambdaClient({ region: 'us-east-1' });
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)) as never;
const sent = (index: number) =>
  JSON.parse(
    new TextDecoder().decode(lambda.commandCalls(InvokeCommand)[index]!.args[0].input.Payload as Uint8Array),
  );

beforeEach(() => lambda.reset());

describe('invokeStep', () => {
  it('invokes the target version and hands what it extracted to the next step', async () => {
    lambda
      .on(InvokeCommand)
      .resolvesOnce({ StatusCode: 200, Payload: json({ statusCode: 201, body: { id: 'o-9' } }) })
      .resolves({ StatusCode: 200, Payload: json({ statusCode: 200, body: { id: 'o-9', sku: 'probe' } }) });
    const [result] = await runPlan(
      journey('order-lifecycle', [
        invokeStep('create', {
          awsSdkV3Client: client,
          payload: { action: 'create' },
          expect: { statusCode: 201 },
          extract: { orderId: '/body/id' },
        }),
        invokeStep('read', {
          awsSdkV3Client: client,
          // A payload function gets the step's context, vars included.
          payload: (ctx) => ({ action: 'read', id: ctx.vars.get('orderId') }),
          expect: {
            statusCode: 200,
            payloadSatisfies: (payload) => (payload as { body: { sku: string } }).body.sku === 'probe',
          },
        }),
      ]),
      plan,
    );
    expect(result?.status).toBe('pass');
    expect(lambda.commandCalls(InvokeCommand)[0]!.args[0].input).toMatchObject({
      FunctionName: 'orders',
      Qualifier: '7',
    });
    expect(sent(1)).toEqual({ action: 'read', id: 'o-9' });
  });

  it('fails the step when the user predicate fails, and extracts nothing', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: json({ ok: false }) });
    const [result] = await runPlan(
      journey('j', [
        invokeStep('create', {
          awsSdkV3Client: client,
          logTail: false,
          expect: { payloadSatisfies: (payload) => (payload as { ok: boolean }).ok || 'not ok' },
          extract: { orderId: '/id' },
        }),
      ]),
      plan,
    );
    expect(result?.status).toBe('fail');
    expect(result?.message).toMatch(/^step "create" failed: .*not ok/);
    expect((result as CheckResult).details?.steps as StepReport[]).toHaveLength(1);
  });

  it('fails when a pointer finds nothing in the payload', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: json({ other: 1 }) });
    const [result] = await runPlan(
      journey('j', [invokeStep('create', { awsSdkV3Client: client, extract: { orderId: '/id' } })]),
      plan,
    );
    expect(result?.message).toMatch(/extract orderId: nothing at "\/id" in the response payload/);
  });

  it.each([
    ['an unknown option', () => invokeStep('s', { awsSdkV3Client: client, repeats: 2 } as never)],
    ['a bad pointer', () => invokeStep('s', { awsSdkV3Client: client, extract: { id: 'id' } })],
    ['no name', () => invokeStep('', { awsSdkV3Client: client })],
  ])('refuses %s with InvalidJourneyError', (_case, build) => {
    expect(build).toThrow(InvalidJourneyError);
  });
});
