// Functions and their events, as the simulator deploys and invokes them.
import { isPlainObject, typeName } from '@shiftguard/kit';
import type { TemplateContext } from './context';
import { type PreferenceReading, readDeploymentPreference } from './deployment-preference';
import type {
  SamApiRoute,
  SamBuild,
  SamCode,
  SamEvent,
  SamFunction,
  SamFunctionUrl,
  SourceLocation,
  TemplateValue,
} from './model';
import { joinPath } from './paths';
import { aliasLogicalId, type ResourceRecord, SERVERLESS_FUNCTION } from './resources';

/** Lambda's defaults for what a function does not set. */
const DEFAULT_TIMEOUT = 3;
const DEFAULT_MEMORY_SIZE = 128;
const DEFAULT_ARCHITECTURES = ['x86_64'];

export const IMPLICIT_REST_API = 'ServerlessRestApi';
export const IMPLICIT_HTTP_API = 'ServerlessHttpApi';

export function readFunction(reading: PreferenceReading, record: ResourceRecord): SamFunction {
  const { ctx, resolver, table } = reading;
  const props = record.properties;
  const at = (key: string) => joinPath(joinPath(record.path, 'Properties'), key);
  const serverless = record.type === SERVERLESS_FUNCTION;
  const functionName = table.functionName(record.logicalId);
  const alias = serverless ? table.aliasName(record.logicalId) : undefined;
  const sha = serverless
    ? codeSha256(reading, props.AutoPublishCodeSha256, at('AutoPublishCodeSha256'))
    : undefined;
  const provisioned = provisionedConcurrency(
    reading,
    props.ProvisionedConcurrencyConfig,
    at('ProvisionedConcurrencyConfig'),
  );
  if (provisioned !== undefined && serverless && alias === undefined) {
    ctx.fail(
      'shape',
      at('ProvisionedConcurrencyConfig'),
      'To set ProvisionedConcurrencyConfig AutoPublishALias must be defined on the function',
    );
  }
  return {
    logicalId: record.logicalId,
    resourceType: record.type as SamFunction['resourceType'],
    functionName,
    functionNameFrom: table.nameFrom(record.logicalId),
    arn: table.functionArn(functionName),
    code: serverless ? serverlessCode(reading, record) : lambdaCode(reading, record),
    handler: resolver.string(props.Handler, at('Handler'), 'Handler'),
    runtime: resolver.string(props.Runtime, at('Runtime'), 'Runtime'),
    timeout: resolver.number(props.Timeout, at('Timeout'), 'Timeout') ?? DEFAULT_TIMEOUT,
    memorySize: resolver.number(props.MemorySize, at('MemorySize'), 'MemorySize') ?? DEFAULT_MEMORY_SIZE,
    architectures:
      resolver.strings(props.Architectures, at('Architectures'), 'Architectures') ?? DEFAULT_ARCHITECTURES,
    environment: environment(reading, props.Environment, at('Environment')),
    build: build(reading, record),
    autoPublishAlias: alias,
    aliasLogicalId: alias === undefined ? undefined : aliasLogicalId(record.logicalId, alias),
    versionLogicalIdPrefix: alias === undefined ? undefined : `${record.logicalId}Version`,
    versionLogicalId:
      alias === undefined || sha === undefined ? undefined : `${record.logicalId}Version${sha.slice(0, 10)}`,
    autoPublishCodeSha256: sha,
    autoPublishAliasAllProperties: serverless
      ? resolver.boolean(
          props.AutoPublishAliasAllProperties,
          at('AutoPublishAliasAllProperties'),
          'AutoPublishAliasAllProperties',
        )
      : undefined,
    deploymentPreference: serverless ? readDeploymentPreference(reading, record) : undefined,
    provisionedConcurrency: provisioned,
    events: serverless ? readEvents(reading, record) : [],
    functionUrl: serverless
      ? functionUrl(reading, props.FunctionUrlConfig, at('FunctionUrlConfig'), alias)
      : undefined,
    policies: serverless ? (props.Policies as TemplateValue | undefined) : undefined,
    role: props.Role as TemplateValue | undefined,
    condition: record.condition,
    location: ctx.locate(record.path),
    locations: resourceLocations(ctx, record),
  };
}

