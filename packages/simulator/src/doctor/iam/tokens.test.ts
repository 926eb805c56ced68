import {
  canonicalJson,
  concat,
  containsTokens,
  literal,
  matchPattern,
  sameString,
  showTokens,
  symbol,
  type Tokens,
  type Truth,
} from './tokens';

const app = symbol({ Ref: 'ServerlessDeploymentApplication' }, `\${ServerlessDeploymentApplication}`);
const group = symbol({ Ref: 'FnDeploymentGroup' }, `\${FnDeploymentGroup}`);
const other = symbol({ Ref: 'OtherDeploymentGroup' }, `\${OtherDeploymentGroup}`);
const region = symbol({ Ref: 'AWS::Region' }, `\${AWS::Region}`);
// A generated function name: letters, digits and hyphens.
const fn = symbol({ Ref: 'Fn' }, `\${Fn}`, 'A-Za-z0-9-');
const anything = symbol({ 'Fn::ImportValue': 'x' }, `\${Fn::ImportValue}`);
const version = symbol({ versionOf: 'Fn' }, `\${Fn.Version.Version}`, '0-9');

describe('matchPattern (IAM globbing over literal text and symbolic tokens)', () => {
  // [pattern, value, ignoreCase, expected]
  const table: [string, Tokens, Tokens, boolean, Truth][] = [
    ['exact literal', literal('abc'), literal('abc'), false, 'yes'],
    ['different literal', literal('abc'), literal('abd'), false, 'no'],
    ['a longer value', literal('abc'), literal('abcd'), false, 'no'],
    ['a shorter value', literal('abcd'), literal('abc'), false, 'no'],
    [
      '* alone matches anything',
      literal('*'),
      literal('arn:aws:lambda:us-east-1:1:function:f'),
      false,
      'yes',
    ],
    ['* matches the empty string', literal('a*'), literal('a'), false, 'yes'],
    ['* in the middle', literal('arn:*:function:f'), literal('arn:aws:lambda:r:1:function:f'), false, 'yes'],
    [
      '* in the middle, wrong end',
      literal('arn:*:function:f'),
      literal('arn:aws:lambda:r:1:function:g'),
      false,
      'no',
    ],
    ['* crosses colons', literal('function:f*'), literal('function:f:7'), false, 'yes'],
    ['two stars', literal('a*b*c'), literal('axxbyyc'), false, 'yes'],
    ['two stars, missing part', literal('a*b*c'), literal('axxyyc'), false, 'no'],
    ['? is one character', literal('f?'), literal('f1'), false, 'yes'],
    ['? is not zero characters', literal('f?'), literal('f'), false, 'no'],
    ['? is not two characters', literal('f?'), literal('f12'), false, 'no'],
    ['resources are case-sensitive', literal('function:Fn'), literal('function:fn'), false, 'no'],
    [
      'actions are case-insensitive',
      literal('CodeDeploy:PutLifecycle*'),
      literal('codedeploy:putlifecycleeventhookexecutionstatus'),
      true,
      'yes',
    ],
    [`\${*} is a literal star`, literal(`a\${*}`), literal('a*'), false, 'yes'],
    [`\${*} is not a wildcard`, literal(`a\${*}`), literal('ab'), false, 'no'],
    [`\${?} is a literal question mark`, literal(`a\${?}`), literal('a?'), false, 'yes'],
    ['a policy variable is unknown', literal(`user/\${aws:username}`), literal('user/bob'), false, 'maybe'],
    [
      '* swallows a symbolic token',
      literal('deploymentgroup:*'),
      concat('deploymentgroup:', app, '/', group),
      false,
      'yes',
    ],
    [
      'the same token',
      concat('deploymentgroup:', app, '/', group),
      concat('deploymentgroup:', app, '/', group),
      false,
      'yes',
    ],
    [
      'same app, * for the group',
      concat('deploymentgroup:', app, '/*'),
      concat('deploymentgroup:', app, '/', group),
      false,
      'yes',
    ],
    [
      'another token is maybe',
      concat('deploymentgroup:', app, '/', other),
      concat('deploymentgroup:', app, '/', group),
      false,
      'maybe',
    ],
    [
      'a literal against a token is maybe',
      literal('deploymentgroup:my-app/*'),
      concat('deploymentgroup:', app, '/', group),
      false,
      'maybe',
    ],
    [
      'a token against a literal is maybe',
      concat('arn:aws:lambda:', region, ':1:function:f'),
      literal('arn:aws:lambda:us-east-1:1:function:f'),
      false,
      'maybe',
    ],
    ['? against a token is maybe', literal('a?'), concat('a', fn), false, 'maybe'],
    [
      'a literal mismatch before any token is no',
      literal('arn:aws:codedeploy:*'),
      concat('arn:aws:lambda:', region),
      false,
      'no',
    ],
    [
      'the unqualified ARN does not cover a version',
      concat('function:', fn),
      concat('function:', fn, ':', version),
      false,
      'no',
    ],
    [
      'ARN:* covers a version',
      concat('function:', fn, ':*'),
      concat('function:', fn, ':', version),
      false,
      'yes',
    ],
    [
      'ARN* covers a version',
      concat('function:', fn, '*'),
      concat('function:', fn, ':', version),
      false,
      'yes',
    ],
    [
      'an alias is not a version',
      concat('function:', fn, ':live'),
      concat('function:', fn, ':', version),
      false,
      'no',
    ],
    [
      'a digit against a version is maybe',
      concat('function:', fn, ':1'),
      concat('function:', fn, ':', version),
      false,
      'maybe',
    ],
    ['a star before a token, then a different end', concat('*', fn, 'x'), concat('a', fn, 'y'), false, 'no'],
    ['a star before a token, then the same end', concat('*', fn, 'x'), concat('a', fn, 'x'), false, 'yes'],
    [
      'a token of unknown characters may hold anything',
      concat('function:', anything),
      concat('function:', anything, ':', version),
      false,
      'maybe',
    ],
    [
      'a colon cannot be part of a generated name',
      literal('function:a:b'),
      concat('function:', fn),
      false,
      'no',
    ],
    ['a version holds no letter', literal('f:1a'), concat('f:', version), false, 'no'],
    ['a version may be 12', literal('f:12'), concat('f:', version), false, 'maybe'],
    [
      'a token in the pattern against a literal it may be',
      concat('function:', fn),
      literal('function:orders'),
      false,
      'maybe',
    ],
    [
      'a token in the pattern cannot hold a colon',
      concat('function:', fn),
      literal('function:orders:7'),
      false,
      'no',
    ],
    ['the empty pattern matches only the empty value', literal(''), literal(''), false, 'yes'],
  ];
  it.each(table)('%s', (_name, pattern, value, ignoreCase, expected) => {
    expect(matchPattern(pattern, value, { ignoreCase })).toBe(expected);
  });
});

