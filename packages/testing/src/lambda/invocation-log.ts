import { performance } from 'node:perf_hooks';
import { format } from 'node:util';
import type { LogLevel } from './log-capture';

/** A chatty handler must not hold the test process's memory: past this, the oldest output is dropped. */
const MAX_LOG_CHARS = 1024 * 1024;
/** `LogType: Tail` returns "the last 4 KB of the execution log". */
const TAIL_BYTES = 4096;

/**
 * Reading the resident set size costs tens of microseconds; a 1,000-invoke burst should not pay it each
 * time. Cached for a second of real time, not the emulator clock's: it bounds a cost of this process.
 */
let rss = { mb: 0, at: Number.NEGATIVE_INFINITY };

function residentMb(): number {
  const now = performance.now();
  if (now - rss.at > 1000) rss = { mb: Math.ceil(process.memoryUsage.rss() / (1024 * 1024)), at: now };
  return rss.mb;
}

/** One invocation's log, in the text format Lambda writes to CloudWatch Logs. */
export class InvocationLog {
  private chunks: string[] = [];
  private length = 0;

  constructor(
    private readonly requestId: string,
    private readonly now: () => number,
  ) {}

  start(version: string): void {
    this.append(`START RequestId: ${this.requestId} Version: ${version}\n`);
  }

  /** A console call: `<ISO time>\t<request id>\t<LEVEL>\t<message>`, the message formatted as console.log would. */
  line(level: LogLevel, args: readonly unknown[]): void {
    const [first, ...rest] = args;
    this.append(`${this.timestamp()}\t${this.requestId}\t${level}\t${format(first, ...rest)}\n`);
  }

  /** The platform's own line when the deadline passes (space-separated, unlike console lines). */
  timedOut(timeoutMs: number): void {
    this.append(
      `${this.timestamp()} ${this.requestId} Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds\n`,
    );
  }

  end(report: { durationMs: number; memoryMb: number; timedOut: boolean }): void {
    // The whole test process is not the function, so the figure is capped at the function's memory.
    const used = Math.min(report.memoryMb, residentMb());
    const billed = Math.max(1, Math.ceil(report.durationMs));
    this.append(`END RequestId: ${this.requestId}\n`);
    this.append(
      `REPORT RequestId: ${this.requestId}\tDuration: ${report.durationMs.toFixed(2)} ms\tBilled Duration: ${billed} ms\t` +
        `Memory Size: ${report.memoryMb} MB\tMax Memory Used: ${used} MB\t${report.timedOut ? 'Status: timeout' : ''}\n`,
    );
  }

  append(text: string): void {
    this.chunks.push(text);
    this.length += text.length;
    while (this.length > MAX_LOG_CHARS && this.chunks.length > 1) {
      this.length -= (this.chunks.shift() as string).length;
    }
  }

  text(): string {
    if (this.chunks.length > 1) this.chunks = [this.chunks.join('')];
    return this.chunks[0] ?? '';
  }

  /** What `X-Amz-Log-Result` carries: the last 4 KB of the log, base64. */
  tailBase64(): string {
    const bytes = Buffer.from(this.text(), 'utf8');
    return bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES)).toString('base64');
  }

  private timestamp(): string {
    return new Date(this.now()).toISOString();
  }
}
