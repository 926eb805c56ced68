import { InvalidEventOptionsError } from '../errors';
import { marshallItem, marshallValue } from './marshall';

describe('marshallValue', () => {
  it.each<[string, unknown, unknown]>([
    ['a string', 'hello', { S: 'hello' }],
    ['an empty string', '', { S: '' }],
    ['an integer', 42, { N: '42' }],
    ['a negative decimal', -19.5, { N: '-19.5' }],
    ['a bigint', 12345678901234567890n, { N: '12345678901234567890' }],
    ['true', true, { BOOL: true }],
    ['false', false, { BOOL: false }],
    ['null', null, { NULL: true }],
    ['bytes', new Uint8Array([0, 1, 254, 255]), { B: 'AAH+/w==' }],
    ['a Buffer', Buffer.from('hi'), { B: 'aGk=' }],
    ['a list', ['a', 1, [true]], { L: [{ S: 'a' }, { N: '1' }, { L: [{ BOOL: true }] }] }],
    ['an empty list', [], { L: [] }],
    ['a map', { a: { b: 'c' } }, { M: { a: { M: { b: { S: 'c' } } } } }],
    ['a string set', new Set(['x', 'y']), { SS: ['x', 'y'] }],
    ['a number set', new Set([1, 2.5, 3n]), { NS: ['1', '2.5', '3'] }],
    ['a binary set', new Set([new Uint8Array([1]), new Uint8Array([2])]), { BS: ['AQ==', 'Ag=='] }],
  ])('marshals %s', (_, value, expected) => {
    expect(marshallValue(value)).toEqual(expected);
  });

  it.each<[string, unknown, string]>([
    ['NaN', Number.NaN, 'value is NaN; DynamoDB numbers must be finite'],
    ['Infinity', Number.POSITIVE_INFINITY, 'value is Infinity'],
    ['a Date', new Date(0), 'value is a Date; store it as an ISO string or epoch number'],
    ['a Map', new Map(), 'value is object, which has no DynamoDB AttributeValue'],
    ['a class instance', new (class Point {})(), 'which has no DynamoDB AttributeValue'],
    ['a function', () => 1, 'value is function'],
    ['a symbol', Symbol('s'), 'value is symbol'],
    ['undefined', undefined, 'value is undefined'],
    ['an empty Set', new Set(), 'value is an empty Set'],
    ['a mixed Set', new Set(['a', 1]), 'value is a Set mixing types'],
    ['a mixed number Set', new Set([1, 'a']), 'value is a Set mixing types'],
    ['a Set of booleans', new Set([true]), 'value is a Set of boolean'],
    ['undefined in a list', [1, undefined], 'value[1] is undefined; a DynamoDB list cannot hold it'],
    ['NaN deep inside', { a: [{ b: Number.NaN }] }, 'value.a[0].b is NaN'],
  ])('rejects %s with a typed error naming the path', (_, value, message) => {
    expect(() => marshallValue(value)).toThrow(InvalidEventOptionsError);
    expect(() => marshallValue(value)).toThrow(message);
  });
});

describe('marshallItem', () => {
  it('marshals every attribute of an item and leaves undefined ones out', () => {
    expect(
      marshallItem({
        pk: 'order#42',
        total: 19.5,
        paid: true,
        note: null,
        skipped: undefined,
        lines: [{ sku: 'a', qty: 2 }],
        tags: new Set(['new']),
      }),
    ).toEqual({
      pk: { S: 'order#42' },
      total: { N: '19.5' },
      paid: { BOOL: true },
      note: { NULL: true },
      lines: { L: [{ M: { sku: { S: 'a' }, qty: { N: '2' } } }] },
      tags: { SS: ['new'] },
    });
  });

  it('keeps an attribute named __proto__ as an own attribute', () => {
    const item = marshallItem(JSON.parse('{"__proto__": "x"}'));
    expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(item, '__proto__')?.value).toEqual({ S: 'x' });
  });

  it('rejects anything but a plain object', () => {
    expect(() => marshallItem([] as never)).toThrow('item must be a plain object, got array');
  });
});
