import { SimulatorError } from '../errors';

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
