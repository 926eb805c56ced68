import { type ResponseFormat, readProxyResponse } from './proxy-response';

const never = { decodesBase64: () => false };
const read = (format: ResponseFormat, value: unknown, context = never) =>
  readProxyResponse(format, JSON.stringify(value), context);

describe('readProxyResponse', () => {
  it('takes a status as a number or its decimal string, and refuses anything else', () => {
    expect(read('rest', { statusCode: '201' })).toMatchObject({ ok: true, answer: { status: 201 } });
    for (const statusCode of [99, 600, 200.5, '2xx', null, true]) {
      expect(read('rest', { statusCode })).toEqual({
        ok: false,
        problem: expect.stringContaining('statusCode must be an HTTP status'),
      });
    }
  });

  it('answers 200 for a REST response without a status, as the SAM CLI does', () => {
    expect(read('rest', { body: 'x' })).toMatchObject({ ok: true, answer: { status: 200 } });
  });

  it('refuses headers that could not be written, rather than answering half a response', () => {
    expect(read('2.0', { statusCode: 200, headers: { 'X-Bad': 'a\r\nInjected: yes' } })).toMatchObject({
      ok: false,
      problem: expect.stringContaining('header X-Bad holds characters a header may not'),
    });
    expect(read('rest', { statusCode: 200, headers: { 'Bad Name': 'x' } })).toMatchObject({ ok: false });
    expect(read('rest', { statusCode: 200, headers: { 'X-Obj': { a: 1 } } })).toMatchObject({ ok: false });
    expect(read('rest', { statusCode: 200, multiValueHeaders: { 'X-M': 'not a list' } })).toMatchObject({
      ok: false,
    });
  });

  it('writes numbers and booleans in headers as text, and leaves framing to the server', () => {
    const result = read('2.0', {
      statusCode: 200,
      headers: { 'X-Count': 3, 'X-Flag': true, 'Content-Length': '999', 'Transfer-Encoding': 'chunked' },
      body: 'abc',
    });
    expect(result).toMatchObject({
      ok: true,
      answer: {
        headers: [
          ['X-Count', '3'],
          ['X-Flag', 'true'],
          ['Content-Type', 'application/json'],
        ],
      },
    });
  });

  it('reads isBase64Encoded as a boolean or its string, decoding for a REST API only when told to', () => {
    const response = { statusCode: 200, isBase64Encoded: 'true', body: Buffer.from('hi').toString('base64') };
    const decoded = read('rest', response, { decodesBase64: () => true });
    expect(decoded.ok && decoded.answer.body.toString()).toBe('hi');
    const kept = read('rest', response);
    expect(kept.ok && kept.answer.body.toString()).toBe('aGk=');
    const http = read('http-1.0', response);
    expect(http.ok && http.answer.body.toString()).toBe('hi');
    expect(read('2.0', { statusCode: 200, isBase64Encoded: 'yes' })).toMatchObject({ ok: false });
  });

  it('refuses a payload that is not JSON, or a 1.0 response that is not an object', () => {
    expect(readProxyResponse('2.0', undefined, never)).toMatchObject({ ok: false });
    expect(readProxyResponse('2.0', 'not json', never)).toMatchObject({ ok: false });
    expect(read('rest', null)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('must be an object'),
    });
    expect(read('http-1.0', ['a'])).toMatchObject({ ok: false });
  });

  it('infers a 2.0 response from any JSON without a statusCode, null and lists included', () => {
    for (const value of [null, 42, ['a', 'b'], { body: 'not a response' }]) {
      const result = read('2.0', value);
      expect(result).toMatchObject({ ok: true, answer: { status: 200 } });
      expect(result.ok && result.answer.body.toString()).toBe(JSON.stringify(value));
    }
  });
});
