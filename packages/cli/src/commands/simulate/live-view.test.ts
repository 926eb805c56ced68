import type { SimulationEvent } from '@shiftguard/simulator';
import { readingOrder } from '../../narrative/event-order';
import { invokeFailureHint } from '../../narrative/explain';
import { advance, initialProgress } from '../../narrative/progress-state';
import { COLOR, PLAIN, styleFor } from '../../narrative/style';
import { LiveView } from './live-view';
import {
  ALARM_ROLLBACK_EVENTS,
  IAM_FAILURE_EVENTS,
  PROMOTED_EVENTS,
  START,
} from './simulations.test-support';
import { statusLine } from './status-line';

const CONTEXT = { expectedStart: START, trafficFrom: START, rps: 5 };

/** Feeds the events as the simulator does, one poll's batch at a time, and returns what was written. */
async function render(
  batches: readonly (readonly SimulationEvent[])[],
  options: { tty?: boolean; color?: boolean; columns?: number } = {},
): Promise<{ text: string; writes: string[] }> {
  const writes: string[] = [];
  const view = new LiveView({
    out: { write: (text: string) => writes.push(text) },
    tty: options.tty ?? false,
    columns: options.columns ?? 200,
    style: options.color ? COLOR : PLAIN,
    context: CONTEXT,
  });
  for (const batch of batches) {
    for (const event of batch) view.onEvent(event);
    await Promise.resolve();
  }
  view.close();
  return { text: writes.join(''), writes };
}

