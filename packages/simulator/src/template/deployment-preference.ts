// A function's DeploymentPreference, read as SAM reads it and held to how it must be wired.
//
// Source: aws/serverless-application-model (develop, 7000d0a) `samtranslator/model/sam_resources.py`
// (`_validate_deployment_preference_and_add_update_policy`: `Enabled` and `Type` resolved against
// parameters and mappings only; AutoPublishAlias required when enabled),
// `model/preferences/deployment_preference.py` (`Enabled` false or "false"/"False" turns it off; `Type`
// required; `Hooks` a dictionary) and `deployment_preference_collection.py` (`Alarms` absent or
// `AWS::NoValue`: no alarm configuration; `Fn::If` allowed; an empty list: an empty configuration;
// hooks passed through unchanged).
import { isPlainObject, showValue, typeName } from '@shiftguard/kit';
import type { TemplateContext } from './context';
import {
  deploymentConfigName,
  PREDEFINED_DEPLOYMENT_TYPES,
  predefinedTrafficRouting,
  similarDeploymentType,
} from './deployment-types';
import type {
  AlarmReference,
  DeploymentType,
  HookTarget,
  SamDeploymentConfig,
  SamDeploymentPreference,
  TrafficRouting,
} from './model';
import { joinPath } from './paths';
import type { Resolver } from './resolver';
import { isAlarmType, isFunctionType, type ResourceRecord, type ResourceTable } from './resources';

const PREFERENCE_KEYS = [
  'Alarms',
  'Enabled',
  'Hooks',
  'PassthroughCondition',
  'Role',
  'TriggerConfigurations',
  'Type',
];
const HOOK_KEYS = ['PreTraffic', 'PostTraffic'];
/** CodeDeploy: "You can add up to 10 alarms" to a deployment group. */
const MAX_ALARMS = 10;

export interface PreferenceReading {
  readonly ctx: TemplateContext;
  readonly resolver: Resolver;
  readonly table: ResourceTable;
  readonly templateConfigs: readonly SamDeploymentConfig[];
  readonly customConfigs: Readonly<Record<string, TrafficRouting>>;
}

export function readDeploymentPreference(
  reading: PreferenceReading,
  record: ResourceRecord,
): SamDeploymentPreference | undefined {
  const { resolver, table } = reading;
  const ctx: TemplateContext = reading.ctx;
  const path = joinPath(joinPath(record.path, 'Properties'), 'DeploymentPreference');
  const raw = record.properties.DeploymentPreference;
  if (raw === undefined) return undefined;
  if (!isPlainObject(raw) || Object.keys(raw).some((key) => key === 'Ref' || key.startsWith('Fn::'))) {
    ctx.fail(
      'preference-shape',
      path,
      'DeploymentPreference must be a mapping of its properties (SAM reads it before CloudFormation resolves intrinsics)',
    );
  }
  for (const key of Object.keys(raw)) {
    if (!PREFERENCE_KEYS.includes(key)) {
      ctx.fail(
        'preference-shape',
        joinPath(path, key),
        `${key} is not a DeploymentPreference property; known: ${PREFERENCE_KEYS.join(', ')}`,
      );
    }
  }
  const location = ctx.locate(path);
  const common = {
    role: resolver.value(raw.Role, joinPath(path, 'Role')) as SamDeploymentPreference['role'],
    triggerConfigurations: resolver.value(
      raw.TriggerConfigurations,
      joinPath(path, 'TriggerConfigurations'),
    ) as SamDeploymentPreference['triggerConfigurations'],
    passthroughCondition: passthrough(
      reading,
      raw.PassthroughCondition,
      joinPath(path, 'PassthroughCondition'),
    ),
    location,
  };
  if (!enabled(reading, raw.Enabled, joinPath(path, 'Enabled'))) {
    return { enabled: false, type: undefined, hooks: {}, alarms: undefined, ...common };
  }
  if (raw.Type === undefined)
    ctx.fail('no-deployment-type', path, "'DeploymentPreference' is missing required Property 'Type'");
  if (table.aliasName(record.logicalId) === undefined) {
    ctx.fail(
      'no-auto-publish-alias',
      path,
      `'DeploymentPreference' requires AutoPublishAlias property to be specified: CodeDeploy shifts an alias, and SAM makes one only for AutoPublishAlias (on ${record.logicalId} or in Globals.Function)`,
    );
  }
  const type = deploymentType(reading, raw.Type, joinPath(path, 'Type'));
  const hooks: { preTraffic?: HookTarget; postTraffic?: HookTarget } = {};
  if (raw.Hooks !== undefined) {
    const hooksPath = joinPath(path, 'Hooks');
    const written = resolver.value(raw.Hooks, hooksPath, 'sam');
    if (written === undefined) {
      // `Hooks: !Ref AWS::NoValue`: no hooks.
    } else if (
      !isPlainObject(written) ||
      Object.keys(raw.Hooks as object).some((key) => key.startsWith('Fn::'))
    ) {
      ctx.fail(
        'preference-shape',
        hooksPath,
        "'Hooks' property of 'DeploymentPreference' must be a dictionary",
      );
    } else {
      const rawHooks = raw.Hooks as Record<string, unknown>;
      for (const key of Object.keys(rawHooks)) {
        if (!HOOK_KEYS.includes(key)) {
          ctx.fail(
            'unknown-hook',
            joinPath(hooksPath, key),
            `${key} is not a hook; DeploymentPreference.Hooks takes PreTraffic and PostTraffic`,
          );
        }
      }
      const pre = hookTarget(reading, rawHooks.PreTraffic, joinPath(hooksPath, 'PreTraffic'), 'PreTraffic');
      const post = hookTarget(
        reading,
        rawHooks.PostTraffic,
        joinPath(hooksPath, 'PostTraffic'),
        'PostTraffic',
      );
      if (pre) hooks.preTraffic = pre;
      if (post) hooks.postTraffic = post;
    }
  }
  const alarms = alarmList(reading, raw.Alarms, joinPath(path, 'Alarms'));
  return { enabled: true, type, hooks, alarms, ...common };
}

