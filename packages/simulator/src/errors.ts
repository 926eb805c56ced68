import { BrandedError } from '@shiftguard/kit';

/**
 * Every error of `@shiftguard/simulator` extends this base and carries a stable literal `code`;
 * `instanceof` holds across the ESM and CJS builds loaded side by side.
 */
export abstract class SimulatorError extends BrandedError {
  static override readonly brand: string = '@shiftguard/simulator';
}

/** Options given to a simulator function are wrong (the caller's input, not the template). */
export class InvalidSimulatorOptionsError extends SimulatorError {
  static override readonly brand: string = 'SG_SIM_INVALID_OPTIONS';
  readonly code = 'SG_SIM_INVALID_OPTIONS' as const;
  /** The path of the bad value inside the options, e.g. `parameters.Stage`. */
  readonly path: string;

  constructor(message: string, options?: { cause?: unknown; path?: string }) {
    super(message, options);
    this.path = options?.path ?? '';
  }
}

/**
 * What is wrong with a template, one kind per way a deployment can be miswired. Match on it, never on
 * the message.
 */
export type TemplateProblem =
  /** The file could not be read. */
  | 'read'
  /** YAML or JSON syntax, a duplicate key, an unknown `!Tag`. */
  | 'syntax'
  /** No `Transform: AWS::Serverless-2016-10-31`. */
  | 'not-sam'
  /** A section or resource is not the shape CloudFormation or SAM requires. */
  | 'shape'
  /** A parameter has no value: no `Default` and no override. */
  | 'missing-parameter'
  /** A parameter's value breaks its `Type`, `AllowedValues`, `AllowedPattern` or bounds. */
  | 'invalid-parameter'
  /** A `Ref`, `Fn::GetAtt`, `Fn::Sub` variable or condition names nothing the template declares. */
  | 'reference'
  /** An intrinsic cannot be resolved before deployment where the deployment depends on its value. */
  | 'unresolvable'
  /** `DeploymentPreference` is refused by SAM (no `AutoPublishAlias`, no `Type`, bad `Hooks` or `Alarms`). */
  | 'deployment-preference'
  /** A `DeploymentPreference.Type` that is neither predefined nor a known custom configuration. */
  | 'deployment-type'
  /** A hook that is not a function of this template. */
  | 'hook'
  /** An alarm reference that is not an alarm of this template. */
  | 'alarm';

/**
 * Which mistake a {@link TemplateError} is, finer than its `problem`: what a template doctor maps to a
 * rule. Stable literals; a problem with no finer reason is its own reason (`shape`, `reference`, ...).
 */
export type TemplateErrorReason =
  | TemplateProblem
  /** The text is no template at all: not a mapping of sections (an empty file, a scalar, a list). */
  | 'not-a-template'
  /** `DeploymentPreference` is not a mapping, has an unknown property, or its `Hooks` or `Alarms` are the wrong shape. */
  | 'preference-shape'
  /** An enabled `DeploymentPreference` on a function without `AutoPublishAlias`. */
  | 'no-auto-publish-alias'
  /** An enabled `DeploymentPreference` without `Type`. */
  | 'no-deployment-type'
  /** A `DeploymentPreference.Type` that names no deployment configuration. */
  | 'unknown-deployment-type'
  /** A `Hooks` key other than `PreTraffic` and `PostTraffic`. */
  | 'unknown-hook'
  /** A hook `!Ref` naming no resource of the template. */
  | 'hook-missing'
  /** A hook whose resource's `Condition` is false. */
  | 'hook-excluded'
  /** A hook naming a resource that is not a function. */
  | 'hook-not-function'
  /** A hook written as a function's logical id in a plain string (CodeDeploy takes its name). */
  | 'hook-logical-id'
  /** A hook that is not a string. */
  | 'hook-not-name'
  /** More alarms than a deployment group takes. */
  | 'too-many-alarms'
  /** An alarm `!Ref` naming no resource of the template. */
  | 'alarm-missing'
  /** An alarm whose resource's `Condition` is false. */
  | 'alarm-excluded'
  /** An alarm naming a resource that is not an alarm. */
  | 'alarm-not-alarm'
  /** An alarm given as `!GetAtt Alarm.Arn` (CodeDeploy takes names). */
  | 'alarm-arn'
  /** An alarm written as an alarm's logical id in a plain string. */
  | 'alarm-logical-id'
  /** An alarm that is not a string. */
  | 'alarm-not-name';

/** Where a template problem is: the file, the line and column (1-based) and the path of the value. */
export interface TemplateErrorDetails {
  readonly problem?: TemplateProblem;
  /** Default: the problem. */
  readonly reason?: TemplateErrorReason;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** Where the value written at `line` and `column` ends. */
  readonly endLine?: number;
  readonly endColumn?: number;
  /** The path in the template, e.g. `Resources.OrdersFunction.Properties.DeploymentPreference.Hooks.PreTraffic`. */
  readonly path?: string;
  readonly cause?: unknown;
}

/**
 * A template cannot be read into a deployment. The message reads `template.yaml:23:7: <path>: <what
 * is wrong>`; `file`, `line`, `column` and `path` say the same for a program (a template doctor, an
 * editor), `problem` says which kind of mistake it is and `reason` which mistake exactly.
 */
export class TemplateError extends SimulatorError {
  static override readonly brand: string = 'SG_SIM_TEMPLATE';
  readonly code = 'SG_SIM_TEMPLATE' as const;
  readonly problem: TemplateProblem;
  /** Which mistake it is, a stable literal (what `shiftguard validate` maps to a rule id). */
  readonly reason: TemplateErrorReason;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly endLine: number | undefined;
  readonly endColumn: number | undefined;
  readonly path: string;

