// The template as it was at a git ref (`--base main`): one file read from the commit, not the commit
// written out, since the doctor compares templates and builds nothing.
import { realpathSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { commitOf, isShallow, readFileAtRef, repositoryRoot } from '../build/git';
import { CodeSourceError } from '../errors';

/** The base template's text, or why the commit has none where the working tree has it. */
export type BaseTemplate =
  | { readonly found: true; readonly text: string; readonly file: string; readonly commit: string }
  | { readonly found: false; readonly why: string; readonly commit: string };

/**
 * The text of `templateFile` (a path in a git work tree) at `ref`.
 *
 * @throws {CodeSourceError} `template` when `templateFile` is no file, `not-a-repository` when the template is not in a git work tree,
 *   `unknown-ref` when git knows no commit `ref` (with a hint for a shallow clone).
 */
export async function templateAtRef(ref: string, templateFile: string, cwd: string): Promise<BaseTemplate> {
  let template: string;
  try {
    template = realpathSync(resolve(cwd, templateFile));
  } catch (error) {
    throw new CodeSourceError(`${templateFile}: no template file there to find in git at ${ref}`, {
      problem: 'template',
      spec: ref,
      cause: error,
    });
  }
  const root = await repositoryRoot(dirname(template));
  if (root === undefined) {
    throw new CodeSourceError(
      `${ref}: ${dirname(template)} is not in a git repository, so it has no base ref`,
      {
        problem: 'not-a-repository',
        spec: ref,
      },
    );
  }
  const commit = await commitOf(root, ref);
  if (commit === undefined) {
    const shallow = (await isShallow(root))
      ? ' (the clone is shallow: `git fetch --unshallow` brings the older commits)'
      : '';
    throw new CodeSourceError(`${ref}: not a commit of the repository ${root}${shallow}`, {
      problem: 'unknown-ref',
      spec: ref,
    });
  }
  const inRepository = relative(root, template).split(sep).join('/');
  const text = await readFileAtRef(root, commit, inRepository);
  const label = `${ref} (${commit.slice(0, 7)})`;
  if (text === undefined) return { found: false, why: `${label} has no ${inRepository}`, commit };
  return { found: true, text, file: `${templateFile}@${ref}`, commit };
}
