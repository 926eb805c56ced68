// The time a hook function's plan needs, read from its own code: built as `sam build` would, loaded in a
// child process, asked through the record core leaves on the handler. What the doctor's `hook-timeout`
// rule holds the function's `Timeout` to.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { hookTimeSplit, type LifecycleEvent } from '@shiftguard/core';
import { redactText } from '@shiftguard/kit';
import { type BuiltFunction, buildFunction } from '../../build/build-function';
import { repositoryRoot } from '../../build/git';
import { isDirectory } from '../../build/handler';
import { InvalidSimulatorOptionsError, SimulatorError } from '../../errors';
import { optionsValidator } from '../../options';
import type { SamFunction } from '../../template/model';
import type { HookBudget } from '../hook-budget-type';
import { childEnvironment, type LoadFailure, type LoadOutcome, loadHookInChild } from './load-hook';

/** Why a budget could not be read. */
export type HookBudgetProblem =
  /** Not a Node.js runtime: nothing to load. */
  | 'runtime'
  /** The code did not build, or cannot run here (S3, an image). */
  | 'build'
  /** The module threw, crashed or exited while loading. */
  | 'load'
  /** It took longer than `timeoutMs` to load. */
  | 'timeout'
  /** The `Handler` names no function of the module. */
  | 'handler'
  /** The handler is not made by shiftguard's `createHook` or `shiftguardMiddleware` (or by a core too old to say). */
  | 'not-a-hook'
  /** Its record answered something that is not a budget. */
  | 'budget';

/** What {@link readHookBudget} returns: the budget, or why there is none. */
export type ReadHookBudgetResult =
  | { readonly budget: HookBudget }
  | { readonly unreadable: string; readonly problem: HookBudgetProblem };

export interface ReadHookBudgetOptions {
  /** The template the function is from (a path, or the name given with its text): `CodeUri` resolves from its directory. */
  readonly templateFile: string;
  /** What a relative `templateFile` is relative to. Default `process.cwd()`. */
  readonly cwd?: string;
  /** Longest the module may take to load, in milliseconds. Default 10 000. */
  readonly timeoutMs?: number;
  /**
   * The lifecycle event the hook serves in the template (a `PreTraffic` hook: `BeforeAllowTraffic`), so
   * that its `onlyIn` checks of the other event count for nothing. Default: the hook's own
   * `lifecycleEvent` option, or not known.
   */
  readonly lifecycleEvent?: LifecycleEvent;
  /**
   * Where builds go, reused while their inputs are unchanged; one per template (builds are kept by
   * logical id). Default: under `node_modules/.cache/shiftguard/hook-budget/` of the project when it has
   * `node_modules`, else a temporary directory removed after.
   */
  readonly outDir?: string;
}

const OPTION_KEYS = ['templateFile', 'cwd', 'timeoutMs', 'lifecycleEvent', 'outDir'];
const DEFAULT_TIMEOUT_MS = 10_000;
const NODE_RUNTIME = /^nodejs\d+\.x$/;
/** Builds of this reader have a version directory of their own beside a simulation's `from` and `to`. */
const BUILD_VERSION = 'hook-budget';

/**
 * Reads the time budget of a hook function's plan from its code: builds it as `sam build` would (the
 * simulator's `buildFunction`, cached), loads the built module in a child `node` (at most `timeoutMs`;
 * no AWS credentials, the instance metadata service off, a dummy region) and asks the handler for the
 * record `createHook` or `shiftguardMiddleware` left on it, which the module's own copy of core answers.
 * The reserve and the cleanup reserve are then worked out for the function's `Timeout` as a hook does.
 *
 * It runs the module's top-level code, as Lambda's init would: only for code the user asked to check.
 * Never throws for what the function's code does; bad options throw.
 *
 * @throws {InvalidSimulatorOptionsError} for bad options.
 * @example
 * ```ts
 * const model = readSamTemplate('template.yaml');
 * const hook = model.functions.find((fn) => fn.logicalId === 'PreTrafficHook')!;
 * const read = await readHookBudget(hook, { templateFile: 'template.yaml', lifecycleEvent: 'BeforeAllowTraffic' });
 * if ('budget' in read && hook.timeout * 1000 < read.budget.reserveMs + read.budget.cleanupMs + read.budget.minMs) {
 *   console.log(`Timeout ${hook.timeout} s is too short for ${read.budget.source}`);
 * }
 * ```
 */
