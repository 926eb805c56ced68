import { postTrafficPlan } from '../../../../test/support/plan-context';
import {
  type Check,
  CheckFailure,
  CheckSkipped,
  DeadlineExceededError,
  dryRun,
  onlyIn,
  parallel,
  retry,
  runPlan,
  sequence,
  timeout,
  warnOnly,
} from '../index';
import type { RunPlanOptions } from './runner';

const options: RunPlanOptions = { ...postTrafficPlan, lifecycleEvent: 'BeforeAllowTraffic' };

const pass = (name: string): Check => ({ name, run: () => undefined });
const failing = (name: string, details?: Record<string, unknown>): Check => ({
  name,
  run: () => {
    throw new CheckFailure(`${name} is broken`, details ? { details } : undefined);
  },
});
const hangs = (name: string, onAbort?: () => void): Check => ({
  name,
  run: (ctx) =>
    new Promise(() => {
      ctx.signal.addEventListener('abort', () => onAbort?.());
    }),
});

describe('runPlan', () => {
  it('reports each check in plan order with its status', async () => {
    const results = await runPlan([pass('a'), failing('b', { got: 500 }), pass('c')], options);
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['a', 'pass'],
      ['b', 'fail'],
      ['c', 'skipped'],
    ]);
    expect(results[1]).toMatchObject({ message: 'b is broken', details: { got: 500 }, required: true });
    expect(results[2]?.message).toBe('not run: required check "b" fail');
  });

  it('classifies non-Error rejections and sync throws as errors, skips as skipped', async () => {
    const results = await runPlan(
      parallel(
        [
          { name: 'rejects-string', run: () => Promise.reject('nope') },
          {
            name: 'throws-object',
            run: () => {
              throw { reason: 42 };
            },
          },
          {
            name: 'skips',
            run: () => {
              throw new CheckSkipped('feature flag off');
            },
          },
        ],
        { failFast: false },
      ),
      options,
    );
    expect(results.map((r) => [r.status, r.message])).toEqual([
      ['error', 'nope'],
      ['error', 'non-Error value thrown: {"reason":42}'],
      ['skipped', 'feature flag off'],
    ]);
  });

  it('fails fast: a required failure cancels running siblings that ignore their signal', async () => {
    let aborted = false;
    const results = await runPlan(
      parallel([
        hangs('slow', () => {
          aborted = true;
        }),
        failing('broken'),
      ]),
      options,
    );
    expect(aborted).toBe(true);
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['slow', 'skipped'],
      ['broken', 'fail'],
    ]);
    expect(results[0]?.message).toBe('cancelled: required check "broken" fail');
  });

  it('times out a check that hangs and moves on', async () => {
    const results = await runPlan([timeout(hangs('hang'), 20), pass('after')], options);
    expect(results.map((r) => r.status)).toEqual(['timed-out', 'skipped']);
    expect(results[0]?.message).toBe('"hang" timed out after 20 ms');
  });

  it('retries until the check passes and reports the attempts', async () => {
    let calls = 0;
    const flaky: Check = {
      name: 'flaky',
      run: () => {
        calls++;
        if (calls < 3) throw new Error('not yet');
      },
    };
    const [result] = await runPlan(retry(flaky, { attempts: 5, backoff: 1 }), options);
    expect(result).toMatchObject({ name: 'flaky', status: 'pass', attempts: 3 });
  });

  it('keeps warnOnly and dryRun failures from blocking, and tells dry-run checks', async () => {
    let sawDryRun: boolean | undefined;
    const results = await runPlan(
      [
        warnOnly(failing('soft')),
        dryRun({
          name: 'side-effect',
          run: (ctx) => {
            sawDryRun = ctx.dryRun;
            throw new Error('boom');
          },
        }),
        pass('hard'),
      ],
      options,
    );
    expect(results.map((r) => [r.name, r.status, r.required])).toEqual([
      ['soft', 'fail', false],
      ['side-effect', 'error', false],
      ['hard', 'pass', true],
    ]);
    expect(sawDryRun).toBe(true);
    expect(results[1]?.dryRun).toBe(true);
  });

  it('skips onlyIn checks of the other lifecycle event', async () => {
    const results = await runPlan([onlyIn('AfterAllowTraffic', failing('post-only')), pass('pre')], options);
    expect(results.map((r) => [r.name, r.status, r.message])).toEqual([
      ['post-only', 'skipped', 'runs only in AfterAllowTraffic'],
      ['pre', 'pass', undefined],
    ]);
  });

  it('redacts secrets from failure messages and details', async () => {
    const [result] = await runPlan(
      failing('leaky', {
        headers: { Authorization: 'Bearer s3cr3t', accept: 'json' },
        note: 'api_key=abc123',
      }),
      options,
    );
    expect(JSON.stringify(result)).not.toMatch(/s3cr3t|abc123/);
    expect(result?.details).toEqual({
      headers: { Authorization: '[REDACTED]', accept: 'json' },
      note: 'api_key=[REDACTED]',
    });
  });

  it('stops everything when the outer signal aborts', async () => {
    const controller = new AbortController();
    const pending = runPlan(sequence([hangs('a'), pass('b')]), { ...options, signal: controller.signal });
    setTimeout(() => controller.abort(new DeadlineExceededError('deadline')), 10);
    const results = await pending;
    expect(results.map((r) => r.status)).toEqual(['timed-out', 'skipped']);
  });

  it('tells each result as it is decided: in finishing order, skips when skipped, a retried check once', async () => {
    let calls = 0;
    const flaky: Check = {
      name: 'flaky',
      run: () => {
        calls++;
        if (calls < 2) throw new Error('not yet');
      },
    };
    const late: Check = { name: 'late', run: () => new Promise((resolve) => setTimeout(resolve, 20)) };
    const told: string[] = [];
    const results = await runPlan(
      [
        parallel([late, pass('quick')]),
        retry(flaky, { attempts: 3, backoff: 1 }),
        onlyIn('AfterAllowTraffic', pass('post-only')),
        failing('broken'),
        pass('never'),
      ],
      {
        ...options,
        onResult: (result) => told.push(`${result.name} ${result.status} ${result.attempts ?? 1}`),
      },
    );
    expect(told).toEqual([
      'quick pass 1',
      'late pass 1',
      'flaky pass 2',
      'post-only skipped 1',
      'broken fail 1',
      'never skipped 1',
    ]);
    expect(told).toHaveLength(results.length);
  });

  it('runs on when the result watcher throws or rejects, and logs it', async () => {
    const warnings: unknown[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (...line: unknown[]) => warnings.push(line) };
    const results = await runPlan([pass('a'), pass('b')], {
      ...options,
      logger,
      onResult: (result) => {
        if (result.name === 'a') throw new Error('watcher broke');
        return Promise.reject(new Error('async watcher broke')) as unknown as undefined;
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass']);
    expect(warnings).toEqual([
      ['shiftguard onCheckResult threw; ignored', { check: 'a', error: 'Error: watcher broke' }],
      ['shiftguard onCheckResult threw; ignored', { check: 'b', error: 'Error: async watcher broke' }],
    ]);
  });

  it('refuses an empty plan and malformed checks with typed errors', async () => {
    await expect(runPlan([], options)).rejects.toMatchObject({ code: 'SG_PLAN' });
    expect(() => sequence([{ name: '' } as unknown as Check])).toThrow(
      'sequence checks[0] needs a non-empty string name',
    );
  });
});
