import { accessSync, constants, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { CodeSourceError } from '../errors';
import {
  commitAll,
  functionOf,
  git,
  initRepository,
  invoke,
  removeTempDirs,
  stopEmulator,
  tempDir,
  template,
  writeFiles,
} from './build.test-support';
import { buildFunction } from './build-function';
import { type CodeSource, resolveCodeSource, resolveCodeSources } from './code-source';

afterAll(async () => {
  await stopEmulator();
  removeTempDirs();
});

const handlerSaying = (word: string) => `export const handler = async (): Promise<string> => '${word}';\n`;

/**
 * A repository whose template sits in `services/orders/` (not at the root, as in a monorepo), with a
 * TypeScript function bundled by esbuild, its first version committed.
 */
function repository(): { root: string; templateFile: string } {
  const root = tempDir();
  initRepository(root);
  writeFiles(root, {
    '.gitignore': 'node_modules/\n',
    'services/orders/template.yaml': template(
      ['CodeUri: src/', 'Handler: app.handler', 'Runtime: nodejs22.x'],
      ['BuildMethod: esbuild', 'BuildProperties:', '  EntryPoints: [app.ts]'],
    ),
    'services/orders/src/app.ts': handlerSaying('v1'),
  });
  commitAll(root, 'v1');
  return { root, templateFile: path.join(root, 'services/orders/template.yaml') };
}

async function runVersion(source: CodeSource, outDir: string, version: string): Promise<unknown> {
  const built = await buildFunction(functionOf(source.templateDir), {
    projectDir: source.projectDir,
    templateDir: source.templateDir,
    outDir,
    version,
    templateFile: source.templateFile,
    label: source.label,
    ...(source.workingTree !== undefined && { workingTree: source.workingTree }),
  });
  return invoke(built.handler);
}

async function sourceError(promise: Promise<unknown>): Promise<CodeSourceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof CodeSourceError))
    throw new Error(`expected a CodeSourceError, got ${String(error)}`);
  return error;
}

describe('resolveCodeSource', () => {
  it('gives HEAD without the uncommitted change, and the working tree with it; both run side by side', async () => {
    const { root, templateFile } = repository();
    writeFiles(root, { 'services/orders/src/app.ts': handlerSaying('v2, not committed') });
    const snapshotsDir = tempDir();
    const { from, to } = await resolveCodeSources({}, { templateFile, snapshotsDir });
    const commit = git(root, 'rev-parse', 'HEAD');

    expect(from).toEqual({
      kind: 'git',
      spec: 'HEAD',
      label: `HEAD (${commit.slice(0, 7)})`,
      projectDir: path.join(snapshotsDir, commit),
      templateFile: path.join(snapshotsDir, commit, 'services/orders/template.yaml'),
      templateDir: path.join(snapshotsDir, commit, 'services/orders'),
      commit,
      workingTree: root,
    });
    expect(to).toEqual({
      kind: 'working-tree',
      spec: undefined,
      label: 'working tree',
      projectDir: root,
      templateFile,
      templateDir: path.dirname(templateFile),
      commit: undefined,
      workingTree: undefined,
    });
    const outDir = tempDir();
    await expect(runVersion(from, outDir, 'from')).resolves.toBe('v1');
    await expect(runVersion(to, outDir, 'to')).resolves.toBe('v2, not committed');
    // The repository itself is left as it was.
    expect(git(root, 'status', '--porcelain')).toBe('M services/orders/src/app.ts');
  });

  it('resolves HEAD~1, a branch, a tag and a sha to their commits', async () => {
    const { root, templateFile } = repository();
    const first = git(root, 'rev-parse', 'HEAD');
    git(root, 'tag', '-a', 'v1.0.0', '-m', 'first');
    writeFiles(root, { 'services/orders/src/app.ts': handlerSaying('v2') });
    commitAll(root, 'v2');
    const options = { templateFile, snapshotsDir: tempDir() };

    const previous = await resolveCodeSource('HEAD~1', options);
    expect(previous).toMatchObject({ kind: 'git', commit: first, label: `HEAD~1 (${first.slice(0, 7)})` });
    await expect(runVersion(previous, tempDir(), 'from')).resolves.toBe('v1');
    await expect(resolveCodeSource('v1.0.0', options)).resolves.toMatchObject({ commit: first });
    await expect(resolveCodeSource(first.slice(0, 10), options)).resolves.toMatchObject({ commit: first });
    await expect(resolveCodeSource('main', options)).resolves.toMatchObject({
      commit: git(root, 'rev-parse', 'HEAD'),
    });
  });

  it('writes a commit out once, read-only, and reuses it', async () => {
    const { templateFile } = repository();
    const options = { templateFile, snapshotsDir: tempDir() };
    const first = await resolveCodeSource('HEAD', options);
    const again = await resolveCodeSource('HEAD', options);
    expect(again.projectDir).toBe(first.projectDir);
    const file = path.join(first.templateDir, 'src/app.ts');
    expect(readFileSync(file, 'utf8')).toBe(handlerSaying('v1'));
    if (process.getuid?.() !== 0) expect(() => accessSync(file, constants.W_OK)).toThrow();
  });

  it('lets a snapshot import the working tree’s installed packages, and its own version of a workspace package', async () => {
    const { root, templateFile } = repository();
    writeFiles(root, {
      'services/orders/src/app.ts': [
        "import { version } from 'installed';",
        "import { greeting } from '@acme/shared';",
        "export const handler = async () => greeting + ' with ' + version;",
        '',
      ].join('\n'),
      'packages/shared/package.json': '{ "name": "@acme/shared", "main": "index.ts" }',
      'packages/shared/index.ts': "export const greeting = 'shared v1';\n",
    });
    commitAll(root, 'use packages');
    // What an install leaves, untracked: a package, and the workspace package linked in.
    writeFiles(root, {
      'node_modules/installed/package.json': '{ "name": "installed", "main": "index.js" }',
      'node_modules/installed/index.js': "exports.version = 'installed 1.0';\n",
      'packages/shared/index.ts': "export const greeting = 'shared v2';\n",
    });
    mkdirSync(path.join(root, 'node_modules/@acme'));
    symlinkSync('../../packages/shared', path.join(root, 'node_modules/@acme/shared'));

    const { from, to } = await resolveCodeSources({}, { templateFile, snapshotsDir: tempDir() });
    const outDir = tempDir();
    await expect(runVersion(from, outDir, 'from')).resolves.toBe('shared v1 with installed 1.0');
    await expect(runVersion(to, outDir, 'to')).resolves.toBe('shared v2 with installed 1.0');
  });

  it('takes a directory as it is, finding the template where the repository has it', async () => {
    const { templateFile } = repository();
    const copy = tempDir();
    writeFiles(copy, {
      'services/orders/template.yaml': readFileSync(templateFile, 'utf8'),
      'services/orders/src/app.ts': handlerSaying('from a copy'),
    });
    const source = await resolveCodeSource(copy, { templateFile, snapshotsDir: tempDir() });
    expect(source).toMatchObject({
      kind: 'directory',
      label: copy,
      projectDir: copy,
      templateFile: path.join(copy, 'services/orders/template.yaml'),
    });
    await expect(runVersion(source, tempDir(), 'from')).resolves.toBe('from a copy');
  });

  it('refuses a ref outside a git repository', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'template.yaml': template(['Handler: app.handler', 'Runtime: nodejs22.x']) });
    const templateFile = path.join(dir, 'template.yaml');
    const error = await sourceError(resolveCodeSource('HEAD', { templateFile, snapshotsDir: tempDir() }));
    expect(error).toMatchObject({ problem: 'not-a-repository', spec: 'HEAD' });
    expect(error.message).toContain(`${dir} is not in a git repository`);
    // The working tree of a project outside git is the template's directory.
    await expect(
      resolveCodeSource(undefined, { templateFile, snapshotsDir: tempDir() }),
    ).resolves.toMatchObject({
      kind: 'working-tree',
      projectDir: dir,
    });
  });
});

