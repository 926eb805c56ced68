import { PlanError } from '../errors';
import { defineCheck } from './check';
import { parallel } from './parallel';
import { retry } from './retry';
import { sequence } from './sequence';

const check = defineCheck('a', () => {});

describe('combinator options', () => {
  it.each([
    [() => parallel([check], { failfast: false } as never), 'unknown parallel option "failfast"'],
    [() => sequence([check], { nmae: 'x' } as never), 'unknown sequence option "nmae"'],
    [() => retry(check, { attempts: 2, backof: 10 } as never), 'unknown retry option "backof"'],
    [
      () => retry(check, { attempts: 2, backoff: { initialMS: 10 } } as never),
      'unknown retry backoff option "initialMS"',
    ],
    [() => parallel([check], { name: '' }), 'parallel name must be a non-empty string'],
  ])('%# refuses a misspelt or empty option, naming it', (build, message) => {
    expect(build).toThrow(PlanError);
    expect(build).toThrow(message);
  });
});
