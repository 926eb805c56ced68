import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type Clock, sleep } from '@shiftguard/kit';
import { EmulatorStartError } from './errors';
import { type FaultRegistry, faultError } from './faults';
import type { RoutedRequest, ServiceModule, WireRequest, WireResponse } from './service';
import { ServiceError } from './service-error';

/** Bodies past this are refused: every emulated request is a few KB, so a huge one is a client bug. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * The emulator's one HTTP server: reads the request, asks each service module to claim it, applies
 * any injected fault for the claimed operation, then runs the operation and writes the answer.
 */
export class EmulatorServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** Aborts pending `delay` faults so close() never waits on them. */
  private readonly closing = new AbortController();
  private closed: Promise<void> | undefined;

  constructor(
    private readonly services: readonly ServiceModule[],
    private readonly faults: FaultRegistry,
    /** `delay` faults wait on it, so a controlled clock decides when a delayed answer goes out. */
    private readonly clock: Clock,
  ) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        // Only reachable through a bug in a handler; answer rather than leave the client hanging.
        if (!res.headersSent && !res.destroyed) {
          writeResponse(res, plainError(500, 'InternalFailure', String(error)));
        }
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  async listen(port: number, host: string): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => {
        reject(
          new EmulatorStartError(`Emulator could not listen on ${host}:${port}: ${error.message}`, {
            cause: error,
          }),
        );
      };
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    return this.server.address() as AddressInfo;
  }

  /** Stops listening and destroys every socket, idle keep-alive ones included, so callers never wait. */
  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      this.closing.abort();
      if (!this.server.listening) {
        resolve();
        return;
      }
      this.server.close(() => {
        // Node keeps a closed server's handle wrap reachable for a while; without its listeners it
        // no longer holds this emulator's state (the invocation journal, metrics) in memory.
        this.server.removeAllListeners();
        resolve();
      });
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (body === undefined) {
      writeResponse(
        res,
        plainError(413, 'RequestEntityTooLargeException', `Request body exceeds ${MAX_BODY_BYTES} bytes`),
      );
      return;
    }
    const url = new URL(req.url ?? '/', 'http://emulator');
    const request: WireRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    const routed = this.route(request);
    if (routed === undefined) {
      const target = req.headers['x-amz-target'];
      const what = typeof target === 'string' ? `target ${target}` : `${request.method} ${request.path}`;
      writeResponse(res, plainError(404, 'UnknownOperationException', `No emulated service handles ${what}`));
      return;
    }

    const fault = this.faults.take(routed.operation);
    if (fault?.kind === 'reset') {
      routed.faulted?.('ConnectionReset', 'reset');
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'dropResponse') {
      await run(routed, fault.kind);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') {
      const completed = await sleep(this.clock, fault.ms, this.closing.signal).then(
        () => true,
        () => false,
      );
      if (!completed) {
        req.socket.destroy();
        return;
      }
    } else if (fault !== undefined) {
      const error = faultError(fault);
      routed.faulted?.(error.name, fault.kind);
      writeResponse(res, routed.protocol.error(error));
      return;
    }
    writeResponse(res, await run(routed, fault?.kind));
  }

  private route(request: WireRequest): RoutedRequest | undefined {
    for (const service of this.services) {
      const routed = service.route(request);
      if (routed !== undefined) return routed;
    }
    return undefined;
  }
}

async function run(routed: RoutedRequest, fault: string | undefined): Promise<WireResponse> {
  try {
    return routed.protocol.success(await routed.execute(fault));
  } catch (error) {
    if (error instanceof ServiceError) return routed.protocol.error(error);
    return routed.protocol.error(new ServiceError('InternalFailure', `Emulator bug: ${String(error)}`, 500));
  }
}

function plainError(status: number, name: string, message: string): WireResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': name },
    body: JSON.stringify({ __type: name, message }),
  };
}

function writeResponse(res: ServerResponse, response: WireResponse): void {
  if (res.destroyed) return;
  const body = Buffer.from(response.body, 'utf8');
  // A service may name the request id itself: Lambda's Invoke answers with the invocation's id.
  res.writeHead(response.status, {
    'x-amzn-requestid': randomUUID(),
    ...response.headers,
    'content-length': String(body.length),
  });
  res.end(body);
}

/** Resolves `undefined` when the body is over the limit (the rest is drained, not buffered). */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    if (!tooLarge) chunks.push(buffer);
  }
  return tooLarge ? undefined : Buffer.concat(chunks);
}
