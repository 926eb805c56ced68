import {
  type CheckResult,
  createHook,
  type HookLogger,
  type RunChecksOptions,
  runChecks,
} from '@shiftguard/core';
import { type Clock, describeThrown, systemClock } from '@shiftguard/kit';
import { CliError } from '../../errors';
import { type CliIo, EXIT } from '../../io';
import { shownPath } from '../../narrative/format';
import { styleFor } from '../../narrative/style';
import { type FinishedCheck, runReport } from '../../report/from-run';
import { writeReports } from '../../report/write';
import { isOn } from '../env-flag';
import { untilStopped } from '../until-stopped';
import { parseRunArgs, type RunRequest, USAGE } from './args';
import { assertAwsEnvironment } from './aws-environment';
import { describeDeployment } from './deployment-info';
import { pointSdkClientsAt } from './endpoint-environment';
import { loadChecksModule } from './load-module';
import { type ModuleHookOptions, planOf } from './plan-exports';
import { RunProgress } from './progress';
import { type ResolvedTarget, resolveTarget } from './resolve-target';
import { runLogger } from './run-logger';
import { summaryLines } from './summary';
import { onlyAlias } from './target-alias';

/** What a test gives `shiftguard run` instead of the machine's own. */
export interface RunDependencies {
  /** Times the progress and the report's timeline. Default: the system clock. */
  readonly clock?: Clock;
  /** What CHECKS_MODULE is relative to. Default `process.cwd()`. */
  readonly cwd?: string;
}

const SILENT: HookLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * `shiftguard run`: 0 the checks passed (or help), 1 they failed, a report asked for did not reach
 * CodeDeploy, or the run was interrupted; 2 bad arguments, a module that cannot be found or loaded,
 * no plan in it, an invalid plan, nothing to judge.
 *
 * The checks module is loaded into this process, as a hook's code is loaded into its Lambda: its SDK
 * clients read this process's environment, which `--endpoint-url` points at the emulator for the run.
 */
