// The model readSamTemplate returns: what a canary deployment of the template is made of, every value
// resolved as far as it can be before CloudFormation runs, each with where it is written.

/** A place in the template: 1-based line and column where the key (or list item) starts, and where its value ends. */
export interface SourceLocation {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * A value read from the template. Intrinsics that cannot be resolved before deployment stay in their
 * long form (`{ "Fn::GetAtt": ["Table", "Arn"] }`), with whatever could be resolved inside them
 * resolved; a {@link VersionMarker} stands for the version number a deployment publishes.
 */
export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | readonly TemplateValue[]
  | { readonly [key: string]: TemplateValue };

/**
 * The version number a deployment of `versionOf` publishes (what `!GetAtt Fn.Version.Version` gives):
 * known only per deployment, so the simulator fills it in with `fillVersions`. Inside a string it is one
 * part of an `Fn::Join` with the empty delimiter.
 */
export interface VersionMarker {
  readonly versionOf: string;
}

/** Which thing a {@link TemplateWarning} noticed: stable literals, what a template doctor maps to a rule. */
export type TemplateWarningKind =
  /** A `Ref`, `Fn::GetAtt` or `Fn::Sub` variable naming nothing the template declares (SAM may generate it). */
  | 'unknown-reference'
  /** `DeploymentPreference.Enabled` is an intrinsic SAM cannot resolve while it transforms (it counts as enabled). */
  | 'enabled-unresolvable'
  /** A hook given as a function's ARN where CodeDeploy takes its name. */
  | 'hook-arn'
  /** A hook naming a function outside the stack. */
  | 'hook-outside-stack'
  /** An alarm of the deployment group named outside the stack. */
  | 'alarm-outside-stack'
  /** (simulation) An environment variable known only once deployed, set to a placeholder. */
  | 'unresolved-environment'
  /** (simulation) Something the build of a function's code noticed. */
  | 'build'
  /** (simulation) A custom `DeploymentPreference.Role`, taken to allow invoking the hooks. */
  | 'custom-role';

/** Something the reader noticed that does not stop the deployment but may not be what was meant. */
export interface TemplateWarning {
  readonly kind: TemplateWarningKind;
  readonly message: string;
  readonly path: string;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
}

/** A parameter's value as the stack would get it: a string, or a list for the list types. */
export type ParameterValue = string | readonly string[];

export interface SamParameter {
  readonly type: string;
  readonly value: ParameterValue;
  /** `default`: the template's `Default`; `option`: `options.parameters`. */
  readonly from: 'default' | 'option';
  readonly location: SourceLocation | undefined;
}

/** How a deployment configuration moves traffic (CodeDeploy's `TrafficRoutingConfig`). */
export type TrafficRouting =
  | { readonly type: 'TimeBasedCanary'; readonly percentage: number; readonly intervalMinutes: number }
  | { readonly type: 'TimeBasedLinear'; readonly percentage: number; readonly intervalMinutes: number }
  | { readonly type: 'AllAtOnce' };

/** The deployment configuration a `DeploymentPreference.Type` names. */
export interface DeploymentType {
  /** `Type` as resolved, e.g. `Canary10Percent5Minutes`. */
  readonly written: string;
  /** The configuration name CodeDeploy gets, e.g. `CodeDeployDefault.LambdaCanary10Percent5Minutes`. */
  readonly configName: string;
  /** `predefined`: one of the nine; `template`: an `AWS::CodeDeploy::DeploymentConfig` here; `option`: `options.deploymentConfigs`. */
  readonly from: 'predefined' | 'template' | 'option';
  /** The traffic routing, when known (always for predefined and template configurations). */
  readonly trafficRouting: TrafficRouting | undefined;
  /** The logical id of the template's `AWS::CodeDeploy::DeploymentConfig`, for `from: 'template'`. */
  readonly logicalId?: string;
}

/** A hook function: a function of this template, or (with a warning) one named outside it. */
export interface HookTarget {
  /** The hook function's logical id; undefined for a function named outside the template. */
  readonly logicalId: string | undefined;
  /** The name CodeDeploy invokes. */
  readonly functionName: string;
  readonly location: SourceLocation | undefined;
}

/** An alarm the deployment group watches. */
export interface AlarmReference {
  /** The alarm's logical id; undefined for an alarm named outside the template. */
  readonly logicalId: string | undefined;
  readonly alarmName: string;
  readonly location: SourceLocation | undefined;
}

export interface SamDeploymentPreference {
  /** `false` when `Enabled` is false (or `"false"`, `"False"`): SAM then generates no deployment at all. */
  readonly enabled: boolean;
  /** Undefined only when disabled. */
  readonly type: DeploymentType | undefined;
  readonly hooks: { readonly preTraffic?: HookTarget; readonly postTraffic?: HookTarget };
  /**
   * Undefined when `Alarms` is absent (or `AWS::NoValue`): SAM then leaves the deployment group's alarm
   * configuration as it was. An empty list clears it.
   */
  readonly alarms: readonly AlarmReference[] | undefined;
  /** `Role` as resolved (CodeDeploy's service role); undefined means SAM's `CodeDeployServiceRole`. */
  readonly role: TemplateValue | undefined;
  readonly triggerConfigurations: TemplateValue | undefined;
  readonly passthroughCondition: boolean | undefined;
  readonly location: SourceLocation | undefined;
}

/** An `Api` or `HttpApi` event: a route of an API to the function. */
export interface SamApiRoute {
  readonly apiLogicalId: string;
  readonly apiType: 'Api' | 'HttpApi';
  /** As written; an `HttpApi` event with neither `Path` nor `Method` is SAM's `$default` route. */
  readonly path: string;
  /** Upper case; `ANY` for any method. */
  readonly method: string;
}

export interface SamEvent {
  readonly name: string;
  readonly type: string;
  /** For `Api` and `HttpApi` events. */
  readonly route?: SamApiRoute;
  /** The event's `Properties`, resolved as far as they can be. */
  readonly properties: { readonly [key: string]: TemplateValue };
  readonly location: SourceLocation | undefined;
}

export interface SamFunctionUrl {
  readonly authType: string;
  readonly invokeMode: string | undefined;
  /** The alias the URL points at (SAM points it at `AutoPublishAlias`), or undefined for the function itself. */
  readonly qualifier: string | undefined;
  readonly location: SourceLocation | undefined;
}

export interface SamBuild {
  /** `Metadata.BuildMethod`, e.g. `esbuild`, `nodejs22.x`, `makefile`. */
  readonly method: string;
  /** `Metadata.BuildProperties` (esbuild: `EntryPoints`, `Target`, `Format`, `Sourcemap`, `Minify`, ...). */
  readonly properties: { readonly [key: string]: TemplateValue };
}

/** Where a function's code is. */
export type SamCode =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly key: string; readonly version?: string }
  | { readonly kind: 'inline'; readonly code: string }
  | { readonly kind: 'image'; readonly imageUri: string };

