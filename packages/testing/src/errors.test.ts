/**
 * The emulator's errors across its two builds: an application whose code `import`s the package while a
 * dependency `require`s it loads both, and an error thrown by one copy must still be an instance of the
 * other copy's class. Checked on the built entries in a fresh Node process, where `import()` is Node's
 * own rather than jest's CommonJS transform.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const packageDir = resolve(__dirname, '..');
const cjsEntry = join(packageDir, 'dist', 'index.cjs');
const esmEntry = join(packageDir, 'dist', 'index.js');

interface Verdicts {
  readonly twoCopies: boolean;
  readonly thrown: Readonly<Record<string, Readonly<Record<string, boolean | string>>>>;
}

function acrossBuilds(): Verdicts {
  for (const entry of [cjsEntry, esmEntry]) {
    // A build older than the error classes would test the classes as they were.
    if (!existsSync(entry) || statSync(entry).mtimeMs < statSync(join(__dirname, 'errors.ts')).mtimeMs) {
      throw new Error(`${entry} is missing or older than src/errors.ts: run pnpm build first`);
    }
  }
  const script = `
    import { createRequire } from 'node:module';
    import { pathToFileURL } from 'node:url';
    const cjs = createRequire(${JSON.stringify(cjsEntry)})(${JSON.stringify(cjsEntry)});
    const esm = await import(pathToFileURL(${JSON.stringify(esmEntry)}).href);
    const caught = async (run) => {
      try { await run(); } catch (error) { return error; }
      throw new Error('did not throw');
    };
    const input = await caught(() => cjs.createManualClock({ startAt: -1 }));
    const clock = cjs.createManualClock({ startAt: 0 });
    clock.setTimeout(() => {}, 1);
    const runaway = await caught(() => clock.runAll({ maxTimers: 0 }));
    const judge = (error, copy, own, other) => ({
      code: error.code,
      ownClass: error instanceof copy[own],
      base: error instanceof copy.EmulatorError,
      otherClass: error instanceof copy[other],
    });
    console.log(JSON.stringify({
      twoCopies: cjs.InvalidEmulatorInputError !== esm.InvalidEmulatorInputError,
      thrown: {
        input: judge(input, esm, 'InvalidEmulatorInputError', 'SeedFileError'),
        runaway: judge(runaway, esm, 'ManualClockError', 'InvalidEmulatorInputError'),
        fromEsm: judge(new esm.UnknownFunctionError('ghost'), cjs, 'UnknownFunctionError', 'UnknownDeploymentError'),
      },
    }));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`child failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Verdicts;
}

describe('emulator errors across the ESM and the CJS build', () => {
  let verdicts: Verdicts;

  beforeAll(() => {
    verdicts = acrossBuilds();
  });

  it('loads two copies of each class', () => {
    expect(verdicts.twoCopies).toBe(true);
  });

  it.each([
    ['an input error the CJS build threw, to the ESM classes,', 'input', 'SG_EMULATOR_INVALID_INPUT'],
    ['a clock error the CJS build threw, to the ESM classes,', 'runaway', 'SG_EMULATOR_MANUAL_CLOCK'],
    ['an error the ESM build made, to the CJS classes,', 'fromEsm', 'SG_EMULATOR_UNKNOWN_FUNCTION'],
  ])('%s is an instance of its class and of EmulatorError, not of another class', (_case, error, code) => {
    expect(verdicts.thrown[error]).toEqual({ code, ownClass: true, base: true, otherClass: false });
  });
});
