import { findingsOf, lineOf, template } from '../doctor.test-support';
import { autoPublishConfigOnly } from './auto-publish-config-only';

describe('auto-publish-config-only (without --base)', () => {
  it('an info for a function whose written configuration SAM does not hash, at AutoPublishAlias', async () => {
    const text = template({ orders: ['Timeout: 10'] });
    expect(await findingsOf(autoPublishConfigOnly, text)).toEqual([
      expect.objectContaining({
        severity: 'info',
        logicalId: 'OrdersFunction',
        path: 'Resources.OrdersFunction.Properties.AutoPublishAlias',
        line: lineOf(text, 'AutoPublishAlias: live'),
        column: 7,
        message:
          "OrdersFunction writes Timeout, Handler, Runtime, which SAM's AutoPublishAlias does not hash: a change to only these publishes no version, so no deployment runs and the alias keeps the old configuration",
        fix: 'Set AutoPublishAliasAllProperties: true on OrdersFunction.',
      }),
    ]);
  });

  it('says nothing of Handler and Runtime alone (every function writes them), nor with AutoPublishAliasAllProperties', async () => {
    expect(await findingsOf(autoPublishConfigOnly, template())).toEqual([]);
    expect(
      await findingsOf(autoPublishConfigOnly, template({ orders: ['AutoPublishAliasAllProperties: true'] })),
    ).toEqual([]);
  });

  it('locates the function when AutoPublishAlias comes from Globals (the fix goes on the function)', async () => {
    const text = template({ globals: ['Timeout: 10'] }).replace('      AutoPublishAlias: live\n', '');
    const withGlobalAlias = text.replace('  Function:\n', '  Function:\n    AutoPublishAlias: live\n');
    expect(await findingsOf(autoPublishConfigOnly, withGlobalAlias)).toEqual([
      expect.objectContaining({
        path: 'Resources.OrdersFunction.Properties',
        line: lineOf(withGlobalAlias, '    Properties:'),
      }),
    ]);
  });

  it('warns that AutoPublishCodeSha256 makes AutoPublishAliasAllProperties moot', async () => {
    const text = template({
      orders: ['MemorySize: 512', 'AutoPublishCodeSha256: abc123', 'AutoPublishAliasAllProperties: true'],
    });
    const findings = await findingsOf(autoPublishConfigOnly, text);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: 'Resources.OrdersFunction.Properties.AutoPublishAliasAllProperties',
        message: expect.stringContaining('AutoPublishCodeSha256 takes precedence'),
      }),
      expect.objectContaining({
        severity: 'info',
        message: expect.stringContaining(
          'named by AutoPublishCodeSha256 alone: a change to MemorySize, Handler, Runtime publishes no version',
        ),
      }),
    ]);
  });
});
