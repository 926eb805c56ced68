import { rootCertificates } from 'node:tls';
import { type Check, type CheckContext, CheckFailure, passWith } from '@shiftguard/core';
import { describeThrown, type JsonInput, preview, redactText, type Validator } from '@shiftguard/kit';
import { Agent, type Dispatcher } from 'undici';
import { compileHttpExpectation, type HttpExpectation } from '../judge/expectation';
import { optionsValidator } from '../options';
import { headerRedactor, redactHeaders, redactUrl } from '../request/redact';
import { compileRequestContent, type RequestContent } from '../request/request-content';
import {
  compileTimeouts,
  compileUrl,
  decodeComponent,
  urlAtRunTime,
  withoutCredentials,
  withUrlCredentials,
} from '../request/request-options';
import { secretParts, secretScrubber } from '../request/scrub';
import { ExchangeProblem, exchange, type HttpResponse } from '../request/send';

/** Limits of each phase of one exchange, in milliseconds; each is also cut short by `ctx.signal`. */
export interface HttpTimeouts {
  /** Establishing the connection (TCP and TLS). Default 5000. Ignored with your own `dispatcher`: set it there. */
  connectMs?: number;
  /** From sending the request to the whole response head. Default 10000. */
  headersMs?: number;
  /** Longest silence while the body arrives. Default 10000. */
  bodyMs?: number;
}

/**
 * TLS settings of the check's own connections: extra trusted CAs, a client certificate for mTLS.
 * With your own `dispatcher`, set them on it instead.
 */
export interface HttpTlsOptions {
  /** PEM certificates trusted beyond Node's bundled CAs (a private CA, a test's self-signed certificate). */
  ca?: string | readonly string[];
  /** PEM client certificate, for a server that asks for one (mTLS). Given with `key`. */
  cert?: string;
  /** PEM private key of `cert`. */
  key?: string;
  /** Name sent in SNI and checked against the certificate. Default: the URL's host. */
  servername?: string;
  /** Default `true`. `false` accepts any certificate: for tests only, never against a real endpoint. */
  rejectUnauthorized?: boolean;
}

/** Options of {@link httpCheck}. */
export interface HttpCheckOptions {
  /** Name in the report. Default `http`. */
  name?: string;
  /** An absolute `http:`/`https:` URL, or a function of the context (e.g. to add `?version=`). */
  url: string | ((ctx: CheckContext) => string);
  /** Default `GET`. */
  method?: string;
  /**
   * Request headers, or a function of the context returning them (e.g. a token fetched for the run),
   * called once per run.
   */
  headers?: Readonly<Record<string, string>> | ((ctx: CheckContext) => Readonly<Record<string, string>>);
  /** A text body, or a function of the context returning it, called once per run. Not with `json`. */
  body?: string | ((ctx: CheckContext) => string);
  /**
   * A value sent as JSON (`content-type: application/json` unless a header says otherwise), or a
   * function of the context returning it, called once per run. Not with `body`.
   */
  json?: JsonBody | ((ctx: CheckContext) => unknown);
  /** What a good answer looks like. Default: a `2xx` status. */
  expect?: HttpExpectation;
  timeouts?: HttpTimeouts;
  /** Largest body read, in bytes; a longer one is not read and fails the check. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Redirects followed before failing; `0` judges the redirect itself. Default 5. */
  followRedirects?: number;
  /** Header names whose values never appear in a report, beyond Authorization, Cookie, Set-Cookie, X-Api-Key, Proxy-Authorization. */
  redactHeaders?: readonly string[];
  /** The undici dispatcher to send through (a proxy, mTLS, a test's). Default: an `Agent` of the check's own. */
  dispatcher?: Dispatcher;
  /** TLS of the check's own connections (extra CA, client certificate). Not with `dispatcher`. */
  tls?: HttpTlsOptions;
}

/** A value `json` sends: anything `JSON.stringify` takes (the kit's `JsonInput`). */
export type JsonBody = JsonInput;

/** Every option `httpCheck` knows, for what builds on it (`waitUntilHealthy`, journey steps). */
export const HTTP_CHECK_OPTION_KEYS: readonly string[] = [
  'name',
  'url',
  'method',
  'headers',
  'body',
  'json',
  'expect',
  'timeouts',
  'maxBodyBytes',
  'followRedirects',
  'redactHeaders',
  'dispatcher',
  'tls',
];

/**
 * Calls an HTTP endpoint and judges the answer: status (default `2xx`), headers, body text, JSON
 * (deep partial, predicate, JSON Schema) and latency. The body is read as a stream up to
 * `maxBodyBytes`; redirects are followed up to a limit, loops caught. Credentials in headers, URLs
 * and query parameters never reach the report.
 *
 * @example
 * ```ts
 * httpCheck({
 *   url: (ctx) => `https://orders.example.com/health?version=${ctx.target.targetVersion}`,
 *   headers: { authorization: `Bearer ${process.env.TOKEN}` },
 *   expect: { status: 200, json: { status: 'ok' }, maxLatencyMs: 800 },
 *   timeouts: { headersMs: 2_000 },
 * });
 * ```
 */