/** `AutoPublishCodeSha256`, resolved as SAM resolves it (parameters only). */
function codeSha256({ ctx, resolver }: PreferenceReading, raw: unknown, path: string): string | undefined {
  const value = resolver.value(raw, path, 'sam');
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return ctx.fail('shape', path, 'AutoPublishCodeSha256 must be a string');
  return value;
}

function provisionedConcurrency(
  { ctx, resolver }: PreferenceReading,
  raw: unknown,
  path: string,
): number | undefined {
  const value = resolver.value(raw, path);
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) return ctx.fail('shape', path, 'ProvisionedConcurrencyConfig must be a mapping');
  return resolver.number(
    value.ProvisionedConcurrentExecutions,
    joinPath(path, 'ProvisionedConcurrentExecutions'),
    'ProvisionedConcurrentExecutions',
  );
}

function serverlessCode(reading: PreferenceReading, record: ResourceRecord): SamCode | undefined {
  const { resolver } = reading;
  const ctx: TemplateContext = reading.ctx;
  const props = record.properties;
  const at = (key: string) => joinPath(joinPath(record.path, 'Properties'), key);
  const image = resolver.string(props.ImageUri, at('ImageUri'), 'ImageUri');
  if (image !== undefined) return { kind: 'image', imageUri: image };
  const inline = resolver.string(props.InlineCode, at('InlineCode'), 'InlineCode');
  if (inline !== undefined) return { kind: 'inline', code: inline };
  const uri = resolver.value(props.CodeUri, at('CodeUri'));
  if (uri === undefined) return undefined;
  resolver.requireConcrete(uri, at('CodeUri'), 'CodeUri');
  if (typeof uri === 'string') {
    const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
    return s3 ? { kind: 's3', bucket: s3[1]!, key: s3[2]! } : { kind: 'path', path: uri };
  }
  if (isPlainObject(uri)) {
    const bucket = resolver.string(uri.Bucket, joinPath(at('CodeUri'), 'Bucket'), 'CodeUri.Bucket');
    const key = resolver.string(uri.Key, joinPath(at('CodeUri'), 'Key'), 'CodeUri.Key');
    if (bucket === undefined || key === undefined)
      ctx.fail('shape', at('CodeUri'), 'CodeUri must have a Bucket and a Key');
    const version = resolver.string(uri.Version, joinPath(at('CodeUri'), 'Version'), 'CodeUri.Version');
    return { kind: 's3', bucket, key, ...(version !== undefined && { version }) };
  }
  return ctx.fail(
    'shape',
    at('CodeUri'),
    `CodeUri must be a path, an S3 URI or { Bucket, Key }, got ${typeName(uri)}`,
  );
}

function lambdaCode({ ctx, resolver }: PreferenceReading, record: ResourceRecord): SamCode | undefined {
  const path = joinPath(joinPath(record.path, 'Properties'), 'Code');
  const code = resolver.value(record.properties.Code, path);
  if (code === undefined) return undefined;
  if (!isPlainObject(code)) return ctx.fail('shape', path, 'Code must be a mapping');
  const image = resolver.string(code.ImageUri, joinPath(path, 'ImageUri'), 'Code.ImageUri');
  if (image !== undefined) return { kind: 'image', imageUri: image };
  const inline = resolver.string(code.ZipFile, joinPath(path, 'ZipFile'), 'Code.ZipFile');
  if (inline !== undefined) return { kind: 'inline', code: inline };
  const bucket = resolver.string(code.S3Bucket, joinPath(path, 'S3Bucket'), 'Code.S3Bucket');
  const key = resolver.string(code.S3Key, joinPath(path, 'S3Key'), 'Code.S3Key');
  if (bucket === undefined || key === undefined) return undefined;
  const version = resolver.string(
    code.S3ObjectVersion,
    joinPath(path, 'S3ObjectVersion'),
    'Code.S3ObjectVersion',
  );
  return { kind: 's3', bucket, key, ...(version !== undefined && { version }) };
}

