import { REDACTED, redact, redactText } from './redact';

describe('redactText', () => {
  it.each([
    ['GET /cb?access_token=abc123&state=ok', 'abc123'],
    ['client_secret=s3cr3t', 's3cr3t'],
    ['AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI', 'wJalrXUtnFEMI'],
    ['DB_PASSWORD=hunter2', 'hunter2'],
    ['connect postgres://admin:pw0rd@db.internal:5432/app', 'pw0rd'],
    ['Authorization: token ghp_abcdef', 'ghp_abcdef'],
    ['Authorization: ApiKey k-123', 'k-123'],
    ['Cookie: a=1; session=XYZ', 'XYZ'],
    ['{"sessionToken":"FQoG-token"}', 'FQoG-token'],
    ['https://bucket.s3.amazonaws.com/k?X-Amz-Signature=deadbeef', 'deadbeef'],
    ['failed with Bearer eyJhbGciOi.payload', 'eyJhbGciOi.payload'],
    ['key AKIAIOSFODNN7EXAMPLE leaked', 'AKIAIOSFODNN7EXAMPLE'],
  ])('masks the secret in %j', (text, secret) => {
    const masked = redactText(text);
    expect(masked).not.toContain(secret);
    expect(masked).toContain(REDACTED);
  });

  it('leaves ordinary text alone', () => {
    expect(redactText('GET /health answered 503 after 120 ms')).toBe('GET /health answered 503 after 120 ms');
  });
});

describe('redact', () => {
  it('masks secret-named keys at any depth, rawHeaders pairs, and secrets inside strings', () => {
    const input = {
      headers: { 'X-Api-Key': 'k1', 'x-auth-token': 'k2', authToken: 'k3', accept: 'json' },
      env: { AWS_SECRET_ACCESS_KEY: 'k4', DB_PASSWORD: 'k5', REGION: 'eu-west-1' },
      credentials: { id: 'k6' },
      rawHeaders: ['Cookie', 'session=k7', 'Accept', 'json'],
      setCookie: ['a=k8'],
      note: 'retry with api_key=k9',
    };
    const output = redact(input);
    expect(JSON.stringify(output)).not.toMatch(/k[1-9]/);
    expect(output.headers.accept).toBe('json');
    expect(output.env.REGION).toBe('eu-west-1');
    expect(output.rawHeaders).toEqual(['Cookie', REDACTED, 'Accept', 'json']);
  });

  it('survives cycles and depth', () => {
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    expect(redact(cyclic)).toEqual({ name: 'x', self: '[Circular]' });
  });
});