export function httpCheck(options: HttpCheckOptions): Check {
  const validator = optionsValidator('httpCheck');
  validator.object(options, '', HTTP_CHECK_OPTION_KEYS);
  const probe = compileHttpProbe(options, validator, 'http');
  return {
    name: probe.name,
    async run(ctx: CheckContext) {
      const details = await probe.send(ctx);
      return passWith({ message: passMessage(details), details });
    },
  };
}

/** What a passing exchange says in the report: `GET https://… answered 200 in 41 ms`. */
export function passMessage(details: Readonly<Record<string, unknown>>): string {
  return `${String(details.method)} ${String(details.url)} answered ${String(details.status)} in ${String(details.latencyMs)} ms`;
}

/** One request and its judgement, compiled once; shared by the factories that send `httpCheck`'s requests. */
export interface HttpProbe {
  readonly name: string;
  /** Sends the request and judges the answer: resolves with its details, or throws `CheckFailure`. */
  send(ctx: CheckContext): Promise<Record<string, unknown>>;
}

/** Compiles `httpCheck`'s request and expectation options; the caller has already checked for unknown keys. */
export function compileHttpProbe(
  options: HttpCheckOptions,
  validator: Validator,
  defaultName: string,
): HttpProbe {
  const name = validator.string(options.name, 'name') ?? defaultName;
  const fixedUrl = compileUrl(options.url, validator);
  const method = (
    validator.string(options.method, 'method', { pattern: /^[A-Za-z]+$/, patternHint: 'an HTTP method' }) ??
    'GET'
  ).toUpperCase();
  const content = compileRequestContent(options, validator);
  const redacted = validator.array(options.redactHeaders, 'redactHeaders') ?? [];
  for (const [index, header] of redacted.entries()) validator.string(header, `redactHeaders[${index}]`);
  const isSecretHeader = headerRedactor(redacted as string[]);
  const judge = compileHttpExpectation(options.expect ?? {}, validator, isSecretHeader);
  const timeouts = compileTimeouts(options.timeouts, validator);
  const maxBodyBytes = validator.integer(options.maxBodyBytes, 'maxBodyBytes', { min: 0 }) ?? 1024 * 1024;
  const followRedirects =
    validator.integer(options.followRedirects, 'followRedirects', { min: 0, max: 50 }) ?? 5;
  const given = validator.methods<Dispatcher>(options.dispatcher, 'dispatcher', ['request']);
  const tls = compileTls(options.tls, validator);
  if (tls && given) {
    validator.fail('tls', 'cannot be given with dispatcher: set the TLS options on your dispatcher');
  }
  let own: Dispatcher | undefined;
  // Made on first run, not at construction: building a check must not open anything.
  const dispatcher = (): Dispatcher => {
    if (given) return given;
    own ??= new Agent({ connect: { timeout: timeouts.connectMs, ...tls } });
    return own;
  };

  // What depends only on the URL and the content, worked out once when both are fixed: a burst pays
  // the request only.
  const place = (url: URL) => ({ url, shownUrl: redactUrl(url), sendTo: withoutCredentials(url) });
  const target = (where: ReturnType<typeof place>, { headers, body }: RequestContent) => ({
    ...where,
    requestHeaders: withUrlCredentials(headers, where.url),
    body,
  });
  const fixedPlace = fixedUrl && place(fixedUrl);
  const fixedTarget = fixedPlace && content.fixed && target(fixedPlace, content.fixed);

  return {
    name,
    async send(ctx: CheckContext) {
      const { url, shownUrl, requestHeaders, body, sendTo } =
        fixedTarget ??
        target(
          fixedPlace ?? place(urlAtRunTime(options.url as (ctx: CheckContext) => string, ctx)),
          content.atRunTime(ctx),
        );
      // Built only when a report is written: the credential values sent, masked wherever they come back.
      const fail = (message: string, details: Record<string, unknown>) => {
        const scrub = secretScrubber([
          ...Object.entries(requestHeaders)
            .filter(([header]) => isSecretHeader(header))
            .flatMap(([, value]) => secretParts(value)),
          decodeComponent(url.password),
        ]);
        return new CheckFailure(scrub(message), { details: scrub(details) });
      };
      const startedAt = ctx.clock.now();
      let response: HttpResponse;
      try {
        response = await exchange({
          url: sendTo,
          method,
          headers: requestHeaders,
          body,
          dispatcher: dispatcher(),
          signal: ctx.signal,
          headersMs: timeouts.headersMs,
          bodyMs: timeouts.bodyMs,
          maxBodyBytes,
          followRedirects,
        });
      } catch (error) {
        // The deadline or a cancellation: the runner reports it as such, not as the endpoint's fault.
        if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
        const latencyMs = Math.round(ctx.clock.now() - startedAt);
        throw fail(`${method} ${shownUrl}: ${describeTransportError(error, timeouts)}`, {
          url: shownUrl,
          method,
          latencyMs,
          ...(error instanceof ExchangeProblem && {
            finalUrl: redactUrl(error.url),
            redirects: error.redirects,
            status: error.status,
          }),
        });
      }
      const latencyMs = ctx.clock.now() - startedAt;
      const details: Record<string, unknown> = {
        url: shownUrl,
        method,
        status: response.status,
        latencyMs: Math.round(latencyMs),
        ...(response.redirects > 0 && { finalUrl: redactUrl(response.url), redirects: response.redirects }),
      };
      // The answer's headers go into a failure's details; a pass is reported without them.
      const failureDetails = () => ({ ...details, headers: redactHeaders(response.headers, isSecretHeader) });
      if (response.bodyTooLarge) {
        throw fail(
          `${method} ${shownUrl}: the body exceeded ${maxBodyBytes} bytes and was not read (status ${response.status})`,
          failureDetails(),
        );
      }
      const problem = await judge({ ...response, latencyMs });
      if (problem) {
        throw fail(
          `${method} ${shownUrl}: ${problem} (status ${response.status}, body ${preview(response.body, 300) || 'empty'})`,
          { ...failureDetails(), body: preview(response.body, 1000) },
        );
      }
      return details;
    },
  };
}

