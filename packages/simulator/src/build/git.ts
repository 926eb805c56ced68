// The few git commands a code source needs, run as child processes: git is the one tool that knows
// what a ref means in the user's repository (packed refs, worktrees, shallow clones, LFS filters).
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';

export interface GitResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `git -C <dir> <args>`; never throws for a non-zero exit, only when git cannot be started. */
export function git(
  dir: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-C', dir, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof (error as NodeJS.ErrnoException).code === 'string') {
          // ENOENT and the like: there is no git to ask.
          reject(error);
          return;
        }
        resolve({ ok: error === null, stdout, stderr: stderr.trim() });
      },
    );
  });
}

/** The repository's top-level directory, or undefined when `dir` is not inside a work tree. */
export async function repositoryRoot(dir: string): Promise<string | undefined> {
  const result = await git(dir, ['rev-parse', '--show-toplevel']);
  // git writes `C:/x` on Windows, and may keep a symlink that `realpath` resolves: paths inside the
  // repository are compared with it by `relative`, so both sides must be spelt alike.
  return result.ok ? realpathSync(resolve(result.stdout.trim())) : undefined;
}

/**
 * The full sha of the commit `ref` names, or undefined when git knows no such commit. No ref starts with
 * a dash, and one that does would be read as an option (git 2.39's rev-parse has no `--end-of-options`).
 */
export async function commitOf(root: string, ref: string): Promise<string | undefined> {
  if (ref.startsWith('-')) return undefined;
  const result = await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return result.ok ? result.stdout.trim() : undefined;
}

/** `refs/heads/main` for `main`, or undefined when `ref` is no ref name (a sha, `HEAD~1`). */
export async function fullRefName(root: string, ref: string): Promise<string | undefined> {
  if (ref.startsWith('-')) return undefined;
  // The `--` says `ref` is a revision, even where a file of that name exists too.
  const result = await git(root, ['rev-parse', '--symbolic-full-name', ref, '--']);
  const name = result.stdout.split('\n')[0]!.trim();
  return result.ok && name.startsWith('refs/') ? name : undefined;
}

export async function isShallow(root: string): Promise<boolean> {
  const result = await git(root, ['rev-parse', '--is-shallow-repository']);
  return result.ok && result.stdout.trim() === 'true';
}

/** Whether `path` (relative to the root, `/`-separated) is a file in `commit`. */
export async function hasFile(root: string, commit: string, path: string): Promise<boolean> {
  const result = await git(root, ['cat-file', '-e', `${commit}:${path}`]);
  return result.ok;
}

/**
 * The content of the file `path` (relative to the root, `/`-separated) in `commit`, as UTF-8 text, or
 * undefined when `commit` has no such file. One blob read, for when a single file of a commit is
 * wanted (a template at a base ref), rather than the commit written out.
 */
export async function readFileAtRef(root: string, commit: string, path: string): Promise<string | undefined> {
  if (!(await hasFile(root, commit, path))) return undefined;
  const result = await git(root, ['cat-file', 'blob', `${commit}:${path}`]);
  if (!result.ok) throw new Error(result.stderr);
  return result.stdout;
}

/** Every directory of `commit`'s tree, relative to the root, `''` for the root itself. */
export async function treeDirectories(root: string, commit: string): Promise<string[]> {
  const result = await git(root, ['ls-tree', '-r', '-d', '-z', '--name-only', commit]);
  if (!result.ok) throw new Error(result.stderr);
  return ['', ...result.stdout.split('\0').filter((name) => name !== '')];
}

/**
 * Writes `commit`'s files under `target` through a scratch index: unlike `git worktree add`, it leaves
 * the repository's own index, worktree list and HEAD untouched, and unlike `git archive` it needs no tar
 * and applies the checkout filters (line endings, LFS) a checkout would.
 */
export async function checkoutInto(
  root: string,
  commit: string,
  target: string,
  index: string,
): Promise<void> {
  const env = { GIT_INDEX_FILE: index };
  const read = await git(root, ['read-tree', commit], env);
  if (!read.ok) throw new Error(read.stderr);
  const checkout = await git(root, ['checkout-index', '--all', '--force', `--prefix=${target}/`], env);
  if (!checkout.ok) throw new Error(checkout.stderr);
}
