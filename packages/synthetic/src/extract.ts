import { AsyncLocalStorage } from 'node:async_hooks';
import { CheckFailure } from '@shiftguard/core';
import { isPlainObject, type Predicate, type Validator } from '@shiftguard/kit';
import { parseJsonPointer, resolveTokens } from './json-pointer';

interface Captured {
  seen: boolean;
  value?: unknown;
}

/**
 * Reads variables out of what a check family judged. The families hand the parsed body only to
 * their predicate expectation (`jsonSatisfies`, `payloadSatisfies`), so the extractor wraps that
 * predicate; the async store keeps concurrent runs of one step apart.
 */
export interface Extractor {
  /** Whether any variable is asked for. */
  readonly wanted: boolean;
  /** The expectation with the predicate wrapped, or as given when it is not an object (the family names that error). */
  wrap<E extends object>(expect: E | undefined, key: keyof E & string): E | undefined;
  /** Runs the family's check, then sets the variables; fails the step when a pointer finds nothing. */
  run(vars: Map<string, unknown>, what: string, check: () => unknown): Promise<void>;
}

export function extractor(extract: unknown, validator: Validator): Extractor {
  const pointers = Object.entries(validator.stringMap(extract, 'extract') ?? {}).map(
    ([variable, pointer]) => {
      try {
        return [variable, parseJsonPointer(pointer), pointer] as const;
      } catch (error) {
        return validator.fail(`extract.${variable}`, (error as Error).message, error);
      }
    },
  );
  const store = new AsyncLocalStorage<Captured>();
  return {
    wanted: pointers.length > 0,
    wrap(expect, key) {
      if (pointers.length === 0) return expect;
      if (expect !== undefined && !isPlainObject(expect)) return expect;
      const theirs = (expect as Record<string, unknown> | undefined)?.[key];
      if (theirs !== undefined && typeof theirs !== 'function') return expect;
      const capture: Predicate<unknown> = (value) => {
        const captured = store.getStore();
        // The first judged wins: with a burst, every response was held to the same expectations.
        if (captured && !captured.seen) {
          captured.seen = true;
          captured.value = value;
        }
        return theirs ? (theirs as Predicate<unknown>)(value) : undefined;
      };
      return { ...expect, [key]: capture } as typeof expect;
    },
    async run(vars, what, check) {
      const captured: Captured = { seen: false };
      await store.run(captured, check);
      for (const [variable, tokens, pointer] of pointers) {
        const value = captured.seen ? resolveTokens(captured.value, tokens) : undefined;
        if (value === undefined) {
          throw new CheckFailure(
            `extract ${variable}: nothing at ${JSON.stringify(pointer)} in the ${what}`,
            {
              details: { variable, pointer },
            },
          );
        }
        vars.set(variable, value);
      }
    },
  };
}

/** A family's option errors, told as the step's: the user wrote the step, not the check. */
export function asStepOptionsError<T>(
  step: string,
  name: string,
  familyCode: string,
  build: () => T,
  error: (message: string, cause: unknown) => Error,
): T {
  try {
    return build();
  } catch (thrown) {
    if ((thrown as { code?: unknown } | null)?.code !== familyCode) throw thrown;
    const message = String((thrown as Error).message).replace(/^[A-Za-z]+: /, '');
    throw error(`${step} "${name}": ${message}`, thrown);
  }
}