/**
 * SAM decides `Enabled` while it transforms, with parameters and mappings only: `false`, `"false"` and
 * `"False"` turn the preference off, anything else truthy (an `Fn::If` among them) leaves it on.
 */
function enabled({ ctx, resolver }: PreferenceReading, raw: unknown, path: string): boolean {
  if (raw === undefined) return true;
  const value = resolver.value(raw, path, 'sam');
  if (value === undefined) return true;
  if (value === false || value === 'false' || value === 'False') return false;
  if (isPlainObject(value)) {
    ctx.warn(
      'enabled-unresolvable',
      path,
      `Enabled is ${Object.keys(value)[0]}, which SAM cannot resolve while it transforms: SAM treats it as enabled, whatever it resolves to later`,
    );
    return true;
  }
  return Boolean(value);
}

function passthrough({ resolver }: PreferenceReading, raw: unknown, path: string): boolean | undefined {
  const value = resolver.value(raw, path, 'sam');
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return resolver.boolean(raw, path, 'PassthroughCondition');
}

function deploymentType(reading: PreferenceReading, raw: unknown, path: string): DeploymentType {
  const { ctx, resolver, table, templateConfigs, customConfigs } = reading;
  const written = resolver.string(raw, path, 'DeploymentPreference.Type');
  if (written === undefined) {
    return ctx.fail('no-deployment-type', path, "'DeploymentPreference' is missing required Property 'Type'");
  }
  const configName = deploymentConfigName(written);
  const routing = predefinedTrafficRouting(configName);
  if (routing) return { written, configName, from: 'predefined', trafficRouting: routing };
  const fromTemplate = templateConfigs.find((config) => config.configName === configName);
  if (fromTemplate) {
    return {
      written,
      configName,
      from: 'template',
      trafficRouting: fromTemplate.trafficRouting,
      logicalId: fromTemplate.logicalId,
    };
  }
  if (Object.hasOwn(customConfigs, configName)) {
    return { written, configName, from: 'option', trafficRouting: customConfigs[configName] };
  }
  const similar = similarDeploymentType(written);
  const inTemplate = table.resource(written);
  const hint = similar
    ? ` (did you mean ${similar}?)`
    : inTemplate?.type === 'AWS::CodeDeploy::DeploymentConfig'
      ? ` (${written} is the logical id of a deployment configuration: write !Ref ${written})`
      : '';
  return ctx.fail(
    'unknown-deployment-type',
    path,
    `DeploymentPreference.Type ${showValue(written, 80)} is not a deployment configuration${hint}: use one of the nine predefined ${Object.keys(PREDEFINED_DEPLOYMENT_TYPES).join(', ')}, an AWS::CodeDeploy::DeploymentConfig of this template, or a custom configuration named in options.deploymentConfigs`,
  );
}

