import {
  errorsAlarm,
  findingsOf,
  lineOf,
  template,
  VERSION_DIMENSIONS,
  WITH_ALARM,
} from '../doctor.test-support';
import { alarmOtherFunction, alarmVersionDimensions } from './alarm-dimensions';

const withAlarm = (dimensions: readonly string[], more: readonly string[] = []) =>
  template({ preference: WITH_ALARM, resources: [...errorsAlarm(dimensions), ...more] });

const OTHER_FUNCTION = [
  'BillingFunction:',
  '  Type: AWS::Serverless::Function',
  '  Properties:',
  '    CodeUri: src/',
  '    Handler: billing.handler',
  '    Runtime: nodejs22.x',
  '    AutoPublishAlias: live',
];

describe('alarm-version-dimensions', () => {
  it('passes FunctionName, Resource (fn:alias) and ExecutedVersion of the function’s version', async () => {
    const text = withAlarm(VERSION_DIMENSIONS);
    expect(await findingsOf(alarmVersionDimensions, text)).toEqual([]);
    expect(await findingsOf(alarmOtherFunction, text)).toEqual([]);
  });

  it('finds an alarm on the function as a whole (no ExecutedVersion), at its Dimensions', async () => {
    const text = withAlarm(VERSION_DIMENSIONS.slice(0, 4));
    expect(await findingsOf(alarmVersionDimensions, text)).toEqual([
      expect.objectContaining({
        severity: 'error',
        logicalId: 'ErrorsAlarm',
        path: 'Resources.ErrorsAlarm.Properties.Dimensions',
        line: lineOf(text, 'Dimensions:'),
        column: 7,
        message: expect.stringMatching(/without ExecutedVersion: it counts the old version's invocations/),
      }),
    ]);
  });

  it('finds an alarm without FunctionName: a dimension set Lambda does not publish', async () => {
    const text = withAlarm(VERSION_DIMENSIONS.slice(2));
    expect(await findingsOf(alarmVersionDimensions, text)).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('without FunctionName: Lambda publishes no series'),
      }),
    ]);
  });

  it('finds an alarm with no dimensions at all, at its Properties', async () => {
    const text = withAlarm([]);
    expect(await findingsOf(alarmVersionDimensions, text)).toEqual([
      expect.objectContaining({
        path: 'Resources.ErrorsAlarm.Properties.Dimensions',
        line: lineOf(text, 'ErrorsAlarm:') + 2,
        message: expect.stringContaining('without FunctionName, Resource, ExecutedVersion'),
      }),
    ]);
  });

  it('finds a fixed ExecutedVersion, at its value', async () => {
    const text = withAlarm([...VERSION_DIMENSIONS.slice(0, 5), '  Value: "3"']);
    expect(await findingsOf(alarmVersionDimensions, text)).toEqual([
      expect.objectContaining({
        path: 'Resources.ErrorsAlarm.Properties.Dimensions[2].Value',
        line: lineOf(text, 'Value: "3"'),
        message: expect.stringContaining('ExecutedVersion is "3", not the version each deployment publishes'),
      }),
    ]);
  });

  it('takes ExecutedVersion from !Sub too, and leaves other namespaces alone', async () => {
    const sub = withAlarm([
      ...VERSION_DIMENSIONS.slice(0, 5),
      `  Value: !Sub "\${OrdersFunction.Version.Version}"`,
    ]);
    expect(await findingsOf(alarmVersionDimensions, sub)).toEqual([]);
    const custom = template({
      preference: WITH_ALARM,
      resources: errorsAlarm([]).map((line) => line.replace('AWS/Lambda', 'Orders')),
    });
    expect(await findingsOf(alarmVersionDimensions, custom)).toEqual([]);
  });

  it('reads a math alarm’s AWS/Lambda MetricStats', async () => {
    const text = template({
      preference: WITH_ALARM,
      resources: [
        'ErrorsAlarm:',
        '  Type: AWS::CloudWatch::Alarm',
        '  Properties:',
        '    EvaluationPeriods: 1',
        '    Threshold: 1',
        '    ComparisonOperator: GreaterThanOrEqualToThreshold',
        '    TreatMissingData: notBreaching',
        '    Metrics:',
        '      - Id: errors',
        '        MetricStat:',
        '          Metric:',
        '            Namespace: AWS/Lambda',
        '            MetricName: Errors',
        '            Dimensions:',
        '              - Name: FunctionName',
        '                Value: !Ref OrdersFunction',
        '          Period: 60',
        '          Stat: Sum',
        '      - Id: rate',
        '        Expression: errors * 100',
      ],
    });
    expect(await findingsOf(alarmVersionDimensions, text)).toEqual([
      expect.objectContaining({
        path: 'Resources.ErrorsAlarm.Properties.Metrics[0].MetricStat.Metric.Dimensions',
        line: lineOf(text, '            Dimensions:'),
        column: 15,
      }),
    ]);
  });

  it('says nothing of an alarm no deployment watches', async () => {
    const text = template({ resources: errorsAlarm([]) });
    expect(await findingsOf(alarmVersionDimensions, text)).toEqual([]);
  });
});

describe('alarm-other-function', () => {
  it('finds FunctionName naming another function, at its value', async () => {
    const dimensions = [...VERSION_DIMENSIONS];
    dimensions[1] = '  Value: !Ref BillingFunction';
    const text = withAlarm(dimensions, OTHER_FUNCTION);
    expect(await findingsOf(alarmOtherFunction, text)).toEqual([
      expect.objectContaining({
        severity: 'error',
        logicalId: 'ErrorsAlarm',
        path: 'Resources.ErrorsAlarm.Properties.Dimensions[0].Value',
        line: lineOf(text, 'Value: !Ref BillingFunction'),
        column: 11,
        message: expect.stringContaining(
          'FunctionName is "sam-app-BillingFunction", not OrdersFunction ("sam-app-OrdersFunction")',
        ),
      }),
    ]);
    expect(await findingsOf(alarmVersionDimensions, text)).toEqual([]);
  });

  it('finds another alias, and the function without its alias', async () => {
    const other = [...VERSION_DIMENSIONS];
    other[3] = `  Value: !Sub \${OrdersFunction}:prod`;
    expect(await findingsOf(alarmOtherFunction, withAlarm(other))).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          'Resource is "sam-app-OrdersFunction:prod", not OrdersFunction\'s alias "sam-app-OrdersFunction:live"',
        ),
      }),
    ]);
    const bare = [...VERSION_DIMENSIONS];
    bare[3] = '  Value: !Ref OrdersFunction';
    expect(await findingsOf(alarmOtherFunction, withAlarm(bare))).toEqual([
      expect.objectContaining({ message: expect.stringContaining('the function without its alias') }),
    ]);
  });

  it('finds another function’s version', async () => {
    const dimensions = [...VERSION_DIMENSIONS];
    dimensions[5] = '  Value: !GetAtt BillingFunction.Version.Version';
    expect(await findingsOf(alarmOtherFunction, withAlarm(dimensions, OTHER_FUNCTION))).toEqual([
      expect.objectContaining({
        path: 'Resources.ErrorsAlarm.Properties.Dimensions[2].Value',
        message: expect.stringContaining(
          'ExecutedVersion is the version of BillingFunction, not of OrdersFunction',
        ),
      }),
    ]);
  });
});