export interface SamFunction {
  readonly logicalId: string;
  readonly resourceType: 'AWS::Serverless::Function' | 'AWS::Lambda::Function';
  /** `FunctionName` as resolved, or the name the simulator gives a function without one. */
  readonly functionName: string;
  readonly functionNameFrom: 'template' | 'generated';
  readonly arn: string;
  readonly code: SamCode | undefined;
  readonly handler: string | undefined;
  readonly runtime: string | undefined;
  /** Seconds; Lambda's default 3 when not written. */
  readonly timeout: number;
  /** MB; Lambda's default 128 when not written. */
  readonly memorySize: number;
  /** Lambda's default `['x86_64']` when not written. */
  readonly architectures: readonly string[];
  readonly environment: { readonly [name: string]: TemplateValue };
  readonly build: SamBuild | undefined;
  readonly autoPublishAlias: string | undefined;
  /** `<Logical>Alias<Name>` (hyphens written `D`, underscores `U`), the alias SAM generates. */
  readonly aliasLogicalId: string | undefined;
  /**
   * `<Logical>Version`: SAM appends ten hex digits of a SHA-1 over the code location (and environment,
   * memory size), known only once the code is packaged; with `AutoPublishCodeSha256` they are its first ten.
   */
  readonly versionLogicalIdPrefix: string | undefined;
  /** The version's full logical id when `AutoPublishCodeSha256` makes it known. */
  readonly versionLogicalId: string | undefined;
  readonly autoPublishCodeSha256: string | undefined;
  readonly autoPublishAliasAllProperties: boolean | undefined;
  readonly deploymentPreference: SamDeploymentPreference | undefined;
  readonly provisionedConcurrency: number | undefined;
  readonly events: readonly SamEvent[];
  readonly functionUrl: SamFunctionUrl | undefined;
  /** `Policies` as written (after Globals), for an IAM check. */
  readonly policies: TemplateValue | undefined;
  /** `Role` as written; undefined means SAM generates `<Logical>Role`. */
  readonly role: TemplateValue | undefined;
  /** The resource's `Condition`, which held (a resource whose condition is false is left out). */
  readonly condition: string | undefined;
  readonly location: SourceLocation | undefined;
  /**
   * Where each key of the resource is written, by its path under the resource (`Properties.Timeout`,
   * `Properties.DeploymentPreference.Hooks.PreTraffic`, `Metadata.BuildMethod`); a value from `Globals`
   * is located there.
   */
  readonly locations: { readonly [path: string]: SourceLocation };
}

