import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '@shiftguard/kit';
import { ACCOUNT_ID } from '../account';
import { functionArn } from './arn';
import type { CodeRecord } from './handler-loader';
import { DEFAULT_RUNTIME, type LambdaRuntime } from './runtimes';
import type { AliasSnapshot, FunctionSnapshot, FunctionVersionSnapshot } from './types';

export interface VersionRecord {
  /** `$LATEST` or `1`, `2`, ... */
  readonly version: string;
  /** Only `$LATEST`'s code changes; a published version is a snapshot. */
  code: CodeRecord;
  /** Only `$LATEST`'s configuration changes (UpdateFunctionConfiguration). */
  timeoutMs: number;
  memoryMb: number;
  environment: Readonly<Record<string, string>>;
  runtime: LambdaRuntime;
  role: string;
  description: string;
  lastModified: number;
  revisionId: string;
  /** One execution environment per version, so one stream: `2024/05/01/[1]<32 hex>`. */
  readonly logStreamName: string;
}

export interface AliasRecord {
  readonly name: string;
  functionVersion: string;
  weights: Readonly<Record<string, number>>;
  description: string;
  revisionId: string;
}

export interface FunctionRecord {
  readonly name: string;
  readonly reservedConcurrency: number | undefined;
  readonly latest: VersionRecord;
  readonly published: VersionRecord[];
  readonly aliases: Map<string, AliasRecord>;
  /** The last version number handed out: Lambda never reuses one, even after a version is deleted. */
  lastVersion: number;
  /** Invocations holding a concurrency slot right now. */
  running: number;
  /** `Event` invocations waiting for a slot, started in order as slots free up. */
  readonly waiting: (() => void)[];
}

/** Already validated, by the programmatic API or the seed. */
export interface FunctionDefinition {
  readonly functionName: string;
  readonly code: CodeRecord;
  readonly timeoutMs: number;
  readonly memoryMb: number;
  readonly reservedConcurrency: number | undefined;
  readonly environment: Readonly<Record<string, string>>;
  readonly description: string;
  /** Default `nodejs20.x`. */
  readonly runtime?: LambdaRuntime;
  /** A role ARN; the programmatic API makes one up from the function's name. */
  readonly role?: string;
}

/** The functions, versions and aliases the emulator holds; callers validate before they change anything. */
export class LambdaRegistry {
  private readonly functions = new Map<string, FunctionRecord>();

  constructor(
    private readonly clock: Clock,
    readonly region: string,
  ) {}

  has(name: string): boolean {
    return this.functions.has(name);
  }

  get(name: string): FunctionRecord | undefined {
    return this.functions.get(name);
  }

  all(): FunctionRecord[] {
    return [...this.functions.values()];
  }

  create(definition: FunctionDefinition): FunctionRecord {
    const now = this.clock.wallTime();
    const record: FunctionRecord = {
      name: definition.functionName,
      reservedConcurrency: definition.reservedConcurrency,
      latest: {
        version: '$LATEST',
        code: definition.code,
        timeoutMs: definition.timeoutMs,
        memoryMb: definition.memoryMb,
        environment: definition.environment,
        description: definition.description,
        runtime: definition.runtime ?? DEFAULT_RUNTIME,
        role:
          definition.role ?? `arn:aws:iam::${ACCOUNT_ID}:role/service-role/${definition.functionName}-role`,
        lastModified: now,
        revisionId: randomUUID(),
        logStreamName: logStreamName(now, '$LATEST'),
      },
      published: [],
      aliases: new Map(),
      lastVersion: 0,
      running: 0,
      waiting: [],
    };
    this.functions.set(record.name, record);
    return record;
  }

  /** `$LATEST` or a published version. */
  version(fn: FunctionRecord, version: string): VersionRecord | undefined {
    if (version === '$LATEST') return fn.latest;
    if (!/^[1-9]\d*$/.test(version)) return undefined;
    return fn.published.find((published) => published.version === version);
  }

  /** Forgets a function with its versions and aliases. */
  delete(fn: FunctionRecord): void {
    if (this.functions.get(fn.name) === fn) this.functions.delete(fn.name);
  }

  /** Forgets a published version; callers check that no alias routes to it. */
  deleteVersion(fn: FunctionRecord, version: VersionRecord): void {
    const index = fn.published.indexOf(version);
    if (index >= 0) fn.published.splice(index, 1);
  }

