import {
  type Check,
  type CheckContext,
  CheckFailure,
  type CheckPass,
  isCheckPass,
  type PlannedMs,
  passWith,
} from '@shiftguard/core';
import { describeThrown, isPlainObject, raceAbort } from '@shiftguard/kit';
import { optionsValidator } from './options';
import { publishStepMetrics } from './step-metrics';

/** What a step sees: the check's context, plus the variables the journey's steps share. */
export interface StepContext extends CheckContext {
  /**
   * Shared by the steps and cleanup steps of one journey run, fresh for each run: a step leaves what
   * a later one needs (`vars.set('orderId', id)`). A step's resolved value, when not `undefined`, is
   * stored under the step's name too.
   */
  readonly vars: Map<string, unknown>;
}

/** One step of a journey: passes by resolving, fails by throwing (ideally a `CheckFailure`). */
export interface Step {
  /** Shown in the journey's steps list; unique within the journey, its cleanup included. */
  readonly name: string;
  run(ctx: StepContext): unknown;
  /**
   * How long the step takes, as far as is certain (as a check's `plannedMs`): the journey adds its
   * steps' up into its own, read by core's `planBudgetOf`. Leave it out when nothing is certain.
   */
  readonly plannedMs?: PlannedMs;
}

/** How one step ended. */
export type StepStatus = 'pass' | 'fail' | 'not-run' | 'timed-out';