describe('the live view in a plain stream (a CI log)', () => {
  it('prints each event on a line of its own, timed from the deployment start, checks indented under the hook run', async () => {
    const { text } = await render([PROMOTED_EVENTS]);

    expect(text).toBe(
      [
        '+0:00     deployment          deployment d-ORDERS0001 created',
        '+0:00     Start               started',
        '+0:00     Start               succeeded',
        '+0:00     BeforeAllowTraffic  started',
        '+0:00     BeforeAllowTraffic  invoked hook CodeDeployHook_orders-pre-traffic',
        '+0:02     BeforeAllowTraffic  hook CodeDeployHook_orders-pre-traffic run 1 ended: verdict Succeeded (2 of 3 check(s) passed; 1 non-blocking check(s) did not pass)',
        '                              ✓ smoke pass (41 ms)',
        '                              ✓ schema pass (3 ms)',
        '                              ! p99-latency fail: p99 1210 ms is over the 800 ms budget — non-blocking (warnOnly): reported, did not block',
        '+0:02     BeforeAllowTraffic  hook reported Succeeded',
        '+0:02     BeforeAllowTraffic  succeeded',
        '+0:02     AllowTraffic        started',
        '+0:02     AllowTraffic        traffic 10% → new version',
        '+1:00     alarm               orders-errors INSUFFICIENT_DATA → OK: Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].',
        '+5:02     AllowTraffic        traffic 100% → new version (the alias now points at it)',
        '+5:02     AllowTraffic        succeeded',
        '+5:02     AfterAllowTraffic   skipped',
        '+5:02     End                 started',
        '+5:02     End                 succeeded',
        '+5:02     deployment          deployment d-ORDERS0001 Succeeded',
        '',
      ].join('\n'),
    );
  });

  it('only ever appends: no carriage return, no escape code, every write whole lines', async () => {
    const { writes } = await render([
      PROMOTED_EVENTS.slice(0, 6),
      PROMOTED_EVENTS.slice(6),
      ALARM_ROLLBACK_EVENTS,
    ]);

    for (const write of writes) {
      expect(write).not.toContain('\r');
      expect(write).not.toContain('\x1b');
      expect(write).toMatch(/\n$/);
    }
  });

  it('says of a failed non-blocking check that it did not block, and why (warnOnly or dryRun)', async () => {
    const finished = PROMOTED_EVENTS.find((event) => event.type === 'hookFinished')!;
    const dryRun = {
      ...finished,
      verdict: {
        status: 'Succeeded',
        reason: '0 of 1 check(s) passed; 1 non-blocking check(s) did not pass',
        checks: [
          { name: 'canary-judge', status: 'error', required: false, dryRun: true, message: 'no data' },
        ],
      },
    } as SimulationEvent;

    const { text } = await render([[PROMOTED_EVENTS[0]!, finished, dryRun]]);

    expect(text).toContain(
      '! p99-latency fail: p99 1210 ms is over the 800 ms budget — non-blocking (warnOnly): reported, did not block\n',
    );
    expect(text).toContain(
      '! canary-judge error: no data — non-blocking (dryRun): reported, did not block\n',
    );
    // Only the message's first line: one check, one line.
    expect(text).not.toContain('samples: 50');
  });

  it('marks a required check that failed, and the hook run that failed outright', async () => {
    const finished = PROMOTED_EVENTS.find((event) => event.type === 'hookFinished')!;
    const failed = {
      ...finished,
      verdict: {
        status: 'Failed',
        reason: '1 required check(s) did not pass: smoke (fail: 503)',
        checks: [{ name: 'smoke', status: 'fail', required: true, message: 'answered 503' }],
      },
    } as SimulationEvent;
    const threw = {
      ...finished,
      attempt: 2,
      invocationStatus: 'failed',
      error: { errorType: 'Error', errorMessage: 'the hook crashed before reporting' },
      verdict: undefined,
    } as SimulationEvent;

    const { text } = await render([[PROMOTED_EVENTS[0]!, failed, threw]]);

    expect(text).toContain(
      'run 1 ended: verdict Failed (1 required check(s) did not pass: smoke (fail: 503))\n',
    );
    expect(text).toContain('                              ✗ smoke fail: answered 503\n');
    expect(text).toContain(
      'hook CodeDeployHook_orders-pre-traffic run 2 failed: Error: the hook crashed before reporting\n',
    );
  });

  it('explains an invoke the service role refused: the CodeDeployHook_ naming rule', async () => {
    const { text } = await render([IAM_FAILURE_EVENTS]);

    expect(text).toContain(
      '+0:00     BeforeAllowTraffic  could not invoke hook orders-pre-traffic: AccessDeniedException: The IAM role',
    );
    expect(text).toContain(
      "\n                              why: CodeDeploy's default service role (AWSCodeDeployRoleForLambda, the one SAM creates) may invoke only functions whose name starts with CodeDeployHook_: name the hook CodeDeployHook_orders-pre-traffic (its FunctionName), or give the DeploymentPreference a Role that may invoke it\n",
    );
    expect(text).toContain('+0:00     BeforeAllowTraffic  failed\n');
    expect(text).toContain('+0:00     rollback            traffic 100% back on the old version\n');
  });

  it('tells a hook invoke refused under a custom role without the naming rule', async () => {
    const refused = { ...IAM_FAILURE_EVENTS[4]!, functionName: 'CodeDeployHook_orders' } as SimulationEvent;

    const { text } = await render([[IAM_FAILURE_EVENTS[0]!, refused]]);

    expect(text).toContain(
      "why: the DeploymentPreference's Role does not allow lambda:InvokeFunction on CodeDeployHook_orders\n",
    );
    expect(text).not.toContain('starts with CodeDeployHook_');
  });

  it('follows an alarm that fires mid-shift to the stop and the rollback', async () => {
    const { text } = await render([ALARM_ROLLBACK_EVENTS]);
    const after = text.slice(text.indexOf('+0:02     AllowTraffic        traffic 10%'));

    expect(after).toBe(
      [
        '+0:02     AllowTraffic        traffic 10% → new version',
        '+1:00     alarm               orders-errors INSUFFICIENT_DATA → OK: Threshold Crossed: 1 datapoint [0.0] was not greater than or equal to the threshold (3.0).',
        '+2:00     alarm               orders-errors OK → ALARM: Threshold Crossed: 1 datapoint [6.0] was greater than or equal to the threshold (3.0).',
        '+2:02     deployment          CodeDeploy found orders-errors in alarm: it stops the deployment',
        '+2:02     AllowTraffic        failed',
        '+2:02     AfterAllowTraffic   skipped',
        '+2:02     End                 skipped',
        '+2:02     deployment          deployment d-ORDERS0001 Stopped',
        '+2:02     rollback            CodeDeploy rolls back with deployment d-ORDERS0002',
        '+2:02     rollback            traffic 100% back on the old version',
        '+2:02     rollback            rollback deployment d-ORDERS0002 Succeeded',
        '',
      ].join('\n'),
    );
  });

  it('times a hook that never reported from its invocation', async () => {
    const timedOut: SimulationEvent = {
      at: START + 3_600_000,
      type: 'hookTimedOut',
      lifecycleEventName: 'BeforeAllowTraffic',
    };

    const { text } = await render([[...PROMOTED_EVENTS.slice(0, 6), timedOut]]);

    expect(text).toContain(
      '+1:00:00  BeforeAllowTraffic  no status from the hook after 1:00:00: CodeDeploy stopped waiting, the lifecycle event fails\n',
    );
  });

  it('times the warmup before the deployment against its expected start', async () => {
    const warm: SimulationEvent = {
      at: START - 30_000,
      type: 'alarmState',
      alarmName: 'orders-errors',
      from: 'INSUFFICIENT_DATA',
      to: 'OK',
      reason: 'ok',
    };

    const { text } = await render([[warm], PROMOTED_EVENTS.slice(0, 1)]);

    expect(text).toBe(
      '-0:30     alarm               orders-errors INSUFFICIENT_DATA → OK: ok\n+0:00     deployment          deployment d-ORDERS0001 created\n',
    );
  });

  it('tells a report CodeDeploy refused', async () => {
    const twice: SimulationEvent = {
      at: START + 2000,
      type: 'hookReported',
      lifecycleEventName: 'BeforeAllowTraffic',
      status: 'Succeeded',
      outcome: 'LifecycleEventAlreadyCompletedException',
    };

    const { text } = await render([[twice]]);

    expect(text).toContain(
      'hook reported Succeeded: CodeDeploy refused it (LifecycleEventAlreadyCompletedException)\n',
    );
  });
});

