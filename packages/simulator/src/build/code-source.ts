// Where one version of the user's project is: `--from` / `--to` of a simulated deployment.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CodeSourceError } from '../errors';
import { optionsValidator } from '../options';
import { commitOf, fullRefName, hasFile, isShallow, repositoryRoot } from './git';
import { snapshotOf } from './snapshot';

/** The `from` of a deployment when none is given: the last commit. */
export const DEFAULT_FROM = 'HEAD';

export interface CodeSourceOptions {
  /** The template in the working tree, as the user names it (relative to `cwd`, or absolute). */
  readonly templateFile: string;
  /**
   * Where git refs are written out: one directory per commit, `<snapshotsDir>/<sha>`, reused while it is
   * there (a commit's files never change). Give a temporary directory, or a cache that outlives the run.
   */
  readonly snapshotsDir: string;
  /** What a relative directory or `templateFile` is relative to. Default `process.cwd()`. */
  readonly cwd?: string;
}

/** One version of the project, ready to read its template and build its functions from. */
export interface CodeSource {
  /**
   * `working-tree`: the project as it is on disk; `directory`: a directory given as a copy of the
   * project; `git`: a commit's files written out read-only, without uncommitted changes.
   */
  readonly kind: 'working-tree' | 'directory' | 'git';
  /** What was given (`HEAD~1`, `../orders-v1`); undefined for the working tree. */
  readonly spec: string | undefined;
  /** How messages name this version: `working tree`, `HEAD~1 (3f2a1bc)`, `../orders-v1`. */
  readonly label: string;
  /**
   * The root of this version's files: the repository root (or its snapshot), the directory given, or
   * for a working tree outside git the template's directory. Code outside it is not this version's.
   */
  readonly projectDir: string;
  /** This version's template: read it with `readSamTemplate`; a `CodeUri` resolves from its directory. */
  readonly templateFile: string;
  readonly templateDir: string;
  /** The commit's full sha, for `git`. */
  readonly commit: string | undefined;
  /**
   * For `git`: the working tree whose `node_modules` the snapshot links to. Pass it to `buildFunction`
   * as `workingTree`.
   */
  readonly workingTree: string | undefined;
}

const OPTION_KEYS = ['templateFile', 'snapshotsDir', 'cwd'];

/**
 * Resolves a `--from` / `--to` into a directory holding that version of the project.
 *
 * - `undefined`: the working tree, where the template is.
 * - a directory (`../orders-v1`, `/tmp/copy`): used as it is, dependencies included. The template is
 *   looked for where the working tree has it relative to its repository root, then beside the
 *   directory's root.
 * - a git ref (`HEAD`, `main`, `v1.2.0`, a sha, `HEAD~1`): the commit's files written read-only under
 *   `snapshotsDir` (once per commit), with links to the working tree's `node_modules` so that bare
 *   imports resolve without an install. Uncommitted changes are not in it, by design.
 *
 * A name that is both an existing directory and a ref is refused: write `./name` or the ref's full name.
 *
 * @throws {CodeSourceError} for a directory that does not exist, a ref outside a git repository, a ref
 *   git does not know (named), or a version without the template.
 * @throws {InvalidSimulatorOptionsError} for bad options.
 *
 * @example
 * ```ts
 * const options = { templateFile: 'template.yaml', snapshotsDir: tmp };
 * const before = await resolveCodeSource('HEAD~1', options);
 * before.label; // 'HEAD~1 (3f2a1bc)'
 * const model = readSamTemplate(before.templateFile);
 * ```
 */
