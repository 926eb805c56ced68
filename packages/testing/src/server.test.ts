import { Agent, request } from 'node:http';
import { type Emulator, startEmulator } from './index';

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator();
});

afterEach(async () => {
  await emulator.close();
});

function post(target: string | undefined, body: string, path = '/') {
  return fetch(`${emulator.endpoint}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      ...(target === undefined ? {} : { 'x-amz-target': target }),
    },
    body,
  });
}

describe('the AWS JSON 1.1 wire protocol', () => {
  it('answers success with 200, the JSON 1.1 content type and a request id', async () => {
    const { deploymentId } = emulator.codeDeploy.createDeployment();

    const response = await post('CodeDeploy_20141006.GetDeployment', JSON.stringify({ deploymentId }));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await response.json()) as { deploymentInfo: { createTime: unknown } };
    expect(typeof body.deploymentInfo.createTime).toBe('number');
  });

  it('answers errors with 400, __type, message and x-amzn-errortype', async () => {
    const response = await post(
      'CodeDeploy_20141006.GetDeployment',
      JSON.stringify({ deploymentId: 'd-NOTTHERE1' }),
    );

    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('DeploymentDoesNotExistException');
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await response.json()).toEqual({
      __type: 'DeploymentDoesNotExistException',
      message: 'Deployment d-NOTTHERE1 does not exist',
    });
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    const response = await post('CodeDeploy_20141006.RegisterOnPremisesInstance', '{}');

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it.each([
    ['unparsable JSON', '{"deploymentId": '],
    ['a JSON array', '[]'],
    ['a JSON string', '"d-ABCDEFGHI"'],
  ])('answers %s with SerializationException', async (_case, body) => {
    const response = await post('CodeDeploy_20141006.GetDeployment', body);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'SerializationException' });
  });

  it('treats an empty body as an empty input', async () => {
    const response = await post('CodeDeploy_20141006.GetDeployment', '');

    expect(await response.json()).toMatchObject({ __type: 'DeploymentIdRequiredException' });
  });

  it.each([
    ['no x-amz-target', undefined],
    ['another service', 'Logs_20140328.GetLogEvents'],
  ])('answers a request for %s with 404', async (_case, target) => {
    const response = await post(target, '{}');

    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });
});

describe('the REST-JSON wire protocol (Lambda)', () => {
  const functions = () => `${emulator.endpoint}/2015-03-31/functions`;

  beforeEach(() => {
    emulator.lambda.createFunction({ functionName: 'f', handler: { fn: async () => ({ ok: true }) } });
  });

  it('answers Invoke with the raw payload, JSON content type and the invocation id as request id', async () => {
    const response = await fetch(`${functions()}/f/invocations`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-amz-executed-version')).toBe('$LATEST');
    expect(response.headers.get('x-amzn-requestid')).toBe(emulator.lambda.invocations()[0]?.requestId);
    expect(await response.text()).toBe('{"ok":true}');
  });

  it('answers errors with x-amzn-errortype and the body casing Lambda uses for each error', async () => {
    const missing = await fetch(`${functions()}/nope/invocations`, { method: 'POST', body: '{}' });
    const badJson = await fetch(`${functions()}/f/invocations`, { method: 'POST', body: '{' });

    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(await missing.json()).toEqual({
      Type: 'User',
      Message: 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope',
    });
    expect(badJson.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException');
    expect(await badJson.json()).toEqual({
      Type: 'User',
      message: expect.stringContaining('Could not parse'),
    });
  });

  it('decodes URL-encoded ARNs in the path', async () => {
    const arn = encodeURIComponent('arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST');

    const response = await fetch(`${functions()}/${arn}/configuration`);

    expect(await response.json()).toMatchObject({ FunctionName: 'f', Version: '$LATEST' });
  });

  it.each([
    ['GET', '/2015-03-31/functions/f/policy'],
    ['DELETE', '/2015-03-31/functions/f/concurrency'],
    ['POST', '/2015-03-31/functions/f/unknown'],
  ])('answers %s %s, which no emulated operation handles, with 404', async (method, path) => {
    const response = await fetch(`${emulator.endpoint}${path}`, { method });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });
});

describe('close()', () => {
  it('resolves promptly although a client holds an idle keep-alive connection', async () => {
    const agent = new Agent({ keepAlive: true });
    const { deploymentId } = emulator.codeDeploy.createDeployment();
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        `${emulator.endpoint}/`,
        {
          method: 'POST',
          agent,
          headers: { 'x-amz-target': 'CodeDeploy_20141006.GetDeployment' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ deploymentId }));
    });
    expect(Object.keys(agent.freeSockets)).toHaveLength(1);
    const started = Date.now();

    await emulator.close();
    await emulator.close();

    expect(status).toBe(200);
    expect(Date.now() - started).toBeLessThan(500);
    await expect(fetch(emulator.endpoint)).rejects.toThrow();
    agent.destroy();
  });
});
