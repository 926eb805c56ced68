import { readFileSync } from 'node:fs';
import { isPlainObject, typeName, Validator } from '@shiftguard/kit';
import { TemplateError } from '../errors';
import { optionsValidator } from '../options';
import { readAlarm, readApis, readDeploymentConfig } from './alarms';
import { TemplateContext } from './context';
import type { PreferenceReading } from './deployment-preference';
import { readFunction } from './functions';
import { type GlobalArchitectures, mergeGlobals, readGlobals } from './globals';
import type { SamModel, SamStack, TrafficRouting } from './model';
import { type OverrideValue, partitionOf, pseudoParameters, readParameters } from './parameters';
import { parseTemplate, type YamlVersion } from './parse';
import { joinPath } from './paths';
import { Resolver } from './resolver';
import {
  COMPOSITE_ALARM,
  DEPLOYMENT_CONFIG,
  defaultPhysicalName,
  LAMBDA_FUNCTION,
  METRIC_ALARM,
  type PhysicalName,
  type ResourceRecord,
  ResourceTable,
  SERVERLESS_FUNCTION,
} from './resources';
import { deepFreeze } from './values';

/** The transform that makes a template SAM. */
export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** A template file's path, or its text (with the name messages give it). */
export type SamTemplateSource = string | { readonly text: string; readonly file?: string };

export interface ReadSamTemplateOptions {
  /** Parameter values, as `sam deploy --parameter-overrides` gives them; each must be a parameter of the template. */
  readonly parameters?: Readonly<Record<string, OverrideValue>>;
  /** `AWS::StackName` and the prefix of generated names. Default `sam-app`. */
  readonly stackName?: string;
  /** `AWS::Region`. Default `us-east-1`; the partition and URL suffix follow from it. */
  readonly region?: string;
  /** `AWS::AccountId`. Default `123456789012`. */
  readonly accountId?: string;
  /**
   * The name of a resource that writes none (`FunctionName`, `AlarmName`, `DeploymentConfigName`).
   * CloudFormation's own (`<stack>-<logical id>-<random>`) is not documented; default `<stack>-<logical id>`.
   */
  readonly physicalName?: PhysicalName;
  /** Values of other stacks' exports, for `Fn::ImportValue`. */
  readonly imports?: Readonly<Record<string, string>>;
  /** Custom deployment configurations that exist outside the template, by name, with their routing. */
  readonly deploymentConfigs?: Readonly<Record<string, TrafficRouting>>;
  /**
   * How `Globals.Function.Architectures` meets a function's own: `concatenate` as SAM does at
   * v1.109 (lists always concatenate), `replace` as its open PR #3945 proposes. Default `concatenate`.
   */
  readonly globalArchitectures?: GlobalArchitectures;
  /** YAML 1.1 (PyYAML's, the AWS and SAM CLIs') or 1.2. Default `1.1`. */
  readonly yamlVersion?: YamlVersion;
}

const OPTION_KEYS = [
  'parameters',
  'stackName',
  'region',
  'accountId',
  'physicalName',
  'imports',
  'deploymentConfigs',
  'globalArchitectures',
  'yamlVersion',
];

interface Settings {
  readonly parameters: Readonly<Record<string, OverrideValue>> | undefined;
  readonly stack: SamStack;
  readonly physicalName: PhysicalName;
  readonly imports: Readonly<Record<string, string>>;
  readonly deploymentConfigs: Readonly<Record<string, TrafficRouting>>;
  readonly globalArchitectures: GlobalArchitectures;
  readonly yamlVersion: YamlVersion;
}

/**
 * Reads a SAM template into the model of its canary deployment: functions with their alias,
 * deployment preference, hooks and alarms, the alarms resolved down to their dimensions, the APIs and
 * their routes, parameters and conditions, every value located in the file.
 *
 * @throws {TemplateError} for anything that would stop SAM or CloudFormation, or miswire the
 *   deployment; its `file`, `line`, `column` and `path` say where.
 * @throws {InvalidSimulatorOptionsError} for bad options.
 *
 * @example
 * ```ts
 * const model = readSamTemplate('template.yaml', { parameters: { Stage: 'prod' } });
 * const [orders] = model.functions;
 * orders.deploymentPreference?.type?.configName; // 'CodeDeployDefault.LambdaCanary10Percent5Minutes'
 * ```
 */
export function readSamTemplate(source: SamTemplateSource, options: ReadSamTemplateOptions = {}): SamModel {
  return readTemplate(source, options, 'readSamTemplate').model;
}

/**
 * The model with what it was read with, for rules that look past the model (the template doctor):
 * the context (locations, warnings), the resolver, the resources as written.
 */
export interface TemplateReading {
  readonly model: SamModel;
  readonly ctx: TemplateContext;
  readonly resolver: Resolver;
  readonly table: ResourceTable;
}

/**
 * `readSamTemplate`, keeping what it read with (internal: the package's own entry for the doctor).
 * `owner` names the public function in option errors.
 */
