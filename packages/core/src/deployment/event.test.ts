import { MalformedEventError } from '../errors';
import { parseHookEvent } from './event';

describe('parseHookEvent', () => {
  it('reads both ids from a CodeDeploy lifecycle event', () => {
    expect(
      parseHookEvent({ DeploymentId: 'd-ABC123', LifecycleEventHookExecutionId: 'eyJ...', extra: 1 }),
    ).toEqual({ deploymentId: 'd-ABC123', executionId: 'eyJ...' });
  });

  it.each([
    [null, 'must be an object, got null'],
    [[], 'must be an object, got array'],
    ['d-1', 'must be an object, got string'],
    [{}, 'missing DeploymentId'],
    [{ DeploymentId: 'd-1' }, 'missing LifecycleEventHookExecutionId'],
    [{ DeploymentId: 42, LifecycleEventHookExecutionId: 'x' }, 'DeploymentId must be a string, got number'],
    [{ DeploymentId: ' ', LifecycleEventHookExecutionId: 'x' }, 'DeploymentId is empty'],
  ])('rejects %j with a typed error', (event, message) => {
    expect(() => parseHookEvent(event)).toThrow(MalformedEventError);
    expect(() => parseHookEvent(event)).toThrow(message);
  });
});
