// Real projects in temporary directories, real git repositories, and the emulator's Lambda to run what
// was built: the build is only right if the emulator loads it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { type Emulator, startEmulator } from '@shiftguard/testing';
import type { SamFunction } from '../template/model';
import { readSamTemplate } from '../template/read-sam-template';
import type { HandlerModule } from './build-function';

const made: string[] = [];

/** A fresh directory, removed after all tests of the file. */
export function tempDir(): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'sg-build-')));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** git with no user or system configuration, so a developer's hooks and signing stay out of the tests. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_GLOBAL: os.devNull,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  }).trim();
}

export function initRepository(dir: string): void {
  git(dir, 'init', '--quiet', '--initial-branch=main');
}

export function commitAll(dir: string, message: string): string {
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '--no-gpg-sign', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/**
 * A template with one function `Fn`. `properties` and `metadata` are YAML lines, indented for their
 * block; the function's `Properties` start at line 6, so `Handler` (the second line given) is at 7:7.
 */
export function template(properties: readonly string[], metadata: readonly string[] = []): string {
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    ...properties.map((line) => `      ${line}`),
    ...(metadata.length === 0 ? [] : ['    Metadata:', ...metadata.map((line) => `      ${line}`)]),
    '',
  ].join('\n');
}

/** The function `Fn` of the template at `<dir>/template.yaml`. */
export function functionOf(dir: string, file = 'template.yaml'): SamFunction {
  const model = readSamTemplate(path.join(dir, file));
  return model.functions.find((fn) => fn.logicalId === 'Fn')!;
}

let emulator: Emulator | undefined;
let client: LambdaClient | undefined;
let next = 0;

/** Registers the built handler as a new function in a shared emulator and invokes it once. */
export async function invoke(handler: HandlerModule, event: unknown = {}): Promise<unknown> {
  emulator ??= await startEmulator();
  client ??= new LambdaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
  next += 1;
  const functionName = `built-${next}`;
  emulator.lambda.createFunction({ functionName, handler });
  const output = await client.send(
    new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(event)) }),
  );
  const payload = JSON.parse(Buffer.from(output.Payload ?? []).toString('utf8')) as unknown;
  if (output.FunctionError !== undefined) throw new Error(`the handler failed: ${JSON.stringify(payload)}`);
  return payload;
}

export async function stopEmulator(): Promise<void> {
  client?.destroy();
  await emulator?.close();
  client = undefined;
  emulator = undefined;
}