export function readTemplate(
  source: SamTemplateSource,
  options: ReadSamTemplateOptions,
  owner: string,
): TemplateReading {
  const validator = optionsValidator(owner);
  const settings = readOptions(validator, options);
  const { text, file } = load(validator, source);
  const parsed = parseTemplate(text, settings.yamlVersion);
  if (!parsed.ok) {
    const { message, line, column } = parsed.problem;
    const where = line === undefined ? `${file ?? '<text>'}: ` : `${file ?? '<text>'}:${line}:${column}: `;
    throw new TemplateError(`${where}${message}`, { problem: 'syntax', file, line, column, path: '' });
  }
  const ctx: TemplateContext = new TemplateContext(file, parsed.template.locations);
  const template = parsed.template.value;
  if (!isPlainObject(template)) {
    return ctx.fail(
      'not-a-template',
      '',
      `a template must be a mapping of sections (Transform, Resources, ...), got ${typeName(template)}`,
    );
  }
  checkTransform(ctx, template.Transform);
  const { entries, model: parameters } = readParameters(ctx, template.Parameters, settings.parameters, owner);
  const mappings = section(ctx, template, 'Mappings');
  const conditionDefinitions = section(ctx, template, 'Conditions');
  const resources = section(ctx, template, 'Resources');
  if (Object.keys(resources).length === 0)
    ctx.fail('shape', 'Resources', 'a template must have at least one resource');
  const resolver = new Resolver(
    ctx,
    entries,
    pseudoParameters(settings.stack),
    mappings,
    conditionDefinitions,
    settings.imports,
  );
  const conditions = resolver.allConditions();
  const globals = readGlobals(ctx, template.Globals);
  const records = new Map<string, ResourceRecord>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    const path = joinPath('Resources', logicalId);
    if (!/^[A-Za-z0-9]+$/.test(logicalId))
      ctx.fail('shape', path, `logical id ${logicalId} must be alphanumeric (A-Za-z0-9)`);
    if (!isPlainObject(resource))
      ctx.fail('shape', path, `resource ${logicalId} must be a mapping with a Type`);
    const type = resource.Type;
    if (typeof type !== 'string' || type === '')
      ctx.fail('shape', joinPath(path, 'Type'), `resource ${logicalId} must have a Type`);
    const condition = resource.Condition;
    if (condition !== undefined && typeof condition !== 'string') {
      ctx.fail('shape', joinPath(path, 'Condition'), 'a resource Condition must name a condition');
    }
    const included = condition === undefined || resolver.condition(condition, joinPath(path, 'Condition'));
    if (resource.Properties !== undefined && !isPlainObject(resource.Properties)) {
      ctx.fail('shape', joinPath(path, 'Properties'), `the Properties of ${logicalId} must be a mapping`);
    }
    const properties = type.startsWith('AWS::Serverless::')
      ? mergeGlobals(
          ctx,
          globals,
          type.slice('AWS::Serverless::'.length),
          path,
          resource,
          settings.globalArchitectures,
        )
      : ((resource.Properties as Record<string, unknown> | undefined) ?? {});
    records.set(logicalId, { logicalId, type, included, condition, path, raw: resource, properties });
  }
  const table = new ResourceTable(ctx, resolver, records, settings.stack, settings.physicalName);
  resolver.setResources(table);
  const deploymentConfigs = table
    .ofType(DEPLOYMENT_CONFIG)
    .map((record) => readDeploymentConfig({ ctx, resolver, table }, record));
  const reading: PreferenceReading = {
    ctx,
    resolver,
    table,
    templateConfigs: deploymentConfigs,
    customConfigs: settings.deploymentConfigs,
  };
  const functions = table
    .ofType(SERVERLESS_FUNCTION, LAMBDA_FUNCTION)
    .map((record) => readFunction(reading, record));
  const alarms = table.ofType(METRIC_ALARM, COMPOSITE_ALARM).map((record) => readAlarm(reading, record));
  const model = deepFreeze({
    file,
    stack: settings.stack,
    parameters,
    conditions,
    functions,
    alarms,
    apis: readApis(reading, functions),
    deploymentConfigs,
    // A copy: the model is frozen, and what resolves later through the reading may still warn.
    warnings: [...ctx.warnings],
  });
  return { model, ctx, resolver, table };
}

