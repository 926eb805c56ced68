import { preview, previewValue } from '../text/preview';

/** What a predicate answers: `false` or a reason fails; anything else passes. */
// biome-ignore lint/suspicious/noConfusingVoidType: predicates written as blocks with no return are passes.
export type PredicateResult = boolean | string | undefined | void;

/** A user's predicate on a value; may be async. */
export type Predicate<T> = (value: T) => PredicateResult | Promise<PredicateResult>;

/**
 * Runs a predicate and says why it failed (`undefined` when it passed), showing the value judged,
 * truncated and redacted. A predicate that throws fails with what it threw.
 *
 * @example
 * ```ts
 * await judgePredicate((body) => body.items.length > 0 || 'no items', body, 'payloadSatisfies');
 * ```
 */
export async function judgePredicate<T>(
  predicate: Predicate<T>,
  value: T,
  name: string,
): Promise<string | undefined> {
  let verdict: PredicateResult;
  try {
    verdict = await predicate(value);
  } catch (error) {
    return `${name} threw: ${preview((error as Error)?.message ?? String(error), 300)}`;
  }
  if (verdict === false) return `${name} rejected ${previewValue(value, 300)}`;
  if (typeof verdict === 'string') return `${verdict}: ${previewValue(value, 300)}`;
  return undefined;
}
