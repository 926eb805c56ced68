import { type Check, type CheckContext, CheckFailure } from '@shiftguard/core';
import { compilePayloadExpectation, type InvokeExpectation } from './expectation';
import {
  encodeClientContext,
  encodePayload,
  type InvocationOutcome,
  type InvokeRequest,
  invokeOnce,
  validateClientContext,
} from './invoke';
import { CLIENT_OPTION_KEYS, type LambdaClientOptions, lazyLambdaClient } from './lambda-client';
import { checkName, optionalBoolean, positiveInteger, validateOptionKeys, versionChoice } from './options';
import { type PayloadSource, resolvePayloads, validatePayloadSource } from './payloads';
import { runPool } from './pool';
import { logTailExcerpt, preview } from './preview';
import { type VersionChoice, versionToInvoke } from './version';

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

const OPTION_KEYS: ReadonlySet<string> = new Set([
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
]);

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
  const owner = 'invokeCheck';
  validateOptionKeys(options, OPTION_KEYS, owner);
  validatePayloadSource(options, owner);
  const repeat = positiveInteger(options.repeat ?? 1, 'repeat', owner);
  const concurrency = positiveInteger(options.concurrency ?? 1, 'concurrency', owner);
  const expectation = compilePayloadExpectation(options.expect ?? {}, owner);
  const client = lazyLambdaClient(options, owner);
  const name = checkName(options.name, 'invoke', owner);
  const version = versionChoice(options.version, owner);
  optionalBoolean(options.logTail, 'logTail', owner);
  optionalBoolean(options.stopOnFirstFailure, 'stopOnFirstFailure', owner);
  const logTail = options.logTail ?? true;
  const stopOnFirstFailure = options.stopOnFirstFailure ?? true;
  const custom = validateClientContext(options.clientContext, owner);

  return {
    name,
    async run(ctx: CheckContext) {
      const { functionName, qualifier } = versionToInvoke(ctx, version, name);
      const encoded = resolvePayloads(options, ctx).map((payload) => encodePayload(payload));
      const total = encoded.length * repeat;
      const latencies: number[] = [];
      const failures: { index: number; problem: string; outcome: InvocationOutcome }[] = [];
      const executedVersions = new Set<string>();
      const clientContext = encodeClientContext(ctx.lifecycleEvent, custom);

      // One request for the whole burst: runPool hands every task the same signal.
      let request: InvokeRequest | undefined;
      await runPool(
        total,
        concurrency,
        async (index, signal) => {
          const payloadIndex = index % encoded.length;
          request ??= { client: client(), functionName, qualifier, clientContext, signal, logTail };
          const outcome = await invokeOnce(request, encoded[payloadIndex]!);
          latencies.push(outcome.latencyMs);
          if (outcome.executedVersion) executedVersions.add(outcome.executedVersion);
          const judged = expectation(outcome);
          const problem = typeof judged === 'object' ? await judged : judged;
          if (problem) failures.push({ index: payloadIndex, problem, outcome });
        },
        () => stopOnFirstFailure && failures.length > 0,
        ctx.signal,
      );

      const stats = latencyStats(latencies);
      if (failures.length > 0) {
        const first = failures[0]!;
        const tail = logTailExcerpt(first.outcome.logTail);
        throw new CheckFailure(
          `${functionName}:${qualifier} payload #${first.index + 1}: ${first.problem}` +
            (failures.length > 1 || latencies.length > 1
              ? ` (${failures.length} of ${latencies.length} invocations failed)`
              : '') +
            (tail ? `\nlog tail:\n${tail}` : ''),
          {
            details: {
              functionName,
              qualifier,
              invocations: latencies.length,
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
        invocations: latencies.length,
        executedVersions: [...executedVersions],
        latencyMs: stats,
      });
    },
  };
}

function latencyStats(latencies: readonly number[]) {
  if (latencies.length === 0) return undefined;
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (quantile: number) =>
    round(sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)]!);
  return { p50: at(0.5), p95: at(0.95), max: round(sorted[sorted.length - 1]!) };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
