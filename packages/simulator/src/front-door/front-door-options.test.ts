import { createServer } from 'node:net';
import { FrontDoorError, InvalidSimulatorOptionsError } from '../errors';
import { readSamTemplate } from '../template/read-sam-template';
import { startFrontDoor } from './front-door';
import { directInvoke, send } from './http.test-support';

const model = readSamTemplate({
  text: `
Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: orders
      Runtime: nodejs22.x
      Handler: app.handler
      CodeUri: src/
      Events:
        Get:
          Type: Api
          Properties:
            Path: /orders
            Method: get
`,
});
const orders = model.functions[0]!;
const invoke = directInvoke({ orders: () => ({ statusCode: 204 }) });

const refusal = async (options: unknown) => {
  try {
    await startFrontDoor(options as Parameters<typeof startFrontDoor>[0]);
  } catch (error) {
    return error;
  }
  throw new Error('expected startFrontDoor to refuse');
};

describe('startFrontDoor options', () => {
  it.each([
    [
      'an unknown option',
      { model, functions: [orders], invoke, prot: 1 },
      /unknown option "prot"; known options: model, functions/,
    ],
    ['no model', { functions: [orders], invoke }, /^startFrontDoor: model is required/],
    ['no invoke', { model, functions: [orders] }, /invoke is required/],
    ['no functions', { model, invoke }, /functions is required/],
    [
      'a function not of the model',
      { model, functions: [{ logicalId: 'Nope' }], invoke },
      /functions\[0\] is Nope, which is not a function of the model \(its functions: OrdersFunction\)/,
    ],
    [
      'a port for nothing served',
      { model, functions: [orders], invoke, ports: { OtherApi: 8080 } },
      /ports\.OtherApi names nothing the front door serves \(it serves ServerlessRestApi\)/,
    ],
    [
      'a port out of range',
      { model, functions: [orders], invoke, ports: { ServerlessRestApi: 70_000 } },
      /ports\.ServerlessRestApi must be an integer from 0 to 65535, got 70000/,
    ],
    [
      'a media type without a slash',
      { model, functions: [orders], invoke, binaryMediaTypes: { ServerlessRestApi: ['png'] } },
      /binaryMediaTypes\.ServerlessRestApi\[0\] must be a media type such as image\/png/,
    ],
    [
      'text media types not in a list',
      { model, functions: [orders], invoke, textMediaTypes: 'text/*' },
      /textMediaTypes must be an array/,
    ],
    [
      'half a clock',
      { model, functions: [orders], invoke, clock: { now: () => 0 } },
      /clock must have a setTimeout\(\) method/,
    ],
    [
      'a negative history',
      { model, functions: [orders], invoke, requestHistory: -1 },
      /requestHistory must be an integer ≥ 0, got -1/,
    ],
  ])('refuses %s', async (_name, options, message) => {
    const error = await refusal(options);
    expect(error).toBeInstanceOf(InvalidSimulatorOptionsError);
    expect((error as Error).message).toMatch(message);
  });

  it('listens where asked, and refuses a port already taken, leaving nothing open', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const error = await refusal({ model, functions: [orders], invoke, ports: { ServerlessRestApi: port } });
      expect(error).toBeInstanceOf(FrontDoorError);
      expect(error).toMatchObject({
        code: 'SG_SIM_FRONT_DOOR',
        problem: 'listen',
        target: 'ServerlessRestApi',
      });
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    const door = await startFrontDoor({
      model,
      functions: [orders],
      invoke,
      ports: { ServerlessRestApi: port },
    });
    try {
      expect(door.url('ServerlessRestApi')).toBe(`http://127.0.0.1:${port}/Prod`);
      expect((await send(`${door.url('ServerlessRestApi')}/orders`)).status).toBe(204);
    } finally {
      await door.close();
    }
  });

  it('serves nothing for no functions, and keeps no log with requestHistory 0', async () => {
    const empty = await startFrontDoor({ model, functions: [], invoke });
    expect(empty.targets).toEqual([]);
    await empty.close();
    const door = await startFrontDoor({ model, functions: [orders], invoke, requestHistory: 0 });
    await send(`${door.url('ServerlessRestApi')}/orders`);
    expect(door.requests()).toEqual([]);
    await door.close();
    await door.close();
  });

  it('stamps events and the log with the given clock', async () => {
    const calls: { event: Record<string, unknown> }[] = [];
    const clock = {
      now: () => 5_000,
      wallTime: () => Date.UTC(2030, 0, 2, 3, 4, 5),
      setTimeout,
      clearTimeout,
    };
    const door = await startFrontDoor({
      model,
      functions: [orders],
      invoke: directInvoke({ orders: () => ({ statusCode: 204 }) }, calls as never),
      clock,
    });
    try {
      await send(`${door.url('ServerlessRestApi')}/orders`);
      expect(calls[0]!.event.requestContext).toMatchObject({
        requestTimeEpoch: Date.UTC(2030, 0, 2, 3, 4, 5),
        requestTime: '02/Jan/2030:03:04:05 +0000',
      });
      expect(door.requests()[0]).toMatchObject({ receivedAt: Date.UTC(2030, 0, 2, 3, 4, 5), durationMs: 0 });
    } finally {
      await door.close();
    }
  });
});

describe('closing the front door', () => {
  it('lets a request in flight finish, then stops listening', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const door = await startFrontDoor({
      model,
      functions: [orders],
      invoke: async () => {
        arrived();
        await held;
        return { payload: JSON.stringify({ statusCode: 200, body: 'late' }) };
      },
    });
    const url = `${door.url('ServerlessRestApi')}/orders`;
    const answer = send(url);
    await arrival;
    const closed = door.close();
    release();
    const response = await answer;
    expect([response.status, response.text, response.headers.connection]).toEqual([200, 'late', 'close']);
    await closed;
    await expect(send(url)).rejects.toThrow(/ECONNREFUSED/);
  });
});
