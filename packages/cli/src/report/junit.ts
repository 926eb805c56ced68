import type { ReportCheck, ReportHook, ShiftguardReport } from './model';

/**
 * The report as JUnit XML, the format CI systems (GitHub Actions reporters, GitLab, Jenkins, Azure
 * Pipelines) read: one `<testsuite>` per hook, one `<testcase>` per check; a required check that
 * failed or timed out is a `<failure>`, one that errored an `<error>`, a skipped one `<skipped>`.
 * A non-blocking check (warnOnly, dryRun) that did not pass is a passing case with its message in
 * `<system-out>`, since it did not block the deployment either. A hook that never gave a verdict (it
 * threw, timed out, could not be invoked) is one errored case, so CI shows it; a simulation adds a
 * `deployment` suite whose one case fails when the new version was not promoted.
 *
 * @example
 * ```ts
 * writeFileSync('shiftguard.junit.xml', junitXml(simulationReport(result)));
 * ```
 */
export function junitXml(report: ShiftguardReport): string {
  const suites = [
    ...(report.kind === 'simulation' ? [deploymentSuite(report)] : []),
    ...report.hooks.map((hook) => hookSuite(hook)),
  ];
  const totals = suites.reduce(
    (sum, suite) => ({
      tests: sum.tests + suite.cases.length,
      failures: sum.failures + suite.cases.filter((test) => test.outcome?.kind === 'failure').length,
      errors: sum.errors + suite.cases.filter((test) => test.outcome?.kind === 'error').length,
      skipped: sum.skipped + suite.cases.filter((test) => test.outcome?.kind === 'skipped').length,
      time: sum.time + suite.cases.reduce((total, test) => total + test.seconds, 0),
    }),
    { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 },
  );
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attributes({ name: `shiftguard: ${report.title}`, ...counts(totals) })}>`,
    ...suites.flatMap((suite) => suiteLines(suite, report.generatedAt)),
    '</testsuites>',
    '',
  ];
  return lines.join('\n');
}

interface Case {
  readonly name: string;
  readonly classname: string;
  readonly seconds: number;
  readonly outcome:
    | {
        readonly kind: 'failure' | 'error' | 'skipped';
        readonly message: string;
        readonly type: string;
        readonly body: string;
      }
    | undefined;
  readonly out: string | undefined;
}

interface Suite {
  readonly name: string;
  readonly cases: readonly Case[];
}

function deploymentSuite(report: ShiftguardReport): Suite {
  const deployment = report.deployment;
  const body = [
    report.outcome.summary,
    ...(deployment?.error ? [`${deployment.error.code}: ${deployment.error.message}`] : []),
  ].join('\n');
  return {
    name: 'deployment',
    cases: [
      {
        name: `${report.title}: ${report.outcome.label}`,
        classname: 'shiftguard.deployment',
        seconds: (deployment?.durationMs ?? 0) / 1000,
        outcome: report.outcome.passed
          ? undefined
          : {
              kind: 'failure',
              message: report.outcome.cause ?? report.outcome.summary,
              type: deployment?.error?.code ?? 'NotPromoted',
              body,
            },
        out: report.outcome.passed ? report.outcome.summary : undefined,
      },
    ],
  };
}

function hookSuite(hook: ReportHook): Suite {
  const classname = `shiftguard.${hook.lifecycleEvent}.${hook.functionName}`;
  const name = `${hook.lifecycleEvent} ${hook.functionName}`;
  if (hook.checks.length === 0) {
    const passed = hook.status === 'Succeeded';
    return {
      name,
      cases: [
        {
          name: 'verdict',
          classname,
          seconds: (hook.durationMs ?? 0) / 1000,
          outcome: passed
            ? undefined
            : { kind: 'error', message: hook.reason, type: hook.status ?? 'NoVerdict', body: hook.reason },
          out: passed ? hook.reason : undefined,
        },
      ],
    };
  }
  return { name, cases: hook.checks.map((check) => checkCase(check, classname)) };
}

function checkCase(check: ReportCheck, classname: string): Case {
  const seconds = (check.durationMs ?? 0) / 1000;
  const message = check.message ?? check.status;
  const body = [
    message,
    ...(check.details === undefined ? [] : [JSON.stringify(check.details, null, 2)]),
  ].join('\n');
  const base = { name: check.name, classname, seconds };
  if (check.status === 'skipped')
    return { ...base, outcome: { kind: 'skipped', message, type: 'skipped', body: '' }, out: undefined };
  if (check.status === 'pass') return { ...base, outcome: undefined, out: check.message };
  if (!check.required) {
    return {
      ...base,
      outcome: undefined,
      out: `${check.status} — non-blocking: reported, did not block. ${body}`,
    };
  }
  const kind = check.status === 'error' ? 'error' : 'failure';
  return { ...base, outcome: { kind, message, type: check.status, body }, out: undefined };
}

function suiteLines(suite: Suite, timestamp: string): string[] {
  const failures = suite.cases.filter((test) => test.outcome?.kind === 'failure').length;
  const errors = suite.cases.filter((test) => test.outcome?.kind === 'error').length;
  const skipped = suite.cases.filter((test) => test.outcome?.kind === 'skipped').length;
  const time = suite.cases.reduce((total, test) => total + test.seconds, 0);
  return [
    `  <testsuite ${attributes({ name: suite.name, timestamp: timestamp.replace(/\.\d+Z$/, ''), ...counts({ tests: suite.cases.length, failures, errors, skipped, time }) })}>`,
    ...suite.cases.flatMap((test) => {
      const open = `    <testcase ${attributes({ name: test.name, classname: test.classname, time: seconds(test.seconds) })}`;
      const inner = [
        ...(test.outcome === undefined
          ? []
          : test.outcome.kind === 'skipped'
            ? [`      <skipped ${attributes({ message: test.outcome.message })}/>`]
            : [
                `      <${test.outcome.kind} ${attributes({ message: firstLine(test.outcome.message), type: test.outcome.type })}>${text(test.outcome.body)}</${test.outcome.kind}>`,
              ]),
        ...(test.out === undefined || test.out === ''
          ? []
          : [`      <system-out>${text(test.out)}</system-out>`]),
      ];
      return inner.length === 0 ? [`${open}/>`] : [`${open}>`, ...inner, '    </testcase>'];
    }),
    '  </testsuite>',
  ];
}

function counts(totals: { tests: number; failures: number; errors: number; skipped: number; time: number }) {
  return {
    tests: String(totals.tests),
    failures: String(totals.failures),
    errors: String(totals.errors),
    skipped: String(totals.skipped),
    time: seconds(totals.time),
  };
}

function seconds(value: number): string {
  return (Math.round(value * 1000) / 1000).toFixed(3);
}

function firstLine(message: string): string {
  const line = message.split('\n', 1)[0] ?? '';
  return line.length > 500 ? `${line.slice(0, 499)}…` : line;
}

function attributes(values: Readonly<Record<string, string>>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}="${escapeXml(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;')}"`)
    .join(' ');
}

function text(value: string): string {
  return escapeXml(value);
}

/**
 * Escapes markup, and drops what XML 1.0 cannot hold at all (most control characters, lone
 * surrogates): a check message is user text, and one stray byte would make the whole file unreadable.
 */
function escapeXml(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
