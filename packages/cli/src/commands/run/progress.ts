import type { CheckResult } from '@shiftguard/core';
import type { Clock } from '@shiftguard/kit';
import { checkLine } from '../../narrative/event-lines';
import { duration } from '../../narrative/format';
import type { Style } from '../../narrative/style';

export interface RunProgressOptions {
  readonly out: { write(text: string): unknown };
  /**
   * On a terminal a status line (checks done, time so far) is redrawn in place under the check
   * lines; anywhere else (a CI log, a pipe) every check is a line of its own and nothing is rewritten.
   */
  readonly tty: boolean;
  /** The terminal's width, to keep the status line from wrapping. */
  readonly columns: number;
  readonly style: Style;
  /** Times the status line and redraws it every second. */
  readonly clock: Clock;
}

const CLEAR_LINE = '\r\x1b[2K';
const REDRAW_MS = 1000;

/** The live progress of a run: a header, then each check the moment it finishes. */
export class RunProgress {
  readonly #options: RunProgressOptions;
  #startedAt = 0;
  #done = 0;
  #statusShown = false;
  #timer: unknown;
  #closed = false;

  constructor(options: RunProgressOptions) {
    this.#options = options;
  }

  /** Prints the header and, on a terminal, starts the status line. */
  start(header: string): void {
    this.#startedAt = this.#options.clock.now();
    this.#print(`${header}\n`);
    this.#schedule();
  }

  /** The `onCheckResult` callback: one line per check. */
  readonly check = (result: CheckResult): void => {
    if (this.#closed) return;
    this.#done++;
    this.#print(`${checkLine(result, this.#options.style)}\n`);
  };

  /** A line that is not a check's (a log line), written where `to` writes, under the check lines. */
  note(line: string, to: { write(text: string): unknown }): void {
    if (this.#statusShown) this.#options.out.write(CLEAR_LINE);
    this.#statusShown = false;
    to.write(`${line}\n`);
    if (!this.#closed) this.#print('');
  }

  /** Stops redrawing and takes the status line away, for what is printed next. */
  close(): void {
    this.#closed = true;
    this.#options.clock.clearTimeout(this.#timer);
    if (this.#statusShown) this.#options.out.write(CLEAR_LINE);
    this.#statusShown = false;
  }

  #print(text: string): void {
    const { out, tty } = this.#options;
    const clear = this.#statusShown ? CLEAR_LINE : '';
    out.write(`${clear}${text}${tty && !this.#closed ? this.#statusLine() : ''}`);
    this.#statusShown = tty && !this.#closed;
  }

  #statusLine(): string {
    const { style, columns, clock } = this.#options;
    const elapsed = duration(clock.now() - this.#startedAt);
    const text = `running checks · ${this.#done} done · ${elapsed}`;
    return style.dim(text.length < columns ? text : text.slice(0, Math.max(0, columns - 1)));
  }

  #schedule(): void {
    if (!this.#options.tty || this.#closed) return;
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#print('');
      this.#schedule();
    }, REDRAW_MS);
  }
}
