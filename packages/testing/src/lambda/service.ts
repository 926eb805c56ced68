import { restJsonRouter } from '../rest-json';
import type { ServiceModule } from '../service';
import type { ServiceError } from '../service-error';
import { journalFaultedInvoke } from './invoke';
import { lambdaOperations } from './operations';
import type { LambdaState } from './state';

const FUNCTIONS = '/2015-03-31/functions/{FunctionName}';

/** The routes the AWS SDK and CLI use, from the Lambda API model. */
const ROUTES = [
  { method: 'POST', path: '/2015-03-31/functions', operation: 'CreateFunction' },
  { method: 'GET', path: '/2015-03-31/functions', operation: 'ListFunctions' },
  // botocore (the AWS CLI) sends these two with a trailing slash.
  { method: 'POST', path: '/2015-03-31/functions/', operation: 'CreateFunction' },
  { method: 'GET', path: '/2015-03-31/functions/', operation: 'ListFunctions' },
  { method: 'DELETE', path: FUNCTIONS, operation: 'DeleteFunction' },
  { method: 'PUT', path: `${FUNCTIONS}/code`, operation: 'UpdateFunctionCode' },
  { method: 'PUT', path: `${FUNCTIONS}/configuration`, operation: 'UpdateFunctionConfiguration' },
  { method: 'DELETE', path: `${FUNCTIONS}/aliases/{Name}`, operation: 'DeleteAlias' },
  { method: 'POST', path: `${FUNCTIONS}/invocations`, operation: 'Invoke' },
  { method: 'GET', path: FUNCTIONS, operation: 'GetFunction' },
  { method: 'GET', path: `${FUNCTIONS}/configuration`, operation: 'GetFunctionConfiguration' },
  { method: 'GET', path: `${FUNCTIONS}/versions`, operation: 'ListVersionsByFunction' },
  { method: 'POST', path: `${FUNCTIONS}/versions`, operation: 'PublishVersion' },
  { method: 'GET', path: `${FUNCTIONS}/aliases`, operation: 'ListAliases' },
  { method: 'POST', path: `${FUNCTIONS}/aliases`, operation: 'CreateAlias' },
  { method: 'GET', path: `${FUNCTIONS}/aliases/{Name}`, operation: 'GetAlias' },
  { method: 'PUT', path: `${FUNCTIONS}/aliases/{Name}`, operation: 'UpdateAlias' },
] as const;

/**
 * Lambda's error shapes disagree on the message member's casing (the API model has `Message` on
 * some, `message` on others); the SDK reads either, but callers parsing bodies see what Lambda sends.
 */
const CAPITALIZED_MESSAGE = new Set([
  'ResourceNotFoundException',
  'ServiceException',
  'RequestEntityTooLargeException',
]);

/** Lambda on the wire: REST-JSON under `/2015-03-31/functions/...`. */
export function lambdaService(state: LambdaState): ServiceModule & { operations: string[] } {
  const operations = lambdaOperations(state);
  return {
    name: 'lambda',
    operations: Object.keys(operations),
    route: restJsonRouter({
      service: 'lambda',
      routes: ROUTES,
      operations,
      errorBody,
      onFaulted(operation, request, outcome, kind) {
        // An invoke answered by a fault is still traffic the hook under test produced.
        if (operation === 'Invoke') journalFaultedInvoke(state, request, outcome, kind);
      },
    }),
  };
}

function errorBody(error: ServiceError): Record<string, unknown> {
  const messageKey = CAPITALIZED_MESSAGE.has(error.name) ? 'Message' : 'message';
  return {
    Type: error.status >= 500 ? 'Service' : 'User',
    [messageKey]: error.message,
    ...error.fields,
  };
}