export async function resolveCodeSource(
  spec: string | undefined,
  options: CodeSourceOptions,
): Promise<CodeSource> {
  const v = optionsValidator('resolveCodeSource');
  const checked = v.object(options, '', OPTION_KEYS);
  const cwd = resolve(v.string(checked.cwd, 'cwd') ?? process.cwd());
  const templateGiven =
    v.string(checked.templateFile, 'templateFile') ?? v.fail('templateFile', 'is required');
  const snapshotsDir = resolve(
    cwd,
    v.string(checked.snapshotsDir, 'snapshotsDir') ?? v.fail('snapshotsDir', 'is required'),
  );
  if (spec !== undefined) v.string(spec, 'spec');
  const templateFile = resolve(cwd, templateGiven);
  if (!isFile(templateFile)) {
    throw new CodeSourceError(`${templateGiven}: no template there`, {
      problem: 'template',
      spec: spec ?? '',
    });
  }
  const template = realpathSync(templateFile);
  const root = await repositoryRoot(dirname(template));
  if (spec === undefined) {
    return {
      kind: 'working-tree',
      spec,
      label: 'working tree',
      projectDir: root ?? dirname(template),
      templateFile: template,
      templateDir: dirname(template),
      commit: undefined,
      workingTree: undefined,
    };
  }
  const directory = resolve(cwd, spec);
  const looksLikePath = isAbsolute(spec) || /^\.\.?([\\/]|$)/.test(spec);
  const isDirectory = isDir(directory);
  if (looksLikePath) {
    if (!isDirectory) {
      const what = existsSync(directory) ? 'is not a directory' : 'does not exist';
      throw new CodeSourceError(`${spec}: ${directory} ${what}`, { problem: 'directory', spec });
    }
    return fromDirectory(spec, directory, template, root);
  }
  const commit = root === undefined ? undefined : await commitOf(root, spec);
  if (isDirectory && commit !== undefined && root !== undefined) {
    const full = (await fullRefName(root, spec)) ?? commit;
    throw new CodeSourceError(
      `${spec}: both a directory (${directory}) and a git ref (commit ${commit.slice(0, 7)}); ` +
        `write ./${spec} for the directory or ${full} for the ref`,
      { problem: 'ambiguous', spec },
    );
  }
  if (isDirectory) return fromDirectory(spec, directory, template, root);
  if (root === undefined) {
    throw new CodeSourceError(
      `${spec}: not a directory, and not a git ref either: ${dirname(template)} is not in a git repository`,
      { problem: 'not-a-repository', spec },
    );
  }
  if (commit === undefined) {
    const shallow = (await isShallow(root))
      ? ' (the clone is shallow: `git fetch --unshallow` brings the older commits)'
      : '';
    throw new CodeSourceError(
      `${spec}: neither a directory nor a commit of the repository ${root}${shallow}`,
      {
        problem: 'unknown-ref',
        spec,
      },
    );
  }
  return fromCommit(spec, commit, template, root, snapshotsDir);
}

/**
 * Both sides of a deployment, with their defaults: `from` the last commit, `to` the working tree.
 *
 * @example
 * ```ts
 * const { from, to } = await resolveCodeSources({}, { templateFile: 'template.yaml', snapshotsDir: tmp });
 * [from.label, to.label]; // ['HEAD (3f2a1bc)', 'working tree']
 * ```
 */
export async function resolveCodeSources(
  specs: { readonly from?: string | undefined; readonly to?: string | undefined },
  options: CodeSourceOptions,
): Promise<{ readonly from: CodeSource; readonly to: CodeSource }> {
  optionsValidator('resolveCodeSources').object(specs, 'specs', ['from', 'to']);
  const from = await resolveCodeSource(specs.from ?? DEFAULT_FROM, options);
  const to = await resolveCodeSource(specs.to, options);
  return { from, to };
}

function fromDirectory(
  spec: string,
  directory: string,
  template: string,
  root: string | undefined,
): CodeSource {
  const projectDir = realpathSync(directory);
  // A copy of the whole repository keeps the template where the repository has it; a copy of the
  // template's own directory has it at its root.
  const tried = [
    ...(root === undefined ? [] : [join(projectDir, relative(root, template))]),
    join(projectDir, basename(template)),
  ].filter((path, index, all) => all.indexOf(path) === index);
  const found = tried.find(isFile);
  if (found === undefined) {
    throw new CodeSourceError(`${spec}: no template in ${projectDir}: tried ${tried.join(', ')}`, {
      problem: 'template',
      spec,
    });
  }
  return {
    kind: 'directory',
    spec,
    label: spec,
    projectDir,
    templateFile: found,
    templateDir: dirname(found),
    commit: undefined,
    workingTree: undefined,
  };
}

async function fromCommit(
  spec: string,
  commit: string,
  template: string,
  root: string,
  snapshotsDir: string,
): Promise<CodeSource> {
  const inRepository = relative(root, template);
  const label = `${spec} (${commit.slice(0, 7)})`;
  if (!(await hasFile(root, commit, inRepository.split(sep).join('/')))) {
    throw new CodeSourceError(`${label}: has no ${inRepository}: was the template committed then?`, {
      problem: 'template',
      spec,
    });
  }
  let projectDir: string;
  try {
    projectDir = await snapshotOf(root, commit, snapshotsDir);
  } catch (error) {
    throw new CodeSourceError(`${label}: cannot be written out: ${(error as Error).message}`, {
      problem: 'git',
      spec,
      cause: error,
    });
  }
  const templateFile = join(projectDir, inRepository);
  return {
    kind: 'git',
    spec,
    label,
    projectDir,
    templateFile,
    templateDir: dirname(templateFile),
    commit,
    workingTree: root,
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
