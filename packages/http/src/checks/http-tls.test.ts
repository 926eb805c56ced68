import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type CheckResult, runPlan } from '@shiftguard/core';
import { Agent } from 'undici';
import { postTrafficPlan as plan } from '../../../../test/support/plan-context';
import { InvalidHttpCheckOptionsError } from '../errors';
import { type HttpCheckOptions, httpCheck } from './http-check';

const pem = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'tls', `${name}.pem`), 'utf8');
const ca = pem('ca');
const client = { cert: pem('client'), key: pem('client-key') };

let server: Server;
let base: string;
/** Asks every client for a certificate signed by the test CA and refuses those without. */
let mtlsServer: Server;
let mtls: string;

async function listen(each: Server): Promise<string> {
  await new Promise<void>((resolve) => each.listen(0, '127.0.0.1', resolve));
  return `https://localhost:${(each.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const answer = (_request: unknown, response: import('node:http').ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"status":"ok"}');
  };
  server = createServer({ cert: pem('server'), key: pem('server-key') }, answer);
  base = await listen(server);
  mtlsServer = createServer(
    { cert: pem('server'), key: pem('server-key'), ca, requestCert: true, rejectUnauthorized: true },
    answer,
  );
  mtls = await listen(mtlsServer);
});
afterAll(async () => {
  for (const each of [server, mtlsServer]) {
    each.closeAllConnections();
    await new Promise((resolve) => each.close(resolve));
  }
});

async function run(options: HttpCheckOptions): Promise<CheckResult> {
  const [result] = await runPlan(httpCheck(options), plan);
  return result!;
}

describe('httpCheck over TLS', () => {
  it('fails clearly on a certificate from a CA it does not trust, passes with tls.ca', async () => {
    const untrusted = await run({ url: `${base}/health` });
    expect(untrusted.status).toBe('fail');
    expect(untrusted.message).toMatch(/^GET https:\/\/localhost:\d+\/health: TLS failure: .*certificate/);
    expect(untrusted.message).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(untrusted.message).not.toMatch(/\n\s+at /);

    expect(await run({ url: `${base}/health`, tls: { ca } })).toMatchObject({ status: 'pass' });
    expect(
      await run({ url: `${base}/health`, tls: { ca: [ca] }, expect: { json: { status: 'ok' } } }),
    ).toMatchObject({ status: 'pass' });
  });

  it('checks the name against servername', async () => {
    const result = await run({ url: `${base}/health`, tls: { ca, servername: 'orders.example.com' } });
    expect(result.status).toBe('fail');
    expect(result.message).toContain('TLS failure');
    expect(result.message).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('accepts any certificate with rejectUnauthorized: false', async () => {
    expect(await run({ url: `${base}/health`, tls: { rejectUnauthorized: false } })).toMatchObject({
      status: 'pass',
    });
  });

  it('is refused by an mTLS server without a client certificate, accepted with cert and key', async () => {
    const refused = await run({ url: `${mtls}/health`, tls: { ca } });
    expect(refused.status).toBe('fail');
    // Under TLS 1.3 the server refuses after the handshake, so the client sees the connection closed.
    expect(refused.message).toMatch(/^GET https:\/\/localhost:\d+\/health: (connection reset|TLS failure)/);
    expect(refused.message).not.toMatch(/\n\s+at /);

    expect(await run({ url: `${mtls}/health`, tls: { ca, ...client } })).toMatchObject({ status: 'pass' });
  });
});

describe('httpCheck TLS options', () => {
  const error = (options: unknown) => {
    try {
      httpCheck(options as HttpCheckOptions);
    } catch (thrown) {
      return thrown as InvalidHttpCheckOptionsError;
    }
    throw new Error('no error');
  };

  it('names unknown keys and bad values', () => {
    expect(error({ url: 'https://localhost/', tls: { caFile: 'x' } }).message).toContain(
      'unknown option "caFile"',
    );
    expect(error({ url: 'https://localhost/', tls: { ca: 'not pem' } }).message).toContain('tls.ca');
    expect(error({ url: 'https://localhost/', tls: { ca: [ca, 7] } }).message).toContain('tls.ca[1]');
    expect(error({ url: 'https://localhost/', tls: { ca: 7 } }).message).toContain('tls.ca');
    expect(error({ url: 'https://localhost/', tls: { cert: client.cert } }).message).toContain(
      'tls.cert must be given with tls.key',
    );
    expect(error({ url: 'https://localhost/', tls: { rejectUnauthorized: 'no' } }).message).toContain(
      'tls.rejectUnauthorized',
    );
    expect(error({ url: 'https://localhost/', tls: { ca: 'x' } })).toBeInstanceOf(
      InvalidHttpCheckOptionsError,
    );
  });

  it('refuses tls with a dispatcher: the TLS options are the dispatcher’s', async () => {
    const dispatcher = new Agent();
    try {
      expect(error({ url: 'https://localhost/', tls: { ca }, dispatcher }).message).toBe(
        'httpCheck: tls cannot be given with dispatcher: set the TLS options on your dispatcher',
      );
    } finally {
      await dispatcher.close();
    }
  });
});
