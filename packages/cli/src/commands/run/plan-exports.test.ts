import { defineCheck, sequence } from '@shiftguard/core';
import { NoChecksExportError } from '../../errors';
import { planOf } from './plan-exports';

const a = defineCheck('a', () => undefined);
const b = defineCheck('b', () => undefined);

/** A module namespace as `import()` gives it: a null-prototype object. */
const namespace = (exports: Record<string, unknown>) => Object.assign(Object.create(null), exports);

describe('planOf', () => {
  it('takes checks, else plan, else a default export shaped like a plan', () => {
    expect(planOf(namespace({ checks: [a, b], plan: a, default: b }), 'm.ts')).toEqual({
      checks: [a, b],
      options: {},
      from: 'checks',
    });
    expect(planOf(namespace({ plan: a, default: b }), 'm.ts')).toMatchObject({ checks: a, from: 'plan' });
    const composite = sequence([a, b]);
    expect(planOf(namespace({ default: composite }), 'm.ts')).toMatchObject({
      checks: composite,
      from: 'default',
    });
    expect(planOf(namespace({ default: [a] }), 'm.ts')).toMatchObject({ checks: [a], from: 'default' });
  });

  it('takes hookOptions: its checks first, the options that shape the plan, not those the run owns', () => {
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    const plan = planOf(
      namespace({
        checks: [b],
        hookOptions: {
          checks: [a],
          reserveMs: 500,
          target: { alias: 'live' },
          logger,
          metrics: false,
          clientConfig: { region: 'eu-west-1' },
          env: {},
        },
      }),
      'm.ts',
    );
    expect(plan).toEqual({
      checks: [a],
      options: { reserveMs: 500, target: { alias: 'live' } },
      from: 'hookOptions.checks',
    });
    expect(planOf(namespace({ checks: [b], hookOptions: { reserveMs: 500 } }), 'm.ts')).toEqual({
      checks: [b],
      options: { reserveMs: 500 },
      from: 'checks',
    });
  });

  it("looks into a CommonJS module's exports, which arrive as the default export", () => {
    expect(planOf(namespace({ default: { checks: [a] } }), 'm.cts')).toMatchObject({
      checks: [a],
      from: 'default.checks',
    });
    expect(planOf(namespace({ default: { hookOptions: { checks: a } } }), 'm.cjs')).toMatchObject({
      checks: a,
      from: 'default.hookOptions.checks',
    });
  });

  it('leaves a named plan that is not one to core, which says what is wrong with it', () => {
    expect(planOf(namespace({ checks: 'a' }), 'm.ts')).toMatchObject({ checks: 'a', from: 'checks' });
  });

  it.each([
    [
      {},
      'm.ts exports no plan: export `checks` (a check or an array of checks), `plan`, a default export, or `hookOptions`; it exports nothing',
    ],
    [
      { handler: () => undefined, helper: 1 },
      'it exports handler, helper; a hook module exports its handler: export the plan too',
    ],
    [{ default: () => undefined }, 'it exports default'],
    [{ default: { region: 'eu-west-1' } }, 'it exports default'],
    [{ hookOptions: 'strict' }, 'm.ts exports hookOptions, but as string rather than an object'],
  ])('refuses %p, naming what it exports', (exports, message) => {
    const find = () => planOf(namespace(exports), 'm.ts');
    expect(find).toThrow(NoChecksExportError);
    expect(find).toThrow(message);
    try {
      find();
    } catch (error) {
      expect((error as NoChecksExportError).exports).toEqual(Object.keys(exports).sort());
      expect((error as NoChecksExportError).code).toBe('SG_CLI_NO_CHECKS_EXPORT');
    }
  });
});
