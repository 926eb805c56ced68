import {
  type SimulateDeploymentOptions,
  type SimulationEvent,
  type SimulationResult,
  simulateDeployment,
  TemplateError,
} from '@shiftguard/simulator';
import { runShiftguard } from '../../main';
import { simulationReport } from '../../report/from-simulation';
import {
  ALARM_ROLLBACK_EVENTS,
  ALARM_ROLLBACK_RESULT,
  PROMOTED_RESULT,
  START,
} from './simulations.test-support';

jest.mock('@shiftguard/simulator', () => ({
  ...jest.requireActual('@shiftguard/simulator'),
  simulateDeployment: jest.fn(),
}));

const simulate = simulateDeployment as jest.MockedFunction<typeof simulateDeployment>;

/** Events written from START, moved to the clock start the command chose. */
function played(events: readonly SimulationEvent[], options: SimulateDeploymentOptions): SimulationEvent[] {
  return events.map((event) => ({ ...event, at: event.at - START + options.startAt! }));
}

/** A simulation that reports its events as the simulator does, then resolves with `result`. */
function plays(result: SimulationResult): (options: SimulateDeploymentOptions) => Promise<SimulationResult> {
  return async (options) => {
    for (const event of played(result.events, options)) options.onEvent?.(event);
    await Promise.resolve();
    return result;
  };
}