describe('the live view on a terminal', () => {
  it('redraws a status line in place between the event lines, and takes it away at the end', async () => {
    const { writes } = await render([PROMOTED_EVENTS.slice(0, 10), PROMOTED_EVENTS.slice(10)], { tty: true });

    expect(writes).toHaveLength(3);
    expect(writes[0]).not.toContain('\r');
    expect(writes[0]).toMatch(/\n\+0:02 · AllowTraffic · new 10% · requests ~10 old, ~0 new$/);
    expect(writes[1]).toContain(
      '\r\x1b[2K+0:02     BeforeAllowTraffic  hook CodeDeployHook_orders-pre-traffic run 1 ended',
    );
    expect(writes[1]?.startsWith('\r\x1b[2K')).toBe(true);
    expect(writes[1]).toMatch(
      /\n\+5:02 · ended · new 100% · requests ~1,360 old, ~150 new · orders-errors OK$/,
    );
    expect(writes[2]).toBe('\r\x1b[2K');
  });

  it('colors sparingly: failures red, the ALARM state red, the time dim', async () => {
    const { text } = await render([ALARM_ROLLBACK_EVENTS], { tty: true, color: true });

    expect(text).toContain(
      '\x1b[2m+2:00\x1b[22m     alarm               orders-errors OK → \x1b[31mALARM\x1b[39m: Threshold',
    );
    expect(text).toContain('\x1b[31mdeployment d-ORDERS0001 Stopped\x1b[39m');
  });

  it("tells the time left on the config's schedule of shifts, once it is known", () => {
    const scheduled = PROMOTED_EVENTS.map((event) =>
      event.type === 'deploymentCreated'
        ? {
            ...event,
            schedule: {
              steps: [
                { offsetMs: 0, weight: 0.1 },
                { offsetMs: 300_000, weight: 1 },
              ],
              endMs: 300_000,
            },
          }
        : event,
    );
    const lineAfter = (count: number) => {
      let state = initialProgress(CONTEXT);
      for (const event of scheduled.slice(0, count)) state = advance(state, event);
      return statusLine(state, PLAIN, 200);
    };
    const allowTraffic = scheduled.findIndex(
      (event) => event.type === 'lifecycleEvent' && event.lifecycleEventName === 'AllowTraffic',
    );

    expect(lineAfter(1)).toContain('· shifting 5:00 ahead ·');
    expect(lineAfter(allowTraffic + 1)).toContain('· new 0% · 5:00 left ·');
    expect(lineAfter(scheduled.length)).not.toMatch(/left|ahead/);
  });

  it('keeps the status line narrower than the terminal, so it never wraps', () => {
    let state = initialProgress(CONTEXT);
    for (const event of ALARM_ROLLBACK_EVENTS.slice(0, 12)) state = advance(state, event);

    const line = statusLine(state, COLOR, 40);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the escapes are what is measured around
    const visible = line.replace(/\x1b\[[0-9;]*m/g, '');

    expect(visible).toHaveLength(39);
    expect(visible).toMatch(/^\+1:00 · AllowTraffic · new 10% · reque…$/);
    expect(line.endsWith('\x1b[0m')).toBe(true);
  });
});

describe('styleFor', () => {
  it('colors a terminal only, and never under NO_COLOR or a dumb terminal', () => {
    expect(styleFor(true, {})).toBe(COLOR);
    expect(styleFor(false, {})).toBe(PLAIN);
    expect(styleFor(true, { NO_COLOR: '1' })).toBe(PLAIN);
    expect(styleFor(true, { NO_COLOR: '' })).toBe(COLOR);
    expect(styleFor(true, { TERM: 'dumb' })).toBe(PLAIN);
  });
});

describe('readingOrder', () => {
  it('puts a hook run that ended as it reported before its report, and leaves the rest in time order', () => {
    const ordered = readingOrder(PROMOTED_EVENTS.slice(0, 11)).map((event) => event.type);

    expect(ordered).toEqual([
      'deploymentCreated',
      'status',
      'lifecycleEvent',
      'lifecycleEvent',
      'lifecycleEvent',
      'hookInvoked',
      'hookFinished',
      'hookReported',
      'lifecycleEvent',
      'lifecycleEvent',
      'trafficShifted',
    ]);
  });

  it("puts an alarm's change before what CodeDeploy did about it at the same instant", () => {
    const poll = ALARM_ROLLBACK_EVENTS.find((event) => event.type === 'alarmsPolled')!;
    const fired = {
      ...ALARM_ROLLBACK_EVENTS.find((event) => event.type === 'alarmState' && event.to === 'ALARM')!,
      at: poll.at,
    };

    expect(readingOrder([poll, fired])).toEqual([fired, poll]);
  });

  it('sorts a poll that read a later alarm before an earlier step of the timeline', () => {
    const late: SimulationEvent = { at: START + 5, type: 'rollbackStarted', rollbackDeploymentId: 'd-2' };
    const early: SimulationEvent = { at: START + 1, type: 'rollbackStarted', rollbackDeploymentId: 'd-1' };

    expect(readingOrder([late, early])).toEqual([early, late]);
  });
});

describe('invokeFailureHint', () => {
  it.each([['AccessDeniedException'], ['IAM_ROLE_PERMISSIONS']])('reads %s as the role refusing', (code) => {
    expect(invokeFailureHint('orders-pre-traffic', code)).toContain('starts with CodeDeployHook_');
  });

  it('says a missing hook function is missing, and nothing of an error it does not know', () => {
    expect(invokeFailureHint('CodeDeployHook_x', 'ResourceNotFoundException')).toBe(
      'no function CodeDeployHook_x exists: the hook must be a function the stack deploys',
    );
    expect(invokeFailureHint('CodeDeployHook_x', 'TooManyRequestsException')).toBeUndefined();
  });
});