/** One line of a journey's steps list (`details.steps` of its result in the verdict report). */
export interface StepReport {
  readonly name: string;
  /** `cleanup` for the steps given in `cleanup`, which run whatever happened before them. */
  readonly phase: 'step' | 'cleanup';
  readonly status: StepStatus;
  /** Measured with `ctx.clock`; `0` for a step that did not run. */
  readonly durationMs: number;
  readonly message?: string;
  /** The `details` of the `CheckFailure` the step threw, or of the `passWith()` it returned. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Options of {@link journey}. */
export interface JourneyOptions {
  /**
   * Steps that always run after the others, in order: after success, after a failure, after the
   * journey's signal fired (the hook deadline, a `timeout()`). Each gets a signal of its own.
   */
  cleanup?: readonly Step[];
  /**
   * Longest each cleanup step may take, in milliseconds. Default 2000. The journey asks for the sum
   * as its `cleanupMs`, so a hook keeps that time back and its cleanup runs even at the deadline;
   * a step never gets more than is left of it (`ctx.cleanupTimeMs()`).
   */
  cleanupTimeoutMs?: number;
}

const OPTION_KEYS = ['cleanup', 'cleanupTimeoutMs'];
const STEP_KEYS = ['name', 'run', 'plannedMs'];

/**
 * A check made of ordered steps that share variables, such as create → read → delete. The first
 * failing step stops the rest (reported `not-run`); the `cleanup` steps run whatever happened (at
 * the hook's deadline too, in the time the hook keeps back for them), and a cleanup failure is
 * reported next to the original failure, never instead of it. Its result in the verdict report,
 * passed or not, has `details.steps`: every step's status and duration; each step run also
 * publishes `StepDuration` and `StepPassed`/`StepFailed` EMF metrics.
 *
 * It is a `Check`, so it composes: `retry(timeout(journey(...), 10_000), { attempts: 2 })`. Its
 * `plannedMs` (for core's `planBudgetOf`) adds up what its steps declare, cleanup steps at most
 * `cleanupTimeoutMs` each.
 *
 * @example
 * ```ts
 * journey('order-lifecycle', [
 *   httpStep('create', { url: `${api}/orders`, method: 'POST', json: { sku: 'x' }, extract: { orderId: '/id' } }),
 *   httpStep('read', { url: (ctx) => `${api}/orders/${ctx.vars.get('orderId')}`, expect: { status: 200 } }),
 * ], {
 *   cleanup: [httpStep('delete', { url: (ctx) => `${api}/orders/${ctx.vars.get('orderId')}`, method: 'DELETE' })],
 * });
 * ```
 */
export function journey(name: string, steps: readonly Step[], options: JourneyOptions = {}): Check {
  const validator = optionsValidator('journey');
  if (validator.string(name, 'name') === undefined) validator.fail('name', 'is required');
  const given = validator.object(options, 'options', OPTION_KEYS);
  const mainSteps = validateSteps(validator, steps, 'steps', true);
  const cleanupSteps = validateSteps(validator, given.cleanup, 'cleanup', false);
  const seen = new Set<string>();
  for (const step of [...mainSteps, ...cleanupSteps]) {
    if (seen.has(step.name)) validator.fail('steps', `two steps are named "${step.name}"`);
    seen.add(step.name);
  }
  const cleanupTimeoutMs =
    validator.number(given.cleanupTimeoutMs, 'options.cleanupTimeoutMs', { positive: true }) ?? 2_000;

  const plannedMs = journeyPlannedMs(mainSteps, cleanupSteps, cleanupTimeoutMs);
  return {
    name,
    cleanupMs: cleanupSteps.length * cleanupTimeoutMs,
    ...(plannedMs !== undefined && { plannedMs }),
    async run(ctx: CheckContext) {
      const vars = new Map<string, unknown>();
      const stepCtx: StepContext = { ...ctx, vars };
      const reports: StepReport[] = [];
      const finished = (report: RunReport): RunReport => {
        reports.push(report);
        publishStepMetrics(ctx, name, report);
        return report;
      };
      let failed: StepReport | undefined;
      let cause: unknown;
      for (const step of mainSteps) {
        if (failed || ctx.signal.aborted) {
          reports.push(notRun(step.name, 'step', failed ? `after "${failed.name}" failed` : 'stopped'));
          continue;
        }
        const report = finished(await runStep(step, 'step', stepCtx, ctx.signal));
        if (report.status !== 'pass') {
          failed = report;
          cause = report.thrown;
        }
      }
      const cleanupFailures: StepReport[] = [];
      for (const step of cleanupSteps) {
        const report = finished(await runCleanup(step, stepCtx, cleanupTimeoutMs));
        if (report.status !== 'pass') cleanupFailures.push(report);
      }
      const list = reports.map(withoutThrown);

      if (failed) {
        const also = cleanupFailures
          .map((report) => `; cleanup "${report.name}" ${describe(report)}`)
          .join('');
        if (ctx.signal.aborted) {
          // Without cleanup steps the runner reported at once, when the signal fired: the log has the steps.
          ctx.logger.warn('shiftguard journey stopped', { check: name, steps: list });
        }
        // Stopped by its signal, the runner reports what stopped it, with these details.
        throw new CheckFailure(`step "${failed.name}" ${describe(failed)}${also}`, {
          details: { failedStep: failed.name, steps: list },
          cause,
        });
      }
      if (cleanupFailures.length > 0) {
        // Every step passed, but what the journey made may be left behind: that fails it too.
        const [first] = cleanupFailures as [StepReport];
        throw new CheckFailure(
          `cleanup "${first.name}" ${describe(first)}${cleanupFailures
            .slice(1)
            .map((report) => `; cleanup "${report.name}" ${describe(report)}`)
            .join('')}`,
          { details: { failedStep: first.name, steps: list } },
        );
      }
      const cleanups = cleanupSteps.length > 0 ? ` and ${cleanupSteps.length} cleanup step(s)` : '';
      return passWith({ message: `${mainSteps.length} step(s)${cleanups} passed`, details: { steps: list } });
    },
  };
}

type RunReport = StepReport & { readonly thrown?: unknown };

/**
 * A journey run in full runs every step, then every cleanup step (each cut at `cleanupTimeoutMs`): the
 * sums of what they declare. Bounded only when every step declares a max; the cleanup is, always.
 * Undefined when that says nothing (no step declares a min, and a step is unbounded).
 */
function journeyPlannedMs(
  steps: readonly Step[],
  cleanup: readonly Step[],
  cleanupTimeoutMs: number,
): PlannedMs | undefined {
  let min = 0;
  let max = 0;
  for (const step of steps) {
    min += step.plannedMs?.min ?? 0;
    max += step.plannedMs?.max ?? Number.POSITIVE_INFINITY;
  }
  for (const step of cleanup) {
    min += Math.min(step.plannedMs?.min ?? 0, cleanupTimeoutMs);
    max += Math.min(step.plannedMs?.max ?? cleanupTimeoutMs, cleanupTimeoutMs);
  }
  if (Number.isFinite(max)) return { min, max };
  return min > 0 ? { min } : undefined;
}

function validateSteps(
  validator: ReturnType<typeof optionsValidator>,
  steps: unknown,
  path: string,
  required: boolean,
): Step[] {
  if (steps === undefined && !required) return [];
  if (steps === undefined) validator.fail(path, 'is required');
  const list = validator.array(steps, path, { nonEmpty: required }) ?? [];
  return list.map((step, index) => {
    const where = `${path}[${index}]`;
    validator.object(step, where, STEP_KEYS, { noun: 'step key' });
    if (validator.string((step as Step).name, `${where}.name`) === undefined)
      validator.fail(`${where}.name`, 'is required');
    if (typeof (step as Step).run !== 'function')
      validator.wrongType(`${where}.run`, 'a function', (step as Step).run);
    validatePlannedMs(validator, (step as Step).plannedMs, `${where}.plannedMs`);
    return step as Step;
  });
}

function validatePlannedMs(
  validator: ReturnType<typeof optionsValidator>,
  value: unknown,
  path: string,
): void {
  if (value === undefined) return;
  const planned = validator.object(value, path, ['min', 'max']);
  const min = validator.number(planned.min, `${path}.min`, { min: 0 }) ?? 0;
  const max = validator.number(planned.max, `${path}.max`, { min: 0 });
  if (max !== undefined && max < min)
    validator.fail(`${path}.max`, `must be at least min (${min}), got ${max}`);
}

async function runStep(
  step: Step,
  phase: StepReport['phase'],
  ctx: StepContext,
  signal: AbortSignal,
): Promise<RunReport> {
  const startedAt = ctx.clock.now();
  const elapsed = () => Math.round((ctx.clock.now() - startedAt) * 100) / 100;
  try {
    // Raced, like the runner races a check: a step that ignores its signal must not hold the journey.
    const value = await raceAbort(
      Promise.resolve().then(() => step.run(ctx)),
      signal,
    );
    if (isCheckPass(value)) {
      return { name: step.name, phase, status: 'pass', durationMs: elapsed(), ...detailsOf(value) };
    }
    if (value !== undefined) ctx.vars.set(step.name, value);
    return { name: step.name, phase, status: 'pass', durationMs: elapsed() };
  } catch (thrown) {
    const timedOut = signal.aborted && (thrown === signal.reason || isAbortError(thrown));
    const details = isPlainObject((thrown as CheckFailure | null)?.details)
      ? (thrown as CheckFailure).details
      : undefined;
    return {
      name: step.name,
      phase,
      status: timedOut ? 'timed-out' : 'fail',
      durationMs: elapsed(),
      message: describeThrown(timedOut ? signal.reason : thrown),
      ...(details && { details }),
      thrown,
    };
  }
}

/** A cleanup step gets its own signal: the journey's may have fired already, and that is when cleanup matters most. */
async function runCleanup(step: Step, ctx: StepContext, cleanupTimeoutMs: number): Promise<RunReport> {
  const budget = Math.min(cleanupTimeoutMs, cleanupTimeLeft(ctx));
  if (!(budget > 0)) return notRun(step.name, 'cleanup', 'no time left before the hook deadline');
  const controller = new AbortController();
  const timer = ctx.clock.setTimeout(
    () =>
      controller.abort(new CleanupTimeoutError(`cleanup "${step.name}" ran past ${Math.round(budget)} ms`)),
    budget,
  );
  try {
    return await runStep(step, 'cleanup', { ...ctx, signal: controller.signal }, controller.signal);
  } finally {
    ctx.clock.clearTimeout(timer);
  }
}

/** A context made by hand (a unit test's) may lack `cleanupTimeMs`: then the remaining time is all there is. */
function cleanupTimeLeft(ctx: CheckContext): number {
  return typeof ctx.cleanupTimeMs === 'function' ? ctx.cleanupTimeMs() : ctx.remainingTimeMs();
}

function detailsOf(pass: CheckPass): Pick<StepReport, 'details'> {
  return pass.details === undefined ? {} : { details: pass.details };
}

class CleanupTimeoutError extends Error {
  override readonly name = 'CleanupTimeoutError';
}

function notRun(name: string, phase: StepReport['phase'], why: string): RunReport {
  return { name, phase, status: 'not-run', durationMs: 0, message: `not run: ${why}` };
}

function withoutThrown({ thrown: _thrown, ...report }: RunReport): StepReport {
  return report;
}

function describe(report: StepReport): string {
  const verb =
    report.status === 'timed-out' ? 'timed out' : report.status === 'not-run' ? 'did not run' : 'failed';
  return report.message ? `${verb}: ${report.message}` : verb;
}

function isAbortError(thrown: unknown): boolean {
  try {
    return (thrown as { name?: unknown } | null)?.name === 'AbortError';
  } catch {
    return false;
  }
}
