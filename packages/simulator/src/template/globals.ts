import { isPlainObject } from '@shiftguard/kit';
// The Globals section, merged into each resource as SAM merges it.
//
// Source: aws/serverless-application-model `samtranslator/plugins/globals/globals.py` (develop,
// 7000d0a, 2026-05-29; `Globals.supported_properties`, `GlobalProperties._do_merge`) and
// `globals_plugin.py`, which merges before any other plugin runs, on the template as written (no
// intrinsic resolved yet):
// - a section must be one SAM supports, and each of its properties one SAM lists for it (else SAM
//   refuses the template);
// - both values mappings: merged key by key, recursively, the resource winning each key;
// - both lists: concatenated, Globals first, duplicates kept;
// - anything else (scalars, an intrinsic, which "resolves to a primitive type", or two different
//   kinds): the resource's value wins;
// - a resource's `IgnoreGlobals` (`'*'` or a list of global properties) leaves those out.
// Open upstream (PR #3945, issue #3939, unmerged at that commit): `Function.Architectures` replaced
// rather than concatenated; `options.globalArchitectures: 'replace'` reads templates that way.
import type { TemplateContext } from './context';
import { joinPath } from './paths';
import { isIntrinsic } from './values';

/** SAM's `Globals.supported_properties`, by section. */
export const GLOBAL_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  Function: [
    'Handler',
    'Runtime',
    'CodeUri',
    'DeadLetterQueue',
    'Description',
    'MemorySize',
    'Timeout',
    'VpcConfig',
    'Environment',
    'Tags',
    'PropagateTags',
    'Tracing',
    'KmsKeyArn',
    'AutoPublishAlias',
    'AutoPublishAliasAllProperties',
    'Layers',
    'DeploymentPreference',
    'RolePath',
    'PermissionsBoundary',
    'ReservedConcurrentExecutions',
    'ProvisionedConcurrencyConfig',
    'AssumeRolePolicyDocument',
    'EventInvokeConfig',
    'FileSystemConfigs',
    'CodeSigningConfigArn',
    'Architectures',
    'SnapStart',
    'EphemeralStorage',
    'FunctionUrlConfig',
    'RuntimeManagementConfig',
    'LoggingConfig',
    'RecursiveLoop',
    'SourceKMSKeyArn',
    'TenancyConfig',
    'DurableConfig',
    'CapacityProviderConfig',
    'FunctionScalingConfig',
    'PublishToLatestPublished',
    'VersionDeletionPolicy',
  ],
  Api: [
    'Auth',
    'Name',
    'DefinitionUri',
    'CacheClusterEnabled',
    'CacheClusterSize',
    'MergeDefinitions',
    'Variables',
    'EndpointConfiguration',
    'MethodSettings',
    'BinaryMediaTypes',
    'MinimumCompressionSize',
    'Cors',
    'GatewayResponses',
    'AccessLogSetting',
    'CanarySetting',
    'TracingEnabled',
    'OpenApiVersion',
    'Domain',
    'AlwaysDeploy',
    'PropagateTags',
    'SecurityPolicy',
    'EndpointAccessMode',
  ],
  HttpApi: [
    'Auth',
    'AccessLogSettings',
    'StageVariables',
    'Tags',
    'CorsConfiguration',
    'DefaultRouteSettings',
    'Domain',
    'RouteSettings',
    'FailOnWarnings',
    'PropagateTags',
  ],
  SimpleTable: ['SSESpecification'],
  StateMachine: ['PropagateTags'],
  LayerVersion: ['PublishLambdaVersion'],
  CapacityProvider: [
    'VpcConfig',
    'OperatorRole',
    'Tags',
    'InstanceRequirements',
    'ScalingConfig',
    'KmsKeyArn',
    'PropagateTags',
  ],
  WebSocketApi: [
    'AccessLogSettings',
    'ApiKeySelectionExpression',
    'DefaultRouteSettings',
    'DisableExecuteApiEndpoint',
    'DisableSchemaValidation',
    'Domain',
    'FailOnWarnings',
    'IpAddressType',
    'PropagateTags',
    'RouteSelectionExpression',
    'RouteSettings',
    'StageVariables',
    'Tags',
  ],
};

export type GlobalArchitectures = 'concatenate' | 'replace';