export async function readHookBudget(
  fn: SamFunction,
  options: ReadHookBudgetOptions,
): Promise<ReadHookBudgetResult> {
  const v = optionsValidator('readHookBudget');
  const given = v.object(options, '', OPTION_KEYS);
  const cwd = resolve(v.string(given.cwd, 'cwd') ?? process.cwd());
  const templateFile = resolve(
    cwd,
    v.string(given.templateFile, 'templateFile') ?? v.fail('templateFile', 'is required'),
  );
  const timeoutMs = v.integer(given.timeoutMs, 'timeoutMs', { min: 1, max: 600_000 }) ?? DEFAULT_TIMEOUT_MS;
  const lifecycleEvent = v.oneOf(given.lifecycleEvent, 'lifecycleEvent', [
    'BeforeAllowTraffic',
    'AfterAllowTraffic',
  ]) as LifecycleEvent | undefined;
  const outDirGiven = v.string(given.outDir, 'outDir');

  if (fn.runtime === undefined || !NODE_RUNTIME.test(fn.runtime)) {
    const runtime = fn.runtime === undefined ? 'no Runtime' : `Runtime ${fn.runtime}`;
    return unreadable('runtime', `${runtime}: only a Node.js hook's plan can be read`);
  }
  if (!isDirectory(dirname(templateFile))) {
    return unreadable('build', `no directory ${dirname(templateFile)} for the template's code`);
  }
  // As git spells it, so that the build sees the code inside the project it is in.
  const templateDir = realpathSync(dirname(templateFile));
  const projectDir = (await repositoryRoot(templateDir)) ?? templateDir;
  const ownOutDir = outDirGiven === undefined ? defaultOutDir(projectDir, templateFile) : undefined;
  const outDir =
    outDirGiven === undefined
      ? (ownOutDir ?? mkdtempSync(join(tmpdir(), 'sg-hook-budget-')))
      : resolve(cwd, outDirGiven);
  const temporary = outDirGiven === undefined && ownOutDir === undefined;
  try {
    let built: BuiltFunction;
    try {
      built = await buildFunction(fn, {
        projectDir,
        templateDir,
        outDir,
        version: BUILD_VERSION,
        templateFile: options.templateFile,
      });
    } catch (error) {
      // A build the simulator refuses (no such file, esbuild's errors, S3 or image code) says why.
      if (error instanceof SimulatorError && !(error instanceof InvalidSimulatorOptionsError)) {
        return unreadable('build', error.message);
      }
      throw error;
    }
    const outcome = await loadHookInChild({
      module: built.handler.module,
      exportName: built.handler.export,
      codeDir: built.codeDir,
      env: childEnvironment(plainEnvironment(fn), fn.functionName),
      lifecycleEvent,
      timeoutMs,
    });
    return fromOutcome(outcome, fn, built, timeoutMs);
  } finally {
    if (temporary) rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * The project's own cache directory, as tools that cache builds keep them (`find-cache-dir`), one per
 * template: builds are kept by logical id, which two templates of one repository may share.
 */
function defaultOutDir(projectDir: string, templateFile: string): string | undefined {
  const modules = join(projectDir, 'node_modules');
  if (!existsSync(modules)) return undefined;
  const template = createHash('sha256').update(templateFile).digest('hex').slice(0, 16);
  return join(modules, '.cache', 'shiftguard', 'hook-budget', template);
}

/** The function's variables whose values the template decides; what only a deployed stack knows stays out. */
function plainEnvironment(fn: SamFunction): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(fn.environment)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      env[name] = String(value);
    }
  }
  return env;
}

