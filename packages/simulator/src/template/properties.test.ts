// Never a crash, never a silent pass: whatever the text, readSamTemplate returns a model or throws a
// TemplateError.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { readSamTemplate, TemplateError } from '../index';

const canary = readFileSync(path.join(__dirname, 'fixtures', 'canary.yaml'), 'utf8');

function readsOrRefuses(text: string): boolean {
  try {
    readSamTemplate({ text, file: 'fuzz.yaml' });
    return true;
  } catch (error) {
    if (error instanceof TemplateError && error.message.startsWith('fuzz.yaml')) return true;
    throw error;
  }
}

/** What an intrinsic's argument may be: names the template has, names it has not, and nested intrinsics. */
const names = fc.constantFrom(
  'OrdersFunction',
  'PreTrafficHook',
  'ErrorsAlarm',
  'OrdersTable',
  'ProdDashboard',
  'Stage',
  'IsProd',
  'Missing',
  'AWS::Region',
  'AWS::NoValue',
  'OrdersFunction.Version',
  'OrdersFunction.Alias',
  'OrdersFunction.Version.Version',
  'OrdersFunctionAliaslive',
  '',
);
const functions = fc.constantFrom(
  'Ref',
  'Condition',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::Join',
  'Fn::If',
  'Fn::Equals',
  'Fn::Not',
  'Fn::And',
  'Fn::Or',
  'Fn::Select',
  'Fn::Split',
  'Fn::FindInMap',
  'Fn::Base64',
  'Fn::ImportValue',
  'Fn::GetAZs',
  'Fn::Cidr',
);
const value: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    names,
    fc.string({ maxLength: 12 }).map((text) => `\${${text}}-${text}`),
    fc.integer({ min: -2, max: 5 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.record({ fn: functions, arg: tie('value') }).map(({ fn, arg }) => ({ [fn]: arg })),
    fc.dictionary(names, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** Where a value lands: the properties that decide the deployment. */
const places = fc.constantFrom(
  ['OrdersFunction', 'FunctionName'],
  ['OrdersFunction', 'AutoPublishAlias'],
  ['OrdersFunction', 'Timeout'],
  ['OrdersFunction', 'DeploymentPreference'],
  ['OrdersFunction', 'Events'],
  ['OrdersFunction', 'Environment'],
  ['OrdersFunction', 'CodeUri'],
  ['OrdersFunction', 'FunctionUrlConfig'],
  ['ErrorsAlarm', 'Dimensions'],
  ['ErrorsAlarm', 'Threshold'],
  ['ErrorsAlarm', 'Metrics'],
  ['ErrorsAlarm', 'AlarmName'],
);

describe('readSamTemplate never crashes', () => {
  it('on the canary template with lines dropped, doubled or cut', () => {
    const lines = canary.split('\n');
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            line: fc.nat({ max: lines.length - 1 }),
            op: fc.constantFrom('drop', 'double', 'cut', 'indent'),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (edits) => {
          const edited = [...lines];
          for (const { line, op } of edits) {
            const text = edited[line] ?? '';
            if (op === 'drop') edited.splice(line, 1);
            else if (op === 'double') edited.splice(line, 0, text);
            else if (op === 'cut') edited[line] = text.slice(0, Math.floor(text.length / 2));
            else edited[line] = ` ${text}`;
          }
          return readsOrRefuses(edited.join('\n'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on any value, intrinsics among them, put where the deployment depends on it', () => {
    const template = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'canary.json'), 'utf8')) as {
      Resources: Record<string, { Properties: Record<string, unknown> }>;
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(places, value), { minLength: 1, maxLength: 3 }), (changes) => {
        const changed = structuredClone(template);
        for (const [[resource, property], item] of changes)
          changed.Resources[resource]!.Properties[property!] = item;
        return readsOrRefuses(JSON.stringify(changed));
      }),
      { numRuns: 500 },
    );
  });

  it('on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) =>
        readsOrRefuses(`Transform: AWS::Serverless-2016-10-31\n${text}`),
      ),
      {
        numRuns: 300,
      },
    );
  });
});
