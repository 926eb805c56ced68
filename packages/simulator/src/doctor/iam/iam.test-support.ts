// What the tests give the IAM rules: a template read as the doctor will read it (the model from
// readSamTemplate, the resources with Globals merged, locations following Globals).
import { isPlainObject } from '@shiftguard/kit';
import { TemplateContext } from '../../template/context';
import { mergeGlobals, readGlobals } from '../../template/globals';
import { parseTemplate } from '../../template/parse';
import { readSamTemplate } from '../../template/read-sam-template';
import type { IamResource, IamRuleInput, IamStack } from './input';

export function iamInput(
  text: string,
  options: { stack?: Partial<IamStack>; file?: string } = {},
): IamRuleInput {
  const file = options.file ?? 'template.yaml';
  const model = readSamTemplate({ text, file });
  const parsed = parseTemplate(text, '1.1');
  if (!parsed.ok) throw new Error(parsed.problem.message);
  const template = parsed.template.value as Record<string, unknown>;
  const ctx = new TemplateContext(file, parsed.template.locations);
  const globals = readGlobals(ctx, template.Globals);
  const resources = new Map<string, IamResource>();
  for (const [logicalId, raw] of Object.entries(
    template.Resources as Record<string, Record<string, unknown>>,
  )) {
    const type = raw.Type as string;
    const condition = raw.Condition;
    const properties = type.startsWith('AWS::Serverless::')
      ? mergeGlobals(
          ctx,
          globals,
          type.slice('AWS::Serverless::'.length),
          `Resources.${logicalId}`,
          raw,
          'concatenate',
        )
      : isPlainObject(raw.Properties)
        ? raw.Properties
        : {};
    const included = typeof condition !== 'string' || model.conditions[condition] === true;
    resources.set(logicalId, { type, included, raw, properties });
  }
  return {
    model,
    resources,
    locate: (path) => ctx.locate(path),
    written: (path) => ctx.written(path),
    file,
    stack: { partition: 'aws', ...options.stack },
  };
}
