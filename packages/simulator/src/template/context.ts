import { TemplateError, type TemplateErrorReason, type TemplateProblem } from '../errors';
import type { SourceLocation, TemplateWarning, TemplateWarningKind } from './model';

/** The problem each finer reason belongs to; a problem is its own reason. */
const PROBLEM_OF: Record<Exclude<TemplateErrorReason, TemplateProblem>, TemplateProblem> = {
  'not-a-template': 'shape',
  'preference-shape': 'deployment-preference',
  'no-auto-publish-alias': 'deployment-preference',
  'no-deployment-type': 'deployment-preference',
  'unknown-deployment-type': 'deployment-type',
  'unknown-hook': 'hook',
  'hook-missing': 'hook',
  'hook-excluded': 'hook',
  'hook-not-function': 'hook',
  'hook-logical-id': 'hook',
  'hook-not-name': 'hook',
  'too-many-alarms': 'alarm',
  'alarm-missing': 'alarm',
  'alarm-excluded': 'alarm',
  'alarm-not-alarm': 'alarm',
  'alarm-arn': 'alarm',
  'alarm-logical-id': 'alarm',
  'alarm-not-name': 'alarm',
};

function problemOf(reason: TemplateErrorReason): TemplateProblem {
  return Object.hasOwn(PROBLEM_OF, reason)
    ? PROBLEM_OF[reason as keyof typeof PROBLEM_OF]
    : (reason as TemplateProblem);
}

/**
 * What every step of the reading shares: the file, where each path is written, and the one way to
 * fail or warn with a location. Values merged from `Globals` are read under the resource's own path
 * (their effective path) and located where they are written: `origins` maps an effective path (or the
 * root of a subtree taken whole) to the written one.
 */
export class TemplateContext {
  readonly warnings: TemplateWarning[] = [];
  private readonly origins = new Map<string, string>();

  constructor(
    readonly file: string | undefined,
    private readonly locations: ReadonlyMap<string, SourceLocation>,
  ) {}

  /** Records that the value at `effective` (and everything under it) is written at `written`. */
  setOrigin(effective: string, written: string): void {
    if (effective !== written) this.origins.set(effective, written);
  }

  /** Where the value read at `path` is written. */
  written(path: string): string {
    for (let prefix = path; prefix !== ''; prefix = parentPath(prefix)) {
      const origin = this.origins.get(prefix);
      if (origin !== undefined) return origin + path.slice(prefix.length);
    }
    return path;
  }

  /** The location of `path` (or of the nearest written value above it). */
  locate(path: string): SourceLocation | undefined {
    for (let written = this.written(path); ; written = parentPath(written)) {
      const found = this.locations.get(written);
      if (found || written === '') return found;
    }
  }

  /** The location of exactly this path, or undefined when the template does not write it. */
  locateExactly(path: string): SourceLocation | undefined {
    return this.locations.get(this.written(path));
  }

  /** Throws the one {@link TemplateError} for `reason` (a problem, or a finer reason that names its problem). */
  fail(reason: TemplateErrorReason, path: string, message: string, cause?: unknown): never {
    const written = this.written(path);
    const at = this.locate(path);
    throw new TemplateError(`${this.where(at)}${written === '' ? '' : `${written}: `}${message}`, {
      problem: problemOf(reason),
      reason,
      file: this.file,
      line: at?.line,
      column: at?.column,
      endLine: at?.endLine,
      endColumn: at?.endColumn,
      path: written,
      ...(cause !== undefined && { cause }),
    });
  }

  warn(kind: TemplateWarningKind, path: string, message: string): void {
    const written = this.written(path);
    const at = this.locate(path);
    if (this.warnings.some((warning) => warning.path === written && warning.message === message)) return;
    this.warnings.push({ kind, message, path: written, file: this.file, line: at?.line, column: at?.column });
  }

  /** `template.yaml:23:7: ` (`<text>` for text without a file name). */
  where(at: SourceLocation | undefined): string {
    const file = this.file ?? '<text>';
    return at ? `${file}:${at.line}:${at.column}: ` : `${file}: `;
  }
}

/** `a.b[0].c` → `a.b[0]` → `a.b` → `a` → `''`. */
export function parentPath(path: string): string {
  const match = /(\.[^.[\]]*|\[\d+\])$/.exec(path);
  if (!match) return '';
  return path.slice(0, path.length - match[0].length);
}
