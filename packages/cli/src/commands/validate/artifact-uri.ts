// Where a template is, as code scanning names files: relative to the root of the repository analyzed,
// `/`-separated (GitHub resolves relative URIs against its checkout). Outside a git work tree, relative
// to the working directory.
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';

/** The repository's top-level directory, or undefined outside a git work tree (or without git). */
function repositoryRoot(dir: string): string | undefined {
  try {
    const root = execFileSync('git', ['-C', dir, 'rev-parse', '--show-toplevel'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    // git may keep a symlink that realpath resolves; both sides of `relative` must be spelt alike.
    return realpathSync(resolve(root));
  } catch {
    return undefined;
  }
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** A resolver of file names (as the findings give them) to artifact URIs, the repository found once. */
export function artifactUris(cwd: string): (file: string | undefined) => string {
  const roots = new Map<string, string>();
  return (file) => {
    if (file === undefined) return 'template';
    const absolute = real(resolve(cwd, file));
    const dir = dirname(absolute);
    let root = roots.get(dir);
    if (root === undefined) {
      root = repositoryRoot(dir) ?? real(cwd);
      roots.set(dir, root);
    }
    return relative(root, absolute).split(sep).join('/');
  };
}