/** `Environment.Variables`: strings where known, intrinsics left in long form where not. */
function environment(
  { ctx, resolver }: PreferenceReading,
  raw: unknown,
  path: string,
): Record<string, TemplateValue> {
  const value = resolver.value(raw, path);
  if (value === undefined) return {};
  if (!isPlainObject(value)) return ctx.fail('shape', path, 'Environment must be a mapping with Variables');
  const variables = value.Variables;
  if (variables === undefined) return {};
  const variablesPath = joinPath(path, 'Variables');
  if (!isPlainObject(variables))
    return ctx.fail('shape', variablesPath, 'Environment.Variables must be a mapping of names to strings');
  const out: Record<string, TemplateValue> = {};
  for (const [name, item] of Object.entries(variables)) {
    if (typeof item === 'string') out[name] = item;
    else if (typeof item === 'number' || typeof item === 'boolean') out[name] = String(item);
    else if (isPlainObject(item) && Object.keys(item).length === 1) out[name] = item as TemplateValue;
    else
      ctx.fail(
        'shape',
        joinPath(variablesPath, name),
        `an environment variable must be a string, got ${typeName(item)}`,
      );
  }
  return out;
}

function build({ ctx, resolver }: PreferenceReading, record: ResourceRecord): SamBuild | undefined {
  const metadata = record.raw.Metadata;
  const path = joinPath(record.path, 'Metadata');
  if (metadata === undefined) return undefined;
  if (!isPlainObject(metadata)) return ctx.fail('shape', path, 'Metadata must be a mapping');
  const method = resolver.string(metadata.BuildMethod, joinPath(path, 'BuildMethod'), 'Metadata.BuildMethod');
  if (method === undefined) return undefined;
  const properties = resolver.value(metadata.BuildProperties, joinPath(path, 'BuildProperties'));
  if (properties !== undefined && !isPlainObject(properties)) {
    ctx.fail('shape', joinPath(path, 'BuildProperties'), 'Metadata.BuildProperties must be a mapping');
  }
  return { method, properties: (properties ?? {}) as Record<string, TemplateValue> };
}

function functionUrl(
  { ctx, resolver }: PreferenceReading,
  raw: unknown,
  path: string,
  alias: string | undefined,
): SamFunctionUrl | undefined {
  const value = resolver.value(raw, path);
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) return ctx.fail('shape', path, 'FunctionUrlConfig must be a mapping');
  const authType = resolver.string(value.AuthType, joinPath(path, 'AuthType'), 'FunctionUrlConfig.AuthType');
  if (authType === undefined) return ctx.fail('shape', path, 'FunctionUrlConfig must have an AuthType');
  return {
    authType,
    invokeMode: resolver.string(
      value.InvokeMode,
      joinPath(path, 'InvokeMode'),
      'FunctionUrlConfig.InvokeMode',
    ),
    // SAM points the URL at the alias when there is one (`_construct_function_url`).
    qualifier: alias,
    location: ctx.locate(path),
  };
}

/**
 * The function's events; `Api` and `HttpApi` events as routes, checked as SAM's implicit API plugins
 * check them (aws/serverless-application-model `samtranslator/plugins/api/implicit_api_plugin.py`,
 * `implicit_http_api_plugin.py`): no API named means SAM's implicit one; an `HttpApi` event with
 * neither `Path` nor `Method` is the `$default` route for any method.
 */
