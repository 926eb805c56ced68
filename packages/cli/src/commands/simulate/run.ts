import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type SimulateDeploymentOptions,
  type SimulationResult,
  simulateDeployment,
} from '@shiftguard/simulator';
import { type CliIo, EXIT } from '../../io';
import { offset, shownPath } from '../../narrative/format';
import { originOf } from '../../narrative/progress-state';
import { styleFor } from '../../narrative/style';
import { simulationReport } from '../../report/from-simulation';
import { writeReports } from '../../report/write';
import { isOn } from '../env-flag';
import { untilStopped } from '../until-stopped';
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
