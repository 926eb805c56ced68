// What the IAM rules read: plain data the doctor already holds once it has read the template. Nothing
// here reaches into the reader; the doctor passes what the reader gives it.
import type { SamModel, SourceLocation } from '../../template/model';

/**
 * One resource of the template. The reader's `ResourceRecord` (`template/resources.ts`,
 * `ResourceTable.records`) has exactly these fields (and more), so `table.records` can be passed as is.
 */
export interface IamResource {
  /** `AWS::IAM::Role`, `AWS::Serverless::Function`, ... */
  readonly type: string;
  /** False when the resource's `Condition` is false: it is not in the stack. */
  readonly included: boolean;
  /** The resource as written: `Condition`, `Connectors` (SAM's embedded connectors), `Properties`. */
  readonly raw: Readonly<Record<string, unknown>>;
  /** `Properties`, with `Globals` merged in for `AWS::Serverless::*`, intrinsics not resolved. */
  readonly properties: Readonly<Record<string, unknown>>;
}

/**
 * The stack the template is checked for. Only `partition` is always known; a region, account or stack
 * name the user did not give must stay unknown, or a policy that names another region or account
 * would be judged against the simulator's defaults (`us-east-1`, `123456789012`): give them only when
 * the user pinned them (`--region`, ...), not `SamModel.stack`'s defaults.
 */
export interface IamStack {
  /** `aws`, `aws-cn`, ...: what `${AWS::Partition}` is. */
  readonly partition: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly name?: string;
}

/**
 * What every IAM rule gets.
 *
 * - `model`: `readSamTemplate`'s result: the functions, their `DeploymentPreference` (hooks, `Role`),
 *   `Policies` and `Role` as written, `locations`; `parameters` and `conditions` as resolved.
 * - `resources`: every resource of `Resources` by logical id (`ResourceTable.records`).
 * - `locate`: where a template path is written (`TemplateContext.locate`), following values merged
 *   from Globals to where they are written.
 * - `written`: the path a value is written at (`TemplateContext.written`); the identity when omitted.
 * - `file`: the template file as given, for findings.
 * - `stack`: see {@link IamStack}.
 */
export interface IamRuleInput {
  readonly model: SamModel;
  readonly resources: ReadonlyMap<string, IamResource>;
  readonly locate: (path: string) => SourceLocation | undefined;
  readonly written?: (path: string) => string;
  readonly file: string | undefined;
  readonly stack: IamStack;
}