/** A `Ref` the template cannot answer: not a parameter, not a pseudo parameter. */
function isNonParameterRef(resolver: Resolver, raw: unknown, path: string): string | undefined {
  if (!isPlainObject(raw) || Object.keys(raw).length !== 1 || typeof raw.Ref !== 'string') return undefined;
  const value = resolver.value(raw, path, 'sam');
  return isPlainObject(value) && value.Ref === raw.Ref ? raw.Ref : undefined;
}

function hookTarget(
  reading: PreferenceReading,
  raw: unknown,
  path: string,
  hook: 'PreTraffic' | 'PostTraffic',
): HookTarget | undefined {
  const { resolver, table } = reading;
  const ctx: TemplateContext = reading.ctx;
  if (raw === undefined || raw === null) return undefined;
  const location = ctx.locate(path);
  const functions = () => {
    const names = table
      .ofType('AWS::Serverless::Function', 'AWS::Lambda::Function')
      .map((record) => record.logicalId);
    return names.length > 0 ? `its functions: ${names.join(', ')}` : 'it has no function';
  };
  const referenced = isNonParameterRef(resolver, raw, path);
  if (referenced !== undefined && !referenced.includes('.')) {
    const entry = table.resource(referenced);
    if (!entry) {
      ctx.fail(
        'hook-missing',
        path,
        `the ${hook} hook ${referenced} is not a resource of this template (${functions()})`,
      );
    }
    if (!entry.included) {
      ctx.fail(
        'hook-excluded',
        path,
        `the ${hook} hook ${referenced} is not in the stack: its condition ${entry.condition} is false`,
      );
    }
    if (!isFunctionType(entry.type)) {
      ctx.fail(
        'hook-not-function',
        path,
        `the ${hook} hook ${referenced} is of type ${entry.type}, not a function (AWS::Serverless::Function or AWS::Lambda::Function)`,
      );
    }
    return { logicalId: referenced, functionName: table.functionName(referenced), location };
  }
  const value = resolver.value(raw, path);
  if (value === undefined) return undefined;
  resolver.requireConcrete(value, path, `the ${hook} hook`);
  if (typeof value !== 'string' || value === '') {
    return ctx.fail('hook-not-name', path, `the ${hook} hook must name a function, got ${typeName(value)}`);
  }
  for (const record of table.ofType('AWS::Serverless::Function', 'AWS::Lambda::Function')) {
    const name = table.functionName(record.logicalId);
    if (name === value) return { logicalId: record.logicalId, functionName: name, location };
    if (table.functionArn(name) === value) {
      ctx.warn(
        'hook-arn',
        path,
        `the ${hook} hook is the ARN of ${record.logicalId}; CodeDeploy's hooks are function names: write !Ref ${record.logicalId}`,
      );
      return { logicalId: record.logicalId, functionName: name, location };
    }
  }
  const sameId = table.resource(value);
  if (sameId && isFunctionType(sameId.type)) {
    return ctx.fail(
      'hook-logical-id',
      path,
      `the ${hook} hook "${value}" is the logical id of a function written as a plain string: CodeDeploy takes a function name, and ${value} is named ${showValue(table.functionName(value), 80)} in the stack; write !Ref ${value}`,
    );
  }
  ctx.warn(
    'hook-outside-stack',
    path,
    `the ${hook} hook "${value}" is no function of this template: CodeDeploy will invoke a function of that name outside the stack`,
  );
  return { logicalId: undefined, functionName: value, location };
}

