// A built hook module loaded in a child process, to read the record its own copy of core left on the
// handler. A child, not an import here: the module's top-level code is the user's (it may hang, exit,
// or reach for AWS), and an ES module can never be unloaded from this process.
import { spawn } from 'node:child_process';
import { devNull } from 'node:os';
import { HOOK_RECORD, HOOK_RECORDS } from '@shiftguard/core';

/** What the child found, as it prints it. */
export type LoadOutcome =
  | {
      readonly outcome: 'hook';
      readonly kind: string;
      readonly reserveMs: number | null;
      readonly budget: { readonly minMs: number; readonly maxMs: number | null; readonly cleanupMs: number };
    }
  | { readonly outcome: 'load-failed'; readonly error: string }
  | { readonly outcome: 'no-export' }
  | { readonly outcome: 'not-a-function'; readonly type: string }
  | { readonly outcome: 'not-a-hook'; readonly middlewares: number }
  | { readonly outcome: 'budget-failed'; readonly error: string };

/** Why the child said nothing. */
export type LoadFailure =
  | { readonly outcome: 'timed-out' }
  | {
      readonly outcome: 'crashed';
      readonly code: number | null;
      readonly signal: string | null;
      readonly stderr: string;
    };

export interface LoadRequest {
  /** The built module, absolute. */
  readonly module: string;
  readonly exportName: string;
  /** What Lambda would have as `/var/task`: the child runs there. */
  readonly codeDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly lifecycleEvent: string | undefined;
  readonly timeoutMs: number;
}

/** The file descriptor the child writes its answer to: the module's own prints go to stdout, ignored. */
const ANSWER_FD = 3;
const STDERR_KEPT = 2_000;

/**
 * The child's program, an ES module given with `-e`. It installs the registry core appends records to
 * (a middleware's record is found only there: middy's handler keeps no link to its middlewares), imports
 * the module, finds the export as Lambda's runtime does (a CommonJS module's exports are also under
 * `default`), and prints the record's budget. It exits at once after, so timers the module started do
 * not keep it alive.
 */
const SCRIPT = `
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [modulePath, exportName, lifecycleEvent] = process.argv.slice(1);
const answer = (value) => {
  writeSync(${ANSWER_FD}, JSON.stringify(value));
  process.exit(0);
};
const describe = (error) => {
  try {
    return error instanceof Error ? \`\${error.name}: \${error.message}\` : String(error);
  } catch {
    return 'an unprintable value';
  }
};
const registry = [];
globalThis[Symbol.for(${JSON.stringify(Symbol.keyFor(HOOK_RECORDS))})] = registry;
let namespace;
try {
  namespace = await import(pathToFileURL(modulePath).href);
} catch (error) {
  answer({ outcome: 'load-failed', error: describe(error) });
}
const fromDefault = namespace.default;
const handler =
  namespace[exportName] ??
  ((typeof fromDefault === 'object' || typeof fromDefault === 'function') && fromDefault !== null
    ? fromDefault[exportName]
    : undefined);
if (handler === undefined) answer({ outcome: 'no-export' });
if (typeof handler !== 'function') answer({ outcome: 'not-a-function', type: handler === null ? 'null' : typeof handler });
let record = handler[Symbol.for(${JSON.stringify(Symbol.keyFor(HOOK_RECORD))})];
const middlewares = registry.filter((entry) => entry?.kind === 'shiftguardMiddleware');
// A middy handler (it has use()) with exactly one shiftguard middleware in its module: that one is its.
if (record === undefined && typeof handler.use === 'function' && middlewares.length === 1) record = middlewares[0];
if (typeof record !== 'object' || record === null || typeof record.budget !== 'function') {
  answer({ outcome: 'not-a-hook', middlewares: middlewares.length });
}
try {
  const budget = record.budget(lifecycleEvent ? { lifecycleEvent } : {});
  answer({
    outcome: 'hook',
    kind: String(record.kind),
    reserveMs: record.reserveMs ?? null,
    budget: { minMs: budget.minMs, maxMs: budget.maxMs ?? null, cleanupMs: budget.cleanupMs },
  });
} catch (error) {
  answer({ outcome: 'budget-failed', error: describe(error) });
}
`;

/** Loads the module in a child `node` and returns what it found, or why it found nothing in time. */
export function loadHookInChild(request: LoadRequest): Promise<LoadOutcome | LoadFailure> {
  return new Promise((resolve) => {
    // Its own process group, so a timeout also stops what the module's code may have started.
    const ownGroup = process.platform !== 'win32';
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', SCRIPT, request.module, request.exportName, request.lifecycleEvent ?? ''],
      {
        cwd: request.codeDir,
        env: request.env,
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
        detached: ownGroup,
        windowsHide: true,
      },
    );
    const answer: Buffer[] = [];
    let stderr = '';
    let timedOut = false;
    child.stdio[ANSWER_FD]?.on('data', (chunk: Buffer) => answer.push(chunk));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEPT);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (ownGroup && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, request.timeoutMs);
    const settle = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      if (timedOut) return resolve({ outcome: 'timed-out' });
      const text = Buffer.concat(answer).toString('utf8');
      try {
        const parsed: unknown = text === '' ? undefined : JSON.parse(text);
        if (typeof (parsed as { outcome?: unknown } | null)?.outcome === 'string') {
          return resolve(parsed as LoadOutcome);
        }
      } catch {
        // A half-written answer is no answer: reported as a crash with what stderr said.
      }
      resolve({ outcome: 'crashed', code, signal, stderr: stderr.trim() });
    };
    child.on('close', settle);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ outcome: 'crashed', code: null, signal: null, stderr: error.message });
    });
  });
}

/**
 * The child's environment: this process's, without anything that could reach AWS with the user's
 * identity (every `AWS_*` variable, credential and config files pointed at nothing, the instance
 * metadata service off) and without `NODE_OPTIONS` (a debugger's or a loader's preload would change
 * what loads); then what Lambda would set, with a dummy region so that a client made at load time builds.
 */
export function childEnvironment(
  environment: Readonly<Record<string, string>>,
  functionName: string,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^AWS_/i.test(key) || key.toUpperCase() === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  // Lambda reserves AWS_* names: a template cannot set them, so neither can it here.
  for (const [key, value] of Object.entries(environment)) if (!/^AWS_/i.test(key)) env[key] = value;
  return {
    ...env,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SHARED_CREDENTIALS_FILE: devNull,
    AWS_CONFIG_FILE: devNull,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
  };
}
