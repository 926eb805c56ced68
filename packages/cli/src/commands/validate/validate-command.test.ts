/**
 * `shiftguard validate` through `runShiftguard`, as the binary calls it, on real template files: the
 * text a terminal or CI log shows, the JSON, the SARIF held to the SARIF 2.1.0 schema and to what GitHub
 * code scanning reads, the exit codes, --output and --base against a git repository made here.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join, relative, resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { runShiftguard } from '../../main';

const repositoryRoot = resolve(__dirname, '../../../../..');
const CORPUS = join(repositoryRoot, 'test', 'fixtures', 'doctor');
const fixture = (name: string) => relative(process.cwd(), join(CORPUS, `${name}.yaml`));

/**
 * `shiftguard validate` on the corpus, whose hooks have no code to build: their plans are not read
 * (`--no-load-hooks`) unless a test says `loadHooks`.
 */
async function run(
  argv: string[],
  options: { tty?: boolean; env?: Record<string, string>; loadHooks?: boolean } = {},
) {
  let stdout = '';
  let stderr = '';
  const args =
    argv[0] === 'validate' && !options.loadHooks && !argv.includes('--help')
      ? [...argv, '--no-load-hooks']
      : argv;
  const code = await runShiftguard(args, {
    stdout: {
      write: (text: string) => {
        stdout += text;
      },
      isTTY: options.tty ?? false,
    },
    stderr: {
      write: (text: string) => {
        stderr += text;
      },
    },
    stop: new AbortController().signal,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

const made: string[] = [];
function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(os.tmpdir(), 'sg-validate-')));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const gitEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { env: gitEnv, encoding: 'utf8' });

