// Every request the front door answered, the last `requestHistory` of them, for a simulation to count
// hook probes and generated traffic apart and see which version each reached.
import type { GatewayFailure } from './gateway-responses';
import type { FrontDoorKind } from './targets';

/** One request and what became of it. */
export interface FrontDoorRequest {
  /** The request id the gateway answered with (`x-amzn-RequestId` or `apigw-requestid`). */
  readonly requestId: string;
  /** The API's logical id, or the function's for its URL. */
  readonly target: string;
  readonly kind: FrontDoorKind;
  readonly method: string;
  /** As requested, the stage included: `/Prod/orders/42`. */
  readonly path: string;
  /** The route taken, `GET /orders/{id}` or `$default`; undefined for a function URL or no route. */
  readonly routeKey: string | undefined;
  /** The function invoked; undefined when no route led to one. */
  readonly functionLogicalId: string | undefined;
  /** The alias invoked; undefined for an unqualified invoke. */
  readonly qualifier: string | undefined;
  /** The version that ran, as the invoke reported it: under a weighted alias, old or new. */
  readonly executedVersion: string | undefined;
  readonly status: number;
  /** `answered`: the function's own response went out; otherwise why the gateway answered itself. */
  readonly outcome: 'answered' | GatewayFailure;
  /** What was wrong (the malformed response, the failed invoke), for `outcome`s other than `answered`. */
  readonly problem: string | undefined;
  /** The request's `User-Agent`; shiftguard's hook probes write `shiftguard/…`. */
  readonly userAgent: string | undefined;
  /** Whether the user agent carries the hook-traffic marker (`HOOK_USER_AGENT_PREFIX`). */
  readonly hook: boolean;
  /** Epoch ms on the front door's clock. */
  readonly receivedAt: number;
  /** From the request's arrival to the answer, in ms of the clock. */
  readonly durationMs: number;
}

export interface FrontDoorRequestFilter {
  readonly target?: string;
  readonly functionLogicalId?: string;
  readonly hook?: boolean;
  readonly outcome?: FrontDoorRequest['outcome'];
}

export class RequestLog {
  private entries: FrontDoorRequest[] = [];

  constructor(private readonly limit: number) {}

  add(entry: FrontDoorRequest): void {
    if (this.limit === 0) return;
    this.entries.push(Object.freeze(entry));
    // Dropping in batches keeps a long simulation from copying the array on every request.
    if (this.entries.length > this.limit * 2) this.entries = this.entries.slice(-this.limit);
  }

  list(filter: FrontDoorRequestFilter = {}): FrontDoorRequest[] {
    return this.entries
      .slice(-this.limit)
      .filter(
        (entry) =>
          (filter.target === undefined || entry.target === filter.target) &&
          (filter.functionLogicalId === undefined || entry.functionLogicalId === filter.functionLogicalId) &&
          (filter.hook === undefined || entry.hook === filter.hook) &&
          (filter.outcome === undefined || entry.outcome === filter.outcome),
      );
  }

  clear(): void {
    this.entries = [];
  }
}
