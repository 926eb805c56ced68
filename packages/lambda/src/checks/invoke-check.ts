import { type Check, type CheckContext, CheckFailure } from '@shiftguard/core';
import { CLIENT_OPTION_KEYS, LatencyHistogram, logTailExcerpt, preview, runPool } from '@shiftguard/kit';
import { type LambdaClientOptions, lazyLambdaClient } from '../invoke/client';
import {
  encodeClientContext,
  encodePayload,
  type InvocationOutcome,
  type InvokeRequest,
  invokeOnce,
  validateClientContext,
} from '../invoke/invoke';
import { type PayloadSource, resolvePayloads, validatePayloadSource } from '../invoke/payloads';
import { type VersionChoice, versionToInvoke } from '../invoke/version';
import { compilePayloadExpectation, type InvokeExpectation } from '../judge/expectation';
import { burstSize, checkName, optionsValidator, versionChoice } from '../options';

/** Options of {@link invokeCheck}. */
export type InvokeCheckOptions = LambdaClientOptions &
  PayloadSource & {
    /** Name in the report. Default `invoke`. */
    name?: string;
    /** Which version to invoke: the new one (default) or the one serving traffic now. */
    version?: VersionChoice;
    /** What a good response looks like. Default: no function error. */
    expect?: InvokeExpectation;
    /** Times each payload is sent. Default 1. */
    repeat?: number;
    /** Invocations in flight at once. Default 1. */
    concurrency?: number;
    /** Ask Lambda for the log tail, shown when an invocation fails. Default `true`. */
    logTail?: boolean;
    /** Extra `clientContext.Custom` entries (the `user-agent` marking hook traffic is always set). */
    clientContext?: Readonly<Record<string, string>>;
    /** Stop starting invocations after the first failure. Default `true`. */
    stopOnFirstFailure?: boolean;
  };

const OPTION_KEYS = [
  'name',
  'payload',
  'payloads',
  'version',
  'expect',
  'repeat',
  'concurrency',
  'logTail',
  'clientContext',
  'stopOnFirstFailure',
  ...CLIENT_OPTION_KEYS,
];

/**
 * Smoke-invokes the new version (qualified by version number, never the alias) with one or many
 * payloads and asserts on what comes back: no function error, the status code, the payload (partial
 * match, predicate, JSON Schema) and a latency budget. A burst is `repeat` × payloads at `concurrency`.
 *
 * @example
 * ```ts
 * import { apiGatewayProxyEvent } from '@shiftguard/events';
 *
 * invokeCheck({
 *   payload: apiGatewayProxyEvent({ method: 'GET', path: '/orders/42' }),
 *   expect: { statusCode: 200, payload: { headers: { 'content-type': 'application/json' } }, maxLatencyMs: 800 },
 *   repeat: 20,
 *   concurrency: 5,
 * });
 * ```
 */
export function invokeCheck(options: InvokeCheckOptions = {}): Check {
  const validator = optionsValidator('invokeCheck');
  validator.object(options, '', OPTION_KEYS);
  validatePayloadSource(options, validator);
  const repeat = burstSize(validator, options.repeat, 'repeat');
  const concurrency = burstSize(validator, options.concurrency, 'concurrency');
  const expectation = compilePayloadExpectation(options.expect ?? {}, validator);
  const client = lazyLambdaClient(options, validator);
  const name = checkName(validator, options.name, 'invoke');
  const version = versionChoice(validator, options.version);
  const logTail = validator.boolean(options.logTail, 'logTail') ?? true;
  const stopOnFirstFailure = validator.boolean(options.stopOnFirstFailure, 'stopOnFirstFailure') ?? true;
  const custom = validateClientContext(options.clientContext, validator);

  return {
    name,
    async run(ctx: CheckContext) {
      const { functionName, qualifier } = versionToInvoke(ctx, version, name);
      const encoded = resolvePayloads(options, ctx).map((payload) => encodePayload(payload));
      const total = encoded.length * repeat;
      const latencies = new LatencyHistogram();
      const failures: { index: number; problem: string; outcome: InvocationOutcome }[] = [];
      const executedVersions = new Set<string>();
      const clientContext = encodeClientContext(ctx.lifecycleEvent, custom);
      const now = () => ctx.clock.now();

      // One request for the whole burst: runPool hands every task the same signal.
      let request: InvokeRequest | undefined;
      await runPool(
        total,
        concurrency,
        async (index, signal) => {
          const payloadIndex = index % encoded.length;
          request ??= { client: client(), functionName, qualifier, clientContext, signal, logTail, now };
          const outcome = await invokeOnce(request, encoded[payloadIndex]!);
          latencies.record(outcome.latencyMs);
          if (outcome.executedVersion) executedVersions.add(outcome.executedVersion);
          const judged = expectation(outcome);
          const problem = typeof judged === 'object' ? await judged : judged;
          if (problem) failures.push({ index: payloadIndex, problem, outcome });
        },
        { signal: ctx.signal, stopWhen: () => stopOnFirstFailure && failures.length > 0 },
      );

      const stats = latencyStats(latencies);
      if (failures.length > 0) {
        const first = failures[0]!;
        const tail = logTailExcerpt(first.outcome.logTail);
        throw new CheckFailure(
          `${functionName}:${qualifier} payload #${first.index + 1}: ${first.problem}` +
            (failures.length > 1 || latencies.count > 1
              ? ` (${failures.length} of ${latencies.count} invocations failed)`
              : '') +
            (tail ? `\nlog tail:\n${tail}` : ''),
          {
            details: {
              functionName,
              qualifier,
              invocations: latencies.count,
              failed: failures.length,
              response: preview(first.outcome.payload ?? first.outcome.rawPayload),
              ...(first.outcome.logTail !== undefined && { logTail: tail }),
              latencyMs: stats,
            },
          },
        );
      }
      ctx.logger.debug('shiftguard invokeCheck passed', {
        check: name,
        functionName,
        qualifier,
        invocations: latencies.count,
        executedVersions: [...executedVersions],
        latencyMs: stats,
      });
    },
  };
}

function latencyStats(latencies: LatencyHistogram) {
  const summary = latencies.summary();
  return summary && { p50: summary.p50, p95: summary.p95, max: summary.max };
}