  /** Applies UpdateFunctionConfiguration's changes to `$LATEST`. */
  configure(
    fn: FunctionRecord,
    change: {
      code?: CodeRecord;
      timeoutMs?: number;
      memoryMb?: number;
      environment?: Readonly<Record<string, string>>;
      runtime?: LambdaRuntime;
      role?: string;
      description?: string;
    },
  ): void {
    const latest = fn.latest;
    if (change.code !== undefined) latest.code = change.code;
    if (change.timeoutMs !== undefined) latest.timeoutMs = change.timeoutMs;
    if (change.memoryMb !== undefined) latest.memoryMb = change.memoryMb;
    if (change.environment !== undefined) latest.environment = change.environment;
    if (change.runtime !== undefined) latest.runtime = change.runtime;
    if (change.role !== undefined) latest.role = change.role;
    if (change.description !== undefined) latest.description = change.description;
    latest.lastModified = this.clock.wallTime();
    latest.revisionId = randomUUID();
  }

  setCode(fn: FunctionRecord, code: CodeRecord): void {
    if (code.sha256 === fn.latest.code.sha256) return;
    fn.latest.code = code;
    fn.latest.lastModified = this.clock.wallTime();
    fn.latest.revisionId = randomUUID();
  }

  /**
   * Publishes `$LATEST` as the next version. As in Lambda, nothing is published when code and
   * configuration are unchanged since the last version: that version is returned instead.
   */
  publish(fn: FunctionRecord, description: string | undefined): VersionRecord {
    const last = fn.published.at(-1);
    if (last !== undefined && sameConfiguration(last, fn.latest)) return last;
    fn.lastVersion += 1;
    const version = String(fn.lastVersion);
    const now = this.clock.wallTime();
    const record: VersionRecord = {
      version,
      code: fn.latest.code,
      timeoutMs: fn.latest.timeoutMs,
      memoryMb: fn.latest.memoryMb,
      environment: fn.latest.environment,
      runtime: fn.latest.runtime,
      role: fn.latest.role,
      description: description ?? '',
      lastModified: now,
      revisionId: randomUUID(),
      logStreamName: logStreamName(now, version),
    };
    fn.published.push(record);
    return record;
  }

  putAlias(
    fn: FunctionRecord,
    name: string,
    change: { version?: string; weights?: Readonly<Record<string, number>>; description?: string },
  ): AliasRecord {
    const existing = fn.aliases.get(name);
    const alias: AliasRecord = existing ?? {
      name,
      functionVersion: change.version ?? '$LATEST',
      weights: {},
      description: '',
      revisionId: '',
    };
    if (change.version !== undefined) alias.functionVersion = change.version;
    if (change.weights !== undefined) alias.weights = { ...change.weights };
    if (change.description !== undefined) alias.description = change.description;
    alias.revisionId = randomUUID();
    fn.aliases.set(name, alias);
    return alias;
  }

  snapshot(fn: FunctionRecord): FunctionSnapshot {
    return {
      functionName: fn.name,
      functionArn: functionArn(this.region, fn.name),
      reservedConcurrency: fn.reservedConcurrency,
      environment: { ...fn.latest.environment },
      versions: [fn.latest, ...fn.published].map((version) => this.versionSnapshot(fn, version)),
      aliases: [...fn.aliases.values()].map((alias) => this.aliasSnapshot(fn, alias)),
    };
  }

  versionSnapshot(fn: FunctionRecord, version: VersionRecord): FunctionVersionSnapshot {
    return {
      version: version.version,
      functionArn: functionArn(this.region, fn.name, version.version),
      handler: version.code.handlerName,
      modulePath: version.code.modulePath,
      codeSha256: version.code.sha256,
      runtime: version.runtime,
      timeoutMs: version.timeoutMs,
      memoryMb: version.memoryMb,
      description: version.description,
      lastModified: version.lastModified,
      revisionId: version.revisionId,
    };
  }

  aliasSnapshot(fn: FunctionRecord, alias: AliasRecord): AliasSnapshot {
    return {
      name: alias.name,
      aliasArn: functionArn(this.region, fn.name, alias.name),
      functionVersion: alias.functionVersion,
      additionalVersionWeights: { ...alias.weights },
      description: alias.description,
      revisionId: alias.revisionId,
    };
  }
}

/** What Lambda compares before publishing: the code and the configuration a version runs with. */
function sameConfiguration(a: VersionRecord, b: VersionRecord): boolean {
  return (
    a.code.sha256 === b.code.sha256 &&
    a.code.handlerName === b.code.handlerName &&
    a.timeoutMs === b.timeoutMs &&
    a.memoryMb === b.memoryMb &&
    a.runtime === b.runtime &&
    a.role === b.role &&
    JSON.stringify(a.environment) === JSON.stringify(b.environment)
  );
}

function logStreamName(now: number, version: string): string {
  const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[${version}]${randomBytes(16).toString('hex')}`;
}
