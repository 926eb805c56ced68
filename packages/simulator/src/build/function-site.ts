// A function of the template, as build messages name it: the file, the line and the path of a value.

import { BuildError, type BuildMessage, type BuildProblem } from '../errors';
import type { SamFunction, SourceLocation } from '../template/model';

/** `a.b[0].c` → `a.b[0]` → `a.b` → `a` → `''`. */
function parentPath(path: string): string {
  const match = /(\.[^.[\]]*|\[\d+\])$/.exec(path);
  return match ? path.slice(0, path.length - match[0].length) : '';
}

export class FunctionSite {
  constructor(
    readonly fn: SamFunction,
    /** The template as messages name it. */
    readonly templateFile: string,
    /** The version as messages name it, e.g. `HEAD~1 (3f2a1bc)`. */
    readonly label: string | undefined,
  ) {}

  /** Where the value at `path` (under the resource, e.g. `Properties.Handler`) is written, or the nearest above it. */
  locate(path: string): SourceLocation | undefined {
    for (let at = path; at !== ''; at = parentPath(at)) {
      const found = this.fn.locations[at];
      if (found) return found;
    }
    return this.fn.location;
  }

  /** `template.yaml:14:7: Resources.Orders.Properties.Handler (HEAD~1 (3f2a1bc)): `. */
  where(path: string): string {
    const at = this.locate(path);
    const place = at ? `${this.templateFile}:${at.line}:${at.column}` : this.templateFile;
    const version = this.label === undefined ? '' : ` (${this.label})`;
    return `${place}: ${this.templatePath(path)}${version}: `;
  }

  templatePath(path: string): string {
    const resource = `Resources.${this.fn.logicalId}`;
    return path === '' ? resource : `${resource}.${path}`;
  }

  fail(
    problem: BuildProblem,
    path: string,
    message: string,
    extra: { tried?: readonly string[]; messages?: readonly BuildMessage[]; cause?: unknown } = {},
  ): never {
    const at = this.locate(path);
    throw new BuildError(`${this.where(path)}${message}`, {
      problem,
      logicalId: this.fn.logicalId,
      file: this.templateFile,
      line: at?.line,
      column: at?.column,
      path: this.templatePath(path),
      ...extra,
    });
  }

  /** A note for the build's warnings, located like a failure. */
  note(path: string, text: string): BuildMessage {
    const at = this.locate(path);
    return {
      text: `${this.templatePath(path)}: ${text}`,
      file: this.templateFile,
      ...(at && { line: at.line, column: at.column }),
    };
  }
}
