import { type Check, type CheckContext, CheckFailure, passWith } from '@shiftguard/core';
import { sleep } from '@shiftguard/kit';
import { optionsValidator } from '../options';
import { compileHttpProbe, HTTP_CHECK_OPTION_KEYS, type HttpCheckOptions, passMessage } from './http-check';

/**
 * Options of {@link waitUntilHealthy}: the request and expectation of {@link HttpCheckOptions}, polled.
 * A `url`, `headers`, `body` or `json` function is called once per attempt.
 */
export interface WaitUntilHealthyOptions extends HttpCheckOptions {
  /** Time between the end of one attempt and the start of the next, in milliseconds. Default 1000. */
  intervalMs?: number;
  /**
   * How long to keep trying, in milliseconds, from the first attempt. Default 60 000. The hook's
   * deadline (`ctx.signal`) stops it sooner.
   */
  timeoutMs?: number;
}

const OPTION_KEYS = [...HTTP_CHECK_OPTION_KEYS, 'intervalMs', 'timeoutMs'];

/**
 * Calls an endpoint until its answer meets the expectation (default a `2xx` status) or `timeoutMs`
 * passes (no attempt starts after it): for endpoints that warm up after a deployment. Reported as one check; on failure its message
 * gives the number of attempts and the last answer's problem. Waits on `ctx.clock`, and stops at the
 * hook's deadline. Declares `timeoutMs` as its `plannedMs.max`, for core's `planBudgetOf`.
 *
 * @example
 * ```ts
 * waitUntilHealthy({
 *   url: 'https://orders.example.com/health',
 *   expect: { status: 200, json: { status: 'ok' } },
 *   intervalMs: 2_000,
 *   timeoutMs: 30_000,
 * });
 * ```
 */
export function waitUntilHealthy(options: WaitUntilHealthyOptions): Check {
  const validator = optionsValidator('waitUntilHealthy');
  validator.object(options, '', OPTION_KEYS);
  const probe = compileHttpProbe(options, validator, 'wait-until-healthy');
  const intervalMs =
    validator.integer(options.intervalMs, 'intervalMs', { min: 0, max: 15 * 60_000 }) ?? 1_000;
  const timeoutMs = validator.integer(options.timeoutMs, 'timeoutMs', { min: 1, max: 15 * 60_000 }) ?? 60_000;

  return {
    name: probe.name,
    // An attempt still running at timeoutMs is cut there: the check never takes longer.
    plannedMs: { max: timeoutMs },
    async run(ctx: CheckContext) {
      const startedAt = ctx.clock.now();
      const deadlineAt = startedAt + timeoutMs;
      // An attempt in flight when timeoutMs passes is cut there, so a hanging endpoint cannot hold the check past it.
      const expiry = new AbortController();
      const timer = ctx.clock.setTimeout(() => expiry.abort(), timeoutMs);
      const signal = AbortSignal.any([ctx.signal, expiry.signal]);
      const attemptCtx: CheckContext = { ...ctx, signal };
      let attempts = 0;
      let last: CheckFailure | undefined;
      let cut = false;
      try {
        while (true) {
          attempts++;
          try {
            const details = await probe.send(attemptCtx);
            const waitedMs = Math.round(ctx.clock.now() - startedAt);
            return passWith({
              message: `healthy after ${attempts} attempt(s) in ${waitedMs} ms: ${passMessage(details)}`,
              details: { attempts, waitedMs, ...details },
            });
          } catch (error) {
            if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
            if (expiry.signal.aborted) {
              cut = true;
              break;
            }
            if (!(error instanceof CheckFailure)) throw error;
            last = error;
          }
          // An attempt that could only start after timeoutMs would not count: stop rather than wait for nothing.
          if (ctx.clock.now() + intervalMs >= deadlineAt) break;
          try {
            await sleep(ctx.clock, intervalMs, signal);
          } catch (error) {
            if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
            break;
          }
        }
      } finally {
        ctx.clock.clearTimeout(timer);
      }
      // A cut attempt has no answer of its own: the last one judged still says what was wrong.
      const problem = last
        ? `${last.message}${cut ? `; attempt ${attempts} was still running when ${timeoutMs} ms passed` : ''}`
        : `attempt ${attempts} was still running when ${timeoutMs} ms passed`;
      throw new CheckFailure(
        `not healthy after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'} within ${timeoutMs} ms (timeoutMs); last: ${problem}`,
        {
          details: {
            ...last?.details,
            attempts,
            lastStatus: last?.details?.status,
            timeoutMs,
            intervalMs,
          },
          cause: last,
        },
      );
    },
  };
}
