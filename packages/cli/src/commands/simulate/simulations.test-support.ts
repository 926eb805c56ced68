// Hand-written simulations: the event sequences simulateDeployment reports, and the results it
// returns, for the renderer's tests. Times are emulated epoch ms from START.
import type { HookVerdict, SimulationEvent, SimulationResult } from '@shiftguard/simulator';

export const START = Date.UTC(2026, 0, 5, 9, 0, 0);
const s = (seconds: number) => START + seconds * 1000;

const PRE = 'BeforeAllowTraffic';
const HOOK = 'CodeDeployHook_orders-pre-traffic';

/** A shiftguard hook's verdict: two checks passed, one `warnOnly` check failed and did not block. */
export const WARN_ONLY_VERDICT: HookVerdict = {
  status: 'Succeeded',
  reason: '2 of 3 check(s) passed; 1 non-blocking check(s) did not pass',
  checks: [
    { name: 'smoke', status: 'pass', required: true, durationMs: 41 },
    { name: 'schema', status: 'pass', required: true, durationMs: 3 },
    {
      name: 'p99-latency',
      status: 'fail',
      required: false,
      message: 'p99 1210 ms is over the 800 ms budget\nsamples: 50',
      durationMs: 12,
    },
  ],
};

const lifecycle = (at: number, lifecycleEventName: string, status: string, deploymentId = 'd-ORDERS0001') =>
  ({ at, type: 'lifecycleEvent', deploymentId, lifecycleEventName, status }) as const;

/** Up to AllowTraffic's first shift: created, Start, the PreTraffic hook run and reported, 10% moved. */
function throughCanary(verdict: HookVerdict): SimulationEvent[] {
  return [
    { at: s(0), type: 'deploymentCreated', deploymentId: 'd-ORDERS0001', rollback: false },
    { at: s(0), type: 'status', deploymentId: 'd-ORDERS0001', status: 'InProgress' },
    lifecycle(s(0), 'Start', 'InProgress'),
    lifecycle(s(0), 'Start', 'Succeeded'),
    lifecycle(s(0), PRE, 'InProgress'),
    { at: s(0), type: 'hookInvoked', lifecycleEventName: PRE, functionName: HOOK, requestId: 'req-1' },
    // As the simulator delivers them: CodeDeploy's timeline first, the hook's invocation record after.
    { at: s(2), type: 'hookReported', lifecycleEventName: PRE, status: verdict.status, outcome: 'accepted' },
    lifecycle(s(2), PRE, 'Succeeded'),
    lifecycle(s(2), 'AllowTraffic', 'InProgress'),
    {
      at: s(2),
      type: 'trafficShifted',
      deploymentId: 'd-ORDERS0001',
      targetVersionWeight: 0.1,
      newVersionWeight: 0.1,
    },
    {
      at: s(2),
      type: 'hookFinished',
      lifecycleEventName: PRE,
      functionName: HOOK,
      requestId: 'req-1',
      attempt: 1,
      invocationStatus: 'succeeded',
      error: undefined,
      verdict,
    },
  ];
}

/** Promoted after the canary's five minutes, with a non-blocking check that failed. */
export const PROMOTED_EVENTS: SimulationEvent[] = [
  ...throughCanary(WARN_ONLY_VERDICT),
  {
    at: s(60),
    type: 'alarmState',
    alarmName: 'orders-errors',
    from: 'INSUFFICIENT_DATA',
    to: 'OK',
    reason:
      'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].',
  },
  {
    at: s(302),
    type: 'trafficShifted',
    deploymentId: 'd-ORDERS0001',
    targetVersionWeight: 1,
    newVersionWeight: 1,
  },
  lifecycle(s(302), 'AllowTraffic', 'Succeeded'),
  lifecycle(s(302), 'AfterAllowTraffic', 'Skipped'),
  lifecycle(s(302), 'End', 'InProgress'),
  lifecycle(s(302), 'End', 'Succeeded'),
  { at: s(302), type: 'status', deploymentId: 'd-ORDERS0001', status: 'Succeeded' },
];

