import { parseArgs } from 'node:util';
import type { ReportTargets } from '../../report/write';
import {
  InvalidArgument,
  matching,
  nonEmpty,
  onePositional,
  pairs,
  parseCommandLine,
  reportTargets,
} from '../arguments';

export const USAGE = `Usage: shiftguard simulate TEMPLATE [options]

Runs the canary deployment of a SAM template on an embedded emulator, as CodeDeploy would run it:
the function's old and new versions behind its alias, the hooks invoked and judged, traffic shifted
on the DeploymentPreference's schedule while requests flow, the alarms evaluated, a bad version
rolled back. Emulated time runs as fast as the work allows, so a ten-minute canary takes seconds.

Options:
  --function LOGICAL_ID  the function to deploy (default: the template's only function with an
                         enabled DeploymentPreference)
  --from DIR|REF         the serving version's code: a directory or a git ref (default HEAD)
  --to DIR|REF           the new version's code, which the hooks run too (default: the working tree)
  --from-env K=V         an environment variable of the serving version only; repeatable
  --to-env K=V           an environment variable of the new version only (a switch that makes it
                         faulty); repeatable
  --rps N                requests per second of emulated time through the alias (default 5; 0 none)
  --warmup SECONDS       emulated seconds of traffic before the deployment starts, so the alarms
                         have a history (default 0)
  --time-scale N         at most N emulated seconds per real second (default: as fast as possible)
  --param K=V            a template parameter, as sam deploy --parameter-overrides; repeatable
  --seed N               makes alias routing, jitter and deployment ids repeatable (default: random, and printed)
  --stack-name NAME      AWS::StackName, the prefix of generated names (default sam-app)
  --logs                 print the hook runs' logs as CloudWatch Logs shows them
  --report FILE.html     write the HTML report: one self-contained page (timeline, weights,
                         traffic, errors and durations per version, alarms, every hook's checks)
  --junit FILE           write JUnit XML: one test case per check per hook, for CI test reports
  --json FILE            write the report as JSON (schema: @shiftguard/cli/report.schema.json);
                         - prints it on stdout instead of progress and a summary
  -h, --help             show this help

Exit code: 0 the new version was promoted; 1 the deployment rolled back or failed, or the run was
interrupted; 2 a bad option, or a template or code the simulation cannot run.
`;

/** What `shiftguard simulate` was asked to do; every value checked, nothing read from disk yet. */
export interface SimulateRequest {
  readonly template: string;
  readonly function: string | undefined;
  readonly code: { readonly from: string | undefined; readonly to: string | undefined };
  readonly environment: {
    readonly from: Readonly<Record<string, string>>;
    readonly to: Readonly<Record<string, string>>;
  };
  readonly parameters: Readonly<Record<string, string>>;
  readonly rps: number | undefined;
  readonly warmupMs: number | undefined;
  readonly timeScale: number | undefined;
  readonly seed: number | undefined;
  readonly stackName: string | undefined;
  readonly logs: boolean;
  /** The report files asked for; `json: '-'` prints the JSON instead of progress and a summary. */
  readonly reports: ReportTargets;
}

export type SimulateCommand =
  | { readonly kind: 'help' }
  | ({ readonly kind: 'run' } & SimulateRequest)
  | { readonly kind: 'invalid'; readonly message: string };

const NUMBER = /^(\d+(\.\d*)?|\.\d+)$/;
// CloudFormation's own patterns: logical ids are alphanumeric, stack names start with a letter.
const LOGICAL_ID = /^[A-Za-z0-9]+$/;
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
// Lambda's: a letter, then at least one letter, digit or underscore.
const ENV_NAME = /^[A-Za-z][A-Za-z0-9_]+$/;
const ENV_WHAT = 'a name Lambda takes for an environment variable (a letter, then letters, digits or _)';
const MAX_SEED = 2 ** 32 - 1;

/** Parses `shiftguard simulate`'s arguments (after the command name); never throws. */
export function parseSimulateArgs(argv: readonly string[]): SimulateCommand {
  return parseCommandLine(argv, parse, (values, positionals) => {
    const template = onePositional(positionals, 'TEMPLATE', 'the SAM template file');
    return {
      kind: 'run',
      template,
      function: matching('--function', values.function, LOGICAL_ID, 'an alphanumeric logical id'),
      code: { from: nonEmpty('--from', values.from), to: nonEmpty('--to', values.to) },
      environment: {
        from: pairs('--from-env', values['from-env'], ENV_NAME, ENV_WHAT),
        to: pairs('--to-env', values['to-env'], ENV_NAME, ENV_WHAT),
      },
      parameters: pairs('--param', values.param, LOGICAL_ID, 'an alphanumeric parameter name'),
      rps: number('--rps', values.rps, 'a number of requests per second, 0 or more'),
      warmupMs: seconds('--warmup', values.warmup),
      timeScale: timeScale(values['time-scale']),
      seed: seed(values.seed),
      stackName: matching(
        '--stack-name',
        values['stack-name'],
        STACK_NAME,
        'a stack name: a letter, then letters, digits and hyphens, at most 128',
      ),
      logs: values.logs === true,
      reports: reportTargets(values),
    };
  });
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      function: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'from-env': { type: 'string', multiple: true },
      'to-env': { type: 'string', multiple: true },
      rps: { type: 'string' },
      warmup: { type: 'string' },
      'time-scale': { type: 'string' },
      param: { type: 'string', multiple: true },
      seed: { type: 'string' },
      'stack-name': { type: 'string' },
      logs: { type: 'boolean' },
      report: { type: 'string' },
      junit: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
}

function number(flag: string, value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!NUMBER.test(value)) throw new InvalidArgument(`${flag} must be ${what} (got "${value}")`);
  return Number(value);
}

function seconds(flag: string, value: string | undefined): number | undefined {
  const given = number(flag, value, 'a number of seconds, 0 or more');
  // Whole milliseconds: the emulated clock's unit.
  return given === undefined ? undefined : Math.round(given * 1000);
}

function timeScale(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^(inf|infinity)$/i.test(value)) return Number.POSITIVE_INFINITY;
  const scale = number('--time-scale', value, 'a number above 0, or Infinity');
  if (scale === 0)
    throw new InvalidArgument(`--time-scale must be a number above 0, or Infinity (got "${value}")`);
  return scale;
}

function seed(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,10}$/.test(value) || Number(value) > MAX_SEED) {
    throw new InvalidArgument(`--seed must be a whole number from 0 to ${MAX_SEED} (got "${value}")`);
  }
  return Number(value);
}
