import type { SimulationResult } from '@shiftguard/simulator';
import { cause } from '../../narrative/outcome';
import { PLAIN } from '../../narrative/style';
import {
  ALARM_ROLLBACK_RESULT,
  IAM_FAILURE_RESULT,
  PROMOTED_RESULT,
  START,
} from './simulations.test-support';
import { summaryLines } from './summary';

const OPTIONS = {
  style: PLAIN,
  logs: false,
  logsCommand: 'shiftguard simulate template.yaml --seed 7 --logs',
  next: 'see README.md.',
};

const summary = (result: SimulationResult, options: Partial<typeof OPTIONS> = {}) =>
  summaryLines(result, { ...OPTIONS, ...options }).join('\n');

describe('summaryLines', () => {
  it('says a promoted deployment was promoted, and what that rests on', () => {
    expect(summary(PROMOTED_RESULT)).toBe(
      [
        '',
        'Promoted: orders:live serves version 2 (CodeDeployDefault.LambdaCanary10Percent5Minutes), deployment d-ORDERS0001 succeeded at +5:02.',
        '  CodeDeploy recorded: deployment d-ORDERS0001 Succeeded',
        '  traffic: 1,510 requests at 5/s: version 1 1,360, 0 errors · version 2 150, 0 errors',
        '  alarms at the end: orders-errors OK',
        '  hook BeforeAllowTraffic CodeDeployHook_orders-pre-traffic: 1 run, CodeDeploy recorded Succeeded',
        '  time: 5:02 of emulated time in 2.3 s',
        '  hook logs: shiftguard simulate template.yaml --seed 7 --logs prints them as CloudWatch Logs shows them',
        'Next: see README.md.',
      ].join('\n'),
    );
  });

  it('says when and why an alarm rolled it back, with what CodeDeploy recorded and the errors per version', () => {
    const text = summary(ALARM_ROLLBACK_RESULT);

    expect(text).toContain(
      '\nRolled back at +2:02 because alarm orders-errors went to ALARM at +2:00 (Threshold Crossed: 1 datapoint [6.0] was greater than or equal to the threshold (3.0)): orders:live serves version 1 again.\n',
    );
    expect(text).toContain(
      '\n  CodeDeploy recorded: deployment d-ORDERS0001 Stopped, ALARM_ACTIVE: One or more alarms have been activated',
    );
    expect(text).toContain('\n  CodeDeploy rolled back with deployment d-ORDERS0002: Succeeded\n');
    expect(text).toContain(
      '\n  traffic: 610 requests at 5/s: version 1 548, 0 errors · version 2 62, 9 errors (14.5%)\n',
    );
    expect(text).toContain('\n  alarms at the end: orders-errors ALARM\n');
  });

  it('explains an IAM refusal by the CodeDeployHook_ naming rule', () => {
    const text = summary(IAM_FAILURE_RESULT);

    expect(text).toContain(
      '\nRolled back at +0:00 because CodeDeploy could not invoke the BeforeAllowTraffic hook orders-pre-traffic (AccessDeniedException): orders:live serves version 1 again.\n',
    );
    expect(text).toContain(
      "\n  why: CodeDeploy's default service role (AWSCodeDeployRoleForLambda, the one SAM creates) may invoke only functions whose name starts with CodeDeployHook_: name the hook CodeDeployHook_orders-pre-traffic",
    );
    expect(text).toContain(
      '\n  CodeDeploy recorded: deployment d-ORDERS0001 Failed, IAM_ROLE_PERMISSIONS: The IAM role',
    );
    expect(text).toContain('\n  traffic: none sent (--rps 0)\n');
    // No hook ran, so there are no logs to offer.
    expect(text).not.toContain('hook logs');
  });

  it('prints the hook logs as CloudWatch Logs holds them with --logs', () => {
    const text = summary(PROMOTED_RESULT, { logs: true });

    expect(text).toContain(
      [
        '  logs of CodeDeployHook_orders-pre-traffic (BeforeAllowTraffic):',
        '    START RequestId: req-1 Version: $LATEST',
        '    {"level":"INFO","message":"shiftguard verdict","verdict":{"status":"Succeeded"}}',
        '    END RequestId: req-1',
        'Next: see README.md.',
      ].join('\n'),
    );
    expect(text).not.toContain('--logs prints them');
  });

  it('says a failure nothing rolled back, and routing left on the alias', () => {
    const failed: SimulationResult = {
      ...ALARM_ROLLBACK_RESULT,
      outcome: 'failed',
      rollback: undefined,
      finalAlias: { functionVersion: '1', additionalVersionWeights: { '2': 0.1 } },
    };

    expect(summary(failed)).toContain(
      '\nFailed at +2:02 because alarm orders-errors went to ALARM at +2:00 (Threshold Crossed: 1 datapoint [6.0] was greater than or equal to the threshold (3.0)); nothing rolled it back (automatic rollback is off): orders:live serves version 1 with 10% on version 2.\n',
    );
  });

  it("counts the requests the template's APIs served on loopback", () => {
    const served: SimulationResult = {
      ...PROMOTED_RESULT,
      frontDoor: [
        { logicalId: 'ServerlessHttpApi', kind: 'HttpApi', url: 'http://127.0.0.1:4000', requests: 1510 },
        { logicalId: 'OrdersFunctionUrl', kind: 'FunctionUrl', url: 'http://127.0.0.1:4001', requests: 1 },
      ],
    };

    expect(summary(served)).toContain(
      "\n  front door (the template's APIs on loopback): ServerlessHttpApi (HttpApi) 1,510 requests · OrdersFunctionUrl (FunctionUrl) 1 request\n",
    );
    expect(summary(PROMOTED_RESULT)).not.toContain('front door');
  });

  it('lists the warnings with where they are written', () => {
    const warned: SimulationResult = {
      ...PROMOTED_RESULT,
      warnings: [
        {
          kind: 'custom-role',
          message: 'DeploymentPreference.Role is a custom role',
          path: 'Resources.Fn',
          file: 'template.yaml',
          line: 40,
          column: 9,
        },
        { kind: 'build', message: 'no place', path: '', file: undefined, line: undefined, column: undefined },
      ],
    };

    const text = summary(warned);

    expect(text).toContain('\n  warning: template.yaml:40:9: DeploymentPreference.Role is a custom role\n');
    expect(text).toContain('\n  warning: no place\n');
  });
});

