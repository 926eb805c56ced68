import { DEFAULT_HOOK, findingsOf, lineOf, template } from '../doctor.test-support';
import type { HookBudget, HookBudgetProvider } from '../hook-budget-type';
import { hookTimeout } from './hook-timeout';

const withTimeout = (timeout: string) => template({ hook: [...DEFAULT_HOOK, `Timeout: ${timeout}`] });

const budget = (over: Partial<HookBudget> = {}): HookBudget => ({
  minMs: 10_000,
  maxMs: 20_000,
  reserveMs: 2000,
  cleanupMs: 0,
  source: 'src/pre-traffic.ts (createHook)',
  ...over,
});

const providing =
  (value: HookBudget | undefined, why?: string): HookBudgetProvider =>
  async (_fn, context) => {
    if (value === undefined && why !== undefined) context.notRead(why);
    return value;
  };

describe('hook-timeout', () => {
  it('finds a Timeout above Lambda’s 900 s, at the hook’s Timeout', async () => {
    const text = withTimeout('1200');
    expect(await findingsOf(hookTimeout, text)).toEqual([
      expect.objectContaining({
        severity: 'error',
        logicalId: 'PreTrafficHook',
        path: 'Resources.PreTrafficHook.Properties.Timeout',
        line: lineOf(text, 'Timeout: 1200'),
        column: 7,
        message: expect.stringContaining('Lambda takes whole seconds from 1 to 900'),
      }),
    ]);
  });

  it.each(['0', '2.5'])('finds Timeout %s, which Lambda refuses', async (timeout) => {
    expect(await findingsOf(hookTimeout, withTimeout(timeout))).toEqual([
      expect.objectContaining({ severity: 'error' }),
    ]);
  });

  it('locates a Timeout from Globals in Globals', async () => {
    const text = template({ globals: ['Timeout: 901'] });
    expect(await findingsOf(hookTimeout, text)).toEqual([
      expect.objectContaining({
        path: 'Globals.Function.Timeout',
        line: lineOf(text, 'Timeout: 901'),
        column: 5,
      }),
    ]);
  });

  it('without a provider, checks only Lambda’s limits', async () => {
    expect(await findingsOf(hookTimeout, withTimeout('3'))).toEqual([]);
  });

  it('with a budget, an error when even the plan’s least time does not fit', async () => {
    const asked: string[] = [];
    const provider: HookBudgetProvider = async (fn) => {
      asked.push(fn.logicalId);
      return budget({ cleanupMs: 1000 });
    };
    const findings = await findingsOf(hookTimeout, withTimeout('12'), { hookBudget: provider });
    expect(asked).toEqual(['PreTrafficHook']);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringMatching(
          /Timeout 12 s, but its plan \(src\/pre-traffic.ts \(createHook\)\) takes at least 10 s with 2 s kept to report and 1 s to clean up/,
        ),
        fix: expect.stringContaining('at least 23 s'),
      }),
    ]);
  });

  it('with a budget, a warning when only its longest run does not fit', async () => {
    const findings = await findingsOf(hookTimeout, withTimeout('15'), { hookBudget: providing(budget()) });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('may take up to 20 s'),
      }),
    ]);
  });

  it('with a budget that fits, or an unbounded plan whose least time fits, nothing', async () => {
    expect(await findingsOf(hookTimeout, withTimeout('30'), { hookBudget: providing(budget()) })).toEqual([]);
    expect(
      await findingsOf(hookTimeout, withTimeout('15'), {
        hookBudget: providing(budget({ maxMs: undefined })),
      }),
    ).toEqual([]);
  });

  it('an info when the provider could not read the plan, with its reason', async () => {
    const findings = await findingsOf(hookTimeout, withTimeout('30'), {
      hookBudget: providing(undefined, 'not a shiftguard hook'),
    });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        message:
          "PreTrafficHook's check plan was not read (not a shiftguard hook): its Timeout 30 s is not checked against it",
      }),
    ]);
  });

  it('loadHooks: false does not ask the provider', async () => {
    const provider = jest.fn(providing(budget()));
    expect(
      await findingsOf(hookTimeout, withTimeout('3'), { hookBudget: provider, loadHooks: false }),
    ).toEqual([]);
    expect(provider).not.toHaveBeenCalled();
  });
});
