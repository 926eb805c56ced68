import { parseSimulateArgs } from './args';

describe('parseSimulateArgs', () => {
  it('takes the template alone, leaving every setting to the simulator', () => {
    expect(parseSimulateArgs(['template.yaml'])).toEqual({
      kind: 'run',
      template: 'template.yaml',
      function: undefined,
      code: { from: undefined, to: undefined },
      environment: { from: {}, to: {} },
      parameters: {},
      rps: undefined,
      warmupMs: undefined,
      timeScale: undefined,
      seed: undefined,
      stackName: undefined,
      logs: false,
      reports: {},
    });
  });

  it('reads every flag, in both spellings', () => {
    expect(
      parseSimulateArgs([
        '--function',
        'OrdersFunction',
        '--from=main',
        '--to',
        '../next',
        '--from-env',
        'MODE=old',
        '--to-env=FAIL_ONE_IN=5',
        '--rps',
        '2.5',
        '--warmup=90',
        '--time-scale',
        '60',
        '--param',
        'Stage=prod',
        '--seed=42',
        '--stack-name',
        'orders-dev',
        '--logs',
        '--report',
        'out/report.html',
        '--junit=out/junit.xml',
        '--json',
        '-',
        'template.yaml',
      ]),
    ).toEqual({
      kind: 'run',
      template: 'template.yaml',
      function: 'OrdersFunction',
      code: { from: 'main', to: '../next' },
      environment: { from: { MODE: 'old' }, to: { FAIL_ONE_IN: '5' } },
      parameters: { Stage: 'prod' },
      rps: 2.5,
      warmupMs: 90_000,
      timeScale: 60,
      seed: 42,
      stackName: 'orders-dev',
      logs: true,
      reports: { html: 'out/report.html', junit: 'out/junit.xml', json: '-' },
    });
  });

  it('accumulates repeated K=V flags, a later key winning, the value keeping any further =', () => {
    const command = parseSimulateArgs([
      'template.yaml',
      '--param',
      'Stage=dev',
      '--param',
      'HookMode=fail',
      '--param',
      'Stage=prod',
      '--to-env',
      'MODE=1',
      '--to-env',
      'QUERY=a=b&c=d',
      '--to-env',
      'EMPTY=',
      '--from-env',
      'OLD=2',
      '--from-env',
      'OLDER=3',
    ]);

    expect(command).toMatchObject({
      parameters: { Stage: 'prod', HookMode: 'fail' },
      environment: { from: { OLD: '2', OLDER: '3' }, to: { MODE: '1', QUERY: 'a=b&c=d', EMPTY: '' } },
    });
  });

  it.each([
    ['0', 0],
    ['.5', 0.5],
  ])('takes --rps %s', (rps, expected) => {
    expect(parseSimulateArgs(['t.yaml', '--rps', rps])).toMatchObject({ rps: expected });
  });

  it.each([['Infinity'], ['inf']])('takes --time-scale %s as fast as possible', (scale) => {
    expect(parseSimulateArgs(['t.yaml', '--time-scale', scale])).toMatchObject({
      timeScale: Number.POSITIVE_INFINITY,
    });
  });

  it('takes the largest seed there is, and --warmup in fractions of a second', () => {
    expect(parseSimulateArgs(['t.yaml', '--seed', '4294967295', '--warmup', '1.5'])).toMatchObject({
      seed: 4294967295,
      warmupMs: 1500,
    });
  });

  it.each([['--help'], ['-h']])('recognizes %s, whatever else is there', (flag) => {
    expect(parseSimulateArgs(['--rps', 'lots', flag])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], 'TEMPLATE is required'],
    [['a.yaml', 'b.yaml'], 'takes one TEMPLATE, got 2: a.yaml b.yaml'],
    [[''], 'TEMPLATE must not be empty'],
    [['t.yaml', '--rps', 'fast'], '--rps must be a number of requests per second, 0 or more (got "fast")'],
    [['t.yaml', '--rps=-1'], '--rps must be'],
    [['t.yaml', '--rps', '1e3'], '--rps must be'],
    [['t.yaml', '--warmup', '5m'], '--warmup must be a number of seconds, 0 or more (got "5m")'],
    [['t.yaml', '--time-scale', '0'], '--time-scale must be a number above 0, or Infinity (got "0")'],
    [['t.yaml', '--time-scale', 'x'], '--time-scale must be'],
    [['t.yaml', '--seed', '1.5'], '--seed must be a whole number from 0 to 4294967295 (got "1.5")'],
    [['t.yaml', '--seed', '4294967296'], '--seed must be a whole number'],
    [['t.yaml', '--param', 'Stage'], '--param must be K=V (got "Stage")'],
    [
      ['t.yaml', '--param', 'my-stage=prod'],
      '--param my-stage=prod: "my-stage" is not an alphanumeric parameter name',
    ],
    [['t.yaml', '--to-env', '=1'], '--to-env =1: "" is not a name Lambda takes for an environment variable'],
    [['t.yaml', '--from-env', '1X=1'], '--from-env 1X=1: "1X" is not a name Lambda takes'],
    [['t.yaml', '--to-env', 'X=1'], '--to-env X=1: "X" is not a name Lambda takes'],
    [['t.yaml', '--to-env', '_X=1'], '--to-env _X=1: "_X" is not a name Lambda takes'],
    [
      ['t.yaml', '--function', 'Orders-Function'],
      '--function must be an alphanumeric logical id (got "Orders-Function")',
    ],
    [['t.yaml', '--stack-name', '1app'], '--stack-name must be a stack name'],
    [['t.yaml', '--from', ''], '--from must not be empty'],
    [['t.yaml', '--to='], '--to must not be empty'],
    // Messages from node:util parseArgs vary across Node versions; they name the option.
    [['t.yaml', '--rps'], '--rps'],
    [['t.yaml', '--verbose'], '--verbose'],
    [['t.yaml', '--json'], '--json'],
    [['t.yaml', '--report', '-'], '--report needs a file'],
    [['t.yaml', '--junit='], '--junit must not be empty'],
    [['t.yaml', '--report', 'r.xml', '--junit', './r.xml'], 'two reports would be written to'],
  ])('refuses %j, naming the flag', (argv, message) => {
    const command = parseSimulateArgs(argv);

    expect(command.kind).toBe('invalid');
    expect(command).toMatchObject({ message: expect.stringContaining(message) });
    expect((command as { message: string }).message).not.toContain('\n');
  });
});
