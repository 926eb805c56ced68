/**
 * The front door in front of the loopback emulator, as the simulator runs it: requests reach the
 * weighted alias through the real Lambda client, and the version that ran is the alias's pick.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { hookUserAgent } from '@shiftguard/events';
import {
  type Emulator,
  type LambdaInvocationContext,
  seededRandom,
  startEmulator,
} from '@shiftguard/testing';
import { readSamTemplate } from '../template/read-sam-template';
import { type FrontDoor, type FrontDoorInvoke, startFrontDoor } from './front-door';
import { send } from './http.test-support';
import { resolveFrontDoorUrls } from './resolve-urls';

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
      AutoPublishAlias: live
      FunctionUrlConfig:
        AuthType: NONE
      Events:
        GetOrder:
          Type: HttpApi
          Properties:
            Path: /orders/{id}
            Method: get
  PreTrafficHook:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: hook.handler
      CodeUri: src/
      Environment:
        Variables:
          API_URL: !Sub https://\${ServerlessHttpApi}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}
          ORDERS_URL: !GetAtt OrdersFunctionUrl.FunctionUrl
`,
});
const orders = model.functions.find((fn) => fn.logicalId === 'OrdersFunction')!;
const hook = model.functions.find((fn) => fn.logicalId === 'PreTrafficHook')!;

/** Each version says which it is; the second also says what it was asked. */
const version = (event: unknown, context: LambdaInvocationContext) =>
  Promise.resolve({
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ version: context.functionVersion, path: (event as { rawPath: string }).rawPath }),
  });

let emulator: Emulator;
let door: FrontDoor;
beforeAll(async () => {
  emulator = await startEmulator({ random: seededRandom(7) });
  emulator.lambda.createFunction({ functionName: orders.functionName, handler: { fn: version } });
  emulator.lambda.publishVersion(orders.functionName);
  emulator.lambda.publishVersion(orders.functionName, { handler: { fn: (e, c) => version(e, c) } });
  emulator.lambda.createAlias(orders.functionName, 'live', '1', { additionalVersionWeights: { '2': 0.5 } });
  const lambda = new LambdaClient(emulator.clientConfig());
  const invoke: FrontDoorInvoke = async (functionName, qualifier, event) => {
    const answer = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        Qualifier: qualifier,
        Payload: Buffer.from(JSON.stringify(event)),
      }),
    );
    return {
      payload: answer.Payload === undefined ? undefined : Buffer.from(answer.Payload).toString('utf8'),
      functionError: answer.FunctionError,
      executedVersion: answer.ExecutedVersion,
    };
  };
  door = await startFrontDoor({ model, functions: [orders], invoke });
});
afterAll(async () => {
  await door?.close();
  await emulator?.close();
});

it('reaches the weighted alias, through the address the hook reads from its environment', async () => {
  const apiUrl = resolveFrontDoorUrls(hook.environment.API_URL!, door);
  expect(apiUrl).toBe(door.url('ServerlessHttpApi'));
  const answers = [];
  for (let index = 0; index < 12; index++) {
    const response = await send(`${apiUrl as string}/orders/${index}`, {
      headers: { 'User-Agent': hookUserAgent('BeforeAllowTraffic') },
    });
    expect(response.status).toBe(200);
    answers.push(response.json() as { version: string; path: string });
  }
  expect(answers.map((answer) => answer.path)).toEqual(answers.map((_, index) => `/orders/${index}`));
  const versions = door.requests().map((request) => request.executedVersion);
  expect(new Set(versions)).toEqual(new Set(['1', '2']));
  expect(answers.map((answer) => answer.version)).toEqual(versions);
  const invocations = emulator.lambda.invocations({ functionName: 'orders', qualifier: 'live' });
  expect(invocations).toHaveLength(12);
  expect(invocations.map((invocation) => invocation.executedVersion)).toEqual(versions);
  expect(door.requests({ hook: true })).toHaveLength(12);
});

it('serves the function URL on the alias SAM points it at', async () => {
  const ordersUrl = resolveFrontDoorUrls(hook.environment.ORDERS_URL!, door);
  expect(ordersUrl).toBe(door.url('OrdersFunction'));
  const response = await send(`${ordersUrl as string}orders/9`);
  expect(response.status).toBe(200);
  expect(response.json()).toMatchObject({ path: '/orders/9' });
  expect(door.requests({ target: 'OrdersFunction' })).toEqual([
    expect.objectContaining({ kind: 'FunctionUrl', qualifier: 'live', outcome: 'answered' }),
  ]);
});
