import { type ParsedAlarmRule, parseAlarmRule } from './alarm-rule';
import { MissingParameterError } from './errors';
import type { AlarmTag } from './types';
import {
  ALARM_NAME_RULES,
  actions,
  optionalBoolean,
  optionalInteger,
  optionalString,
  requiredString,
  structure,
  tags,
} from './validate';

const PUT_COMPOSITE_ALARM_KEYS = [
  'AlarmName',
  'AlarmRule',
  'AlarmDescription',
  'ActionsEnabled',
  'OKActions',
  'AlarmActions',
  'InsufficientDataActions',
  'Tags',
  'ActionsSuppressor',
  'ActionsSuppressorWaitPeriod',
  'ActionsSuppressorExtensionPeriod',
] as const;

export interface CheckedCompositeAlarm {
  readonly AlarmName: string;
  readonly AlarmRule: string;
  readonly rule: ParsedAlarmRule;
  readonly AlarmDescription: string | undefined;
  readonly ActionsEnabled: boolean;
  readonly OKActions: readonly string[];
  readonly AlarmActions: readonly string[];
  readonly InsufficientDataActions: readonly string[];
  readonly ActionsSuppressor: string | undefined;
  readonly ActionsSuppressorWaitPeriod: number | undefined;
  readonly ActionsSuppressorExtensionPeriod: number | undefined;
  readonly tags: readonly AlarmTag[];
}

/**
 * Validates a PutCompositeAlarm request and parses its rule; whether the children exist is the
 * registry's to check.
 *
 * @throws {MissingParameterError} `AlarmName` or `AlarmRule` absent.
 * @throws {InvalidAlarmRuleError} a rule that does not parse, naming the character.
 * @throws {InvalidParameterValueError} any other bad value.
 */
export function checkPutCompositeAlarm(input: unknown): CheckedCompositeAlarm {
  const request = structure(input, '', PUT_COMPOSITE_ALARM_KEYS);
  const AlarmName = requiredString(request.AlarmName, 'AlarmName', ALARM_NAME_RULES);
  if (request.AlarmRule === undefined || request.AlarmRule === null)
    throw new MissingParameterError('AlarmRule');
  const AlarmRule = requiredString(request.AlarmRule, 'AlarmRule', { min: 0 });
  return {
    AlarmName,
    AlarmRule,
    rule: parseAlarmRule(AlarmRule),
    AlarmDescription: optionalString(request.AlarmDescription, 'AlarmDescription', { min: 0, max: 1024 }),
    ActionsEnabled: optionalBoolean(request.ActionsEnabled, 'ActionsEnabled') ?? true,
    OKActions: actions(request.OKActions, 'OKActions'),
    AlarmActions: actions(request.AlarmActions, 'AlarmActions'),
    InsufficientDataActions: actions(request.InsufficientDataActions, 'InsufficientDataActions'),
    ActionsSuppressor: optionalString(request.ActionsSuppressor, 'ActionsSuppressor', { max: 1600 }),
    ActionsSuppressorWaitPeriod: optionalInteger(
      request.ActionsSuppressorWaitPeriod,
      'ActionsSuppressorWaitPeriod',
      {
        min: 0,
      },
    ),
    ActionsSuppressorExtensionPeriod: optionalInteger(
      request.ActionsSuppressorExtensionPeriod,
      'ActionsSuppressorExtensionPeriod',
      { min: 0 },
    ),
    tags: tags(request.Tags, 'Tags'),
  };
}
