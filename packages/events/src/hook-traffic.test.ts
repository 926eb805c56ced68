import { HOOK_USER_AGENT_PREFIX, hookUserAgent, isHookInvocation } from './hook-traffic';

describe('isHookInvocation', () => {
  it('trusts only the client context, never an HTTP header anyone can send', () => {
    expect(isHookInvocation({ headers: { 'User-Agent': 'shiftguard/evil' } }, {})).toBe(false);
    expect(
      isHookInvocation(
        {},
        { clientContext: { Custom: { 'user-agent': 'shiftguard/lambda (AfterAllowTraffic)' } } },
      ),
    ).toBe(true);
  });
});

describe('hookUserAgent', () => {
  it('names the lifecycle event under the prefix the reader looks for', () => {
    const agent = hookUserAgent('BeforeAllowTraffic');
    expect(agent).toBe('shiftguard/lambda (BeforeAllowTraffic)');
    expect(agent.startsWith(HOOK_USER_AGENT_PREFIX)).toBe(true);
    expect(isHookInvocation({}, { clientContext: { Custom: { 'user-agent': agent } } })).toBe(true);
  });

  it('is read from a lower-case custom map too, and not from a missing or empty context', () => {
    const agent = hookUserAgent('AfterAllowTraffic');
    expect(isHookInvocation({}, { clientContext: { custom: { 'user-agent': agent } } })).toBe(true);
    expect(isHookInvocation({}, { clientContext: null })).toBe(false);
    expect(isHookInvocation({}, undefined)).toBe(false);
    expect(isHookInvocation({}, { clientContext: { Custom: { 'user-agent': 42 } } })).toBe(false);
  });
});
