import { subscribe, unsubscribe } from 'node:diagnostics_channel';

/** A request object as the diagnostics channels hand it over; only its identity and `close` event are used. */
interface ChannelMessage {
  readonly request?: object & { once?: (event: string, listener: () => void) => unknown };
}

/**
 * Counts the HTTP requests this process has in flight as a client, through Node's diagnostics
 * channels: `node:http` (the AWS SDK) and undici (`fetch`, shiftguard's HTTP probes). The simulator
 * runs hooks in-process, so a hook's call to the emulator or to the front door is visible here from
 * the moment it is made, before any byte reaches a server: virtual time never moves under a request
 * that is about to be answered.
 */
export class HttpActivity {
  #inFlight = 0;
  #changes = 0;
  readonly #open = new WeakSet<object>();
  readonly #subscriptions: [string, (message: unknown) => void][] = [];

  /** Requests started and not yet ended. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Grows at every start and end: equal readings mean nothing happened in between. */
  get changes(): number {
    return this.#changes;
  }

  start(): void {
    if (this.#subscriptions.length > 0) return;
    this.#on('http.client.request.start', (message) => {
      const request = (message as ChannelMessage).request;
      if (request === undefined || !this.#begin(request)) return;
      // `close` ends every ClientRequest: answered, aborted or failed to connect.
      request.once?.('close', () => this.#end(request));
    });
    this.#on('undici:request:create', (message) => {
      const request = (message as ChannelMessage).request;
      if (request !== undefined) this.#begin(request);
    });
    const undiciEnd = (message: unknown) => {
      const request = (message as ChannelMessage).request;
      if (request !== undefined) this.#end(request);
    };
    this.#on('undici:request:trailers', undiciEnd);
    this.#on('undici:request:error', undiciEnd);
  }

  stop(): void {
    for (const [name, listener] of this.#subscriptions.splice(0)) unsubscribe(name, listener);
  }

  #on(name: string, listener: (message: unknown) => void): void {
    subscribe(name, listener);
    this.#subscriptions.push([name, listener]);
  }

  #begin(request: object): boolean {
    if (this.#open.has(request)) return false;
    this.#open.add(request);
    this.#inFlight += 1;
    this.#changes += 1;
    return true;
  }

  #end(request: object): void {
    if (!this.#open.has(request)) return;
    this.#open.delete(request);
    this.#inFlight -= 1;
    this.#changes += 1;
  }
}
