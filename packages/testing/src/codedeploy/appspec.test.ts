import { summarizeAppSpec } from './appspec';

describe('summarizeAppSpec', () => {
  it('reads the documented YAML form of a Lambda AppSpec', () => {
    const summary = summarizeAppSpec(`version: 0.0
Resources:
  - myLambdaFunction:
      Type: AWS::Lambda::Function
      Properties:
        Name: "myLambdaFunction"
        Alias: "myLambdaFunctionAlias"
        CurrentVersion: "1"
        TargetVersion: "2"
Hooks:
  - BeforeAllowTraffic: "LambdaFunctionToValidateBeforeTrafficShift"
  - AfterAllowTraffic: "LambdaFunctionToValidateAfterTrafficShift"
`);

    expect(summary).toEqual({
      parsed: true,
      format: 'YAML',
      hooks: [
        { event: 'BeforeAllowTraffic', functionName: 'LambdaFunctionToValidateBeforeTrafficShift' },
        { event: 'AfterAllowTraffic', functionName: 'LambdaFunctionToValidateAfterTrafficShift' },
      ],
      target: {
        functionName: 'myLambdaFunction',
        alias: 'myLambdaFunctionAlias',
        currentVersion: '1',
        targetVersion: '2',
      },
    });
  });

  it('reads JSON with hooks as a map, lower-case keys and numeric versions', () => {
    const summary = summarizeAppSpec(
      JSON.stringify({
        resources: [
          {
            fn: {
              type: 'AWS::Lambda::Function',
              properties: { alias: 'prod', currentversion: 3, targetversion: 4 },
            },
          },
        ],
        hooks: { beforeallowtraffic: 'pre', SomethingElse: 'x' },
      }),
    );

    expect(summary).toEqual({
      parsed: true,
      format: 'JSON',
      hooks: [{ event: 'BeforeAllowTraffic', functionName: 'pre' }],
      target: { functionName: 'fn', alias: 'prod', currentVersion: '3', targetVersion: '4' },
    });
  });

  it('falls back to both traffic hooks when the content is not an AppSpec', () => {
    for (const content of ['{"Hooks": [', 'just a sentence', '[1, 2]', 'Hooks:\n\t- BeforeAllowTraffic: x']) {
      expect(summarizeAppSpec(content)).toMatchObject({
        parsed: false,
        hooks: [
          { event: 'BeforeAllowTraffic', functionName: undefined },
          { event: 'AfterAllowTraffic', functionName: undefined },
        ],
      });
    }
  });

  it('reads flow-style YAML and versions written as plain numbers', () => {
    const summary = summarizeAppSpec(
      'version: 0.0\nResources: [{ fn: { Type: AWS::Lambda::Function, Properties: { Name: orders, Alias: live, CurrentVersion: 6, TargetVersion: 07 } } }]\nHooks: [{ BeforeAllowTraffic: pre }]\n',
    );

    expect(summary).toEqual({
      parsed: true,
      format: 'YAML',
      hooks: [{ event: 'BeforeAllowTraffic', functionName: 'pre' }],
      target: { functionName: 'orders', alias: 'live', currentVersion: '6', targetVersion: '07' },
    });
  });

  it('reads the ECS lifecycle hooks too', () => {
    const summary = summarizeAppSpec('Hooks:\n- BeforeInstall: a\n- AfterAllowTestTraffic: b\n');

    expect(summary.hooks.map((hook) => hook.event)).toEqual(['BeforeInstall', 'AfterAllowTestTraffic']);
  });
});