/** The new version's errors trip the alarm two minutes into the canary; CodeDeploy stops and rolls back. */
export const ALARM_ROLLBACK_EVENTS: SimulationEvent[] = [
  ...throughCanary({
    status: 'Succeeded',
    reason: '1 of 1 check(s) passed',
    checks: [{ name: 'smoke', status: 'pass', required: true }],
  }),
  {
    at: s(60),
    type: 'alarmState',
    alarmName: 'orders-errors',
    from: 'INSUFFICIENT_DATA',
    to: 'OK',
    reason: 'Threshold Crossed: 1 datapoint [0.0] was not greater than or equal to the threshold (3.0).',
  },
  {
    at: s(120),
    type: 'alarmState',
    alarmName: 'orders-errors',
    from: 'OK',
    to: 'ALARM',
    reason: 'Threshold Crossed: 1 datapoint [6.0] was greater than or equal to the threshold (3.0).',
  },
  { at: s(122), type: 'alarmsPolled', outcome: 'alarm', alarms: [{ name: 'orders-errors', state: 'ALARM' }] },
  lifecycle(s(122), 'AllowTraffic', 'Failed'),
  lifecycle(s(122), 'AfterAllowTraffic', 'Skipped'),
  lifecycle(s(122), 'End', 'Skipped'),
  { at: s(122), type: 'status', deploymentId: 'd-ORDERS0001', status: 'Stopped' },
  { at: s(122), type: 'rollbackStarted', rollbackDeploymentId: 'd-ORDERS0002' },
  { at: s(122), type: 'deploymentCreated', deploymentId: 'd-ORDERS0002', rollback: true },
  { at: s(122), type: 'status', deploymentId: 'd-ORDERS0002', status: 'InProgress' },
  lifecycle(s(122), 'Start', 'InProgress', 'd-ORDERS0002'),
  lifecycle(s(122), 'Start', 'Succeeded', 'd-ORDERS0002'),
  lifecycle(s(122), 'AllowTraffic', 'InProgress', 'd-ORDERS0002'),
  {
    at: s(122),
    type: 'trafficShifted',
    deploymentId: 'd-ORDERS0002',
    targetVersionWeight: 1,
    newVersionWeight: 0,
  },
  lifecycle(s(122), 'AllowTraffic', 'Succeeded', 'd-ORDERS0002'),
  { at: s(122), type: 'status', deploymentId: 'd-ORDERS0002', status: 'Succeeded' },
];

const IAM_MESSAGE =
  'The IAM role arn:aws:iam::123456789012:role/sam-app-CodeDeployServiceRole does not give you permission to perform operations in the following AWS service: AWSLambda. Contact your AWS administrator if you need help.';

/** A hook named outside `CodeDeployHook_*`: the default service role may not invoke it. */
export const IAM_FAILURE_EVENTS: SimulationEvent[] = [
  { at: s(0), type: 'deploymentCreated', deploymentId: 'd-ORDERS0001', rollback: false },
  lifecycle(s(0), 'Start', 'InProgress'),
  lifecycle(s(0), 'Start', 'Succeeded'),
  lifecycle(s(0), PRE, 'InProgress'),
  {
    at: s(0),
    type: 'hookInvokeFailed',
    lifecycleEventName: PRE,
    functionName: 'orders-pre-traffic',
    errorCode: 'AccessDeniedException',
    message: IAM_MESSAGE,
  },
  lifecycle(s(0), PRE, 'Failed'),
  lifecycle(s(0), 'AllowTraffic', 'Skipped'),
  { at: s(0), type: 'status', deploymentId: 'd-ORDERS0001', status: 'Failed' },
  { at: s(0), type: 'rollbackStarted', rollbackDeploymentId: 'd-ORDERS0002' },
  { at: s(0), type: 'deploymentCreated', deploymentId: 'd-ORDERS0002', rollback: true },
  {
    at: s(0),
    type: 'trafficShifted',
    deploymentId: 'd-ORDERS0002',
    targetVersionWeight: 1,
    newVersionWeight: 0,
  },
  { at: s(0), type: 'status', deploymentId: 'd-ORDERS0002', status: 'Succeeded' },
];

