import { parseValidateArgs } from './args';

describe('parseValidateArgs', () => {
  it('takes a template, and defaults everything else', () => {
    expect(parseValidateArgs(['template.yaml'])).toEqual({
      kind: 'run',
      template: 'template.yaml',
      format: 'text',
      output: undefined,
      parameters: {},
      stackName: undefined,
      base: undefined,
      loadHooks: true,
    });
  });

  it('reads every option', () => {
    expect(
      parseValidateArgs([
        'infra/template.yaml',
        '--format',
        'sarif',
        '--output',
        'out/results.sarif',
        '--param',
        'Stage=prod',
        '--param',
        'Query=a=b',
        '--stack-name',
        'shop',
        '--base',
        'origin/main',
        '--no-load-hooks',
      ]),
    ).toEqual({
      kind: 'run',
      template: 'infra/template.yaml',
      format: 'sarif',
      output: 'out/results.sarif',
      parameters: { Stage: 'prod', Query: 'a=b' },
      stackName: 'shop',
      base: 'origin/main',
      loadHooks: false,
    });
  });

  it.each([
    [[], 'TEMPLATE is required: the SAM template file'],
    [['a.yaml', 'b.yaml'], 'takes one TEMPLATE, got 2: a.yaml b.yaml'],
    [['t.yaml', '--format', 'xml'], '--format must be one of text, json, sarif (got "xml")'],
    [['t.yaml', '--param', 'Stage'], '--param must be K=V (got "Stage")'],
    [
      ['t.yaml', '--param', 'my-stage=x'],
      '--param my-stage=x: "my-stage" is not an alphanumeric parameter name',
    ],
    [['t.yaml', '--stack-name', '1shop'], expect.stringContaining('--stack-name must be a stack name')],
    [['t.yaml', '--base=-x'], '--base must be a git ref: a branch, tag or commit (got "-x")'],
    [['t.yaml', '--output', ''], '--output must not be empty'],
    [['t.yaml', '--load-hooks'], expect.stringContaining("Unknown option '--load-hooks'")],
  ])('refuses %j', (argv, message) => {
    expect(parseValidateArgs(argv as string[])).toEqual({ kind: 'invalid', message });
  });

  it('asks for help', () => {
    expect(parseValidateArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseValidateArgs(['t.yaml', '-h'])).toEqual({ kind: 'help' });
  });
});
