import { parseAppSpecYaml } from './appspec-yaml';

describe('parseAppSpecYaml', () => {
  it('reads nested mappings, indented and indentless sequences, quotes and comments', () => {
    const value = parseAppSpecYaml(`# an AppSpec
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
    expect(parseAppSpecYaml('a: |\n  line 1\n  line 2\nb: >\n  x\n  y\n')).toEqual({
      a: 'line 1\nline 2',
      b: 'x y',
    });
  });

  it('returns null for an empty document', () => {
    expect(parseAppSpecYaml('\n# nothing\n')).toBeNull();
  });

  it('keeps every other scalar a string, as the failsafe schema does', () => {
    expect(parseAppSpecYaml('a: 0x1A\nb: true\nc: ~\nd: 007\ne: null\nf: ""\n')).toEqual({
      a: '0x1A',
      b: 'true',
      c: '~',
      d: '007',
      e: 'null',
      f: '',
    });
  });

  it('reads flow collections that are not JSON as YAML, which the hand-written reader kept as text', () => {
    expect(parseAppSpecYaml('Hooks: [{ BeforeAllowTraffic: pre }, { AfterAllowTraffic: post }]\n')).toEqual({
      Hooks: [{ BeforeAllowTraffic: 'pre' }, { AfterAllowTraffic: 'post' }],
    });
  });

  it('resolves anchors, lets a repeated key win, and trims kept block scalars too', () => {
    expect(parseAppSpecYaml('hook: &h pre\nagain: *h\nname: a\nname: b\nkept: |+\n  x\n\n')).toEqual({
      hook: 'pre',
      again: 'pre',
      name: 'b',
      kept: 'x',
    });
  });

  it.each([
    ['several documents', 'a: 1\n---\nb: 2\n'],
    ['a mapping with a sequence item at its indent', 'a: 1\n- b\n'],
  ])('throws on %s', (_case, text) => {
    expect(() => parseAppSpecYaml(text)).toThrow(SyntaxError);
  });

  it.each([
    ['a bare scalar document', 'word'],
    ['a tab indent', 'a:\n\tb: c'],
    ['a line that is not key: value', 'a: 1\njust words\n'],
    ['a bad dedent', 'a:\n    b: 1\n  c: 2\n'],
    ['an unterminated string', 'a: "open'],
  ])('throws on %s', (_case, text) => {
    expect(() => parseAppSpecYaml(text)).toThrow(SyntaxError);
  });
});