export function readEvents(reading: PreferenceReading, record: ResourceRecord): SamEvent[] {
  const { resolver, table } = reading;
  const ctx: TemplateContext = reading.ctx;
  const path = joinPath(joinPath(record.path, 'Properties'), 'Events');
  const events = resolver.value(record.properties.Events, path, 'sam');
  if (events === undefined) return [];
  if (!isPlainObject(events))
    return ctx.fail('shape', path, 'Events must be a mapping of event names to events');
  const rawEvents = record.properties.Events as Record<string, unknown>;
  return Object.entries(rawEvents).map(([name, event]): SamEvent => {
    const eventPath = joinPath(path, name);
    if (!isPlainObject(event)) ctx.fail('shape', eventPath, `event ${name} must be a mapping with a Type`);
    const type = event.Type;
    if (typeof type !== 'string')
      return ctx.fail('shape', joinPath(eventPath, 'Type'), `event ${name} must have a Type`);
    const propertiesPath = joinPath(eventPath, 'Properties');
    const rawProperties = event.Properties ?? {};
    if (!isPlainObject(rawProperties))
      return ctx.fail('shape', propertiesPath, `the Properties of event ${name} must be a mapping`);
    const properties = (resolver.value(rawProperties, propertiesPath) ?? {}) as Record<string, TemplateValue>;
    const location = ctx.locate(eventPath);
    if (type !== 'Api' && type !== 'HttpApi') return { name, type, properties, location };
    const apiKey = type === 'Api' ? 'RestApiId' : 'ApiId';
    const apiType = type === 'Api' ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi';
    let apiLogicalId = type === 'Api' ? IMPLICIT_REST_API : IMPLICIT_HTTP_API;
    let routeType: 'Api' | 'HttpApi' = type;
    const apiRef = rawProperties[apiKey];
    if (apiRef !== undefined) {
      const id =
        isPlainObject(apiRef) && typeof apiRef.Ref === 'string' && Object.keys(apiRef).length === 1
          ? apiRef.Ref
          : apiRef;
      const entry = typeof id === 'string' ? table.resource(id) : undefined;
      // SAM refuses an id that names nothing, and an Api event on an HttpApi; an HttpApi event on a
      // REST Api it lets through ("for backwards compatibility", implicit_api_plugin.py).
      if (!entry || (type === 'Api' && entry.type === 'AWS::Serverless::HttpApi')) {
        return ctx.fail(
          'reference',
          joinPath(propertiesPath, apiKey),
          `${apiKey} must be a valid reference to an '${apiType}' resource in same template.`,
        );
      }
      if (!entry.included) {
        ctx.fail(
          'reference',
          joinPath(propertiesPath, apiKey),
          `${entry.logicalId} is not in the stack: its condition ${entry.condition} is false`,
        );
      }
      apiLogicalId = entry.logicalId;
      if (entry.type === 'AWS::Serverless::Api') routeType = 'Api';
      else if (entry.type === 'AWS::Serverless::HttpApi') routeType = 'HttpApi';
    }
    let routePath = resolver.string(rawProperties.Path, joinPath(propertiesPath, 'Path'), 'the event Path');
    let method = resolver.string(
      rawProperties.Method,
      joinPath(propertiesPath, 'Method'),
      'the event Method',
    );
    if (type === 'HttpApi' && !routePath && !method) {
      routePath = '$default';
      method = 'x-amazon-apigateway-any-method';
    }
    for (const [key, value] of [
      ['Path', routePath],
      ['Method', method],
    ] as const) {
      if (value === undefined) {
        ctx.fail(
          'shape',
          propertiesPath,
          `Event with id [${name}] is invalid. Missing required property '${key}'.`,
        );
      }
    }
    const normalized =
      method!.toUpperCase() === 'X-AMAZON-APIGATEWAY-ANY-METHOD' ? 'ANY' : method!.toUpperCase();
    const route: SamApiRoute = { apiLogicalId, apiType: routeType, path: routePath!, method: normalized };
    return { name, type, route, properties, location };
  });
}

/** Where each key of a resource is written, by its path under the resource; Globals' values where they are. */
export function resourceLocations(
  ctx: TemplateContext,
  record: ResourceRecord,
): Record<string, SourceLocation> {
  const out: Record<string, SourceLocation> = {};
  const walk = (value: unknown, relative: string): void => {
    const location = ctx.locateExactly(joinPath(record.path, relative));
    if (location) out[relative] = location;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        walk(item, joinPath(relative, index));
      });
    } else if (isPlainObject(value))
      for (const [key, item] of Object.entries(value)) walk(item, joinPath(relative, key));
  };
  for (const [key, value] of Object.entries(record.raw)) if (key !== 'Properties') walk(value, key);
  walk(record.properties, 'Properties');
  return out;
}
