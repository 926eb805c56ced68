import * as builders from './builders';
import * as events from './index';

describe('@shiftguard/events', () => {
  it('exports the builders, its errors and both sides of the hook-traffic marker, nothing else', () => {
    const expected = [
      ...Object.keys(builders),
      'EventsError',
      'InvalidEventOptionsError',
      'HOOK_USER_AGENT_PREFIX',
      'hookUserAgent',
      'isHookInvocation',
    ];
    expect(Object.keys(events).sort()).toEqual(expected.sort());
  });
});