const BASE: Omit<SimulationResult, 'outcome' | 'deployment' | 'rollback' | 'events' | 'endedAt'> = {
  seed: 7,
  function: {
    logicalId: 'OrdersFunction',
    functionName: 'orders',
    alias: 'live',
    currentVersion: '1',
    targetVersion: '2',
  },
  deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
  startedAt: START,
  realDurationMs: 2340,
  finalAlias: { functionVersion: '1', additionalVersionWeights: {} },
  weights: [],
  traffic: { rps: 5, sent: 0, byVersion: {}, byMinute: [] },
  frontDoor: [],
  hooks: [],
  alarms: [],
  warnings: [],
};

const hookRun = (events: readonly SimulationEvent[]) =>
  events.filter(
    (event): event is Extract<SimulationEvent, { type: 'hookFinished' }> => event.type === 'hookFinished',
  );

export const PROMOTED_RESULT: SimulationResult = {
  ...BASE,
  outcome: 'succeeded',
  deployment: {
    deploymentId: 'd-ORDERS0001',
    status: 'Succeeded',
    errorInformation: undefined,
    createTime: START,
    completeTime: s(302),
  },
  rollback: undefined,
  endedAt: s(302),
  finalAlias: { functionVersion: '2', additionalVersionWeights: {} },
  events: PROMOTED_EVENTS,
  traffic: {
    rps: 5,
    sent: 1510,
    byVersion: { '1': { invocations: 1360, errors: 0 }, '2': { invocations: 150, errors: 0 } },
    byMinute: [],
  },
  hooks: [
    {
      lifecycleEventName: PRE,
      functionName: HOOK,
      runs: hookRun(PROMOTED_EVENTS),
      recorded: 'Succeeded',
      logs: [
        'START RequestId: req-1 Version: $LATEST\n{"level":"INFO","message":"shiftguard verdict","verdict":{"status":"Succeeded"}}\nEND RequestId: req-1\n',
      ],
    },
  ],
  alarms: [{ alarmName: 'orders-errors', watched: true, finalState: 'OK', transitions: [] }],
};

export const ALARM_ROLLBACK_RESULT: SimulationResult = {
  ...BASE,
  outcome: 'rolledBack',
  deployment: {
    deploymentId: 'd-ORDERS0001',
    status: 'Stopped',
    errorInformation: {
      code: 'ALARM_ACTIVE',
      message:
        'One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: <orders-errors>',
    },
    createTime: START,
    completeTime: s(122),
  },
  rollback: { deploymentId: 'd-ORDERS0002', status: 'Succeeded', completeTime: s(122) },
  endedAt: s(122),
  events: ALARM_ROLLBACK_EVENTS,
  traffic: {
    rps: 5,
    sent: 610,
    byVersion: { '1': { invocations: 548, errors: 0 }, '2': { invocations: 62, errors: 9 } },
    byMinute: [],
  },
  hooks: [
    {
      lifecycleEventName: PRE,
      functionName: HOOK,
      runs: hookRun(ALARM_ROLLBACK_EVENTS),
      recorded: 'Succeeded',
      logs: ['START\nEND\n'],
    },
  ],
  alarms: [
    {
      alarmName: 'orders-errors',
      watched: true,
      finalState: 'ALARM',
      transitions: ALARM_ROLLBACK_EVENTS.filter(
        (event): event is Extract<SimulationEvent, { type: 'alarmState' }> => event.type === 'alarmState',
      ),
    },
  ],
};

export const IAM_FAILURE_RESULT: SimulationResult = {
  ...BASE,
  outcome: 'rolledBack',
  deployment: {
    deploymentId: 'd-ORDERS0001',
    status: 'Failed',
    errorInformation: { code: 'IAM_ROLE_PERMISSIONS', message: IAM_MESSAGE },
    createTime: START,
    completeTime: s(0),
  },
  rollback: { deploymentId: 'd-ORDERS0002', status: 'Succeeded', completeTime: s(0) },
  endedAt: s(0),
  events: IAM_FAILURE_EVENTS,
  traffic: { rps: 0, sent: 0, byVersion: {}, byMinute: [] },
  hooks: [
    { lifecycleEventName: PRE, functionName: 'orders-pre-traffic', runs: [], recorded: 'Failed', logs: [] },
  ],
};