describe('tokens', () => {
  it('names a symbol by the canonical JSON of its intrinsic, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(symbol({ 'Fn::GetAtt': ['R', 'Arn'] }, 'x').symbol).toBe('{"Fn::GetAtt":["R","Arn"]}');
  });

  it(`merges adjacent literals and shows tokens as \${…}`, () => {
    const tokens = concat('a', 'b', app, literal(''), 'c', concat('d', group));
    expect(tokens).toEqual(['ab', app, 'cd', group]);
    expect(showTokens(tokens)).toBe(`ab\${ServerlessDeploymentApplication}cd\${FnDeploymentGroup}`);
  });

  it('finds a run of tokens inside another', () => {
    expect(containsTokens(concat('function:', fn, ':live'), [fn])).toBe(true);
    expect(containsTokens(literal('function:orders-api:live'), literal('orders-api'))).toBe(true);
    expect(containsTokens(concat('function:', app), [fn])).toBe(false);
  });

  const same: [string, Tokens, Tokens, Truth][] = [
    ['the same literal', literal('a'), literal('a'), 'yes'],
    ['two literals', literal('a'), literal('b'), 'no'],
    ['the same token', [fn], [fn], 'yes'],
    ['a literal and a token', literal('a'), [fn], 'maybe'],
    ['different literal starts', concat('x-', fn), concat('y-', fn), 'no'],
    ['different literal ends', concat(fn, '-x'), concat(fn, '-y'), 'no'],
  ];
  it.each(same)('sameString: %s', (_name, a, b, expected) => {
    expect(sameString(a, b)).toBe(expected);
  });
});
