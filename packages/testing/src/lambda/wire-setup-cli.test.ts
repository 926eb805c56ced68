import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { cliMissing, runCli } from '../aws-cli.test-support';
import { type Emulator, startEmulator } from '../index';

/** The image's AWS CLI v1 (botocore), which sends REST-JSON with `ZipFile` as base64. Skipped, saying so, when absent. */
const COMMAND = 'aws';

describe('Lambda set up through the AWS CLI v1', () => {
  let emulator: Emulator;
  let dir: string;
  let missing: string | undefined;

  beforeAll(async () => {
    missing = await cliMissing(COMMAND, /^aws-cli\/1\./);
    if (missing !== undefined) console.warn(`Skipping the aws lambda tests: ${missing}`);
    dir = mkdtempSync(join(tmpdir(), 'shiftguard-lambda-cli-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeEach(async () => {
    emulator = await startEmulator();
  });

  afterEach(async () => {
    await emulator.close();
  });

  const lambda = (...args: string[]) => runCli(COMMAND, emulator.endpoint, 'lambda', args);

  const zip = (tag: string): string => {
    const path = join(dir, `${tag}.zip`);
    writeFileSync(
      path,
      zipSync({
        'index.mjs': strToU8(`export const handler = async (event) => ({ tag: '${tag}', event });\n`),
      }),
    );
    return `fileb://${path}`;
  };

  it('creates a function from --zip-file, invokes it, updates, publishes, aliases, lists and deletes it', async () => {
    if (missing !== undefined) return;
    const created = await lambda(
      'create-function',
      '--function-name',
      'orders',
      '--runtime',
      'nodejs22.x',
      '--role',
      'arn:aws:iam::123456789012:role/orders-role',
      '--handler',
      'index.handler',
      '--timeout',
      '10',
      '--environment',
      'Variables={STAGE=test}',
      '--publish',
      '--zip-file',
      zip('v1'),
    );
    expect(created.stderr).toBe('');
    expect(JSON.parse(created.stdout)).toMatchObject({
      FunctionName: 'orders',
      Version: '1',
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Timeout: 10,
      Environment: { Variables: { STAGE: 'test' } },
    });

    const out = join(dir, 'out.json');
    const invoked = await lambda('invoke', '--function-name', 'orders:1', '--payload', '{"n":1}', out);
    expect(invoked.code).toBe(0);
    expect(JSON.parse(invoked.stdout)).toMatchObject({ StatusCode: 200, ExecutedVersion: '1' });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ tag: 'v1', event: { n: 1 } });

    const updated = await lambda(
      'update-function-code',
      '--function-name',
      'orders',
      '--zip-file',
      zip('v2'),
      '--publish',
    );
    expect(JSON.parse(updated.stdout)).toMatchObject({ Version: '2' });
    const alias = await lambda(
      'create-alias',
      '--function-name',
      'orders',
      '--name',
      'live',
      '--function-version',
      '1',
      '--routing-config',
      'AdditionalVersionWeights={2=0.5}',
    );
    expect(JSON.parse(alias.stdout)).toMatchObject({
      Name: 'live',
      FunctionVersion: '1',
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.5 } },
    });

    await lambda(
      'create-function',
      '--function-name',
      'payments',
      '--runtime',
      'nodejs20.x',
      '--role',
      'arn:aws:iam::123456789012:role/payments-role',
      '--handler',
      'index.handler',
      '--zip-file',
      zip('p'),
    );
    const listed = await lambda('list-functions', '--max-items', '1');
    const page = JSON.parse(listed.stdout);
    expect(page.Functions.map((fn: { FunctionName: string }) => fn.FunctionName)).toEqual(['orders']);
    expect(page.NextToken).toEqual(expect.any(String));
    const all = JSON.parse((await lambda('list-functions')).stdout);
    expect(all.Functions.map((fn: { FunctionName: string }) => fn.FunctionName)).toEqual([
      'orders',
      'payments',
    ]);

    expect((await lambda('delete-alias', '--function-name', 'orders', '--name', 'live')).code).toBe(0);
    expect((await lambda('delete-function', '--function-name', 'orders')).code).toBe(0);
    const gone = await lambda('get-function', '--function-name', 'orders');
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('ResourceNotFoundException');
  });

  it('answers a package that does not unzip with InvalidParameterValueException', async () => {
    if (missing !== undefined) return;
    const path = join(dir, 'bad.zip');
    // The CLI opens the zip before sending it, so the file is a zip whose entry uses a compression
    // method (99, AES) Lambda cannot unpack.
    const broken = Buffer.from(zipSync({ 'index.mjs': strToU8('export const handler = 1;') }, { level: 0 }));
    broken.writeUInt16LE(99, 8);
    broken.writeUInt16LE(99, broken.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10);
    writeFileSync(path, broken);
    const answer = await lambda(
      'create-function',
      '--function-name',
      'bad',
      '--runtime',
      'nodejs22.x',
      '--role',
      'arn:aws:iam::123456789012:role/r',
      '--handler',
      'index.handler',
      '--zip-file',
      `fileb://${path}`,
    );
    expect(answer.code).not.toBe(0);
    expect(answer.stderr).toContain('InvalidParameterValueException');
    expect(answer.stderr).toContain('Could not unzip uploaded file');
  });
});