export async function runRunCommand(
  argv: readonly string[],
  io: CliIo,
  dependencies: RunDependencies = {},
): Promise<number> {
  const command = parseRunArgs(argv);
  if (command.kind === 'help') {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  if (command.kind === 'invalid') {
    io.stderr.write(`shiftguard run: ${command.message}\n${USAGE.split('\n', 1)[0]} (--help lists them)\n`);
    return EXIT.badInput;
  }
  const env = io.env ?? process.env;
  const debug = isOn(env.SHIFTGUARD_DEBUG);
  const { endpointUrl } = command;
  let restoreEnvironment = () => {};
  try {
    if (endpointUrl !== undefined) {
      await assertAwsEnvironment(endpointUrl);
      // Before the module loads: a client it makes at load time reads the environment then.
      restoreEnvironment = pointSdkClientsAt(process.env, endpointUrl);
    }
    const namespace = await loadChecksModule(command.module, dependencies.cwd ?? process.cwd());
    const plan = planOf(namespace, command.module);
    // Held to createHook's own validation before anything runs or prints: a plan that would not make
    // a hook is refused in the words the hook would use.
    createHook({ ...plan.options, checks: plan.checks, logger: SILENT, metrics: false, env });
    const awsConfig = endpointUrl === undefined ? {} : { endpoint: endpointUrl };
    const target = await resolveTarget(command.target, command.lifecycleEvent, plan.options, env, (name) =>
      onlyAlias(name, awsConfig, io.stop),
    );
    return await judge(command, { ...plan, target, awsConfig }, io, dependencies.clock ?? systemClock, debug);
  } catch (error) {
    if (!(error instanceof CliError)) return thrown(error, io, debug, command.module);
    io.stderr.write(`shiftguard run: ${error.message}\n`);
    return EXIT.badInput;
  } finally {
    restoreEnvironment();
  }
}

interface Judging {
  readonly checks: RunChecksOptions['checks'];
  readonly options: ModuleHookOptions;
  readonly target: ResolvedTarget;
  readonly awsConfig: { readonly endpoint?: string };
}

/** Runs the plan with live progress, then tells the verdict and writes the reports. */
async function judge(
  command: RunRequest,
  run: Judging,
  io: CliIo,
  clock: Clock,
  debug: boolean,
): Promise<number> {
  const env = io.env ?? process.env;
  // With the JSON on stdout, everything else goes to stderr, so stdout stays one document.
  const jsonOnStdout = command.reports.json === '-';
  const out = jsonOnStdout ? io.stderr : io.stdout;
  const tty = !jsonOnStdout && io.stdout.isTTY === true;
  const style = styleFor(tty, env);
  const progress = new RunProgress({ out, tty, columns: io.stdout.columns || 80, style, clock });
  const { target } = run;
  const finished: FinishedCheck[] = [];
  const startedAt = clock.now();
  const startedAtWall = clock.wallTime();
  const endpoint = command.endpointUrl === undefined ? '' : ` · endpoint ${command.endpointUrl}`;
  progress.start(
    `${style.bold(`shiftguard run ${command.module}`)} ${style.dim(`· ${target.judged} (${target.lifecycleEvent} checks)${endpoint}`)}`,
  );
  const options: RunChecksOptions = {
    ...run.options,
    checks: run.checks,
    lifecycleEvent: target.lifecycleEvent,
    ...(target.target !== undefined && { target: target.target }),
    ...(target.kind === 'deployment' && {
      deploymentId: target.deploymentId,
      ...(target.executionId !== undefined && { executionId: target.executionId }),
    }),
    report: command.reportStatus,
    timeoutMs: command.timeoutMs,
    logger: runLogger((line) => progress.note(line, io.stderr), debug),
    metrics: false,
    env,
    ...(run.awsConfig.endpoint !== undefined && { clientConfig: { endpoint: run.awsConfig.endpoint } }),
    onCheckResult: (result: CheckResult) => {
      finished.push({ atMs: clock.now() - startedAt, result });
      progress.check(result);
    },
  };
  const ending = await untilStopped(runChecks(options), io.stop);
  progress.close();
  if (ending.kind === 'stopped') {
    io.stderr.write(
      `shiftguard run: interrupted after ${finished.length} finished check(s); nothing was reported to CodeDeploy\n`,
    );
    return EXIT.failed;
  }
  if (ending.kind === 'threw') return thrown(ending.error, io, debug, command.module);
  const { result } = ending;
  out.write(`${summaryLines(result, { style, target, elapsedMs: clock.now() - startedAt }).join('\n')}\n`);
  const outcome =
    result.report.kind === 'rejected' || result.verdict.status !== 'Succeeded' ? EXIT.failed : EXIT.ok;
  if (Object.keys(command.reports).length === 0) return outcome;
  const deployment =
    target.kind === 'deployment'
      ? await describeDeployment(target.deploymentId, run.awsConfig, io.stop)
      : undefined;
  const report = runReport(result, {
    module: command.module,
    lifecycleEvent: target.lifecycleEvent,
    finished,
    startedAt: startedAtWall,
    deployment,
    now: clock.wallTime(),
  });
  try {
    const written = await writeReports(report, command.reports, io);
    for (const path of written) out.write(`${style.dim(`report: ${shownPath(path)}`)}\n`);
    return outcome;
  } catch (error) {
    io.stderr.write(`shiftguard run: ${(error as Error).message}\n`);
    // A path the report cannot be written to is bad input, whatever the checks said.
    return EXIT.badInput;
  }
}

/** What core threw: options it refused (the plan, the module's hookOptions) are bad input. */
function thrown(error: unknown, io: CliIo, debug: boolean, module: string): number {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SG_INVALID_OPTIONS') {
    io.stderr.write(
      `shiftguard run: ${module}: the plan cannot run: ${message.replace(/^runChecks: /, '')}\n`,
    );
    return EXIT.badInput;
  }
  if (code === 'SG_REPORT_FAILED') {
    io.stderr.write(`shiftguard run: ${message}\n`);
    return EXIT.failed;
  }
  const stack = debug && error instanceof Error && error.stack !== undefined ? `\n${error.stack}` : '';
  const hint = debug ? '' : ' (SHIFTGUARD_DEBUG=1 prints the stack)';
  io.stderr.write(`shiftguard run: the run failed: ${describeThrown(error)}${hint}${stack}\n`);
  return EXIT.failed;
}
