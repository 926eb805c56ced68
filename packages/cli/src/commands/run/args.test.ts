import { parseRunArgs } from './args';

const invalid = (argv: string[]) => {
  const command = parseRunArgs(argv);
  if (command.kind !== 'invalid') throw new Error(`parsed: ${JSON.stringify(command)}`);
  return command.message;
};

describe('parseRunArgs', () => {
  it('takes the module alone: the target from the environment, every default', () => {
    expect(parseRunArgs(['checks.ts'])).toEqual({
      kind: 'run',
      module: 'checks.ts',
      target: { kind: 'environment' },
      lifecycleEvent: undefined,
      reportStatus: false,
      endpointUrl: undefined,
      timeoutMs: 900_000,
      reports: {},
    });
  });

  it('reads a function target and every option, in both spellings', () => {
    expect(
      parseRunArgs([
        '--function',
        'orders',
        '--version=3',
        '--current-version',
        '2',
        '--alias=live',
        '--lifecycle',
        'AfterAllowTraffic',
        '--endpoint-url',
        'http://127.0.0.1:4566',
        '--timeout=12.5',
        '--report',
        'out/report.html',
        '--junit=out/junit.xml',
        '--json',
        '-',
        'checks.ts',
      ]),
    ).toEqual({
      kind: 'run',
      module: 'checks.ts',
      target: { kind: 'function', functionName: 'orders', version: '3', currentVersion: '2', alias: 'live' },
      lifecycleEvent: 'AfterAllowTraffic',
      reportStatus: false,
      endpointUrl: 'http://127.0.0.1:4566',
      timeoutMs: 12_500,
      reports: { html: 'out/report.html', junit: 'out/junit.xml', json: '-' },
    });
  });

  it('reads a deployment target, and --report-status with its execution', () => {
    expect(
      parseRunArgs([
        'checks.mjs',
        '--deployment-id',
        'd-ABC123',
        '--execution-id',
        'exec-1',
        '--lifecycle',
        'BeforeAllowTraffic',
        '--report-status',
      ]),
    ).toMatchObject({
      kind: 'run',
      module: 'checks.mjs',
      target: { kind: 'deployment', deploymentId: 'd-ABC123', executionId: 'exec-1' },
      lifecycleEvent: 'BeforeAllowTraffic',
      reportStatus: true,
    });
    expect(parseRunArgs(['checks.cjs', '--deployment-id', 'd-1'])).toMatchObject({
      target: { kind: 'deployment', deploymentId: 'd-1', executionId: undefined },
      reportStatus: false,
    });
  });

  it.each(['checks.ts', 'checks.mts', 'checks.cts', 'checks.js', 'checks.mjs', 'checks.cjs', 'dir/x.y.ts'])(
    'takes %s as a module',
    (module) => {
      expect(parseRunArgs([module])).toMatchObject({ kind: 'run', module });
    },
  );

  it('shows help', () => {
    expect(parseRunArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseRunArgs(['checks.ts', '-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], 'CHECKS_MODULE is required'],
    [['a.ts', 'b.ts'], 'takes one CHECKS_MODULE, got 2: a.ts b.ts'],
    [['checks.json'], 'CHECKS_MODULE must be a .ts, .mts, .cts, .js, .mjs, .cjs file (got "checks.json")'],
    [['checks.ts', '--deployment-id', 'd-1', '--function', 'orders'], 'leave out --function'],
    [
      ['checks.ts', '--deployment-id', 'd-1', '--version', '2', '--alias', 'live'],
      'leave out --version, --alias',
    ],
    [['checks.ts', '--execution-id', 'e-1'], '--execution-id names a hook execution of a deployment'],
    [
      ['checks.ts', '--execution-id', 'e-1', '--function', 'orders', '--version', '2'],
      'give --deployment-id too',
    ],
    [['checks.ts', '--report-status'], '--report-status reports on a hook execution'],
    [['checks.ts', '--report-status', '--deployment-id', 'd-1'], 'give --deployment-id and --execution-id'],
    [
      ['checks.ts', '--report-status', '--function', 'orders', '--version', '2'],
      'give --deployment-id and --execution-id',
    ],
    [['checks.ts', '--function', 'orders'], '--function needs --version N'],
    [['checks.ts', '--version', '2'], '--version needs --function NAME'],
    [
      ['checks.ts', '--alias', 'live', '--current-version', '1'],
      '--current-version, --alias need --function NAME',
    ],
    [['checks.ts', '--function', 'orders', '--version', 'two'], '--version must be a version number'],
    [
      ['checks.ts', '--function', 'orders', '--version', '2', '--current-version', 'x'],
      '--current-version must be',
    ],
    [
      ['checks.ts', '--function', 'orders', '--version', '2', '--alias', '12'],
      '--alias must be an alias name',
    ],
    [['checks.ts', '--function', 'my orders', '--version', '2'], '--function must be a function name or ARN'],
    [['checks.ts', '--deployment-id', ''], '--deployment-id must not be empty'],
    [['checks.ts', '--lifecycle', 'Install'], '--lifecycle must be BeforeAllowTraffic or AfterAllowTraffic'],
    [['checks.ts', '--endpoint-url', 'localhost:4566'], '--endpoint-url must be an http or https URL'],
    [['checks.ts', '--endpoint-url', 'not a url'], '--endpoint-url must be a URL'],
    [['checks.ts', '--timeout', '0'], '--timeout must be a number of seconds above 0, at most 900'],
    [['checks.ts', '--timeout', '901'], 'at most 900 (got "901")'],
    [['checks.ts', '--timeout', '1m'], '--timeout must be a number of seconds'],
    [['checks.ts', '--report', '-'], 'only --json - prints to stdout'],
    [['checks.ts', '--junit', 'out.xml', '--json', 'out.xml'], 'two reports would be written to out.xml'],
    [['checks.ts', '--json'], "Option '--json <value>' argument missing"],
    [['checks.ts', '--verbose'], "Unknown option '--verbose'"],
    [['checks.ts', '--report-status=yes'], "Option '--report-status' does not take an argument"],
  ])('refuses %j', (argv, message) => {
    expect(invalid(argv)).toContain(message);
  });
});
