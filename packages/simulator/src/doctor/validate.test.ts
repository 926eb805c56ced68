import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidSimulatorOptionsError, TemplateError, validateSamTemplate } from '../index';
import { DEFAULT_HOOK, lineOf, template } from './doctor.test-support';
import { findingAt } from './finding-at';
import { DOCTOR_IAM_RULES } from './iam-rules';
import { type DoctorRule, describeRule } from './rule';
import { runDoctor } from './validate';

const source = (text: string) => ({ text, file: 'template.yaml' });

const IAM_RULE_IDS = new Set(DOCTOR_IAM_RULES.map((rule) => rule.description.id));

/**
 * The engine on templates that give their hooks no policies (the IAM rules' own tests have those),
 * with no hook code to load.
 */
async function validateStructure(...[template, options]: Parameters<typeof validateSamTemplate>) {
  const report = await validateSamTemplate(template, { loadHooks: false, ...options });
  return { ...report, findings: report.findings.filter((finding) => !IAM_RULE_IDS.has(finding.ruleId)) };
}

describe('validateSamTemplate', () => {
  it('reports a fatal reader error as its one finding, located, under its rule, and stops there', async () => {
    // Two mistakes: SAM stops at the first (no AutoPublishAlias), so the hook's name is not looked at.
    const text = template({ hook: ['FunctionName: orders-pre'] }).replace(
      '      AutoPublishAlias: live\n',
      '',
    );
    const report = await validateSamTemplate(source(text));
    expect(report.findings).toEqual([
      {
        ruleId: 'preference-without-alias',
        severity: 'error',
        logicalId: 'OrdersFunction',
        path: 'Resources.OrdersFunction.Properties.DeploymentPreference',
        file: 'template.yaml',
        line: lineOf(text, 'DeploymentPreference:'),
        column: 7,
        endLine: expect.any(Number),
        endColumn: expect.any(Number),
        message: expect.stringMatching(
          /^'DeploymentPreference' requires AutoPublishAlias property to be specified/,
        ),
        fix: expect.stringContaining('Add AutoPublishAlias: live'),
      },
    ]);
    expect(report.rules.map((rule) => rule.id)).toEqual(
      expect.arrayContaining(['preference-without-alias', 'hook-name-prefix']),
    );
  });

  it.each([
    ['a syntax error', 'Resources: [a, b\n', 'template-syntax'],
    [
      'an unknown Type',
      template().replace('Canary10Percent5Minutes', 'Canary10Percent5Minute'),
      'unknown-deployment-type',
    ],
    [
      'a hook that is not in the template',
      template().replace('!Ref PreTrafficHook', '!Ref PreHook'),
      'hook-missing-function',
    ],
    ['no transform', template().replace('Transform: AWS::Serverless-2016-10-31\n', ''), 'not-sam'],
  ])('maps %s to its rule by reason', async (_what, text, ruleId) => {
    const report = await validateSamTemplate(source(text));
    expect(report.findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([[ruleId, 'error']]);
  });

  it('reports the reader’s warnings under their rules, by kind', async () => {
    const text = template({
      preference: [
        'Type: Canary10Percent5Minutes',
        'Enabled: !If [Always, true, false]',
        'Hooks:',
        '  PreTraffic: !Ref PreTrafficHook',
        '  PostTraffic: CodeDeployHook_shared',
      ],
    }).replace('Resources:\n', 'Conditions:\n  Always: !Equals [a, a]\nResources:\n');
    const report = await validateStructure(source(text));
    expect(report.findings.map((finding) => [finding.ruleId, finding.severity, finding.line])).toEqual([
      ['enabled-unresolvable', 'warning', lineOf(text, 'Enabled: !If')],
      ['hook-outside-stack', 'warning', lineOf(text, 'PostTraffic: CodeDeployHook_shared')],
    ]);
  });

  it('sorts errors, warnings, infos, and by place within each', async () => {
    const text = template({
      orders: ['Timeout: 10'],
      preference: [
        'Type: Canary10Percent5Minutes',
        'Hooks:',
        '  PreTraffic: !Ref PreTrafficHook',
        '  PostTraffic: CodeDeployHook_shared',
      ],
      hook: ['FunctionName: orders-pre', 'Timeout: 1000'],
    });
    const { findings } = await validateStructure(source(text));
    expect(findings.map((finding) => [finding.severity, finding.ruleId, finding.line])).toEqual([
      ['error', 'hook-name-prefix', lineOf(text, 'FunctionName: orders-pre')],
      ['error', 'hook-timeout', lineOf(text, 'Timeout: 1000')],
      ['warning', 'hook-outside-stack', lineOf(text, 'PostTraffic:')],
      ['info', 'auto-publish-config-only', lineOf(text, 'AutoPublishAlias')],
    ]);
  });

  it('throws for what is no template at all, and for a file it cannot read', async () => {
    await expect(validateSamTemplate(source(''))).rejects.toMatchObject({
      code: 'SG_SIM_TEMPLATE',
      reason: 'not-a-template',
    });
    await expect(validateSamTemplate(source('- a\n- b\n'))).rejects.toBeInstanceOf(TemplateError);
    await expect(validateSamTemplate('nowhere/template.yaml')).rejects.toMatchObject({
      problem: 'read',
      file: 'nowhere/template.yaml',
    });
  });

  it('reads a relative path from cwd, and names the file as given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-doctor-'));
    try {
      writeFileSync(join(dir, 'template.yaml'), template({ hook: [...DEFAULT_HOOK, 'Timeout: 1000'] }));
      const report = await validateStructure('template.yaml', { cwd: dir });
      expect(report.file).toBe('template.yaml');
      expect(report.findings[0]).toMatchObject({ ruleId: 'hook-timeout', file: 'template.yaml' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses unknown options, and a base for text without a file', async () => {
    await expect(validateSamTemplate(source(template()), { stackname: 'x' } as never)).rejects.toThrow(
      /validateSamTemplate: unknown option "stackname"; known options: parameters, stackName, base, cwd, hookBudget, loadHooks/,
    );
    await expect(validateSamTemplate({ text: template() }, { base: 'main' })).rejects.toBeInstanceOf(
      InvalidSimulatorOptionsError,
    );
    await expect(validateSamTemplate(source(template()), { hookBudget: 'x' as never })).rejects.toThrow(
      /hookBudget/,
    );
    await expect(validateSamTemplate(source(template()), { parameters: { Nope: 'x' } })).rejects.toThrow(
      /^validateSamTemplate: parameters.Nope is not a parameter of the template; its parameters: none$/,
    );
  });

  it('passes parameters and the stack name to the reader', async () => {
    const text = template({ hook: [`FunctionName: !Sub CodeDeployHook_\${Prefix}`] }).replace(
      'Resources:\n',
      'Parameters:\n  Prefix:\n    Type: String\nResources:\n',
    );
    expect((await validateStructure(source(text))).findings[0]).toMatchObject({
      ruleId: 'parameter-value',
    });
    const given = await validateStructure(source(text), {
      parameters: { Prefix: 'orders' },
      stackName: 'shop',
    });
    expect(given.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
  });

  it('reports a TemplateError a rule’s resolving throws under that rule, and the warnings it raises', async () => {
    const probe: DoctorRule = {
      description: describeRule({ id: 'probe', severity: 'warning', summary: 's', help: 'h' }),
      check(input) {
        const record = input.records.get('PreTrafficHook')!;
        input.resolve({ Ref: 'Nothing' }, `${record.path}.Properties.Policies`);
        if (input.model.functions.length > 5) return [];
        input.resolve({ 'Fn::Select': ['x', []] }, `${record.path}.Properties.Handler`);
        return [findingAt(input, probe, { logicalId: undefined, path: '', message: 'm', fix: 'f' })];
      },
    };
    const { findings } = await runDoctor(source(template()), {}, [probe]);
    expect(findings.map((finding) => [finding.ruleId, finding.severity, finding.path])).toEqual([
      ['probe', 'error', 'Resources.PreTrafficHook.Properties.Handler.Fn::Select[0]'],
      ['unknown-reference', 'warning', 'Resources.PreTrafficHook.Properties.Policies.Ref'],
    ]);
  });
});
