import { parseArgs } from 'node:util';
import type { LifecycleEvent } from '@shiftguard/core';
import type { ReportTargets } from '../../report/write';
import {
  InvalidArgument,
  matching,
  nonEmpty,
  onePositional,
  parseCommandLine,
  reportTargets,
} from '../arguments';

export const USAGE = `Usage: shiftguard run CHECKS_MODULE [target] [options]

Runs the checks a hook runs, from your machine or a pipeline: the module's exported plan, judged
through the same deployment resolution, deadline and verdict as the hook, against real AWS with your
credentials or against the emulator. It reports to CodeDeploy only with --report-status.

CHECKS_MODULE is a .ts, .mts, .cts, .js, .mjs or .cjs file exporting the plan: \`checks\` (a check or
an array of checks), else \`plan\`, else the default export; or \`hookOptions\` (createHook's options:
checks, reserveMs, allowBreakGlass, target, lifecycleEvent). TypeScript is bundled with esbuild, no
build step needed.

Target, one of:
  --deployment-id D        the deployment to judge: its target read from GetDeployment and the
                           AppSpec, as a hook reads it (needs --lifecycle)
  --execution-id E         the hook execution to report on, with --deployment-id
  --function NAME          the function to judge, with --version
  --version N              the new version (what the checks invoke)
  --current-version M      the version serving traffic now (what comparisons run against)
  --alias A                the alias (default: the function's only alias)
  (none)                   SHIFTGUARD_TARGET_FUNCTION, SHIFTGUARD_TARGET_VERSION, ... as a hook reads them

Options:
  --lifecycle EVENT        BeforeAllowTraffic or AfterAllowTraffic: the hook whose checks these are
                           (default BeforeAllowTraffic; required with --deployment-id)
  --report-status          report the verdict to CodeDeploy (PutLifecycleEventHookExecutionStatus);
                           needs --deployment-id and --execution-id
  --endpoint-url URL       send every AWS call to URL (the emulator): shiftguard's own and those of
                           the SDK clients your checks create
  --timeout SECONDS        time the run may take, as a Lambda timeout gives a hook (default 900)
  --report FILE.html       write the HTML report: one self-contained page (the verdict, every check)
  --junit FILE             write JUnit XML: one test case per check, for CI test reports
  --json FILE              write the report as JSON (schema: @shiftguard/cli/report.schema.json);
                           - prints it on stdout, and the progress on stderr
  -h, --help               show this help

Exit code: 0 the checks passed (Succeeded); 1 they failed (Failed), a requested report did not
reach CodeDeploy, or the run was interrupted; 2 bad input: an option, a module that cannot be found
or loaded, a module without a plan, an invalid plan, no target.
`;

/** Which deployment or function the checks judge, as the command line says it. */
export type RunTargetArgs =
  | {
      readonly kind: 'deployment';
      readonly deploymentId: string;
      readonly executionId: string | undefined;
    }
  | {
      readonly kind: 'function';
      readonly functionName: string;
      readonly version: string;
      readonly currentVersion: string | undefined;
      readonly alias: string | undefined;
    }
  /** No target flag: the `SHIFTGUARD_TARGET_*` variables, read when the run starts. */
  | { readonly kind: 'environment' };

/** What `shiftguard run` was asked to do; every value checked, nothing read from disk yet. */
export interface RunRequest {
  readonly module: string;
  readonly target: RunTargetArgs;
  readonly lifecycleEvent: LifecycleEvent | undefined;
  readonly reportStatus: boolean;
  readonly endpointUrl: string | undefined;
  readonly timeoutMs: number;
  /** The report files asked for; `json: '-'` prints the JSON on stdout, and progress on stderr. */
  readonly reports: ReportTargets;
}

export type RunCommand =
  | { readonly kind: 'help' }
  | ({ readonly kind: 'run' } & RunRequest)
  | { readonly kind: 'invalid'; readonly message: string };

/** What Node's loader and esbuild take as a module, TypeScript or JavaScript. */
export const MODULE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;
/** A Lambda hook's longest run, and `runChecks`' own limit. */
const MAX_TIMEOUT_SECONDS = 900;
const LIFECYCLE_EVENTS: readonly LifecycleEvent[] = ['BeforeAllowTraffic', 'AfterAllowTraffic'];
// Lambda's own patterns: a version is a number (or $LATEST); an alias is not all digits.
const VERSION = /^(\d+|\$LATEST)$/;
const ALIAS = /^(?!\d+$)[A-Za-z0-9_-]{1,128}$/;
// A name, a partial ARN (123456789012:function:orders) or a full ARN: no spaces, no slashes.
const FUNCTION = /^[A-Za-z0-9_:.-]{1,170}$/;
const SECONDS = /^(\d+(\.\d*)?|\.\d+)$/;
const FUNCTION_FLAGS = ['function', 'version', 'current-version', 'alias'] as const;

