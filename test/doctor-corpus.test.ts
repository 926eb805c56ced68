/**
 * The broken-template corpus: each file of test/fixtures/doctor holds one mistake and says what the
 * doctor must find in its own comments, so the expectation cannot drift from the template:
 *
 *   # expect: <rule id> <line>[:<column>]   (one line per finding; none: no finding at all)
 *   # base: <file>                           (--base: that file committed, this one in the working tree)
 *   # budget: <HookBudget as JSON>           (what the hook budget provider reads from every hook)
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type HookBudget, validateSamTemplate } from '@shiftguard/simulator';
import { DOCTOR_RULES } from '../packages/simulator/src/doctor/rules';
import { READER_RULES } from '../packages/simulator/src/doctor/rules/reader';

const corpus = path.join(__dirname, 'fixtures', 'doctor');
const files = readdirSync(corpus)
  .filter((name) => name.endsWith('.yaml') && !name.endsWith('.base.yaml'))
  .sort();

interface Expected {
  readonly ruleId: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
}

function directives(text: string, name: string): string[] {
  return [...text.matchAll(new RegExp(`^# ${name}: (.*)$`, 'gm'))].map((match) => match[1]!.trim());
}

function expectations(text: string): Expected[] {
  return directives(text, 'expect').map((spec) => {
    const match = /^([a-z][a-z0-9-]*)(?: (\d+)(?::(\d+))?)?$/.exec(spec);
    if (!match) throw new Error(`bad expectation: ${spec}`);
    return {
      ruleId: match[1]!,
      line: match[2] === undefined ? undefined : Number(match[2]),
      column: match[3] === undefined ? undefined : Number(match[3]),
    };
  });
}

const gitEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { env: gitEnv });

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A repository with `base` committed as template.yaml and `file` over it in the working tree. */
function withBase(file: string, base: string): string {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'sg-corpus-')));
  made.push(root);
  git(root, 'init', '--quiet', '--initial-branch=main');
  copyFileSync(path.join(corpus, base), path.join(root, 'template.yaml'));
  git(root, 'add', '--all');
  git(root, 'commit', '--quiet', '--no-gpg-sign', '-m', 'base');
  copyFileSync(path.join(corpus, file), path.join(root, 'template.yaml'));
  return root;
}

describe('the broken-template corpus', () => {
  it('has a fixture for every structural rule and each rule the reader reports', () => {
    const covered = new Set(
      files
        .flatMap((file) => expectations(readFileSync(path.join(corpus, file), 'utf8')))
        .map((e) => e.ruleId),
    );
    const ids = [...DOCTOR_RULES.map((rule) => rule.description.id), ...READER_RULES.map((rule) => rule.id)];
    // base-unreadable needs a base that does not read: packages/simulator/src/doctor/base.test.ts has it.
    const uncovered = ids.filter((id) => !covered.has(id) && id !== 'base-unreadable');
    expect(uncovered).toEqual([]);
  });

  it.each(files)('%s', async (file) => {
    const text = readFileSync(path.join(corpus, file), 'utf8');
    const expected = expectations(text);
    const [base] = directives(text, 'base');
    const [budget] = directives(text, 'budget');
    // The corpus has no hook code to build: a hook's plan is read only from a `# budget:` line.
    const options = {
      loadHooks: budget !== undefined,
      ...(budget !== undefined && {
        hookBudget: async (): Promise<HookBudget> => JSON.parse(budget) as HookBudget,
      }),
    };
    const report =
      base === undefined
        ? await validateSamTemplate(path.join(corpus, file), options)
        : await validateSamTemplate('template.yaml', { ...options, cwd: withBase(file, base), base: 'main' });
    const found = report.findings.map((finding, index) => ({
      ruleId: finding.ruleId,
      line: expected[index]?.line === undefined ? undefined : finding.line,
      column: expected[index]?.column === undefined ? undefined : finding.column,
    }));
    expect(found).toEqual(expected);
    for (const finding of report.findings) {
      expect(finding.message).not.toBe('');
      expect(finding.fix).not.toBe('');
    }
  });
});

describe('the READMEs', () => {
  it.each(['packages/simulator/README.md', 'packages/cli/README.md'])(
    '%s lists every rule with its severity',
    (readme) => {
      const text = readFileSync(path.join(__dirname, '..', readme), 'utf8');
      const rules = [...READER_RULES, ...DOCTOR_RULES.map((rule) => rule.description)];
      const missing = rules.filter(
        (rule) => !new RegExp(`^\\| \`${rule.id}\` +\\| ${rule.severity} +\\|`, 'm').test(text),
      );
      expect(missing.map((rule) => rule.id)).toEqual([]);
    },
  );
});

describe('the examples', () => {
  // Read as `shiftguard validate` reads them: their hooks built and loaded, so hook-timeout holds each
  // Timeout to its plan, and every IAM rule runs. Users copy these: they must draw no finding at all.
  it.each(['canary-smoke', 'api-probes', 'metric-gate', 'custom-check'])(
    'examples/%s draws no finding',
    async (example) => {
      const report = await validateSamTemplate(
        path.join(__dirname, '..', 'examples', example, 'template.yaml'),
      );
      expect(report.findings).toEqual([]);
    },
    60_000,
  );
});
