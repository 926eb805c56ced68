/**
 * `shiftguard simulate --json FILE --junit FILE` on examples/canary-smoke, read back by the tools a
 * pipeline uses: the JSON validated against the schema the package ships (Ajv, JSON Schema 2020-12,
 * strict), the JUnit XML checked well-formed by libxml2's `xmllint` and parsed by `junitparser`
 * (Debian's python3-junitparser, the library junit2html-style tools and CI plugins build on).
 * `.ci/run` installs both; without them the tests that need them say they were skipped, and why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { runShiftguard } from '../packages/cli/src/main';

jest.setTimeout(120_000);

const root = resolve(__dirname, '..');
const example = join(root, 'examples', 'canary-smoke');
const schema = JSON.parse(
  readFileSync(join(root, 'packages', 'cli', 'schemas', 'report.schema.json'), 'utf8'),
);
const XMLLINT = '/usr/bin/xmllint';
const PYTHON = '/usr/bin/python3';
const hasJunitParser =
  existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import junitparser'], { encoding: 'utf8' }).status === 0;

const RUNS = {
  promoted: ['--to-env', 'RELEASE=2'],
  smokeFails: ['--to-env', 'RELEASE=2', '--to-env', 'BROKEN=true'],
  alarmFires: ['--to-env', 'RELEASE=2', '--to-env', 'FAIL_ONE_IN=5'],
} as const;

let dir: string;
const outputs = new Map<keyof typeof RUNS, { code: number; json: string; junit: string; stdout: string }>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shiftguard-report-formats-'));
  for (const [name, args] of Object.entries(RUNS) as [keyof typeof RUNS, readonly string[]][]) {
    const json = join(dir, name, 'report.json');
    const junit = join(dir, name, 'junit.xml');
    let stdout = '';
    const code = await runShiftguard(
      [
        'simulate',
        join(example, 'template.yaml'),
        '--from',
        example,
        '--to',
        example,
        ...args,
        '--seed',
        '1',
        '--json',
        json,
        '--junit',
        junit,
      ],
      {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stdout += text) },
        stop: new AbortController().signal,
        env: { NO_COLOR: '1' },
      },
    );
    outputs.set(name, { code, json, junit, stdout });
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function output(name: keyof typeof RUNS) {
  const found = outputs.get(name);
  if (found === undefined) throw new Error(`no output for ${name}`);
  return found;
}

describe('the JSON report', () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it.each(Object.keys(RUNS) as (keyof typeof RUNS)[])('of the %s run is valid against its schema', (name) => {
    const { json, stdout } = output(name);
    expect(stdout).toContain(`report: ${json}`);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    const valid = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('says what happened, in each run', () => {
    const read = (name: keyof typeof RUNS) => JSON.parse(readFileSync(output(name).json, 'utf8'));
    const promoted = read('promoted');
    expect(output('promoted').code).toBe(0);
    expect(promoted.outcome).toMatchObject({ passed: true, label: 'Promoted' });
    expect(promoted.weights.at(-1).newVersionWeight).toBe(1);
    expect(promoted.traffic.byVersion['2'].invocations).toBeGreaterThan(0);

    const smoke = read('smokeFails');
    expect(output('smokeFails').code).toBe(1);
    expect(smoke.outcome.cause).toMatch(/BeforeAllowTraffic hook .* reported Failed/);
    expect(smoke.hooks[0].checks[0]).toMatchObject({
      name: 'smoke GET /orders',
      status: 'fail',
      blocking: true,
    });
    expect(smoke.traffic.byVersion['2']).toBeUndefined();

    const alarm = read('alarmFires');
    expect(alarm.outcome.cause).toMatch(/alarm sam-app-NewVersionErrorsAlarm went to ALARM/);
    expect(alarm.alarms[0].states.map((state: { state: string }) => state.state)).toEqual([
      'INSUFFICIENT_DATA',
      'ALARM',
    ]);
    const minute = alarm.traffic.byMinute.find(
      (entry: { versions: Record<string, unknown> }) => entry.versions['2'] !== undefined,
    );
    expect(minute.versions['2'].errors).toBeGreaterThan(0);
    expect(minute.versions['2'].durationMs.p99).toBeGreaterThanOrEqual(minute.versions['2'].durationMs.p50);
  });

  it('is refused by the schema when a field is wrong', () => {
    const report = JSON.parse(readFileSync(output('promoted').json, 'utf8'));
    expect(validate({ ...report, outcome: { ...report.outcome, passed: 'yes' } })).toBe(false);
    expect(validate({ ...report, surprise: 1 })).toBe(false);
  });
});

describe('the JUnit report', () => {
  it.each(Object.keys(RUNS) as (keyof typeof RUNS)[])('of the %s run is well-formed XML', (name) => {
    if (!existsSync(XMLLINT)) {
      console.warn(`skipped: ${XMLLINT} is missing (Debian's libxml2-utils; .ci/run installs it)`);
      return;
    }
    const lint = spawnSync(XMLLINT, ['--noout', output(name).junit], { encoding: 'utf8' });
    expect(lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  });

  it('parses with junitparser: one case per check per hook, and the deployment', () => {
    if (!hasJunitParser) {
      console.warn(
        `skipped: ${PYTHON} with junitparser is missing (Debian's python3-junitparser; .ci/run installs it)`,
      );
      return;
    }
    const script = `
import json, sys
from junitparser import JUnitXml, Failure, Error, Skipped
out = []
for suite in JUnitXml.fromfile(sys.argv[1]):
    cases = []
    for case in suite:
        results = [{"kind": type(r).__name__, "message": r.message, "type": r.type} for r in case.result]
        cases.append({"name": case.name, "classname": case.classname, "time": case.time, "results": results})
    out.append({"name": suite.name, "tests": suite.tests, "failures": suite.failures, "errors": suite.errors, "cases": cases})
print(json.dumps(out))
`;
    const parse = (name: keyof typeof RUNS) => {
      const run = spawnSync(PYTHON, ['-c', script, output(name).junit], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      return JSON.parse(run.stdout) as {
        name: string;
        tests: number;
        failures: number;
        cases: {
          name: string;
          classname: string;
          results: { kind: string; message: string; type: string }[];
        }[];
      }[];
    };

    const promoted = parse('promoted');
    expect(promoted.map((suite) => suite.name)).toEqual([
      'deployment',
      'BeforeAllowTraffic CodeDeployHook_sam-app-pre-traffic',
    ]);
    expect(promoted[1]!.cases.map((test) => test.name)).toEqual([
      'smoke GET /orders',
      'same answer as the current version',
    ]);
    // The warnOnly diff failed without blocking: it must not fail the CI run either.
    expect(promoted.flatMap((suite) => suite.cases.flatMap((test) => test.results))).toEqual([]);

    const smoke = parse('smokeFails');
    expect(smoke[0]!.cases[0]!.results).toEqual([
      expect.objectContaining({ kind: 'Failure', type: 'HOOK_EXECUTION_FAILURE' }),
    ]);
    expect(smoke[1]!.cases[0]!.results).toEqual([
      expect.objectContaining({
        kind: 'Failure',
        type: 'fail',
        message: expect.stringMatching(/orders table does not exist/),
      }),
    ]);

    const alarm = parse('alarmFires');
    expect(alarm[0]!.cases[0]!.results).toEqual([
      expect.objectContaining({
        kind: 'Failure',
        type: 'ALARM_ACTIVE',
        message: expect.stringMatching(/went to ALARM/),
      }),
    ]);
  });
});
