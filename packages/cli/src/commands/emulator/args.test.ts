import { DEFAULT_PORT, parseCliArgs } from './args';

describe('parseCliArgs', () => {
  it('defaults to port 4566 on loopback without a seed', () => {
    expect(parseCliArgs([])).toEqual({
      kind: 'run',
      port: DEFAULT_PORT,
      host: '127.0.0.1',
      seed: undefined,
      invocationHistory: undefined,
    });
    expect(DEFAULT_PORT).toBe(4566);
  });

  it('reads --port, --host, --seed and --invocation-history in both spellings', () => {
    expect(
      parseCliArgs(['--port', '0', '--host=localhost', '--seed', 'seed.json', '--invocation-history=0']),
    ).toEqual({
      kind: 'run',
      port: 0,
      host: 'localhost',
      seed: 'seed.json',
      invocationHistory: 0,
    });
  });

  it.each([['--help'], ['-h']])('recognizes %s', (flag) => {
    expect(parseCliArgs(['--port', '1', flag])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--port', 'abc'], '--port must be an integer'],
    [['--port', '65536'], '--port must be an integer'],
    [['--port=-1'], '--port must be an integer'],
    // Messages from node:util parseArgs vary across Node versions; they name the option.
    [['--port'], '--port'],
    [['--host', ''], '--host must not be empty'],
    [['--seed='], '--seed must not be empty'],
    [['--invocation-history', '-5'], '--invocation-history'],
    [['--invocation-history', '1e3'], '--invocation-history must be a whole number'],
    [['--verbose'], '--verbose'],
    [['serve'], 'serve'],
  ])('refuses %j', (argv, message) => {
    const command = parseCliArgs(argv);

    expect(command.kind).toBe('invalid');
    expect(command).toMatchObject({ message: expect.stringContaining(message) });
  });
});
