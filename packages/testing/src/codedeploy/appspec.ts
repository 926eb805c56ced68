import { isPlainObject } from '@shiftguard/kit';
import { parseAppSpecYaml } from './appspec-yaml';
import { type LambdaTargetInfo, LIFECYCLE_EVENT_NAMES, type LifecycleEventName } from './types';

/** What the emulator needs from an AppSpec: its hooks and the Lambda alias it shifts. */
export interface AppSpecSummary {
  /** False when the content is neither JSON nor readable YAML, or is not a mapping. */
  readonly parsed: boolean;
  /** Hooks listed, in AppSpec order; for unparsable content, BeforeAllowTraffic and AfterAllowTraffic. */
  readonly hooks: readonly {
    readonly event: LifecycleEventName;
    readonly functionName: string | undefined;
  }[];
  /** Fields of the first Lambda resource that could be read. */
  readonly target: Partial<LambdaTargetInfo>;
  readonly format: 'JSON' | 'YAML';
}

export const DEFAULT_APPSPEC = {
  version: 0.0,
  Resources: [
    {
      'my-function': {
        Type: 'AWS::Lambda::Function',
        Properties: { Name: 'my-function', Alias: 'live', CurrentVersion: '1', TargetVersion: '2' },
      },
    },
  ],
  Hooks: [{ BeforeAllowTraffic: 'my-before-traffic-hook' }, { AfterAllowTraffic: 'my-after-traffic-hook' }],
} as const;

/**
 * Reads an AppSpec leniently: JSON or YAML, keys matched case-insensitively, `Hooks` as a list of
 * one-key maps (the documented form) or a plain map.
 */
export function summarizeAppSpec(content: string): AppSpecSummary {
  const root = parse(content);
  const format = looksLikeJson(content) ? 'JSON' : 'YAML';
  if (!isPlainObject(root)) {
    return {
      parsed: false,
      hooks: [
        { event: 'BeforeAllowTraffic', functionName: undefined },
        { event: 'AfterAllowTraffic', functionName: undefined },
      ],
      target: {},
      format,
    };
  }
  return {
    parsed: true,
    hooks: readHooks(lookup(root, 'Hooks')),
    target: readTarget(lookup(root, 'Resources')),
    format,
  };
}

function looksLikeJson(content: string): boolean {
  const start = content.trimStart()[0];
  return start === '{' || start === '[';
}

function parse(content: string): unknown {
  try {
    return looksLikeJson(content) ? JSON.parse(content) : parseAppSpecYaml(content);
  } catch {
    return undefined;
  }
}

function lookup(object: unknown, key: string): unknown {
  if (!isPlainObject(object)) return undefined;
  const wanted = key.toLowerCase();
  for (const [name, value] of Object.entries(object)) {
    if (name.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** Normalizes `[{ A: x }, { B: y }]` and `{ A: x, B: y }` to entries. */
function entries(node: unknown): [string, unknown][] {
  if (Array.isArray(node)) return node.flatMap((item) => (isPlainObject(item) ? Object.entries(item) : []));
  if (isPlainObject(node)) return Object.entries(node);
  return [];
}

function readHooks(node: unknown): AppSpecSummary['hooks'] {
  const hooks: { event: LifecycleEventName; functionName: string | undefined }[] = [];
  for (const [name, value] of entries(node)) {
    const event = LIFECYCLE_EVENT_NAMES.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (event === undefined || hooks.some((hook) => hook.event === event)) continue;
    hooks.push({ event, functionName: asText(value) });
  }
  return hooks;
}

function readTarget(node: unknown): Partial<LambdaTargetInfo> {
  for (const [resourceName, resource] of entries(node)) {
    const type = asText(lookup(resource, 'Type'));
    if (type !== undefined && !/lambda::function/i.test(type)) continue;
    const properties = lookup(resource, 'Properties');
    const target: { -readonly [K in keyof LambdaTargetInfo]?: LambdaTargetInfo[K] } = {};
    const functionName = asText(lookup(properties, 'Name')) ?? resourceName;
    target.functionName = functionName;
    const alias = asText(lookup(properties, 'Alias'));
    if (alias !== undefined) target.alias = alias;
    const currentVersion = asText(lookup(properties, 'CurrentVersion'));
    if (currentVersion !== undefined) target.currentVersion = currentVersion;
    const targetVersion = asText(lookup(properties, 'TargetVersion'));
    if (targetVersion !== undefined) target.targetVersion = targetVersion;
    return target;
  }
  return {};
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** The Lambda resource an AppSpec deploys, read strictly, as CodeDeploy checks it before it starts. */
export type LambdaAppSpecCheck =
  | { readonly ok: true; readonly target: LambdaTargetInfo }
  | { readonly ok: false; readonly problem: string };

const POSITIVE_INTEGER = /^[1-9]\d*$/;

/**
 * What CodeDeploy requires of a Lambda AppSpec: a mapping with one `AWS::Lambda::Function` resource
 * whose `Name`, `Alias`, `CurrentVersion` and `TargetVersion` are all set, both versions positive
 * integers ("each AppSpec file deploys one function version"), and the target not the current one.
 */
export function checkLambdaAppSpec(content: string): LambdaAppSpecCheck {
  const root = parse(content);
  if (!isPlainObject(root)) return { ok: false, problem: 'it is neither a JSON nor a YAML mapping' };
  const resources = entries(lookup(root, 'Resources'));
  const functions = resources.filter(([, resource]) => {
    const type = asText(lookup(resource, 'Type'));
    return type !== undefined && /^aws::lambda::function$/i.test(type);
  });
  if (functions.length !== 1) {
    return {
      ok: false,
      problem: `it must list one AWS::Lambda::Function resource, found ${functions.length}`,
    };
  }
  const properties = lookup((functions[0] as [string, unknown])[1], 'Properties');
  const read = (name: string) => asText(lookup(properties, name));
  const functionName = read('Name');
  const alias = read('Alias');
  const currentVersion = read('CurrentVersion');
  const targetVersion = read('TargetVersion');
  const missing = [
    functionName === undefined && 'Name',
    alias === undefined && 'Alias',
    currentVersion === undefined && 'CurrentVersion',
    targetVersion === undefined && 'TargetVersion',
  ].filter((name): name is string => name !== false);
  if (missing.length > 0) return { ok: false, problem: `the function resource lacks ${missing.join(', ')}` };
  for (const [name, version] of [
    ['CurrentVersion', currentVersion],
    ['TargetVersion', targetVersion],
  ] as const) {
    if (!POSITIVE_INTEGER.test(version as string)) {
      return { ok: false, problem: `${name} must be a published version number, got ${version}` };
    }
  }
  if (currentVersion === targetVersion) {
    return { ok: false, problem: `TargetVersion is CurrentVersion (${currentVersion})` };
  }
  return {
    ok: true,
    target: {
      functionName: functionName as string,
      alias: alias as string,
      currentVersion: currentVersion as string,
      targetVersion: targetVersion as string,
    },
  };
}