function alarmList(reading: PreferenceReading, raw: unknown, path: string): AlarmReference[] | undefined {
  const { ctx, resolver } = reading;
  let value = raw;
  let at = path;
  // Fn::If picks a list; AWS::NoValue (at the top or as the branch taken) means no alarm configuration.
  for (;;) {
    if (value === undefined) return undefined;
    if (isPlainObject(value) && Object.keys(value).length === 1 && value.Ref === 'AWS::NoValue')
      return undefined;
    const branch = ifBranch(resolver, value, at);
    if (!branch) break;
    [value, at] = branch;
  }
  if (!Array.isArray(value)) {
    const resolved = resolver.value(value, at);
    if (resolved === undefined) return undefined;
    return ctx.fail(
      'preference-shape',
      at,
      `Alarms must be a list of alarm names, got ${typeName(resolved)}`,
    );
  }
  if (value.length === 0) return [];
  const items: [unknown, string][] = [];
  value.forEach((item, index) => {
    let entry: unknown = item;
    let entryPath = joinPath(at, index);
    for (
      let branch = ifBranch(resolver, entry, entryPath);
      branch;
      branch = ifBranch(resolver, entry, entryPath)
    ) {
      [entry, entryPath] = branch;
    }
    if (resolver.value(entry, entryPath, 'sam') === undefined) return;
    items.push([entry, entryPath]);
  });
  if (items.length > MAX_ALARMS) {
    ctx.fail(
      'too-many-alarms',
      path,
      `a deployment group takes at most ${MAX_ALARMS} alarms, got ${items.length}`,
    );
  }
  return items.map(([item, itemPath]) => alarmReference(reading, item, itemPath));
}

function ifBranch(resolver: Resolver, value: unknown, path: string): [unknown, string] | undefined {
  if (!isPlainObject(value) || Object.keys(value).length !== 1 || !('Fn::If' in value)) return undefined;
  const args = value['Fn::If'];
  const ifPath = joinPath(path, 'Fn::If');
  if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string') {
    resolver.value(value, path);
    return undefined;
  }
  const index = resolver.condition(args[0], joinPath(ifPath, 0)) ? 1 : 2;
  return [args[index], joinPath(ifPath, index)];
}

function alarmReference(reading: PreferenceReading, raw: unknown, path: string): AlarmReference {
  const { resolver, table } = reading;
  const ctx: TemplateContext = reading.ctx;
  const location = ctx.locate(path);
  const alarms = () => {
    const names = table
      .ofType('AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm')
      .map((record) => record.logicalId);
    return names.length > 0 ? `its alarms: ${names.join(', ')}` : 'it has no alarm';
  };
  const referenced = isNonParameterRef(resolver, raw, path);
  if (referenced !== undefined) {
    const entry = table.resource(referenced);
    if (!entry)
      ctx.fail('alarm-missing', path, `alarm ${referenced} is not a resource of this template (${alarms()})`);
    if (!entry.included)
      ctx.fail(
        'alarm-excluded',
        path,
        `alarm ${referenced} is not in the stack: its condition ${entry.condition} is false`,
      );
    if (!isAlarmType(entry.type)) {
      ctx.fail(
        'alarm-not-alarm',
        path,
        `${referenced} is of type ${entry.type}, not an alarm (AWS::CloudWatch::Alarm or AWS::CloudWatch::CompositeAlarm)`,
      );
    }
    return { logicalId: referenced, alarmName: table.alarmName(referenced), location };
  }
  if (isPlainObject(raw) && Array.isArray(raw['Fn::GetAtt'])) {
    const parts = raw['Fn::GetAtt'] as unknown[];
    const entry = typeof parts[0] === 'string' ? table.resource(parts[0].split('.')[0]!) : undefined;
    if (entry && isAlarmType(entry.type)) {
      ctx.fail(
        'alarm-arn',
        path,
        `!GetAtt ${parts.join('.')} is an attribute of alarm ${entry.logicalId}, but CodeDeploy takes alarm names: write !Ref ${entry.logicalId}`,
      );
    }
  }
  const value = resolver.value(raw, path);
  resolver.requireConcrete(value, path, 'an alarm of the deployment group');
  if (typeof value !== 'string' || value === '') {
    return ctx.fail(
      'alarm-not-name',
      path,
      `an alarm of the deployment group must be an alarm name, got ${typeName(value)}`,
    );
  }
  for (const record of table.ofType('AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm')) {
    if (table.alarmName(record.logicalId) === value)
      return { logicalId: record.logicalId, alarmName: value, location };
  }
  const sameId = table.resource(value);
  if (sameId && isAlarmType(sameId.type)) {
    ctx.fail(
      'alarm-logical-id',
      path,
      `"${value}" is the logical id of an alarm written as a plain string: CodeDeploy takes an alarm name, and ${value} is named ${showValue(table.alarmName(value), 80)} in the stack; write !Ref ${value}`,
    );
  }
  ctx.warn(
    'alarm-outside-stack',
    path,
    `alarm "${value}" is no alarm of this template: the deployment group will watch an alarm of that name outside the stack`,
  );
  return { logicalId: undefined, alarmName: value, location };
}