async function run(
  argv: string[],
  options: { stop?: AbortSignal; env?: Record<string, string>; tty?: boolean } = {},
) {
  let stdout = '';
  let stderr = '';
  const code = await runShiftguard(argv, {
    stdout: {
      write: (text: string) => {
        stdout += text;
      },
      isTTY: options.tty ?? false,
      columns: 100,
    },
    stderr: {
      write: (text: string) => {
        stderr += text;
      },
    },
    stop: options.stop ?? new AbortController().signal,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

beforeEach(() => simulate.mockReset());

describe('shiftguard simulate', () => {
  it('maps every flag onto simulateDeployment options', async () => {
    simulate.mockImplementation(plays(PROMOTED_RESULT));

    await run([
      'simulate',
      'template.yaml',
      '--function',
      'OrdersFunction',
      '--from',
      'main',
      '--to',
      '.',
      '--from-env',
      'MODE=old',
      '--to-env',
      'FAIL_ONE_IN=5',
      '--to-env',
      'MODE=new',
      '--rps',
      '10',
      '--warmup',
      '60',
      '--time-scale',
      '120',
      '--param',
      'HookMode=fail',
      '--seed',
      '7',
      '--stack-name',
      'orders-dev',
    ]);

    const [options] = simulate.mock.calls[0]!;
    expect(options).toEqual({
      template: 'template.yaml',
      function: 'OrdersFunction',
      code: { from: 'main', to: '.' },
      environment: { from: { MODE: 'old' }, to: { FAIL_ONE_IN: '5', MODE: 'new' } },
      traffic: { rps: 10, warmupMs: 60_000 },
      timeScale: 120,
      parameters: { HookMode: 'fail' },
      seed: 7,
      stackName: 'orders-dev',
      startAt: expect.any(Number),
      onEvent: expect.any(Function),
    });
    expect(options.startAt! % 60_000).toBe(0);
  });

  it('leaves unset flags to the simulator, choosing the seed itself so the run can be repeated', async () => {
    simulate.mockImplementation(plays(PROMOTED_RESULT));

    const { stdout } = await run(['simulate', 'template.yaml']);

    const [options] = simulate.mock.calls[0]!;
    expect(Object.keys(options).sort()).toEqual(['onEvent', 'seed', 'startAt', 'template']);
    expect(stdout).toMatch(
      new RegExp(
        `^shiftguard simulate template.yaml · seed ${options.seed} \\(--seed ${options.seed} repeats this run\\)\n`,
      ),
    );
    expect(stdout).toContain(
      `hook logs: shiftguard simulate template.yaml --seed ${options.seed} --logs prints them`,
    );
  });

  it('exits 0 when the new version is promoted, with live lines, the summary and the next step', async () => {
    simulate.mockImplementation(plays(PROMOTED_RESULT));

    const { code, stdout, stderr } = await run([
      'simulate',
      'test/fixtures/simulate/template.yaml',
      '--seed',
      '7',
    ]);

    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('\n+0:02     AllowTraffic        traffic 10% → new version\n');
    expect(stdout).toContain('\nPromoted: orders:live serves version 2');
    expect(stdout).toContain(
      '  hook logs: shiftguard simulate test/fixtures/simulate/template.yaml --seed 7 --logs prints them',
    );
    expect(stdout).toMatch(/\nNext: write your hooks with createHook from @shiftguard\/core.*\n$/);
  });

  it('exits 1 when the deployment rolled back', async () => {
    simulate.mockImplementation(plays(ALARM_ROLLBACK_RESULT));

    const { code, stdout } = await run(['simulate', 'template.yaml']);

    expect(code).toBe(1);
    expect(stdout).toContain('\nRolled back at +2:02 because alarm orders-errors went to ALARM at +2:00');
  });

  it('exits 1 when the deployment failed and nothing rolled it back', async () => {
    simulate.mockImplementation(plays({ ...ALARM_ROLLBACK_RESULT, outcome: 'failed', rollback: undefined }));

    expect((await run(['simulate', 'template.yaml'])).code).toBe(1);
  });

  it('points at a shiftguard README beside the template, named as the template was', async () => {
    simulate.mockImplementation(plays(PROMOTED_RESULT));

    const { stdout } = await run(['simulate', 'packages/cli/template.yaml']);

    expect(stdout).toMatch(
      /\nNext: packages\/cli\/README.md shows how to wire these hooks into your own repository.\n$/,
    );
  });

  it('prints only the report as JSON with --json -, keeping the exit code', async () => {
    simulate.mockImplementation(plays(ALARM_ROLLBACK_RESULT));

    const { code, stdout, stderr } = await run(['simulate', 'template.yaml', '--json', '-']);

    expect(code).toBe(1);
    expect(stderr).toBe('');
    const printed = JSON.parse(stdout);
    expect(printed).toEqual({
      ...JSON.parse(JSON.stringify(simulationReport(ALARM_ROLLBACK_RESULT))),
      generatedAt: printed.generatedAt,
    });
    expect(simulate.mock.calls[0]![0].onEvent).toBeUndefined();
  });

  it('prints the template doctor’s findings before the deployment’s lines', async () => {
    simulate.mockImplementation(plays(PROMOTED_RESULT));
    const template = 'test/fixtures/doctor/hook-outside-stack.yaml';

    const { code, stdout } = await run(['simulate', template, '--seed', '7']);

    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[1]).toBe(
      `${template}:20:11: warning hook-outside-stack: the PostTraffic hook "CodeDeployHook_shared-post-traffic" is no function of this template: CodeDeploy will invoke a function of that name outside the stack`,
    );
    expect(stdout.indexOf('hook-outside-stack')).toBeLessThan(stdout.indexOf('AllowTraffic'));
  });

  it('says it simulates anyway when the doctor finds an error, in red on a terminal', async () => {
    simulate.mockImplementation(plays(PROMOTED_RESULT));
    const template = 'test/fixtures/doctor/hook-name-prefix.yaml';

    const plain = await run(['simulate', template]);
    expect(plain.stdout).toContain(`\n${template}:23:7: error hook-name-prefix: `);
    expect(plain.stdout).toContain(
      `\nthe template doctor found an error: simulating anyway, to show what it does (shiftguard validate ${template} gives the fixes)\n`,
    );
    expect(simulate).toHaveBeenCalledTimes(1);
    const coloured = await run(['simulate', template], { tty: true });
    expect(coloured.stdout).toContain(`\x1b[31m${template}:23:7: error hook-name-prefix: `);
  });

  it('keeps stdout pure JSON with --json -: the doctor’s findings go to stderr', async () => {
    simulate.mockImplementation(plays(PROMOTED_RESULT));
    const template = 'test/fixtures/doctor/hook-outside-stack.yaml';

    const { stdout, stderr } = await run(['simulate', template, '--json', '-']);

    expect(stderr).toMatch(new RegExp(`^${template}:20:11: warning hook-outside-stack: .*\n$`));
    expect(JSON.parse(stdout)).toMatchObject({ kind: 'simulation' });
  });

  it('draws the status line on a terminal, in color unless NO_COLOR', async () => {
    simulate.mockImplementation(plays(PROMOTED_RESULT));

    const colored = await run(['simulate', 'template.yaml'], { tty: true });
    const plain = await run(['simulate', 'template.yaml'], { tty: true, env: { NO_COLOR: '1' } });

    expect(colored.stdout).toContain('\r\x1b[2K');
    expect(colored.stdout).toContain('\x1b[32m');
    expect(plain.stdout).toContain('\r\x1b[2K');
    expect(plain.stdout).not.toContain('\x1b[3');
  });

  it("exits 2 with a template error's one line, location first, and no stack", async () => {
    simulate.mockRejectedValue(
      new TemplateError(
        'template.yaml:12:5: Parameters.HookMode: must be one of succeed, fail, got "bogus"',
        {
          problem: 'invalid-parameter',
          file: 'template.yaml',
          line: 12,
          column: 5,
        },
      ),
    );

    const { code, stdout, stderr } = await run(['simulate', 'template.yaml', '--param', 'HookMode=bogus']);

    expect(code).toBe(2);
    expect(stderr).toBe(
      'shiftguard simulate: template.yaml:12:5: Parameters.HookMode: must be one of succeed, fail, got "bogus"\n',
    );
    expect(stdout).not.toContain('Next:');
  });

  it('exits 1 with a short line for anything else, the stack with SHIFTGUARD_DEBUG=1', async () => {
    simulate.mockRejectedValue(new RangeError('the emulator broke'));

    const quiet = await run(['simulate', 'template.yaml']);
    const debug = await run(['simulate', 'template.yaml'], { env: { SHIFTGUARD_DEBUG: '1' } });

    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toBe(
      'shiftguard simulate: the simulation failed: RangeError: the emulator broke (SHIFTGUARD_DEBUG=1 prints the stack)\n',
    );
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/RangeError: the emulator broke\n {4}at /);
  });

  it('exits 2 naming the flag for a bad value, without running anything', async () => {
    const { code, stdout, stderr } = await run(['simulate', 'template.yaml', '--rps', 'lots']);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'shiftguard simulate: --rps must be a number of requests per second, 0 or more (got "lots")\nUsage: shiftguard simulate TEMPLATE [options] (--help lists them)\n',
    );
    expect(simulate).not.toHaveBeenCalled();
  });

  it('prints its usage for --help and exits 0', async () => {
    const { code, stdout } = await run(['simulate', '--help']);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: shiftguard simulate TEMPLATE \[options\]\n/);
    expect(stdout).toContain('--to-env K=V');
  });

  it('stops waiting when interrupted, says so and exits 1', async () => {
    const stop = new AbortController();
    simulate.mockImplementation(async (options) => {
      for (const event of played(ALARM_ROLLBACK_EVENTS.slice(0, 12), options)) options.onEvent?.(event);
      await Promise.resolve();
      stop.abort();
      // simulateDeployment takes no signal: it would go on; the command does not wait for it.
      return new Promise<never>(() => {});
    });

    const { code, stdout, stderr } = await run(['simulate', 'template.yaml'], { stop: stop.signal });

    expect(code).toBe(1);
    expect(stdout).toContain('+1:00     alarm               orders-errors INSUFFICIENT_DATA → OK');
    expect(stderr).toBe(
      'shiftguard simulate: interrupted at +1:00; the emulated deployment was abandoned before it ended\n',
    );
  });

  it('does not start when already stopped, and a late failure is not left unhandled', async () => {
    const stop = new AbortController();
    stop.abort();
    simulate.mockImplementation(() => Promise.reject(new Error('too late')));

    const { code, stderr } = await run(['simulate', 'template.yaml'], { stop: stop.signal });

    expect(code).toBe(1);
    expect(stderr).toBe(
      'shiftguard simulate: interrupted; the emulated deployment was abandoned before it ended\n',
    );
  });
});
