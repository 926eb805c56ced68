import { EventsError, InvalidEventOptionsError } from './errors';

describe('InvalidEventOptionsError', () => {
  it('is an EventsError with a stable code, its own name and the cause it was given', () => {
    const cause = new Error('root');
    const error = new InvalidEventOptionsError('bad option', { cause });
    expect(error).toBeInstanceOf(EventsError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('SG_EVENTS_INVALID_OPTIONS');
    expect(error.name).toBe('InvalidEventOptionsError');
    expect(error.message).toBe('bad option');
    expect(error.cause).toBe(cause);
  });
});