describe('resolveCodeSource refuses', () => {
  // One repository for the refusals: none of them changes it.
  let root: string;
  let templateFile: string;
  beforeAll(() => {
    ({ root, templateFile } = repository());
  });

  it('a ref git does not know, naming it', async () => {
    const error = await sourceError(resolveCodeSource('v9.9.9', { templateFile, snapshotsDir: tempDir() }));
    expect(error).toMatchObject({ code: 'SG_SIM_CODE_SOURCE', problem: 'unknown-ref', spec: 'v9.9.9' });
    expect(error.message).toBe(`v9.9.9: neither a directory nor a commit of the repository ${root}`);
  });

  it('HEAD~1 on the first commit', async () => {
    const error = await sourceError(resolveCodeSource('HEAD~1', { templateFile, snapshotsDir: tempDir() }));
    expect(error).toMatchObject({ problem: 'unknown-ref', spec: 'HEAD~1' });
  });

  it('a directory that does not exist', async () => {
    const error = await sourceError(
      resolveCodeSource('../nowhere', { templateFile, snapshotsDir: tempDir(), cwd: root }),
    );
    expect(error).toMatchObject({ problem: 'directory', spec: '../nowhere' });
    expect(error.message).toBe(`../nowhere: ${path.resolve(root, '../nowhere')} does not exist`);
  });

  it('a commit without the template', async () => {
    writeFiles(root, { 'other/template.yaml': template(['Handler: app.handler']) });
    const error = await sourceError(
      resolveCodeSource('HEAD', {
        templateFile: path.join(root, 'other/template.yaml'),
        snapshotsDir: tempDir(),
      }),
    );
    expect(error).toMatchObject({ problem: 'template' });
    expect(error.message).toMatch(
      /^HEAD \([0-9a-f]{7}\): has no other\/template\.yaml: was the template committed then\?$/,
    );
  });

  it('a name that is both a directory and a ref', async () => {
    mkdirSync(path.join(root, 'main'));
    const error = await sourceError(
      resolveCodeSource('main', { templateFile, snapshotsDir: tempDir(), cwd: root }),
    );
    expect(error).toMatchObject({ problem: 'ambiguous' });
    expect(error.message).toContain('write ./main for the directory or refs/heads/main for the ref');
  });
});
