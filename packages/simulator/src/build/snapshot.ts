// A commit's files in a directory of their own, made once per commit and kept read-only.
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { checkoutInto, treeDirectories } from './git';

/**
 * `<snapshotsDir>/<sha>`, holding the commit's tracked files. A snapshot already there is reused: a
 * commit's files never change. Written to a scratch directory and renamed into place, so a snapshot that
 * exists is complete even if a run was killed halfway, or two runs made it at once.
 */
export async function snapshotOf(root: string, commit: string, snapshotsDir: string): Promise<string> {
  const target = join(snapshotsDir, commit);
  mkdirSync(snapshotsDir, { recursive: true });
  if (!existsSync(target)) {
    const scratch = mkdtempSync(join(snapshotsDir, `.${commit.slice(0, 12)}-`));
    try {
      const tree = join(scratch, 'tree');
      mkdirSync(tree);
      await checkoutInto(root, commit, tree, join(scratch, 'index'));
      makeFilesReadOnly(tree);
      try {
        renameSync(tree, target);
      } catch (error) {
        if (!existsSync(target)) throw error;
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  await linkDependencies(root, commit, target);
  return realpathSync(target);
}

/**
 * A commit holds no `node_modules`: each directory of the snapshot gets a link to the working tree's own
 * `node_modules` where the working tree has one, so that imports resolve from the snapshot exactly as
 * they do from the working tree, by Node's own lookup as much as by esbuild's, without an install.
 * Links are checked on every use, so a snapshot made before an install still finds what it brought.
 */
async function linkDependencies(root: string, commit: string, snapshot: string): Promise<void> {
  for (const dir of await treeDirectories(root, commit)) {
    const installed = join(root, dir, 'node_modules');
    const link = join(snapshot, dir, 'node_modules');
    if (exists(link) || !existsSync(installed)) continue;
    // A junction on Windows needs no privilege; elsewhere the type is ignored.
    symlinkSync(installed, link, 'junction');
  }
}

/** Files lose their write bits; directories keep theirs, so links can be added and the tree removed. */
function makeFilesReadOnly(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) makeFilesReadOnly(path);
    else if (entry.isFile()) chmodSync(path, lstatSync(path).mode & 0o555);
  }
}

/** Whether anything is at `path`, a dangling link included. */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
