import {
  CodeDeployClient,
  GetDeploymentCommand,
  PutLifecycleEventHookExecutionStatusCommand,
} from '@aws-sdk/client-codedeploy';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { parseAppSpec } from './deployment/appspec';
import {
  createHook,
  DeploymentResolutionError,
  defineCheck,
  InvalidOptionsError,
  MalformedEventError,
  parseHookEvent,
  ShiftguardError,
} from './index';

const anyEvent = fc.oneof(
  fc.anything(),
  fc.record(
    { DeploymentId: fc.anything(), LifecycleEventHookExecutionId: fc.anything() },
    { requiredKeys: [] },
  ),
  fc.record({ DeploymentId: fc.string(), LifecycleEventHookExecutionId: fc.string() }),
);

describe('properties', () => {
  it('parseHookEvent returns two strings or throws MalformedEventError, never anything else', () => {
    fc.assert(
      fc.property(anyEvent, (event) => {
        try {
          const ids = parseHookEvent(event);
          expect(typeof ids.deploymentId).toBe('string');
          expect(typeof ids.executionId).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedEventError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('createHook accepts valid options or throws InvalidOptionsError naming the problem', () => {
    const check = defineCheck('ok', () => undefined);
    const optionShapes = fc.dictionary(
      fc.constantFrom(
        'checks',
        'reserveMs',
        'lifecycleEvent',
        'target',
        'logger',
        'metrics',
        'env',
        'extra',
        'clock',
      ),
      fc.oneof(fc.anything(), fc.constant([check]), fc.constant(check), fc.constant('BeforeAllowTraffic')),
    );
    fc.assert(
      fc.property(optionShapes, (options) => {
        try {
          expect(typeof createHook(options as never)).toBe('function');
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidOptionsError);
          expect((error as InvalidOptionsError).message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('parseAppSpec returns a target or throws DeploymentResolutionError for any text or JSON', () => {
    const documents = fc.oneof(
      fc.string(),
      fc.json(),
      fc.anything().map((value) => JSON.stringify({ Resources: [{ fn: { Properties: value } }] }) ?? ''),
    );
    fc.assert(
      fc.property(documents, (content) => {
        try {
          const spec = parseAppSpec(content);
          expect(typeof spec.targetVersion).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(DeploymentResolutionError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a hook never rejects on a bad event and reports exactly once for a well-formed one', async () => {
    const codeDeploy = mockClient(CodeDeployClient);
    codeDeploy.on(GetDeploymentCommand).resolves({ deploymentInfo: { computePlatform: 'Lambda' } });
    codeDeploy.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const handler = createHook({
      checks: [defineCheck('ok', () => undefined)],
      awsSdkV3Client: new CodeDeployClient({ region: 'eu-west-1' }),
      logger: silent,
      metrics: false,
      env: {},
    });
    await fc.assert(
      fc.asyncProperty(anyEvent, async (event) => {
        codeDeploy.resetHistory();
        await expect(handler(event, { getRemainingTimeInMillis: () => 3000 })).resolves.toBeUndefined();
        let wellFormed = true;
        try {
          parseHookEvent(event);
        } catch (error) {
          expect(error).toBeInstanceOf(ShiftguardError);
          wellFormed = false;
        }
        expect(codeDeploy.commandCalls(PutLifecycleEventHookExecutionStatusCommand)).toHaveLength(
          wellFormed ? 1 : 0,
        );
      }),
      { numRuns: 200 },
    );
    codeDeploy.restore();
  });
});
