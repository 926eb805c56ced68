import type { SQSEvent } from 'aws-lambda';
import { type DeepPartial, deepMerge } from './deep-merge';

describe('deepMerge', () => {
  it('merges plain objects key by key, the override winning', () => {
    const base = { a: { b: 1, c: { d: 2, e: 3 } }, f: 'x' };
    expect(deepMerge(base, { a: { c: { e: 30 } }, f: 'y' })).toEqual({
      a: { b: 1, c: { d: 2, e: 30 } },
      f: 'y',
    });
  });

  it('replaces arrays instead of merging them', () => {
    const base = { list: [1, 2, 3], nested: { tags: ['a', 'b'] } };
    expect(deepMerge(base, { list: [9], nested: { tags: [] } })).toEqual({ list: [9], nested: { tags: [] } });
  });

  it('keeps the base value for undefined overrides and replaces with null', () => {
    const base: { a: string; b: string | null } = { a: 'keep', b: 'drop' };
    expect(deepMerge(base, { a: undefined, b: null })).toEqual({ a: 'keep', b: null });
    expect(Object.keys(deepMerge({ a: 1 } as { a: number; z?: number }, { z: undefined }))).toEqual(['a']);
  });

  it('adds keys the base lacks and leaves the base untouched', () => {
    const base: { a: { b: number; c?: number } } = { a: { b: 1 } };
    const merged = deepMerge(base, { a: { c: 2 } });
    expect(merged).toEqual({ a: { b: 1, c: 2 } });
    expect(base).toEqual({ a: { b: 1 } });
    expect(merged.a).not.toBe(base.a);
  });

  it('replaces non-plain objects such as Dates whole', () => {
    const date = new Date(0);
    expect(deepMerge({ at: new Date(1) }, { at: date }).at).toBe(date);
  });

  it('returns the base itself when there are no overrides', () => {
    const base = { a: 1 };
    expect(deepMerge(base)).toBe(base);
  });

  it('ignores a "__proto__" key of a JSON-parsed override', () => {
    const merged = deepMerge(
      { a: 1 } as Record<string, unknown>,
      JSON.parse('{"__proto__": {"polluted": true}, "b": 2}'),
    );
    expect(merged).toEqual({ a: 1, b: 2 });
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('types arrays as whole values in DeepPartial', () => {
    const full: DeepPartial<SQSEvent> = { Records: [] };
    // @ts-expect-error an array in overrides replaces the base one, so its items must be complete
    const partialItems: DeepPartial<SQSEvent> = { Records: [{ body: 'x' }] };
    expect([full, partialItems]).toHaveLength(2);
  });
});