function fromOutcome(
  outcome: LoadOutcome | LoadFailure,
  fn: SamFunction,
  built: BuiltFunction,
  timeoutMs: number,
): ReadHookBudgetResult {
  const handler = fn.handler ?? `index.${built.handler.export}`;
  switch (outcome.outcome) {
    case 'hook':
      return budgetOf(outcome, fn, built, handler);
    case 'timed-out':
      return unreadable('timeout', `loading ${handler} took longer than ${timeoutMs} ms`);
    case 'load-failed':
      return unreadable('load', `${handler} threw while loading: ${clip(outcome.error)}`);
    case 'crashed': {
      const how =
        outcome.signal === null ? `exited with code ${outcome.code}` : `was killed (${outcome.signal})`;
      const said = outcome.stderr === '' ? '' : `: ${clip(tellingLine(outcome.stderr))}`;
      return unreadable('load', `loading ${handler} ${how} before its hook could be read${said}`);
    }
    case 'no-export':
      return unreadable('handler', `${handler}: the module exports no ${built.handler.export}`);
    case 'not-a-function':
      return unreadable('handler', `${handler} is not a function (it is ${outcome.type})`);
    case 'not-a-hook':
      return unreadable(
        'not-a-hook',
        outcome.middlewares > 1
          ? `${handler} is a handler with ${outcome.middlewares} shiftguard middlewares in its module: which is its own cannot be told`
          : `${handler} is not made by shiftguard's createHook or shiftguardMiddleware, so its plan cannot be read`,
      );
    case 'budget-failed':
      return unreadable('budget', `${handler}'s hook could not give its budget: ${clip(outcome.error)}`);
    default:
      return unreadable('budget', `${handler}: the hook's answer was not understood`);
  }
}

function budgetOf(
  outcome: Extract<LoadOutcome, { outcome: 'hook' }>,
  fn: SamFunction,
  built: BuiltFunction,
  handler: string,
): ReadHookBudgetResult {
  // The answer comes from code this process does not control: hold it to the shape before using it.
  const { reserveMs, budget } = outcome;
  const isMs = (value: unknown): value is number =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0;
  if (
    typeof budget !== 'object' ||
    budget === null ||
    !isMs(budget.minMs) ||
    !(budget.maxMs === null || (isMs(budget.maxMs) && budget.maxMs >= budget.minMs)) ||
    !isMs(budget.cleanupMs) ||
    !(reserveMs === null || isMs(reserveMs))
  ) {
    return unreadable(
      'budget',
      `${handler}'s hook gave a budget that is not one: ${clip(JSON.stringify(outcome))}`,
    );
  }
  const split = hookTimeSplit(fn.timeout * 1000, {
    reserveMs: reserveMs ?? undefined,
    cleanupMs: budget.cleanupMs,
  });
  const how = built.method === 'esbuild' ? ', bundled with esbuild' : '';
  return {
    budget: {
      minMs: budget.minMs,
      maxMs: budget.maxMs ?? undefined,
      reserveMs: split.reserveMs,
      cleanupMs: split.cleanupReserveMs,
      source: `${outcome.kind} exported as ${handler}${how}`,
    },
  };
}

function unreadable(problem: HookBudgetProblem, message: string): ReadHookBudgetResult {
  return { unreadable: message, problem };
}

/** What reaches a message from the user's code: one line, bounded, secrets masked. */
function clip(text: string): string {
  const line = redactText(text.replace(/\s+/g, ' ').trim());
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

/** The line of stderr that says most: Node's report of an uncaught error names it on a line of its own. */
function tellingLine(text: string): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines.find((line) => /^[A-Za-z]*(Error|Exception)\b/.test(line)) ?? lines.at(-1) ?? text;
}