/** Parses `shiftguard run`'s arguments (after the command name); never throws. */
export function parseRunArgs(argv: readonly string[]): RunCommand {
  return parseCommandLine(argv, parse, (values, positionals) => {
    return {
      kind: 'run',
      module: moduleOf(positionals),
      target: targetOf(values),
      lifecycleEvent: lifecycleOf(values),
      reportStatus: reportStatusOf(values),
      endpointUrl: endpointOf(values['endpoint-url']),
      timeoutMs: timeoutOf(values.timeout),
      reports: reportTargets(values),
    };
  });
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      'deployment-id': { type: 'string' },
      'execution-id': { type: 'string' },
      function: { type: 'string' },
      version: { type: 'string' },
      'current-version': { type: 'string' },
      alias: { type: 'string' },
      lifecycle: { type: 'string' },
      'report-status': { type: 'boolean' },
      'endpoint-url': { type: 'string' },
      timeout: { type: 'string' },
      report: { type: 'string' },
      junit: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
}

type Values = ReturnType<typeof parse>['values'];

function moduleOf(positionals: readonly string[]): string {
  const module = onePositional(positionals, 'CHECKS_MODULE', 'the file that exports the checks');
  if (!MODULE_EXTENSIONS.some((extension) => module.endsWith(extension))) {
    throw new InvalidArgument(
      `CHECKS_MODULE must be a ${MODULE_EXTENSIONS.join(', ')} file (got "${module}")`,
    );
  }
  return module;
}

function targetOf(values: Values): RunTargetArgs {
  const deploymentId = nonEmpty('--deployment-id', values['deployment-id']);
  const executionId = nonEmpty('--execution-id', values['execution-id']);
  const functionFlags = FUNCTION_FLAGS.filter((flag) => values[flag] !== undefined);
  if (deploymentId !== undefined) {
    if (functionFlags.length > 0) {
      throw new InvalidArgument(
        `--deployment-id judges the target its AppSpec names; leave out ${functionFlags.map((flag) => `--${flag}`).join(', ')}`,
      );
    }
    return { kind: 'deployment', deploymentId, executionId };
  }
  if (executionId !== undefined) {
    throw new InvalidArgument(
      '--execution-id names a hook execution of a deployment: give --deployment-id too',
    );
  }
  if (functionFlags.length === 0) return { kind: 'environment' };
  if (values.function === undefined) {
    const flags = functionFlags.map((flag) => `--${flag}`);
    throw new InvalidArgument(`${flags.join(', ')} ${flags.length === 1 ? 'needs' : 'need'} --function NAME`);
  }
  if (values.version === undefined) {
    throw new InvalidArgument('--function needs --version N: the new version the checks judge');
  }
  return {
    kind: 'function',
    functionName: matching('--function', values.function, FUNCTION, 'a function name or ARN'),
    version: matching('--version', values.version, VERSION, 'a version number (or $LATEST)'),
    currentVersion: matching(
      '--current-version',
      values['current-version'],
      VERSION,
      'a version number (or $LATEST)',
    ),
    alias: matching(
      '--alias',
      values.alias,
      ALIAS,
      'an alias name: letters, digits, - and _, not all digits',
    ),
  };
}

function lifecycleOf(values: Values): LifecycleEvent | undefined {
  const given = values.lifecycle;
  if (given !== undefined && !(LIFECYCLE_EVENTS as readonly string[]).includes(given)) {
    throw new InvalidArgument(`--lifecycle must be ${LIFECYCLE_EVENTS.join(' or ')} (got "${given}")`);
  }
  return given as LifecycleEvent | undefined;
}

function reportStatusOf(values: Values): boolean {
  if (values['report-status'] !== true) return false;
  if (values['deployment-id'] === undefined || values['execution-id'] === undefined) {
    throw new InvalidArgument(
      '--report-status reports on a hook execution: give --deployment-id and --execution-id',
    );
  }
  return true;
}

function endpointOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgument(`--endpoint-url must be a URL such as http://127.0.0.1:4566 (got "${value}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgument(`--endpoint-url must be an http or https URL (got "${value}")`);
  }
  return value;
}

function timeoutOf(value: string | undefined): number {
  if (value === undefined) return MAX_TIMEOUT_SECONDS * 1000;
  const seconds = SECONDS.test(value) ? Number(value) : Number.NaN;
  // Whole milliseconds: what runChecks takes.
  const ms = Math.round(seconds * 1000);
  if (!(ms >= 1 && seconds <= MAX_TIMEOUT_SECONDS)) {
    throw new InvalidArgument(
      `--timeout must be a number of seconds above 0, at most ${MAX_TIMEOUT_SECONDS} (got "${value}")`,
    );
  }
  return ms;
}
