import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type DoctorReport,
  type SimulateDeploymentOptions,
  simulateDeployment,
  validateSamTemplate,
} from '@shiftguard/simulator';
import { type CliIo, EXIT } from '../../io';
import { offset, shownPath } from '../../narrative/format';
import { originOf } from '../../narrative/progress-state';
import { PLAIN, type Style, styleFor } from '../../narrative/style';
import { simulationReport } from '../../report/from-simulation';
import { writeReports } from '../../report/write';
import { isOn } from '../env-flag';
import { untilStopped } from '../until-stopped';
import { findingLine } from '../validate/text';
import { parseSimulateArgs, type SimulateRequest, USAGE } from './args';
import { failureReport } from './failure';
import { LiveView } from './live-view';
import { summaryLines } from './summary';

const MINUTE_MS = 60_000;
/** The simulator's own default rate, for the live estimate of requests per version. */
const DEFAULT_RPS = 5;

/**
 * `shiftguard simulate`: 0 the new version was promoted (or help), 1 it rolled back or failed (or
 * the run was interrupted, or the simulator broke), 2 bad arguments or a template, option or code
 * the simulation cannot run.
 *
 * Interrupted, it stops waiting and returns: `simulateDeployment` takes no signal yet, so the
 * emulated deployment is abandoned where it is, and the binary exits without waiting for it.
 */
export async function runSimulateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const command = parseSimulateArgs(argv);
  if (command.kind === 'help') {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  if (command.kind === 'invalid') {
    io.stderr.write(
      `shiftguard simulate: ${command.message}\n${USAGE.split('\n', 1)[0]} (--help lists them)\n`,
    );
    return EXIT.badInput;
  }

  const env = io.env ?? process.env;
  const tty = io.stdout.isTTY === true;
  const style = styleFor(tty, env);
  const seed = command.seed ?? randomInt(0, 2 ** 32);
  // The simulator's own default start, given here so the warmup's events can be timed against it.
  const startAt = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
  const jsonOnStdout = command.reports.json === '-';
  const view = jsonOnStdout
    ? undefined
    : new LiveView({
        out: io.stdout,
        tty,
        // 0 when the terminal does not say (a pseudo-terminal without a size).
        columns: io.stdout.columns || 80,
        style,
        context: {
          expectedStart: startAt + (command.warmupMs ?? 0),
          trafficFrom: startAt,
          rps: command.rps ?? DEFAULT_RPS,
        },
      });
  if (view !== undefined) {
    io.stdout.write(
      `${style.bold(`shiftguard simulate ${command.template}`)} ${style.dim(`· seed ${seed}${command.seed === undefined ? ` (--seed ${seed} repeats this run)` : ''}`)}\n`,
    );
  }
  // The doctor first: what it finds explains what the simulation is about to show. `--json -` keeps
  // stdout for the JSON, so its findings go to stderr there.
  const doctorOut = jsonOnStdout ? io.stderr : io.stdout;
  const lines = await doctorLines(command, jsonOnStdout ? PLAIN : style);
  if (lines.length > 0) doctorOut.write(`${lines.join('\n')}\n`);

  const ending = await untilStopped(
    simulateDeployment(simulateOptions(command, { seed, startAt, onEvent: view?.onEvent })),
    io.stop,
  );
  view?.close();
  switch (ending.kind) {
    case 'stopped': {
      const at = view?.state.now;
      const when =
        at === undefined || view === undefined || view.state.seen === 0
          ? ''
          : ` at ${offset(at - originOf(view.state, at))}`;
      io.stderr.write(
        `shiftguard simulate: interrupted${when}; the emulated deployment was abandoned before it ended\n`,
      );
      return EXIT.failed;
    }
    case 'threw': {
      const report = failureReport(ending.error, isOn(env.SHIFTGUARD_DEBUG));
      io.stderr.write(`shiftguard simulate: ${report.message}\n`);
      return report.exitCode;
    }
    default: {
      const { result } = ending;
      if (!jsonOnStdout) {
        const lines = summaryLines(result, {
          style,
          logs: command.logs,
          logsCommand: logsCommand(argv, command.seed === undefined ? seed : undefined),
          next: nextStep(command.template),
        });
        io.stdout.write(`${lines.join('\n')}\n`);
      }
      const outcome = result.outcome === 'succeeded' ? EXIT.ok : EXIT.failed;
      if (Object.keys(command.reports).length === 0) return outcome;
      try {
        const written = await writeReports(simulationReport(result), command.reports, io);
        if (!jsonOnStdout)
          for (const path of written) io.stdout.write(`${style.dim(`report: ${shownPath(path)}`)}\n`);
        return outcome;
      } catch (error) {
        io.stderr.write(`shiftguard simulate: ${(error as Error).message}\n`);
        // A path the report cannot be written to is bad input, whatever the deployment did.
        return EXIT.badInput;
      }
    }
  }
}