describe('cause', () => {
  const hook = PROMOTED_RESULT.hooks[0]!;
  const run = hook.runs[0]!;
  const failedWith = (code: string, extra: Partial<SimulationResult>): SimulationResult => ({
    ...PROMOTED_RESULT,
    outcome: 'rolledBack',
    deployment: {
      ...PROMOTED_RESULT.deployment,
      status: 'Failed',
      errorInformation: { code, message: `${code} said so.` },
    },
    ...extra,
  });

  it("names the hook that reported Failed and its verdict's reason", () => {
    const result = failedWith('HOOK_EXECUTION_FAILURE', {
      hooks: [
        {
          ...hook,
          recorded: 'Failed',
          runs: [
            {
              ...run,
              verdict: {
                status: 'Failed',
                reason: '1 required check(s) did not pass: smoke (fail).',
                checks: [],
              },
            },
          ],
        },
      ],
    });

    expect(cause(result)).toBe(
      'the BeforeAllowTraffic hook CodeDeployHook_orders-pre-traffic reported Failed (1 required check(s) did not pass: smoke (fail))',
    );
  });

  it.each([
    [
      { invocationStatus: 'failed', error: { errorType: 'Error', errorMessage: 'boom\nat x' } },
      'its run 1 threw Error: boom',
    ],
    [{ invocationStatus: 'timedOut', error: undefined }, 'its run 1 ran past its Lambda timeout'],
    [
      { invocationStatus: 'succeeded', error: undefined },
      'its 1 run ended without calling PutLifecycleEventHookExecutionStatus',
    ],
  ])('says what a hook that never reported did instead (%j)', (runFields, said) => {
    const result = failedWith('TIMEOUT', {
      events: [{ at: START + 3_600_000, type: 'hookTimedOut', lifecycleEventName: 'BeforeAllowTraffic' }],
      hooks: [{ ...hook, recorded: 'Failed', runs: [{ ...run, ...runFields }] }],
    });

    expect(cause(result)).toBe(
      `the BeforeAllowTraffic hook CodeDeployHook_orders-pre-traffic never reported a status: ${said}`,
    );
  });

  it("falls back on CodeDeploy's code and message", () => {
    expect(cause(failedWith('INVALID_LAMBDA_CONFIGURATION', {}))).toBe(
      'INVALID_LAMBDA_CONFIGURATION: INVALID_LAMBDA_CONFIGURATION said so',
    );
  });
});