  constructor(message: string, details: TemplateErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.problem = details.problem ?? 'shape';
    this.reason = details.reason ?? this.problem;
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.endLine = details.endLine;
    this.endColumn = details.endColumn;
    this.path = details.path ?? '';
  }
}

/** The template's deployment could not be put into the emulator (its code, an alarm, a version). */
export class SimulationSetupError extends SimulatorError {
  static override readonly brand: string = 'SG_SIM_SETUP';
  readonly code = 'SG_SIM_SETUP' as const;
}

/** A simulated deployment stopped moving: nothing was scheduled and nothing ran, yet it had not ended. */
export class SimulationStalledError extends SimulatorError {
  static override readonly brand: string = 'SG_SIM_STALLED';
  readonly code = 'SG_SIM_STALLED' as const;
}

/** Why the front door refused: one kind per way a caller can get it wrong. Match on it, never on the message. */
export type FrontDoorProblem =
  /** `url()` named something the front door does not serve. */
  | 'unknown-target'
  /** A listener could not be opened (the port is taken, the host is not local). */
  | 'listen';

/**
 * The local front door could not do what was asked: `problem` says which, `target` names the API or
 * function concerned.
 */
export class FrontDoorError extends SimulatorError {
  static override readonly brand: string = 'SG_SIM_FRONT_DOOR';
  readonly code = 'SG_SIM_FRONT_DOOR' as const;
  readonly problem: FrontDoorProblem;
  /** The logical id of the API or function concerned. */
  readonly target: string;

  constructor(message: string, details: { problem: FrontDoorProblem; target: string; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.problem = details.problem;
    this.target = details.target;
  }
}

/**
 * Why a function's code cannot be made ready to run, one kind per way it goes wrong. Match on it, never on
 * the message.
 */
export type BuildProblem =
  /** The `CodeUri` directory does not exist, or lies outside the version's project directory. */
  | 'code-uri'
  /** `Handler` is missing or malformed, or names a file that is not there (`tried` lists the files looked for). */
  | 'handler'
  /** Code that cannot run in-process: an S3 object, inline code, a container image. */
  | 'code-kind'
  /** A `Runtime` that is not Node.js. */
  | 'runtime'
  /** A `Metadata.BuildMethod` other than `esbuild` or the npm builder (`makefile`, `dotnet7`, …). */
  | 'build-method'
  /** A `Metadata.BuildProperties` key that is unknown, or a value SAM's esbuild builder would refuse. */
  | 'build-property'
  /** An `EntryPoints` file that is not there (`tried` lists the files looked for). */
  | 'entry-point'
  /** esbuild refused the code: `messages` holds what it said, each with its file, line and column. */
  | 'bundle';

/** Something esbuild said, or something the build noticed, at a place in the user's code when it has one. */
export interface BuildMessage {
  readonly text: string;
  /** A source file (relative to the project directory when inside it), or the template. */
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based, as the template's columns are. */
  readonly column?: number;
  /** The line of code the message points at. */
  readonly lineText?: string;
}

export interface BuildErrorDetails {
  readonly problem: BuildProblem;
  readonly logicalId: string;
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  /** The path in the template, e.g. `Resources.Orders.Properties.Handler`. */
  readonly path?: string;
  readonly tried?: readonly string[];
  readonly messages?: readonly BuildMessage[];
  readonly cause?: unknown;
}

/**
 * A function's code cannot be built or found. The message reads `template.yaml:14:7: <path>: <what is
 * wrong>`, and for a failed bundle goes on with esbuild's messages as `src/app.ts:3:14: <text>`; `file`,
 * `line`, `column` and `path` locate the template value responsible.
 */
export class BuildError extends SimulatorError {
  static override readonly brand: string = 'SG_SIM_BUILD';
  readonly code = 'SG_SIM_BUILD' as const;
  readonly problem: BuildProblem;
  readonly logicalId: string;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly path: string;
  /** The files looked for, for `handler` and `entry-point`. */
  readonly tried: readonly string[];
  /** esbuild's errors, for `bundle`. */
  readonly messages: readonly BuildMessage[];

  constructor(message: string, details: BuildErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.problem = details.problem;
    this.logicalId = details.logicalId;
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.path = details.path ?? '';
    this.tried = details.tried ?? [];
    this.messages = details.messages ?? [];
  }
}

/** Why a `--from` / `--to` cannot be made into a directory of code. */
export type CodeSourceProblem =
  /** A path that is not an existing directory. */
  | 'directory'
  /** A git ref was given, but the template's directory is not in a git repository. */
  | 'not-a-repository'
  /** Neither a directory nor a commit git knows. */
  | 'unknown-ref'
  /** Both a directory and a git ref: which one is meant must be written out. */
  | 'ambiguous'
  /** The version holds no template where the working tree has it (not committed then, or not copied). */
  | 'template'
  /** git failed for another reason (its message is kept). */
  | 'git';

/** A code source (`HEAD`, `main`, `../orders-v1`) cannot be resolved. `spec` is what was given. */
export class CodeSourceError extends SimulatorError {
  static override readonly brand: string = 'SG_SIM_CODE_SOURCE';
  readonly code = 'SG_SIM_CODE_SOURCE' as const;
  readonly problem: CodeSourceProblem;
  readonly spec: string;

  constructor(message: string, details: { problem: CodeSourceProblem; spec: string; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.problem = details.problem;
    this.spec = details.spec;
  }
}