/** The schema @microsoft/jest-sarif ships (SARIF 2.1.0, draft-04), compiled with ajv 8. */
function sarifSchema() {
  const schema = JSON.parse(
    readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  ) as Record<string, unknown>;
  // Draft-04's `id` and `$schema` are not ajv 8's; its `language` pattern needs non-unicode regexps.
  delete schema.$schema;
  delete schema.id;
  const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('shiftguard validate', () => {
  it('writes each finding as a compiler does, its fix below, and exits 1 on an error', async () => {
    const file = fixture('hook-name-prefix');
    const { code, stdout, stderr } = await run(['validate', file]);
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
    expect(stdout.split('\n')).toEqual([
      `${file}:23:7: error hook-name-prefix: PreTrafficHook is named "sam-app-pre-traffic": CodeDeploy's default role for OrdersFunction's deployment (AWSCodeDeployRoleForLambda) may invoke only functions named CodeDeployHook_*, so the PreTraffic hook is never invoked and every deployment fails`,
      `  fix: Change PreTrafficHook FunctionName: !Sub CodeDeployHook_\${AWS::StackName}-pre-traffic, or give DeploymentPreference.Role a role that may invoke it.`,
      `${file}: 1 error, no warnings, no infos`,
      '',
    ]);
  });

  it('exits 0 with warnings only, and says so for a clean template', async () => {
    const warned = await run(['validate', fixture('hook-outside-stack')]);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain(': warning hook-outside-stack: ');
    expect(warned.stdout).toMatch(/: no errors, 1 warning, no infos\n$/);
    const clean = await run(['validate', fixture('clean')]);
    expect(clean).toEqual({ code: 0, stdout: `${fixture('clean')}: no findings\n`, stderr: '' });
  });

  it('colours the severity on a terminal, and not with NO_COLOR', async () => {
    const coloured = await run(['validate', fixture('hook-name-prefix')], { tty: true });
    expect(coloured.stdout).toContain('\x1b[31merror\x1b[39m');
    const plain = await run(['validate', fixture('hook-name-prefix')], { tty: true, env: { NO_COLOR: '1' } });
    expect(plain.stdout).not.toContain('\x1b[');
  });

  it('--format json prints the doctor’s report', async () => {
    const { code, stdout } = await run(['validate', fixture('alarm-missing-data'), '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.file).toBe(fixture('alarm-missing-data'));
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'alarm-missing-data',
        severity: 'error',
        logicalId: 'ErrorsAlarm',
        line: 52,
        column: 7,
      }),
    ]);
    expect(report.rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'alarm-missing-data', name: 'AlarmMissingData' }),
      ]),
    );
  });

  it('--format sarif: valid SARIF 2.1.0, with what GitHub code scanning reads', async () => {
    const file = fixture('alarm-missing-data-default');
    const { code, stdout } = await run(['validate', file, '--format', 'sarif']);
    expect(code).toBe(0);
    const log = JSON.parse(stdout);
    const validate = sarifSchema();
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    // What the schema itself refuses, so the check above is a real one.
    expect(
      validate({
        ...log,
        runs: [{ ...log.runs[0], results: [{ ...log.runs[0].results[0], level: 'fatal' }] }],
      }),
    ).toBe(false);

    expect(log).toMatchObject({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0' });
    const [run0] = log.runs;
    expect(run0.columnKind).toBe('utf16CodeUnits');
    expect(run0.tool.driver.name).toBe('shiftguard');
    for (const rule of run0.tool.driver.rules) {
      expect(rule).toEqual({
        id: expect.stringMatching(/^[a-z][a-z0-9-]+$/),
        name: expect.stringMatching(/^[A-Z][A-Za-z0-9]+$/),
        shortDescription: { text: expect.any(String) },
        fullDescription: { text: expect.any(String) },
        help: { text: expect.any(String) },
        defaultConfiguration: { level: expect.stringMatching(/^(error|warning|note)$/) },
      });
    }
    const [result] = run0.results;
    expect(run0.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    expect(result).toMatchObject({
      ruleId: 'alarm-missing-data',
      level: 'warning',
      message: { text: expect.stringContaining('Fix: TreatMissingData: notBreaching') },
      locations: [
        {
          physicalLocation: {
            // The worktree is a git repository: the path from its root, with '/'.
            artifactLocation: {
              uri: 'test/fixtures/doctor/alarm-missing-data-default.yaml',
              uriBaseId: '%SRCROOT%',
            },
            region: {
              startLine: 37,
              startColumn: 5,
              endLine: expect.any(Number),
              endColumn: expect.any(Number),
            },
          },
          logicalLocations: [{ name: 'ErrorsAlarm', kind: 'resource' }],
        },
      ],
      partialFingerprints: { 'shiftguardFinding/v1': expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    // info is SARIF's note.
    const info = JSON.parse(
      (await run(['validate', fixture('auto-publish-config-only'), '--format', 'sarif'])).stdout,
    );
    expect(info.runs[0].results.map((r: { level: string }) => r.level)).toEqual(['note']);
  });

  it('SARIF URIs are relative to the repository root of the template, and to cwd outside one', async () => {
    const root = tempDir();
    git(root, 'init', '--quiet', '--initial-branch=main');
    mkdirSync(join(root, 'services', 'orders'), { recursive: true });
    const inRepo = join(root, 'services', 'orders', 'template.yaml');
    writeFileSync(inRepo, readFileSync(join(CORPUS, 'hook-timeout.yaml')));
    const log = JSON.parse((await run(['validate', inRepo, '--format', 'sarif'])).stdout);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'services/orders/template.yaml',
    );
  });

  it('--output writes the findings to a file (folders made), the count on stdout', async () => {
    const dir = tempDir();
    const target = join(dir, 'out', 'results.sarif');
    const file = fixture('hook-timeout');
    const { code, stdout } = await run(['validate', file, '--format', 'sarif', '--output', target]);
    expect(code).toBe(1);
    expect(stdout).toBe(`${file}: 1 error, no warnings, no infos (sarif written to ${target})\n`);
    expect(JSON.parse(readFileSync(target, 'utf8')).runs[0].results).toHaveLength(1);
    const text = await run(['validate', file, '--output', join(dir, 'findings.txt')]);
    expect(readFileSync(join(dir, 'findings.txt'), 'utf8')).toContain(': error hook-timeout: ');
    expect(text.code).toBe(1);
    const blocked = join(dir, 'file');
    writeFileSync(blocked, '');
    const refused = await run(['validate', file, '--output', join(blocked, 'x.txt')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^shiftguard validate: cannot write the findings to /);
  });

  it('--base compares with the template at a git ref', async () => {
    const root = tempDir();
    git(root, 'init', '--quiet', '--initial-branch=main');
    const template = join(root, 'template.yaml');
    writeFileSync(template, readFileSync(join(CORPUS, 'alarms-removed.base.yaml')));
    git(root, 'add', '--all');
    git(root, 'commit', '--quiet', '--no-gpg-sign', '-m', 'with alarms');
    writeFileSync(template, readFileSync(join(CORPUS, 'alarms-removed.yaml')));
    const { code, stdout } = await run(['validate', template, '--base', 'main']);
    expect(code).toBe(0);
    expect(stdout).toContain(
      `${template}:15:7: warning alarms-removed: since main, OrdersFunction's DeploymentPreference has no Alarms`,
    );
    const unknown = await run(['validate', template, '--base', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^shiftguard validate: --base nope: not a commit of the repository /);
  });

  it.each([
    [['validate'], /^shiftguard validate: TEMPLATE is required/],
    [['validate', 'nowhere.yaml'], /^shiftguard validate: nowhere.yaml: cannot be read: ENOENT/],
    [['validate', 'x.yaml', '--format', 'xml'], /^shiftguard validate: --format must be one of/],
  ])('exits 2 for %j', async (argv, says) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(says);
  });

  it('exits 2 for a file that is no template, and for a --param the template does not have', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.yaml'), '');
    const empty = await run(['validate', join(dir, 'empty.yaml')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('a template must be a mapping of sections');
    const param = await run(['validate', fixture('clean'), '--param', 'Nope=1']);
    expect(param).toMatchObject({
      code: 2,
      stderr: 'shiftguard validate: --param Nope is not a parameter of the template; its parameters: none\n',
    });
  });

  it('is listed in the usage, and prints its own help', async () => {
    expect((await run(['--help'])).stdout).toContain('  validate    check a SAM template');
    const help = await run(['validate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: shiftguard validate TEMPLATE \[options\]/);
  });

  it("reads a hook's plan from its code: an example passes, and a Timeout its plan does not fit fails", async () => {
    const example = join(repositoryRoot, 'examples', 'metric-gate');
    const clean = await run(['validate', join(example, 'template.yaml')], { loadHooks: true });
    expect(clean).toMatchObject({ code: 0, stderr: '' });
    expect(clean.stdout).toMatch(/: no findings\n$/);

    const short = join(example, '.validate-short-timeout.yaml');
    writeFileSync(
      short,
      readFileSync(join(example, 'template.yaml'), 'utf8').replace('Timeout: 180', 'Timeout: 60'),
    );
    try {
      const cut = await run(['validate', short], { loadHooks: true });
      expect(cut.code).toBe(1);
      expect(cut.stdout).toMatch(
        /error hook-timeout: PostTrafficHook has Timeout 60 s, but its plan .* takes at least 120 s/,
      );
    } finally {
      rmSync(short, { force: true });
    }
  }, 60_000);
});
