import { Validator } from '../validation/validator';
import { KIT_VERSION } from '../version';
import { lazyClient } from './client';

class FakeClient {
  static created = 0;
  constructor(readonly config: Record<string, unknown>) {
    FakeClient.created++;
  }
  send() {}
}

const validator = new Validator({ prefix: 'probe: ', error: (message) => new Error(message) });
const rules = { clientName: 'FakeClient', defaults: { maxAttempts: 1 } };

describe('lazyClient', () => {
  beforeEach(() => {
    FakeClient.created = 0;
  });

  it('creates the client on first use only, once, with the shiftguard user agent', () => {
    const client = lazyClient<FakeClient, Record<string, unknown>>(
      { clientConfig: { region: 'eu-west-1', customUserAgent: 'my-app/1' } },
      (config) => new FakeClient(config),
      validator,
      rules,
    );
    expect(FakeClient.created).toBe(0);
    expect(client()).toBe(client());
    expect(FakeClient.created).toBe(1);
    expect(client().config).toEqual({
      maxAttempts: 1,
      region: 'eu-west-1',
      customUserAgent: [['my-app/1'], ['shiftguard', KIT_VERSION]],
    });
  });

  it('uses an injected client as it is', () => {
    const own = new FakeClient({});
    const client = lazyClient({ awsSdkV3Client: own }, (config) => new FakeClient(config), validator, rules);
    expect(client()).toBe(own);
  });

  it('refuses both, or something that is not a client', () => {
    const create = (config: object) => new FakeClient(config as Record<string, unknown>);
    expect(() =>
      lazyClient({ awsSdkV3Client: new FakeClient({}), clientConfig: {} } as never, create, validator, rules),
    ).toThrow('probe: give either awsSdkV3Client or clientConfig, not both');
    expect(() => lazyClient({ awsSdkV3Client: {} } as never, create, validator, rules)).toThrow(
      'probe: awsSdkV3Client must be a FakeClient',
    );
    expect(() => lazyClient({ clientConfig: 'x' } as never, create, validator, rules)).toThrow(
      'probe: clientConfig must be a FakeClient config object',
    );
  });
});
