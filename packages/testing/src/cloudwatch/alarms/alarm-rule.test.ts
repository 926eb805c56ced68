import { ALARM_RULE_LIMITS, evaluateAlarmRule, parseAlarmRule } from './alarm-rule';
import { InvalidAlarmRuleError, InvalidParameterValueError } from './errors';
import type { AlarmStateValue } from './types';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function truth(rule: string, states: Record<string, AlarmStateValue>): boolean {
  return evaluateAlarmRule(parseAlarmRule(rule).root, (alarm) => states[alarm]);
}

describe('parseAlarmRule', () => {
  it('reads the examples of the PutCompositeAlarm reference', () => {
    const states = {
      CPUUtilizationTooHigh: 'ALARM',
      DiskReadOpsTooHigh: 'OK',
      NetworkOutTooHigh: 'OK',
    } as const;

    expect(truth('ALARM(CPUUtilizationTooHigh) AND ALARM(DiskReadOpsTooHigh)', states)).toBe(false);
    expect(truth('ALARM(CPUUtilizationTooHigh) AND NOT ALARM(DeploymentInProgress)', states)).toBe(true);
    expect(
      truth('(ALARM(CPUUtilizationTooHigh) OR ALARM(DiskReadOpsTooHigh)) AND OK(NetworkOutTooHigh)', states),
    ).toBe(true);
  });

  it('lists the alarms it names once each, quoted or not, names with spaces and ARNs included', () => {
    const parsed = parseAlarmRule(
      'ALARM("orders errors") OR OK( orders latency ) OR INSUFFICIENT_DATA("arn:aws:cloudwatch:us-east-1:123456789012:alarm:x") OR ALARM(orders errors)',
    );

    expect(parsed.references).toEqual([
      'orders errors',
      'orders latency',
      'arn:aws:cloudwatch:us-east-1:123456789012:alarm:x',
    ]);
    expect(parsed.elements).toBe(4);
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    const states = { a: 'ALARM', b: 'OK', c: 'OK' } as const;

    expect(truth('ALARM(a) OR ALARM(b) AND ALARM(c)', states)).toBe(true);
    expect(truth('(ALARM(a) OR ALARM(b)) AND ALARM(c)', states)).toBe(false);
    expect(truth('NOT ALARM(a) OR TRUE', states)).toBe(true);
    expect(truth('NOT (ALARM(a) OR TRUE)', states)).toBe(false);
    expect(truth('NOT NOT ALARM(a)', states)).toBe(true);
  });

  it('knows TRUE, FALSE and the three states', () => {
    expect(truth('TRUE', {})).toBe(true);
    expect(truth('FALSE OR FALSE', {})).toBe(false);
    expect(truth('INSUFFICIENT_DATA(x)', { x: 'INSUFFICIENT_DATA' })).toBe(true);
    expect(truth('OK(x)', { x: 'ALARM' })).toBe(false);
    expect(truth('OK(missing)', {})).toBe(false);
  });

  it.each([
    ['', 1, 'the rule is empty'],
    ['ALARM(a) AND', 13, 'unexpected end of rule'],
    ['ALARM(a) and ALARM(b)', 10, 'unexpected "a"; expected AND, OR or the end of the rule'],
    ['ALRM(a)', 1, 'unknown word "ALRM"'],
    ['ALARM a', 7, 'expected "(" after ALARM'],
    ['ALARM("a) OR OK(b)', 7, 'the quoted alarm name starting here is not closed'],
    ['ALARM()', 7, 'the alarm name is empty'],
    ['ALARM("a" OR OK(b))', 11, 'expected ")" after the alarm name'],
    ['(ALARM(a) OR OK(b)', 19, 'expected ")" to close the "(" at character 1'],
    ['ALARM(a) OR )', 13, 'unexpected ")"'],
    ['ALARM(a', 7, 'expected an alarm name and ")"'],
  ])('refuses %j, naming character %d', (rule, character, problem) => {
    const error = thrown(() => parseAlarmRule(rule));

    expect(error).toBeInstanceOf(InvalidAlarmRuleError);
    expect(error).toBeInstanceOf(InvalidParameterValueError);
    expect(error).toMatchObject({
      code: 'InvalidParameterValue',
      field: 'AlarmRule',
      position: character - 1,
    });
    expect((error as Error).message).toContain(`Invalid AlarmRule at character ${character}: ${problem}`);
  });

  it('holds the documented limits: characters, children and elements', () => {
    const long = thrown(() => parseAlarmRule(`ALARM("${'a'.repeat(ALARM_RULE_LIMITS.maxLength)}")`));
    const children = thrown(() =>
      parseAlarmRule(Array.from({ length: 101 }, (_, i) => `ALARM(a${i})`).join(' OR ')),
    );
    const elements = thrown(() => parseAlarmRule(Array.from({ length: 501 }, () => 'TRUE').join(' OR ')));

    expect(long).toMatchObject({ code: 'InvalidParameterValue', field: 'AlarmRule' });
    expect((long as Error).message).toMatch(/at most 10240/);
    expect((children as Error).message).toMatch(/names 101 alarms; at most 100/);
    expect((elements as Error).message).toMatch(/more than 500 elements/);
    expect(
      parseAlarmRule(Array.from({ length: 100 }, (_, i) => `ALARM(a${i})`).join(' OR ')).references,
    ).toHaveLength(100);
  });
});
