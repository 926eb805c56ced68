import { type Check, type CheckContext, CheckFailure, CheckSkipped } from '@shiftguard/core';
import {
  CLIENT_OPTION_KEYS,
  isSecretKey,
  type PredicateResult,
  preview,
  previewValue,
  REDACTED,
  runPool,
} from '@shiftguard/kit';
import { type LambdaClientOptions, lazyLambdaClient } from '../invoke/client';
import {
  encodeClientContext,
  encodePayload,
  type InvocationOutcome,
  invokeOnce,
  validateClientContext,
} from '../invoke/invoke';
import { type PayloadSource, resolvePayloads, validatePayloadSource } from '../invoke/payloads';
import { versionToInvoke } from '../invoke/version';
import { type Difference, deepDiff } from '../judge/deep-diff';
import { burstSize, checkName, optionsValidator } from '../options';

/** The two responses a comparator judges, as the current and the target version gave them. */
export interface ComparedResponses {
  readonly payloadIndex: number;
  readonly current: InvocationOutcome;
  readonly target: InvocationOutcome;
}

/** Options of {@link compareVersionsCheck}. */
export type CompareVersionsCheckOptions = LambdaClientOptions &
  PayloadSource & {
    /** Name in the report. Default `compare-versions`. */
    name?: string;
    /**
     * Dot paths to leave out of the comparison (`*` matches one segment): timestamps, request ids.
     * Paths start at the payload root, e.g. `headers.date`, `body.items.*.updatedAt`.
     */
    ignorePaths?: readonly string[];
    /**
     * Read a JSON string `body` (API Gateway, ALB responses) as JSON before comparing, so a moved key
     * or whitespace is not a difference. Default `true`.
     */
    parseJsonBody?: boolean;
    /** Replaces the deep comparison (may be async): return `false` or a string (the reason) to fail. */
    comparator?: (responses: ComparedResponses) => PredicateResult | Promise<PredicateResult>;
    /** Payloads compared at once; each sends its two invocations side by side. Default 1. */
    concurrency?: number;
    /** Extra `clientContext.Custom` entries. */
    clientContext?: Readonly<Record<string, string>>;
  };

const OPTION_KEYS = [
  'name',
  'payload',
  'payloads',
  'ignorePaths',
  'parseJsonBody',
  'comparator',
  'concurrency',
  'clientContext',
  ...CLIENT_OPTION_KEYS,
];

/**
 * Sends the same payloads to the version serving traffic now and to the new one, and fails on any
 * difference in their responses (function errors included): a behavioural change caught before a
 * single user request reaches the new version. Skipped on a first deployment (no current version).
 *
 * @example
 * ```ts
 * import { apiGatewayProxyEvent } from '@shiftguard/events';
 *
 * compareVersionsCheck({
 *   payloads: [apiGatewayProxyEvent({ path: '/prices/42' }), apiGatewayProxyEvent({ path: '/prices/43' })],
 *   ignorePaths: ['headers.date', 'body.requestId'],
 * });
 * ```
 */
