import { variableClock } from './clock/variable-clock.test-support';
import { createLambdaContext, createManualClock, InvalidEmulatorInputError } from './index';

describe('createLambdaContext', () => {
  it('looks like the context Lambda hands a Node.js handler', () => {
    const context = createLambdaContext({
      functionName: 'orders-pre-traffic',
      clock: createManualClock({ startAt: Date.UTC(2024, 2, 9, 10) }),
      region: 'eu-west-1',
      accountId: '111122223333',
      functionVersion: '12',
      memoryLimitInMB: 256,
      awsRequestId: 'req-1',
    });

    expect(context).toMatchObject({
      functionName: 'orders-pre-traffic',
      functionVersion: '12',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:orders-pre-traffic',
      memoryLimitInMB: '256',
      awsRequestId: 'req-1',
      logGroupName: '/aws/lambda/orders-pre-traffic',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(context.logStreamName).toMatch(/^2024\/03\/09\/\[12\][0-9a-f]{32}$/);
    expect(() => {
      context.done();
      context.fail('x');
      context.succeed({});
    }).not.toThrow();
  });

  it('counts the remaining time down on the given clock and stops at zero', () => {
    let now = 1_000;
    const context = createLambdaContext({ timeoutMs: 5_000, clock: variableClock(() => now) });

    const readings = [context.getRemainingTimeInMillis()];
    now += 4_200;
    readings.push(context.getRemainingTimeInMillis());
    now += 10_000;
    readings.push(context.getRemainingTimeInMillis());

    expect(readings).toEqual([5_000, 800, 0]);
  });

  it("defaults to Lambda's 3 s timeout on the system clock and a fresh request id", () => {
    const first = createLambdaContext();
    const second = createLambdaContext();

    expect(first.getRemainingTimeInMillis()).toBeGreaterThan(2_900);
    expect(first.getRemainingTimeInMillis()).toBeLessThanOrEqual(3_000);
    expect(first.functionVersion).toBe('$LATEST');
    expect(first.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.awsRequestId).not.toBe(second.awsRequestId);
  });

  it.each([
    [{ timeout: 1000 }, 'timeout'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ timeoutMs: 900_001 }, 'timeoutMs'],
    [{ functionName: 'has spaces' }, 'functionName'],
    [{ accountId: '123' }, 'accountId'],
    [{ memoryLimitInMB: 64 }, 'memoryLimitInMB'],
    [{ clock: {} }, 'clock'],
  ])('rejects %j naming %s', (options, path) => {
    expect(() => createLambdaContext(options as never)).toThrow(InvalidEmulatorInputError);
    expect(() => createLambdaContext(options as never)).toThrow(`"${path}"`);
  });
});
