import type { SimulationEvent } from '@shiftguard/simulator';
import { eventLines } from '../../narrative/event-lines';
import { readingOrder } from '../../narrative/event-order';
import {
  advance,
  initialProgress,
  type ProgressContext,
  type ProgressState,
} from '../../narrative/progress-state';
import type { Style } from '../../narrative/style';
import { statusLine } from './status-line';

export interface LiveViewOptions {
  readonly out: { write(text: string): unknown };
  /**
   * On a terminal a status line is redrawn in place under the event lines; anywhere else (a CI log, a
   * pipe) every event is appended as lines of its own and nothing is ever rewritten.
   */
  readonly tty: boolean;
  /** The terminal's width, to keep the status line from wrapping. */
  readonly columns: number;
  readonly style: Style;
  readonly context: ProgressContext;
}

const CLEAR_LINE = '\r\x1b[2K';

/**
 * The live progress of a simulation, fed by `onEvent`. The simulator delivers the events of one poll
 * synchronously; they are printed together once that poll returns, in reading order.
 */
export class LiveView {
  readonly #options: LiveViewOptions;
  #state: ProgressState;
  #pending: SimulationEvent[] = [];
  #statusShown = false;
  #closed = false;

  constructor(options: LiveViewOptions) {
    this.#options = options;
    this.#state = initialProgress(options.context);
  }

  get state(): ProgressState {
    return this.#state;
  }

  /** The `onEvent` callback. */
  readonly onEvent = (event: SimulationEvent): void => {
    if (this.#closed) return;
    if (this.#pending.length === 0) queueMicrotask(() => this.flush());
    this.#pending.push(event);
  };

  /** Prints what has arrived. */
  flush(): void {
    if (this.#pending.length === 0) return;
    const batch = readingOrder(this.#pending);
    this.#pending = [];
    const lines: string[] = [];
    for (const event of batch) {
      this.#state = advance(this.#state, event);
      lines.push(...eventLines(this.#state, event, this.#options.style));
    }
    const { out, tty, style, columns } = this.#options;
    let text = this.#statusShown ? CLEAR_LINE : '';
    if (lines.length > 0) text += `${lines.join('\n')}\n`;
    if (tty) text += statusLine(this.#state, style, columns);
    this.#statusShown = tty;
    out.write(text);
  }

  /** Prints what is left and takes the status line away, for what is printed next. */
  close(): void {
    this.flush();
    this.#closed = true;
    if (this.#statusShown) this.#options.out.write(CLEAR_LINE);
    this.#statusShown = false;
  }
}