/**
 * The doctor's findings on the template, one line each, and a line saying the simulation goes on
 * when some are errors. Nothing when the doctor cannot read the template: the simulation reports that
 * itself, as the input error it is.
 */
async function doctorLines(command: SimulateRequest, style: Style): Promise<string[]> {
  let report: DoctorReport;
  try {
    report = await validateSamTemplate(command.template, {
      // The simulation runs each hook against its Timeout itself, with the code of --to: loading the
      // working tree's hooks for their plans first would only slow it down.
      loadHooks: false,
      ...(Object.keys(command.parameters).length > 0 && { parameters: command.parameters }),
      ...(command.stackName !== undefined && { stackName: command.stackName }),
    });
  } catch {
    return [];
  }
  const colour = { error: style.red, warning: style.yellow, info: style.dim } as const;
  const lines = report.findings.map((finding) =>
    colour[finding.severity](findingLine(finding, command.template)),
  );
  const errors = report.findings.filter((finding) => finding.severity === 'error').length;
  if (errors > 0) {
    lines.push(
      style.red(
        `the template doctor found ${errors === 1 ? 'an error' : `${errors} errors`}: simulating anyway, to show what ${errors === 1 ? 'it does' : 'they do'} (shiftguard validate ${command.template} gives the fixes)`,
      ),
    );
  }
  return lines;
}

function simulateOptions(
  command: SimulateRequest,
  run: Pick<SimulateDeploymentOptions, 'seed' | 'startAt' | 'onEvent'>,
): SimulateDeploymentOptions {
  const has = (record: Readonly<Record<string, string>>) => Object.keys(record).length > 0;
  const code = {
    ...(command.code.from && { from: command.code.from }),
    ...(command.code.to && { to: command.code.to }),
  };
  const environment = {
    ...(has(command.environment.from) && { from: command.environment.from }),
    ...(has(command.environment.to) && { to: command.environment.to }),
  };
  const traffic = {
    ...(command.rps !== undefined && { rps: command.rps }),
    ...(command.warmupMs !== undefined && { warmupMs: command.warmupMs }),
  };
  return {
    template: command.template,
    ...(command.function !== undefined && { function: command.function }),
    ...(Object.keys(code).length > 0 && { code }),
    ...(Object.keys(environment).length > 0 && { environment }),
    ...(Object.keys(traffic).length > 0 && { traffic }),
    ...(command.timeScale !== undefined && { timeScale: command.timeScale }),
    ...(has(command.parameters) && { parameters: command.parameters }),
    ...(command.stackName !== undefined && { stackName: command.stackName }),
    seed: run.seed,
    startAt: run.startAt,
    ...(run.onEvent !== undefined && { onEvent: run.onEvent }),
  };
}

/** The command that repeats this run (the same seed) and prints the hooks' logs. */
function logsCommand(argv: readonly string[], seed: number | undefined): string {
  const args = [...argv, ...(seed === undefined ? [] : ['--seed', String(seed)]), '--logs'];
  return ['shiftguard', 'simulate', ...args.map(shellQuote)].join(' ');
}

function shellQuote(arg: string): string {
  return /^[\w./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * A README beside the template that speaks of shiftguard (an example's) is the next step, named as
 * the template was; any other README is the user's own project's, so the package's docs are.
 */
function nextStep(template: string): string {
  const readme = join(dirname(template), 'README.md');
  if (mentionsShiftguard(readme)) return `${readme} shows how to wire these hooks into your own repository.`;
  return 'write your hooks with createHook from @shiftguard/core (its README starts with a quick start) and name them in DeploymentPreference.Hooks; run this again after each change.';
}

function mentionsShiftguard(file: string): boolean {
  try {
    return /shiftguard/i.test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}
