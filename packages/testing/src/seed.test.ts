import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidEmulatorInputError, loadSeedFile, SeedFileError } from './index';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiftguard-seed-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function seedFile(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('loadSeedFile', () => {
  it('reads deployments, keeping string AppSpecs verbatim', async () => {
    const path = await seedFile(
      'good.json',
      JSON.stringify({
        deployments: [
          { deploymentId: 'd-SEEDED001', revisionType: 'String', appSpec: 'Hooks: [' },
          {
            appSpec: { Hooks: [{ BeforeAllowTraffic: 'pre' }] },
            hookExecutionIds: { BeforeAllowTraffic: 'x' },
          },
        ],
      }),
    );

    await expect(loadSeedFile(path)).resolves.toEqual({
      deployments: [
        { deploymentId: 'd-SEEDED001', revisionType: 'String', appSpec: 'Hooks: [' },
        {
          appSpec: { Hooks: [{ BeforeAllowTraffic: 'pre' }] },
          hookExecutionIds: { BeforeAllowTraffic: 'x' },
        },
      ],
    });
  });

  it('reads functions, resolving handler modules against the seed file’s directory', async () => {
    await mkdir(join(dir, 'handlers'), { recursive: true });
    await copyFile(join(__dirname, 'lambda', 'fixtures', 'good.mjs'), join(dir, 'handlers', 'good.mjs'));
    const absolute = join(__dirname, 'lambda', 'fixtures', 'throws.mjs');
    const path = await seedFile(
      'functions.json',
      JSON.stringify({
        functions: [
          {
            functionName: 'orders',
            handler: { module: './handlers/good.mjs' },
            timeoutMs: 1000,
            versions: [{}, { handler: { module: absolute, export: 'handler' } }],
            aliases: [{ name: 'live', version: '1', additionalVersionWeights: { '2': 0.1 } }],
          },
        ],
      }),
    );

    await expect(loadSeedFile(path)).resolves.toEqual({
      functions: [
        {
          functionName: 'orders',
          handler: { module: join(dir, 'handlers', 'good.mjs'), export: 'handler' },
          timeoutMs: 1000,
          versions: [{}, { handler: { module: absolute, export: 'handler' } }],
          aliases: [{ name: 'live', version: '1', additionalVersionWeights: { '2': 0.1 } }],
        },
      ],
    });
  });

  it('accepts an empty seed', async () => {
    await expect(loadSeedFile(await seedFile('empty.json', '{}'))).resolves.toEqual({});
  });

  it('reports a missing file with its absolute path', async () => {
    const error = await loadSeedFile(join(dir, 'nope.json')).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SeedFileError);
    expect(error).toMatchObject({
      code: 'SG_EMULATOR_SEED_FILE',
      reason: 'missing',
      filePath: join(dir, 'nope.json'),
      message: `Seed file not found: ${join(dir, 'nope.json')}`,
    });
  });

  it('reports a directory as unreadable', async () => {
    await expect(loadSeedFile(dir)).rejects.toMatchObject({
      code: 'SG_EMULATOR_SEED_FILE',
      reason: 'unreadable',
    });
  });

  it('reports a file that is not JSON', async () => {
    const path = await seedFile('bad.json', '{ deployments: [] }');

    const error = await loadSeedFile(path).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SeedFileError);
    expect(error).toMatchObject({
      reason: 'syntax',
      message: expect.stringContaining(`not valid JSON: ${path}`),
    });
  });

  it.each([
    ['a top-level array', '[]', ''],
    ['an unknown top-level key', '{"deployment": []}', 'deployment'],
    ['deployments not an array', '{"deployments": {"a": 1}}', 'deployments'],
    ['a deployment that is not an object', '{"deployments": [null]}', 'deployments[0]'],
    ['an unknown deployment key', '{"deployments": [{}, {"app": "x"}]}', 'deployments[1].app'],
    ['an AppSpec of the wrong type', '{"deployments": [{"appSpec": true}]}', 'deployments[0].appSpec'],
    [
      'a malformed deployment id',
      '{"deployments": [{"deploymentId": "d-1"}]}',
      'deployments[0].deploymentId',
    ],
    ['functions not an array', '{"functions": {}}', 'functions'],
    [
      'a function handler module that does not exist',
      '{"functions": [{"functionName": "f", "handler": {"module": "./nowhere.mjs"}}]}',
      'functions[0].handler.module',
    ],
    [
      'an unknown version key',
      '{"functions": [{"functionName": "f", "handler": {"module": "./good.mjs"}, "versions": [{"code": 1}]}]}',
      'functions[0].versions[0].code',
    ],
    [
      'an alias without a version',
      '{"functions": [{"functionName": "f", "handler": {"module": "./good.mjs"}, "aliases": [{"name": "live"}]}]}',
      'functions[0].aliases[0].version',
    ],
    [
      'a hook execution id of the wrong type',
      '{"deployments": [{"hookExecutionIds": {"AfterAllowTraffic": 1}}]}',
      'deployments[0].hookExecutionIds.AfterAllowTraffic',
    ],
  ])('rejects %s, naming the path into the JSON and the file', async (_case, content, path) => {
    await copyFile(join(__dirname, 'lambda', 'fixtures', 'good.mjs'), join(dir, 'good.mjs'));
    const file = await seedFile(`invalid-${path || 'root'}.json`, content);

    const error = await loadSeedFile(file).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidEmulatorInputError);
    expect(error).toMatchObject({ path, message: expect.stringContaining(`seed file ${file}`) });
    if (path !== '') expect((error as Error).message).toContain(`"${path}"`);
  });

  it('reports an unreadable file', async () => {
    if (process.getuid?.() === 0) return; // root reads anything; the directory case covers 'unreadable'
    const path = await seedFile('locked.json', '{}');
    await chmod(path, 0o000);

    await expect(loadSeedFile(path)).rejects.toMatchObject({ reason: 'unreadable' });
  });
});
