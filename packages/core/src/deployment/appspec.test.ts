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

describe('parseAppSpec on the JSON path', () => {
  const resource = (properties: string) =>
    `{"Resources":[{"fn":{"Type":"AWS::Lambda::Function","Properties":{${properties}}}}],"Hooks":[{"BeforeAllowTraffic":123}]}`;

  it('refuses a key given twice, as the YAML path does', () => {
    const twice = resource('"Name":"orders","Alias":"live","TargetVersion":"2","TargetVersion":"3"');
    expect(() => parseAppSpec(twice)).toThrow(DeploymentResolutionError);
    expect(() => parseAppSpec(twice)).toThrow('AppSpec has the key "TargetVersion" twice in one mapping');
    expect(() => parseAppSpec(twice.replace('{"Resources"', ' \n{"Resources"'))).toThrow('twice');
  });

  it('reads numbers as the text of a version, and a hook named by digits', () => {
    const spec = parseAppSpec(
      resource('"Name":"orders","Alias":"live","CurrentVersion":6,"TargetVersion":7'),
    );
    expect(spec).toMatchObject({
      currentVersion: '6',
      targetVersion: '7',
      hooks: { BeforeAllowTraffic: '123' },
    });
  });

  it('keeps equal keys in different mappings, and strings that look like keys', () => {
    const spec = parseAppSpec(
      `{"Resources":[{"fn":{"Properties":{"Name":"a\\":b","Alias":"live","TargetVersion":"2"}}}],"Hooks":[{"BeforeAllowTraffic":"h"},{"AfterAllowTraffic":"h"}],"Name":"x"}`,
    );
    expect(spec.functionName).toBe('a":b');
  });
});
