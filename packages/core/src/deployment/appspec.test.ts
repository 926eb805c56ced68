import { DeploymentResolutionError } from '../errors';
import { parseAppSpec } from './appspec';

const samJson = JSON.stringify({
  version: 0.0,
  Resources: [
    {
      OrdersFunction: {
        Type: 'AWS::Lambda::Function',
        Properties: { Name: 'orders', Alias: 'live', CurrentVersion: '6', TargetVersion: '7' },
      },
    },
  ],
  Hooks: [{ BeforeAllowTraffic: 'orders-pre-traffic' }, { AfterAllowTraffic: 'orders-post-traffic' }],
});

describe('parseAppSpec', () => {
  it('reads a SAM-generated JSON AppSpec', () => {
    expect(parseAppSpec(samJson)).toEqual({
      functionName: 'orders',
      alias: 'live',
      currentVersion: '6',
      targetVersion: '7',
      hooks: { BeforeAllowTraffic: 'orders-pre-traffic', AfterAllowTraffic: 'orders-post-traffic' },
    });
  });

  it('reads YAML with lower-case keys and numeric versions', () => {
    const yaml = [
      'version: 0.0',
      'resources:',
      '  - fn:',
      '      type: AWS::Lambda::Function',
      '      properties:',
      '        name: orders',
      '        alias: live',
      '        targetversion: 8',
      'hooks:',
      '  - beforeallowtraffic: pre-hook',
    ].join('\n');
    expect(parseAppSpec(yaml)).toEqual({
      functionName: 'orders',
      alias: 'live',
      currentVersion: undefined,
      targetVersion: '8',
      hooks: { BeforeAllowTraffic: 'pre-hook' },
    });
  });

  it.each([
    ['{ not: [valid', 'neither valid YAML nor JSON'],
    ['just a string', 'must be a mapping with Resources'],
    ['Resources: []', 'exactly one resource, found 0'],
    ['Resources:\n  - fn:\n      Properties: { Name: a, Alias: b }', 'missing Properties.TargetVersion'],
    ['Resources:\n  - fn:\n      Type: AWS::ECS::Service\n      Properties: {}', 'not AWS::Lambda::Function'],
  ])('rejects %j', (content, message) => {
    expect(() => parseAppSpec(content)).toThrow(DeploymentResolutionError);
    expect(() => parseAppSpec(content)).toThrow(message);
  });
});