/** The Globals section checked as SAM checks it: section name → its properties as written. */
export function readGlobals(ctx: TemplateContext, section: unknown): Map<string, Record<string, unknown>> {
  const globals = new Map<string, Record<string, unknown>>();
  if (section === undefined) return globals;
  const sections = Object.keys(GLOBAL_PROPERTIES).sort();
  if (!isPlainObject(section))
    ctx.fail('shape', 'Globals', "'Globals' section is invalid. It must be a non-empty dictionary");
  for (const [name, properties] of Object.entries(section)) {
    const path = joinPath('Globals', name);
    const supported = GLOBAL_PROPERTIES[name];
    if (!supported) {
      ctx.fail(
        'shape',
        path,
        `'${name}' is not supported in Globals. Must be one of: ${sections.join(', ')}`,
      );
    }
    if (!isPlainObject(properties)) ctx.fail('shape', path, `Globals.${name} must be a dictionary`);
    for (const key of Object.keys(properties)) {
      if (!supported.includes(key)) {
        ctx.fail(
          'shape',
          joinPath(path, key),
          `'${key}' is not a supported property of '${name}' in Globals. Must be one of: ${supported.join(', ')}`,
        );
      }
    }
    globals.set(name, properties);
  }
  return globals;
}

/**
 * The properties of a resource of `AWS::Serverless::<section>` with the section's globals merged in,
 * the origin of every merged value recorded on the context.
 */
export function mergeGlobals(
  ctx: TemplateContext,
  globals: ReadonlyMap<string, Record<string, unknown>>,
  section: string,
  resourcePath: string,
  resource: Record<string, unknown>,
  architectures: GlobalArchitectures,
): Record<string, unknown> {
  const propertiesPath = joinPath(resourcePath, 'Properties');
  const local = isPlainObject(resource.Properties) ? resource.Properties : {};
  const sectionGlobals = globals.get(section);
  if (!sectionGlobals) return local;
  const global = { ...sectionGlobals };
  const ignore = resource.IgnoreGlobals;
  if (ignore !== undefined) {
    const ignorePath = joinPath(resourcePath, 'IgnoreGlobals');
    if (ignore === '*') return local;
    if (!Array.isArray(ignore))
      ctx.fail('shape', ignorePath, `IgnoreGlobals must be '*' or a list of Globals.${section} properties`);
    ignore.forEach((key, index) => {
      if (typeof key !== 'string' || !(key in global)) {
        ctx.fail(
          'shape',
          joinPath(ignorePath, index),
          `IgnoreGlobals names ${String(key)}, which Globals.${section} does not set`,
        );
      }
      delete global[key];
    });
  }
  const globalPath = joinPath('Globals', section);
  if (architectures === 'replace' && section === 'Function' && 'Architectures' in local)
    delete global.Architectures;
  return mergeValue(ctx, global, local, globalPath, propertiesPath) as Record<string, unknown>;
}

function mergeValue(
  ctx: TemplateContext,
  global: unknown,
  local: unknown,
  globalPath: string,
  localPath: string,
): unknown {
  const kind = (value: unknown) =>
    Array.isArray(value) ? 'list' : isPlainObject(value) && !isIntrinsic(value) ? 'dict' : 'primitive';
  const globalKind = kind(global);
  if (globalKind !== kind(local) || globalKind === 'primitive') return local;
  if (globalKind === 'list') {
    const globalList = global as unknown[];
    const localList = local as unknown[];
    globalList.forEach((_, index) => {
      ctx.setOrigin(joinPath(localPath, index), joinPath(globalPath, index));
    });
    localList.forEach((_, index) => {
      ctx.setOrigin(joinPath(localPath, globalList.length + index), joinPath(localPath, index));
    });
    return [...globalList, ...localList];
  }
  const out: Record<string, unknown> = { ...(global as Record<string, unknown>) };
  for (const key of Object.keys(global as Record<string, unknown>)) {
    if (!(key in (local as Record<string, unknown>)))
      ctx.setOrigin(joinPath(localPath, key), joinPath(globalPath, key));
  }
  for (const [key, value] of Object.entries(local as Record<string, unknown>)) {
    out[key] =
      key in out
        ? mergeValue(ctx, out[key], value, joinPath(globalPath, key), joinPath(localPath, key))
        : value;
  }
  return out;
}