export function compareVersionsCheck(options: CompareVersionsCheckOptions = {}): Check {
  const validator = optionsValidator('compareVersionsCheck');
  validator.object(options, '', OPTION_KEYS);
  validatePayloadSource(options, validator);
  const ignorePaths = options.ignorePaths ?? [];
  if (!Array.isArray(ignorePaths) || ignorePaths.some((path) => typeof path !== 'string' || path === '')) {
    validator.fail('ignorePaths', 'must be an array of non-empty dot paths');
  }
  validator.func(options.comparator, 'comparator');
  const concurrency = burstSize(validator, options.concurrency, 'concurrency');
  const parseJsonBody = validator.boolean(options.parseJsonBody, 'parseJsonBody') ?? true;
  const client = lazyLambdaClient(options, validator);
  const name = checkName(validator, options.name, 'compare-versions');
  const custom = validateClientContext(options.clientContext, validator);

  return {
    name,
    async run(ctx: CheckContext) {
      if (!ctx.target?.currentVersion) {
        throw new CheckSkipped(`${name}: no current version to compare with (first deployment)`);
      }
      const current = versionToInvoke(ctx, 'current', name);
      const target = versionToInvoke(ctx, 'target', name);
      if (current.qualifier === target.qualifier) {
        throw new CheckSkipped(`${name}: current and target are the same version (${target.qualifier})`);
      }
      const encoded = resolvePayloads(options, ctx).map((payload) => encodePayload(payload));
      const clientContext = encodeClientContext(ctx.lifecycleEvent, custom);
      const invoke = (version: typeof current, payload: Uint8Array, signal: AbortSignal) =>
        invokeOnce({ client: client(), ...version, clientContext, signal, logTail: false, now }, payload);
      const now = () => ctx.clock.now();
      const failures: string[] = [];
      const differences: { payloadIndex: number; differences: Difference[] }[] = [];

      // Each task is one pair; the pair's two invocations run side by side.
      await runPool(
        encoded.length,
        concurrency,
        async (payloadIndex, signal) => {
          const payload = encoded[payloadIndex]!;
          const [currentOutcome, targetOutcome] = await Promise.all([
            invoke(current, payload, signal),
            invoke(target, payload, signal),
          ]);
          const responses = { payloadIndex, current: currentOutcome, target: targetOutcome };
          if (options.comparator) {
            let verdict: PredicateResult;
            try {
              verdict = await options.comparator(responses);
            } catch (error) {
              verdict = `the comparator threw: ${preview((error as Error)?.message ?? error, 300)}`;
            }
            if (verdict === false)
              failures.push(`payload #${payloadIndex + 1}: the comparator rejected the responses`);
            else if (typeof verdict === 'string') failures.push(`payload #${payloadIndex + 1}: ${verdict}`);
            return;
          }
          const found: Difference[] =
            (currentOutcome.functionError ?? '') !== (targetOutcome.functionError ?? '')
              ? [
                  {
                    path: 'functionError',
                    current: describeError(currentOutcome),
                    target: describeError(targetOutcome),
                  },
                ]
              : deepDiff(
                  comparable(currentOutcome, parseJsonBody),
                  comparable(targetOutcome, parseJsonBody),
                  ignorePaths,
                ).map(masked);
          if (found.length > 0) {
            differences.push({ payloadIndex, differences: found });
            failures.push(
              `payload #${payloadIndex + 1}: ${found
                .slice(0, 5)
                .map(
                  (d) =>
                    `${d.path}: ${current.qualifier} gave ${shown(d.current)}, ${target.qualifier} gave ${shown(d.target)}`,
                )
                .join('; ')}${found.length > 5 ? `; and ${found.length - 5} more` : ''}`,
            );
          }
        },
        { signal: ctx.signal },
      );

      if (failures.length > 0) {
        throw new CheckFailure(
          `${target.functionName} version ${target.qualifier} behaves differently from ${current.qualifier}: ${failures[0]}` +
            (failures.length > 1 ? ` (${failures.length} of ${encoded.length} payloads differ)` : ''),
          {
            details: {
              currentVersion: current.qualifier,
              targetVersion: target.qualifier,
              payloadsDiffering: failures.length,
              payloads: encoded.length,
              differences: differences.slice(0, 5).map(({ payloadIndex, differences: found }) => ({
                payload: payloadIndex + 1,
                differences: found.slice(0, 10).map((d) => ({
                  path: d.path,
                  current: shown(d.current, 200),
                  target: shown(d.target, 200),
                })),
              })),
            },
          },
        );
      }
    },
  };
}

function shown(value: unknown, maxChars = 120): string {
  return value === undefined ? '(absent)' : previewValue(value, maxChars);
}

/** A difference under a secret-named key (`headers.Set-Cookie`, `body.accessToken`) shows neither side. */
function masked(difference: Difference): Difference {
  if (!difference.path.split('.').some(isSecretKey)) return difference;
  return { path: difference.path, current: REDACTED, target: REDACTED };
}

/** One side failing and the other not is one difference, not a diff of two unrelated shapes. */
function describeError(outcome: InvocationOutcome): string {
  if (!outcome.functionError) return 'no function error';
  const error = outcome.payload as { errorType?: string; errorMessage?: string } | undefined;
  return `${outcome.functionError} ${error?.errorType ?? 'Error'}: ${error?.errorMessage ?? outcome.rawPayload}`;
}

/**
 * What is compared: the payload, with a JSON `body` read as JSON. Both sides have the same function
 * error status here; error payloads lose their stack trace and request ids, which differ per call.
 */
function comparable(outcome: InvocationOutcome, parseJsonBody: boolean): unknown {
  const payload = outcome.parseError === undefined ? outcome.payload : outcome.rawPayload;
  if (outcome.functionError) return withoutCallDetails(payload);
  return parseJsonBody ? parseBody(payload) : payload;
}

function parseBody(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  const { body } = payload as { body?: unknown };
  if (typeof body !== 'string') return payload;
  try {
    return { ...payload, body: JSON.parse(body) };
  } catch {
    return payload;
  }
}

/** Stack traces and request ids differ between calls without any change in behaviour. */
function withoutCallDetails(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null) return payload;
  const { trace: _trace, ...rest } = payload as Record<string, unknown>;
  if (typeof rest.errorMessage === 'string') {
    rest.errorMessage = rest.errorMessage.replace(/RequestId: [0-9a-f-]{36}/gi, 'RequestId: <id>');
  }
  return rest;
}
