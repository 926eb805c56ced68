// What the gateway itself answers when no function response can be passed on.
import type { FrontDoorKind } from './targets';

/** A response ready to write: status, header lines (a name may repeat), the body's bytes. */
export interface Answer {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

/**
 * Why the gateway answered on its own:
 * - `no-route`: no route of the API takes the method and path;
 * - `bad-request`: the request cannot be put into an event (a malformed percent-escape in the query);
 * - `invoke-failed`: the invoke itself failed (no such function, throttled, the emulator unreachable);
 * - `function-error`: the function failed (it threw, or Lambda timed it out);
 * - `malformed-response`: the function answered something the integration cannot read.
 */
export type GatewayFailure =
  | 'no-route'
  | 'bad-request'
  | 'invoke-failed'
  | 'function-error'
  | 'malformed-response';

const json = (status: number, message: string, errorType?: string): Answer => ({
  status,
  headers: [
    ['Content-Type', 'application/json'],
    ...(errorType === undefined ? [] : ([['x-amzn-ErrorType', errorType]] as const)),
  ],
  body: Buffer.from(JSON.stringify({ message })),
});

// REST APIs: an unknown method or path is 403 "Missing Authentication Token" (not a 404), a function
// error or a malformed response 502 (the developer guide: "If the function output is of a different
// format, API Gateway returns a 502"), a failed invoke 500; the SAM CLI and the .NET Lambda test tool
// answer the same. HTTP APIs: 404 "Not Found", and 500 "Internal Server Error" for any integration
// failure (a function error included, as seen from AWS in aws/aws-sam-cli#2590). Function URLs: 502.
const ANSWERS: Readonly<Record<FrontDoorKind, (failure: GatewayFailure) => Answer>> = {
  Api: (failure) => {
    switch (failure) {
      case 'no-route':
        return json(403, 'Missing Authentication Token', 'MissingAuthenticationTokenException');
      case 'bad-request':
        return json(400, 'Bad Request', 'BadRequestException');
      case 'invoke-failed':
        return json(500, 'Internal server error', 'InternalServerErrorException');
      default:
        return json(502, 'Internal server error', 'InternalServerErrorException');
    }
  },
  HttpApi: (failure) => {
    switch (failure) {
      case 'no-route':
        return json(404, 'Not Found');
      case 'bad-request':
        return json(400, 'Bad Request');
      default:
        return json(500, 'Internal Server Error');
    }
  },
  FunctionUrl: (failure) =>
    failure === 'bad-request'
      ? json(400, 'Bad Request')
      : {
          status: 502,
          headers: [['Content-Type', 'text/plain; charset=utf-8']],
          body: Buffer.from('Internal Server Error'),
        },
};

export function gatewayAnswer(kind: FrontDoorKind, failure: GatewayFailure): Answer {
  return ANSWERS[kind](failure);
}
