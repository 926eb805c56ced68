import { parseYamlSubset } from './yaml-subset';

describe('parseYamlSubset', () => {
  it('reads nested mappings, indented and indentless sequences, quotes and comments', () => {
    const value = parseYamlSubset(`# an AppSpec
---
version: 0.0
Resources:
  - fn:
      Type: AWS::Lambda::Function   # the type
      Properties:
        Name: 'it''s'
        Alias: "live #1"
Hooks:
- BeforeAllowTraffic: pre
-   AfterAllowTraffic: post
List:
  - a
  -
    - nested
Flow: [1, 2]
Empty:
`);

    expect(value).toEqual({
      version: '0.0',
      Resources: [{ fn: { Type: 'AWS::Lambda::Function', Properties: { Name: "it's", Alias: 'live #1' } } }],
      Hooks: [{ BeforeAllowTraffic: 'pre' }, { AfterAllowTraffic: 'post' }],
      List: ['a', ['nested']],
      Flow: [1, 2],
      Empty: null,
    });
  });

  it('reads literal and folded block scalars', () => {
    expect(parseYamlSubset('a: |\n  line 1\n  line 2\nb: >\n  x\n  y\n')).toEqual({
      a: 'line 1\nline 2',
      b: 'x y',
    });
  });

  it('returns null for an empty document', () => {
    expect(parseYamlSubset('\n# nothing\n')).toBeNull();
  });

  it.each([
    ['a bare scalar document', 'word'],
    ['a tab indent', 'a:\n\tb: c'],
    ['a line that is not key: value', 'a: 1\njust words\n'],
    ['a bad dedent', 'a:\n    b: 1\n  c: 2\n'],
    ['an unterminated string', 'a: "open'],
  ])('throws on %s', (_case, text) => {
    expect(() => parseYamlSubset(text)).toThrow(SyntaxError);
  });
});
