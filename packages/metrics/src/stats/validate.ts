import { showValue, Validator } from '@shiftguard/kit';
import { InvalidSampleError } from '../errors';
import { optionsValidator } from '../options';

/** What each statistic checks its samples, counts and options with; every message starts with its name. */
export interface StatsValidators {
  readonly options: Validator;
  readonly samples: Validator;
}

export function statsValidators(owner: string): StatsValidators {
  return {
    options: optionsValidator(owner),
    samples: new Validator({
      prefix: `${owner}: `,
      error: (message, { cause }) =>
        new InvalidSampleError(message, cause === undefined ? undefined : { cause }),
    }),
  };
}

/**
 * A sample as a sorted copy: at least one value, every value finite. NaN and infinities are refused
 * rather than dropped, because which of them to drop or replace is the judge's decision (Kayenta's
 * `nanStrategy`), not the test's.
 */
export function sortedSample(v: Validator, sample: unknown, path: string): Float64Array {
  if (!Array.isArray(sample) && !ArrayBuffer.isView(sample)) v.wrongType(path, 'an array of numbers', sample);
  const values = sample as ArrayLike<unknown>;
  if (values.length === 0) v.fail(path, 'must hold at least one value, got an empty sample');
  const sorted = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      v.wrongValue(Validator.join(path, i), 'a finite number', value);
    }
    sorted[i] = value as number;
  }
  return sorted.sort();
}

/** A count of trials and of the events among them: whole numbers, events ≤ trials, trials ≥ 1. */
export function eventCounts(v: Validator, counts: unknown, path: string): { events: number; trials: number } {
  const object = v.object(counts, path, ['events', 'trials'], {
    noun: 'key',
    expected: 'an object { events, trials }',
  });
  const trials = v.integer(object.trials, Validator.join(path, 'trials'), { min: 1 });
  const events = v.integer(object.events, Validator.join(path, 'events'), { min: 0 });
  if (trials === undefined) return v.fail(Validator.join(path, 'trials'), 'is required');
  if (events === undefined) return v.fail(Validator.join(path, 'events'), 'is required');
  if (events > trials) {
    v.fail(Validator.join(path, 'events'), `must be at most ${path}.trials (${trials}), got ${events}`);
  }
  return { events, trials };
}

/** A probability strictly between 0 and 1 (a level, a rate, a power), or the default when absent. */
export function openUnit(v: Validator, value: unknown, path: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    return v.fail(path, `must be a number between 0 and 1 (both excluded), got ${showValue(value)}`);
  }
  return value;
}
