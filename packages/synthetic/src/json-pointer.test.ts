import { InvalidJourneyError } from './errors';
import { jsonPointer, parseJsonPointer } from './json-pointer';

// The example document of RFC 6901, section 5.
const rfc = {
  foo: ['bar', 'baz'],
  '': 0,
  'a/b': 1,
  'c%d': 2,
  'e^f': 3,
  'g|h': 4,
  'i\\j': 5,
  'k"l': 6,
  ' ': 7,
  'm~n': 8,
};

describe('jsonPointer', () => {
  it.each([
    ['', rfc],
    ['/foo', ['bar', 'baz']],
    ['/foo/0', 'bar'],
    ['/', 0],
    ['/a~1b', 1],
    ['/c%d', 2],
    ['/e^f', 3],
    ['/g|h', 4],
    ['/i\\j', 5],
    ['/k"l', 6],
    ['/ ', 7],
    ['/m~0n', 8],
  ])('resolves %j as RFC 6901 does', (pointer, expected) => {
    expect(jsonPointer(rfc, pointer)).toEqual(expected);
  });

  it('unescapes ~1 before ~0, so ~01 is the token ~1', () => {
    expect(parseJsonPointer('/~01')).toEqual(['~1']);
    expect(jsonPointer({ '~1': 'tilde-one', '/': 'slash' }, '/~01')).toBe('tilde-one');
  });

  it('reads nested arrays and objects', () => {
    expect(jsonPointer({ items: [{ id: 'o-1' }, { id: 'o-2' }] }, '/items/1/id')).toBe('o-2');
  });

  it.each([
    ['/missing'],
    ['/foo/2'],
    ['/foo/-'],
    ['/foo/01'],
    ['/foo/0/deeper'],
    ['/constructor'],
    ['/toString'],
  ])('finds nothing at %j', (pointer) => {
    expect(jsonPointer(rfc, pointer)).toBeUndefined();
  });

  it('finds nothing inside null', () => {
    expect(jsonPointer({ a: null }, '/a/b')).toBeUndefined();
    expect(jsonPointer({ a: null }, '/a')).toBeNull();
  });

  it.each([['foo'], ['/a~2b'], ['/a~']])('refuses the malformed pointer %j', (pointer) => {
    expect(() => jsonPointer(rfc, pointer)).toThrow(InvalidJourneyError);
  });
});
