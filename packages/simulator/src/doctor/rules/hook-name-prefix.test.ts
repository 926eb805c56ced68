import { findingsOf, lineOf, template } from '../doctor.test-support';
import { hookNamePrefix } from './hook-name-prefix';

describe('hook-name-prefix', () => {
  it('passes a hook named CodeDeployHook_…', async () => {
    expect(await findingsOf(hookNamePrefix, template())).toEqual([]);
  });

  it('finds a hook named otherwise, at its FunctionName', async () => {
    const text = template({ hook: ['FunctionName: orders-pre-traffic'] });
    expect(await findingsOf(hookNamePrefix, text)).toEqual([
      expect.objectContaining({
        severity: 'error',
        logicalId: 'PreTrafficHook',
        path: 'Resources.PreTrafficHook.Properties.FunctionName',
        line: lineOf(text, 'FunctionName: orders-pre-traffic'),
        column: 7,
        message: expect.stringMatching(
          /^PreTrafficHook is named "orders-pre-traffic": .* may invoke only functions named CodeDeployHook_\*/,
        ),
        fix: expect.stringContaining(`FunctionName: !Sub CodeDeployHook_\${AWS::StackName}-pre-traffic`),
      }),
    ]);
  });

  it('finds a hook without FunctionName (a generated name never has the prefix), at the resource', async () => {
    const text = template({ hook: [] });
    expect(await findingsOf(hookNamePrefix, text)).toEqual([
      expect.objectContaining({
        path: 'Resources.PreTrafficHook',
        line: lineOf(text, 'PreTrafficHook:'),
        column: 3,
        message: expect.stringContaining('has no FunctionName'),
      }),
    ]);
  });

  it('is case-sensitive, as IAM resources are', async () => {
    const text = template({ hook: ['FunctionName: codedeployhook_orders'] });
    expect(await findingsOf(hookNamePrefix, text)).toHaveLength(1);
  });

  it('says nothing under a custom DeploymentPreference.Role (what it may invoke is the IAM rules’)', async () => {
    const text = template({
      hook: ['FunctionName: orders-pre-traffic'],
      preference: [
        'Type: Canary10Percent5Minutes',
        'Role: arn:aws:iam::123456789012:role/deployer',
        'Hooks:',
        '  PreTraffic: !Ref PreTrafficHook',
      ],
    });
    expect(await findingsOf(hookNamePrefix, text)).toEqual([]);
  });

  it('finds a hook named outside the stack, at the hook reference', async () => {
    const text = template({
      preference: ['Type: Canary10Percent5Minutes', 'Hooks:', '  PostTraffic: shared-checks'],
    });
    expect(await findingsOf(hookNamePrefix, text)).toEqual([
      expect.objectContaining({
        logicalId: 'OrdersFunction',
        path: 'Resources.OrdersFunction.Properties.DeploymentPreference.Hooks.PostTraffic',
        line: lineOf(text, 'PostTraffic: shared-checks'),
        message: expect.stringContaining('the PostTraffic hook is named "shared-checks"'),
      }),
    ]);
  });

  it('says nothing of a disabled preference', async () => {
    const text = template({
      hook: ['FunctionName: orders-pre-traffic'],
      preference: [
        'Enabled: false',
        'Type: Canary10Percent5Minutes',
        'Hooks:',
        '  PreTraffic: !Ref PreTrafficHook',
      ],
    });
    expect(await findingsOf(hookNamePrefix, text)).toEqual([]);
  });
});
