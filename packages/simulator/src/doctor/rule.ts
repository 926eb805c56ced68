// The doctor's rule contract: a rule reads the template as the reader understood it (the model, the
// raw resources, every place in the file) and says what is wrong, one finding per place. Rules are
// data the engine runs in order, so a rule written elsewhere (the IAM rules) plugs in as one more item.
import type { SamModel, SourceLocation, TemplateValue } from '../template/model';
import type { OverrideValue } from '../template/parameters';
import type { ResourceRecord } from '../template/resources';
import type { Finding, RuleDescription, Severity } from './finding';
import type { HookBudget } from './hook-budget-type';

/**
 * A resource as written, with what the reader decided about it: `type`, `included` (its `Condition`
 * held), `path` (`Resources.<logical id>`), `raw` (the resource as written) and `properties` (with
 * `Globals` merged in, intrinsics not resolved).
 */
export type DoctorResource = ResourceRecord;

/** How a value is resolved: `cfn` as CloudFormation would; `sam` only what SAM resolves while it transforms. */
export type DoctorResolveMode = 'cfn' | 'sam';

/** One template as the rules see it: the one being validated, or (with `--base`) the one at the base ref. */
export interface DoctorTemplate {
  /** The file as given (a path, or the name given with its text; `template.yaml@main` for a base). */
  readonly file: string | undefined;
  readonly model: SamModel;
  /** Every resource of the template by logical id, in template order, excluded ones too. */
  readonly records: ReadonlyMap<string, DoctorResource>;
  /**
   * Where the value read at `path` (`Resources.Fn.Properties.Timeout`) is written, or the nearest
   * written value above it; a value merged from `Globals` is located in `Globals`.
   */
  readonly locate: (path: string) => SourceLocation | undefined;
  /** The path where the value read at `path` is written (`Globals.Function.Timeout` for a merged value). */
  readonly writtenPath: (path: string) => string;
  /**
   * Resolves a value as written (a raw record's property) as the reader would, `path` being where it
   * is read. What only a deployed stack knows stays in long form (see `explain`).
   *
   * @throws {TemplateError} when the value cannot be resolved at all (a `Ref` to an excluded resource);
   *   thrown from a rule, the engine reports it as an error of that rule.
   */
  readonly resolve: (raw: unknown, path: string, mode?: DoctorResolveMode) => TemplateValue | undefined;
  /** Why a value left in long form by `resolve` is known only once the stack is deployed. */
  readonly explain: (value: { readonly [key: string]: unknown }) => string;
}

/** What the doctor was asked to do, as its options were validated. */
export interface DoctorSettings {
  readonly parameters: Readonly<Record<string, OverrideValue>>;
  readonly stackName: string | undefined;
  /** The git ref the base template was read at, when `--base` was given. */
  readonly base: string | undefined;
  readonly cwd: string;
}

/** What a rule's `check` is given. */
export interface DoctorInput extends DoctorTemplate {
  /** The same template at the base ref; undefined without `base`, or when it could not be read (an `info` says why). */
  readonly base: DoctorTemplate | undefined;
  readonly options: DoctorSettings;
  /**
   * A hook function's plan budget, read by the provider; `{ budget: undefined, why }` when the provider
   * could not read it; undefined when no provider is given (or `loadHooks: false`). Asked once per
   * function however many rules ask.
   */
  readonly hookBudget: ((logicalId: string) => Promise<HookBudgetReading>) | undefined;
}

/** What the provider said of one hook. */
export type HookBudgetReading =
  | { readonly budget: HookBudget; readonly why?: undefined }
  | { readonly budget: undefined; readonly why: string };

/**
 * A rule of the doctor. `check` returns its findings (build them with `findingAt`), in any order:
 * the engine sorts the report.
 *
 * @example
 * ```ts
 * const rule: DoctorRule = {
 *   description: describeRule({ id: 'no-timeout', severity: 'info', summary: '…', help: '…' }),
 *   check: (input) =>
 *     input.model.functions
 *       .filter((fn) => fn.locations['Properties.Timeout'] === undefined)
 *       .map((fn) => findingAt(input, rule, { logicalId: fn.logicalId, path: `Resources.${fn.logicalId}`, message: '…', fix: '…' })),
 * };
 * ```
 */
export interface DoctorRule {
  readonly description: RuleDescription;
  check(input: DoctorInput): readonly Finding[] | Promise<readonly Finding[]>;
}

/** A rule's description, its PascalCase `name` made from its id (`hook-name-prefix` → `HookNamePrefix`). */
export function describeRule(description: {
  readonly id: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly help: string;
}): RuleDescription {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(description.id)) {
    throw new TypeError(`a doctor rule id must be kebab-case, got ${JSON.stringify(description.id)}`);
  }
  const name = description.id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  return Object.freeze({ ...description, name });
}