export interface SamMetricDimension {
  readonly name: string;
  /** A string, or for `ExecutedVersion: !GetAtt Fn.Version.Version` a {@link VersionMarker} (or a join holding one). */
  readonly value: TemplateValue;
}

/** One entry of a math alarm's `Metrics`. */
export interface SamMetricQuery {
  readonly id: string;
  readonly expression?: string;
  readonly label?: string;
  readonly returnData?: boolean;
  readonly period?: number;
  readonly accountId?: string;
  readonly metricStat?: {
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions: readonly SamMetricDimension[];
    readonly period: number;
    readonly stat: string;
    readonly unit?: string;
  };
}

export interface SamAlarm {
  readonly logicalId: string;
  readonly resourceType: 'AWS::CloudWatch::Alarm' | 'AWS::CloudWatch::CompositeAlarm';
  /** `metric`: one metric; `math`: `Metrics`; `composite`: an `AlarmRule` over other alarms. */
  readonly kind: 'metric' | 'math' | 'composite';
  readonly alarmName: string;
  readonly alarmNameFrom: 'template' | 'generated';
  readonly arn: string;
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions?: readonly SamMetricDimension[];
  readonly statistic?: string;
  readonly extendedStatistic?: string;
  readonly period?: number;
  readonly unit?: string;
  readonly metrics?: readonly SamMetricQuery[];
  readonly evaluationPeriods?: number;
  readonly datapointsToAlarm?: number;
  readonly threshold?: number;
  readonly thresholdMetricId?: string;
  readonly comparisonOperator?: string;
  readonly treatMissingData?: string;
  readonly evaluateLowSampleCountPercentile?: string;
  readonly actionsEnabled?: boolean;
  readonly alarmRule?: string;
  readonly condition: string | undefined;
  readonly location: SourceLocation | undefined;
  readonly locations: { readonly [path: string]: SourceLocation };
}

export interface SamApi {
  readonly logicalId: string;
  readonly type: 'Api' | 'HttpApi';
  /** SAM's `ServerlessRestApi` / `ServerlessHttpApi`, made for events that name no API. */
  readonly implicit: boolean;
  /** `Prod` for the implicit REST API, `$default` for an HTTP API without `StageName`. */
  readonly stageName: string;
  readonly routes: readonly (SamApiRoute & {
    readonly functionLogicalId: string;
    readonly eventName: string;
    readonly location: SourceLocation | undefined;
  })[];
  readonly location: SourceLocation | undefined;
}

/** An `AWS::CodeDeploy::DeploymentConfig` of the template. */
export interface SamDeploymentConfig {
  readonly logicalId: string;
  readonly configName: string;
  readonly computePlatform: string | undefined;
  readonly trafficRouting: TrafficRouting | undefined;
  readonly location: SourceLocation | undefined;
}

export interface SamStack {
  readonly name: string;
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  readonly urlSuffix: string;
}

export interface SamModel {
  /** The file read, or `options.file` for text; undefined for text without one. */
  readonly file: string | undefined;
  readonly stack: SamStack;
  readonly parameters: { readonly [name: string]: SamParameter };
  readonly conditions: { readonly [name: string]: boolean };
  readonly functions: readonly SamFunction[];
  readonly alarms: readonly SamAlarm[];
  readonly apis: readonly SamApi[];
  readonly deploymentConfigs: readonly SamDeploymentConfig[];
  readonly warnings: readonly TemplateWarning[];
}
