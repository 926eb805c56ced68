import { ServiceError } from '../../service-error';

/**
 * The query-protocol code of each error the alarm operations answer (`x-amzn-query-error: <code>;Sender`,
 * `<Code>` in a query error), as the CloudWatch API model names them. `ValidationError` is not a modeled
 * shape: CloudWatch answers it for a composite alarm whose children do not exist and for deleting an
 * alarm a composite depends on (messages as users report them).
 */
export type CloudWatchAlarmErrorCode =
  | 'InvalidParameterValue'
  | 'MissingParameter'
  | 'InvalidParameterCombination'
  | 'InvalidNextToken'
  | 'InvalidFormat'
  | 'LimitExceeded'
  | 'ResourceNotFound'
  | 'ValidationError';

/**
 * An error the emulated CloudWatch answers from an alarm operation. `name` is the error shape of the API
 * model (what goes in a JSON `__type`), `code` the query code (what goes in `x-amzn-query-error` and a
 * query `<Code>`), `status` the shape's HTTP status; every one is a sender fault. `field` names the
 * offending parameter with its path (`Metrics[1].ReturnData`), when there is one.
 */
export abstract class CloudWatchAlarmError extends ServiceError {
  abstract readonly code: CloudWatchAlarmErrorCode;
  readonly field: string | undefined;

  constructor(shape: string, message: string, status: number, field: string | undefined) {
    super(shape, message, status);
    this.field = field;
  }
}

/** A parameter has a value CloudWatch refuses (a bad enum, a number out of range, a rule that does not parse). */
export class InvalidParameterValueError extends CloudWatchAlarmError {
  readonly code = 'InvalidParameterValue' as const;

  constructor(message: string, field?: string) {
    super('InvalidParameterValueException', message, 400, field);
  }
}

/** A required parameter is absent. */
export class MissingParameterError extends CloudWatchAlarmError {
  readonly code = 'MissingParameter' as const;

  constructor(field: string, message = `The parameter ${field} is required.`) {
    super('MissingRequiredParameterException', message, 400, field);
  }
}

/** Parameters that exclude each other were given together (`Statistic` and `ExtendedStatistic`, ...). */
export class InvalidParameterCombinationError extends CloudWatchAlarmError {
  readonly code = 'InvalidParameterCombination' as const;

  constructor(message: string, field?: string) {
    super('InvalidParameterCombinationException', message, 400, field);
  }
}

/** A `NextToken` this account never handed out, or one handed out for other filters. */
export class InvalidNextTokenError extends CloudWatchAlarmError {
  readonly code = 'InvalidNextToken' as const;

  constructor(message = 'Invalid NextToken: it is not one this operation returned for these parameters.') {
    super('InvalidNextToken', message, 400, 'NextToken');
  }
}

/** `SetAlarmState`'s `StateReasonData` is not JSON. */
export class InvalidFormatError extends CloudWatchAlarmError {
  readonly code = 'InvalidFormat' as const;

  constructor(message: string, field?: string) {
    super('InvalidFormatFault', message, 400, field);
  }
}

/** A quota is reached: the account's alarms, or the composites one alarm may be a child of. */
export class LimitExceededError extends CloudWatchAlarmError {
  readonly code = 'LimitExceeded' as const;

  constructor(message: string, field?: string) {
    super('LimitExceededFault', message, 400, field);
  }
}

/** The named alarm does not exist. */
export class ResourceNotFoundError extends CloudWatchAlarmError {
  readonly code = 'ResourceNotFound' as const;

  constructor(message: string, field?: string) {
    super('ResourceNotFound', message, 404, field);
  }
}

/** A request that is well-formed but refused by the account's alarms as they stand (missing children, a child still referenced). */
export class AlarmValidationError extends CloudWatchAlarmError {
  readonly code = 'ValidationError' as const;

  constructor(message: string, field?: string) {
    super('ValidationError', message, 400, field);
  }
}

/** An `AlarmRule` that does not parse: `position` is the 0-based index of the character at fault. */
export class InvalidAlarmRuleError extends InvalidParameterValueError {
  readonly position: number;

  constructor(problem: string, position: number) {
    super(`Invalid AlarmRule at character ${position + 1}: ${problem}`, 'AlarmRule');
    this.position = position;
  }
}
