import { formDecode, formEncode, s3EventKey } from './url-encoding';

describe('formEncode', () => {
  it.each(['a b', "it's (1)!~", 'café/ünï', 'x=1&y=2', '*-._', '100%'])(
    'matches URLSearchParams for %j',
    (text) => {
      expect(formEncode(text)).toBe(new URLSearchParams({ k: text }).toString().slice(2));
      expect(formDecode(formEncode(text))).toBe(text);
    },
  );

  it('reports a malformed escape as undefined', () => {
    expect(formDecode('%E0%A4%A')).toBeUndefined();
  });
});

describe('s3EventKey', () => {
  it.each([
    ['red flower.jpg', 'red+flower.jpg'],
    ['photos/2024/red flower (1).jpg', 'photos/2024/red+flower+%281%29.jpg'],
    ['c++/a+b.txt', 'c%2B%2B/a%2Bb.txt'],
    ['logs/10:47:07.log', 'logs/10%3A47%3A07.log'],
    ['café.txt', 'caf%C3%A9.txt'],
    ['plain-key_1.txt', 'plain-key_1.txt'],
  ])('encodes %j as S3 does', (key, encoded) => {
    expect(s3EventKey(key)).toBe(encoded);
    expect(decodeURIComponent(encoded.replace(/\+/g, ' '))).toBe(key);
  });
});