interface TlsConnectOptions {
  ca?: string[];
  cert?: string;
  key?: string;
  servername?: string;
  rejectUnauthorized?: boolean;
}

const PEM = /-----BEGIN [A-Z0-9 ]+-----/;

function compileTls(value: unknown, validator: Validator): TlsConnectOptions | undefined {
  if (value === undefined) return undefined;
  const record = validator.object(value, 'tls', ['ca', 'cert', 'key', 'servername', 'rejectUnauthorized']);
  const pem = (text: unknown, path: string) =>
    validator.string(text, path, { pattern: PEM, patternHint: 'PEM text (-----BEGIN ...)' });
  const tls: TlsConnectOptions = {};
  if (record.ca !== undefined) {
    if (typeof record.ca !== 'string' && !Array.isArray(record.ca)) {
      validator.wrongType('tls.ca', 'a PEM string or an array of them', record.ca);
    }
    const list: unknown[] = typeof record.ca === 'string' ? [record.ca] : [...record.ca];
    // Node's `ca` replaces its bundled roots rather than adding to them: keep them, so public endpoints still verify.
    tls.ca = [
      ...rootCertificates,
      ...list.map((each, index) => pem(each, typeof record.ca === 'string' ? 'tls.ca' : `tls.ca[${index}]`)!),
    ];
  }
  const cert = pem(record.cert, 'tls.cert');
  const key = pem(record.key, 'tls.key');
  if ((cert === undefined) !== (key === undefined)) {
    validator.fail(
      cert === undefined ? 'tls.key' : 'tls.cert',
      `must be given with tls.${cert === undefined ? 'cert' : 'key'}`,
    );
  }
  if (cert !== undefined) tls.cert = cert;
  if (key !== undefined) tls.key = key;
  const servername = validator.string(record.servername, 'tls.servername');
  if (servername !== undefined) tls.servername = servername;
  const rejectUnauthorized = validator.boolean(record.rejectUnauthorized, 'tls.rejectUnauthorized');
  if (rejectUnauthorized !== undefined) tls.rejectUnauthorized = rejectUnauthorized;
  return tls;
}

function describeTransportError(error: unknown, timeouts: Required<HttpTimeouts>): string {
  if (error instanceof ExchangeProblem) return error.message;
  const code = errorCode(error);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `timed out connecting after ${timeouts.connectMs} ms (timeouts.connectMs)`;
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `timed out waiting for response headers after ${timeouts.headersMs} ms (timeouts.headersMs)`;
    case 'UND_ERR_BODY_TIMEOUT':
      return `timed out reading the body: no data for ${timeouts.bodyMs} ms (timeouts.bodyMs)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve the host (DNS ${code})`;
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `connection reset (${redactText(describeThrown(error))})`;
    default:
      // Node's certificate codes (UNABLE_TO_VERIFY_LEAF_SIGNATURE, ERR_TLS_CERT_ALTNAME_INVALID, ...) and OpenSSL's alerts.
      if (code !== undefined && /CERT|SSL|TLS|UNABLE_TO_/.test(code)) {
        return `TLS failure: ${redactText(messageOf(error) ?? describeThrown(error))} (${code})`;
      }
      return `request failed: ${redactText(describeThrown(error))}`;
  }
}

/** The first message along the cause chain; TLS errors come from Node's own realm, where `instanceof Error` may not hold. */
function messageOf(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') return message;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    if (typeof code === 'string' && (current as { cause?: unknown }).cause === undefined) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
