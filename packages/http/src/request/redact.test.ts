import { headerRedactor, redactHeaders, redactUrl } from './redact';

describe('redactUrl', () => {
  it('replaces credentials and token-like query parameters, keeps the rest', () => {
    expect(
      redactUrl(
        new URL('https://user:pa55@api.example.com/v1/orders?id=7&api_key=k1&X-Amz-Signature=s&sig=x'),
      ),
    ).toBe(
      'https://[REDACTED]@api.example.com/v1/orders?id=7&api_key=[REDACTED]&X-Amz-Signature=[REDACTED]&sig=[REDACTED]',
    );
    expect(redactUrl(new URL('http://127.0.0.1:8080/health'))).toBe('http://127.0.0.1:8080/health');
  });
});

describe('redactHeaders', () => {
  it('replaces the fixed secret headers, the named ones and credential-like names, case-insensitively', () => {
    const isSecret = headerRedactor(['X-Tenant-Key']);
    expect(
      redactHeaders(
        {
          'set-cookie': ['a=1', 'b=2'],
          'X-Api-Key': 'k',
          'x-tenant-key': 't',
          'x-session-token': 's',
          'content-type': 'text/plain',
          link: 'https://u:p@example.com/',
        },
        isSecret,
      ),
    ).toEqual({
      'set-cookie': '[REDACTED]',
      'X-Api-Key': '[REDACTED]',
      'x-tenant-key': '[REDACTED]',
      'x-session-token': '[REDACTED]',
      'content-type': 'text/plain',
      link: 'https://[REDACTED]@example.com/',
    });
  });
});
