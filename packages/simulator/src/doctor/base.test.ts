// --base against real git repositories made in the test.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitAll, git, initRepository, removeTempDirs, tempDir } from '../build/build.test-support';
import { CodeSourceError, validateSamTemplate } from '../index';
import {
  DEFAULT_PREFERENCE,
  errorsAlarm,
  lineOf,
  template,
  VERSION_DIMENSIONS,
  WITH_ALARM,
} from './doctor.test-support';

afterAll(removeTempDirs);

/** A repository whose `main` holds `before`, with `after` in the working tree. */
function repository(before: string, after: string): string {
  const root = tempDir();
  initRepository(root);
  writeFileSync(join(root, 'template.yaml'), before);
  commitAll(root, 'before');
  writeFileSync(join(root, 'template.yaml'), after);
  return root;
}

const withAlarms = template({ preference: WITH_ALARM, resources: errorsAlarm(VERSION_DIMENSIONS) });

const found = async (root: string, base = 'main') =>
  (await validateSamTemplate('template.yaml', { cwd: root, base })).findings.map((finding) => [
    finding.ruleId,
    finding.severity,
    finding.line,
  ]);

describe('--base', () => {
  it('alarms-removed: a warning when Alarms is gone (the group keeps them)', async () => {
    const after = template({ resources: errorsAlarm(VERSION_DIMENSIONS) });
    const root = repository(withAlarms, after);
    const { findings } = await validateSamTemplate('template.yaml', { cwd: root, base: 'main' });
    expect(findings.filter((finding) => finding.ruleId === 'alarms-removed')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        logicalId: 'OrdersFunction',
        file: 'template.yaml',
        line: lineOf(after, 'DeploymentPreference:'),
        column: 7,
        message: expect.stringContaining(
          "since main, OrdersFunction's DeploymentPreference has no Alarms (it had ErrorsAlarm)",
        ),
        fix: expect.stringContaining('Alarms: []'),
      }),
    ]);
  });

  it('alarms-removed: an error when the alarm is deleted too; nothing for Alarms: []', async () => {
    const root = repository(withAlarms, template());
    expect(await found(root)).toContainEqual([
      'alarms-removed',
      'error',
      lineOf(template(), 'DeploymentPreference:'),
    ]);
    const cleared = repository(withAlarms, template({ preference: [...DEFAULT_PREFERENCE, 'Alarms: []'] }));
    expect((await found(cleared)).filter(([rule]) => rule === 'alarms-removed')).toEqual([]);
  });

  it('auto-publish-config-only: a warning when only what SAM does not hash changed', async () => {
    const root = repository(template({ orders: ['Timeout: 10'] }), template({ orders: ['Timeout: 20'] }));
    const { findings } = await validateSamTemplate('template.yaml', { cwd: root, base: 'main' });
    expect(findings.filter((finding) => finding.ruleId === 'auto-publish-config-only')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: 'Resources.OrdersFunction.Properties.Timeout',
        message: expect.stringContaining(
          "since main, OrdersFunction's Timeout changed but the code location, Environment, MemorySize and SnapStart did not",
        ),
      }),
    ]);
    // A hashed change too publishes a version: nothing to say.
    const both = repository(
      template({ orders: ['Timeout: 10'] }),
      template({ orders: ['Timeout: 20', 'MemorySize: 512'] }),
    );
    expect((await found(both)).filter(([rule]) => rule === 'auto-publish-config-only')).toEqual([]);
  });

  it('weighted-alias-provisioned-concurrency: an error when provisioned concurrency changes with the version', async () => {
    const pc = (n: number, memory: number) =>
      template({
        orders: [
          `MemorySize: ${memory}`,
          'ProvisionedConcurrencyConfig:',
          `  ProvisionedConcurrentExecutions: ${n}`,
        ],
      });
    expect(await found(repository(pc(5, 256), pc(10, 512)))).toContainEqual([
      'weighted-alias-provisioned-concurrency',
      'error',
      lineOf(pc(10, 512), 'ProvisionedConcurrencyConfig:'),
    ]);
    expect(await found(repository(pc(5, 256), pc(10, 256)))).toContainEqual([
      'weighted-alias-provisioned-concurrency',
      'warning',
      lineOf(pc(10, 256), 'ProvisionedConcurrencyConfig:'),
    ]);
  });

  it('an info, and no base rules, when the base has no template or it does not read', async () => {
    const root = tempDir();
    initRepository(root);
    writeFileSync(join(root, 'README.md'), 'first\n');
    commitAll(root, 'no template yet');
    writeFileSync(join(root, 'template.yaml'), template());
    expect(await found(root, 'HEAD')).toContainEqual(['base-unreadable', 'info', undefined]);
    const broken = repository('Resources: [\n', template());
    const { findings } = await validateSamTemplate('template.yaml', { cwd: broken, base: 'main' });
    expect(findings.find((finding) => finding.ruleId === 'base-unreadable')?.message).toMatch(
      /^the template at --base main could not be read \(template.yaml@main:/,
    );
  });

  it('throws for a ref git does not know, and outside a repository', async () => {
    const root = repository(withAlarms, withAlarms);
    await expect(validateSamTemplate('template.yaml', { cwd: root, base: 'nope' })).rejects.toMatchObject({
      code: 'SG_SIM_CODE_SOURCE',
      problem: 'unknown-ref',
    });
    const outside = tempDir();
    writeFileSync(join(outside, 'template.yaml'), withAlarms);
    await expect(validateSamTemplate('template.yaml', { cwd: outside, base: 'main' })).rejects.toBeInstanceOf(
      CodeSourceError,
    );
    expect(git(root, 'status', '--porcelain')).toBe('');
  });
});
