import { DEFAULT_PREFERENCE, findingsOf, lineOf, template } from '../doctor.test-support';
import { weightedAliasProvisionedConcurrency } from './weighted-alias-provisioned-concurrency';

const PC = ['ProvisionedConcurrencyConfig:', '  ProvisionedConcurrentExecutions: 5'];

describe('weighted-alias-provisioned-concurrency', () => {
  it('warns for provisioned concurrency on a canary’s alias, at ProvisionedConcurrencyConfig', async () => {
    const text = template({ orders: PC });
    expect(await findingsOf(weightedAliasProvisionedConcurrency, text)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        logicalId: 'OrdersFunction',
        path: 'Resources.OrdersFunction.Properties.ProvisionedConcurrencyConfig',
        line: lineOf(text, 'ProvisionedConcurrencyConfig:'),
        column: 7,
        message: expect.stringContaining(
          'OrdersFunction has provisioned concurrency (5) on alias live, which Canary10Percent5Minutes weights between two versions',
        ),
      }),
    ]);
  });

  it('passes AllAtOnce, and a function without provisioned concurrency', async () => {
    const allAtOnce = template({
      orders: PC,
      preference: ['Type: AllAtOnce', ...DEFAULT_PREFERENCE.slice(1)],
    });
    expect(await findingsOf(weightedAliasProvisionedConcurrency, allAtOnce)).toEqual([]);
    expect(await findingsOf(weightedAliasProvisionedConcurrency, template())).toEqual([]);
  });
});