function load(validator: Validator, source: SamTemplateSource): { text: string; file: string | undefined } {
  if (typeof source === 'string') {
    if (source === '') validator.fail('source', 'must be a file path or { text }, got ""');
    try {
      return { text: stripBom(readFileSync(source, 'utf8')), file: source };
    } catch (error) {
      throw new TemplateError(`${source}: cannot be read: ${(error as Error).message}`, {
        problem: 'read',
        file: source,
        cause: error,
      });
    }
  }
  if (!isPlainObject(source)) return validator.wrongType('source', 'a file path or { text, file? }', source);
  validator.object(source, 'source', ['text', 'file']);
  if (typeof source.text !== 'string') return validator.wrongType('source.text', 'a string', source.text);
  const file = validator.string(source.file, 'source.file');
  return { text: stripBom(source.text), file };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function readOptions(validator: Validator, input: unknown): Settings {
  const options = validator.object(input, '', OPTION_KEYS);
  const parameters = options.parameters;
  if (parameters !== undefined) {
    if (!isPlainObject(parameters))
      validator.wrongType('parameters', 'an object of parameter values', parameters);
    for (const [name, value] of Object.entries(parameters)) {
      const scalar = (item: unknown) =>
        typeof item === 'string' || (typeof item === 'number' && Number.isFinite(item));
      if (!(scalar(value) || typeof value === 'boolean' || (Array.isArray(value) && value.every(scalar)))) {
        validator.wrongType(
          Validator.join('parameters', name),
          'a string, number, boolean or list of strings',
          value,
        );
      }
    }
  }
  const name = validator.string(options.stackName, 'stackName', {
    maxLength: 128,
    pattern: /^[A-Za-z][-A-Za-z0-9]*$/,
    patternHint: 'a stack name (a letter, then letters, digits and hyphens)',
  });
  const region = validator.string(options.region, 'region', {
    pattern: /^[a-z]{2}(-[a-z]+)+-\d+$/,
    patternHint: 'a region like us-east-1',
  });
  const accountId = validator.string(options.accountId, 'accountId', {
    pattern: /^\d{12}$/,
    patternHint: '12 digits',
  });
  const physicalName = validator.func<PhysicalName>(options.physicalName, 'physicalName');
  const imports = validator.stringMap(options.imports, 'imports');
  const deploymentConfigs = options.deploymentConfigs;
  if (deploymentConfigs !== undefined) {
    if (!isPlainObject(deploymentConfigs)) {
      validator.wrongType('deploymentConfigs', 'an object of traffic routings by name', deploymentConfigs);
    }
    for (const [config, routing] of Object.entries(deploymentConfigs)) {
      checkRouting(validator, routing, Validator.join('deploymentConfigs', config));
    }
  }
  const resolvedRegion = region ?? 'us-east-1';
  return {
    parameters: parameters as Settings['parameters'],
    stack: {
      name: name ?? 'sam-app',
      region: resolvedRegion,
      accountId: accountId ?? '123456789012',
      ...partitionOf(resolvedRegion),
    },
    physicalName: physicalName ?? defaultPhysicalName,
    imports: imports ?? {},
    deploymentConfigs: (deploymentConfigs as Settings['deploymentConfigs'] | undefined) ?? {},
    globalArchitectures:
      validator.oneOf(options.globalArchitectures, 'globalArchitectures', ['concatenate', 'replace']) ??
      'concatenate',
    yamlVersion: validator.oneOf(options.yamlVersion, 'yamlVersion', ['1.1', '1.2']) ?? '1.1',
  };
}

function checkRouting(validator: Validator, routing: unknown, path: string): void {
  const value = validator.object(routing, path, ['type', 'percentage', 'intervalMinutes'], { noun: 'key' });
  const type = validator.oneOf(value.type, Validator.join(path, 'type'), [
    'TimeBasedCanary',
    'TimeBasedLinear',
    'AllAtOnce',
  ]);
  if (type === undefined) validator.fail(Validator.join(path, 'type'), 'is required');
  if (type === 'AllAtOnce') return;
  if (
    validator.number(value.percentage, Validator.join(path, 'percentage'), { positive: true }) === undefined
  ) {
    validator.fail(Validator.join(path, 'percentage'), 'is required');
  }
  if (
    validator.integer(value.intervalMinutes, Validator.join(path, 'intervalMinutes'), { min: 1 }) ===
    undefined
  ) {
    validator.fail(Validator.join(path, 'intervalMinutes'), 'is required');
  }
}

/** SAM's transform must be among the template's transforms, or none of SAM's properties mean anything. */
function checkTransform(ctx: TemplateContext, transform: unknown): void {
  const names = (Array.isArray(transform) ? transform : [transform]).map((item) =>
    typeof item === 'string'
      ? item
      : isPlainObject(item) && typeof item.Name === 'string'
        ? item.Name
        : undefined,
  );
  if (names.includes(SAM_TRANSFORM)) return;
  const written = names.filter((name) => name !== undefined);
  ctx.fail(
    'not-sam',
    transform === undefined ? '' : 'Transform',
    `${transform === undefined ? 'the template has no Transform' : `Transform is ${written.join(', ') || 'not a transform name'}`}: a SAM template needs Transform: ${SAM_TRANSFORM} (without it AWS::Serverless::Function, AutoPublishAlias and DeploymentPreference mean nothing to CloudFormation)`,
  );
}

function section(
  ctx: TemplateContext,
  template: Record<string, unknown>,
  name: string,
): Record<string, unknown> {
  const value = template[name];
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) return ctx.fail('shape', name, `${name} must be a mapping`);
  return value;
}
