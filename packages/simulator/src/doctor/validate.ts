// The template doctor: the template read as the simulator reads it, then every rule over it. A fatal
// reader error is the one finding (SAM stops at the first too); otherwise every rule runs, the
// reader's warnings become findings, and the report is sorted as a compiler's output is.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TemplateError } from '../errors';
import { optionsValidator } from '../options';
import type { SamFunction, TemplateValue } from '../template/model';
import { readTemplate, type SamTemplateSource, type TemplateReading } from '../template/read-sam-template';
import { type BaseTemplate, templateAtRef } from './base-template';
import type { DoctorReport, Finding, RuleDescription, Severity } from './finding';
import { findingAt } from './finding-at';
import { readValidateOptions, type ValidateOptions, type ValidateSettings } from './options';
import type { DoctorInput, DoctorRule, DoctorTemplate, HookBudgetReading } from './rule';
import { DOCTOR_RULES } from './rules';
import { BASE_UNREADABLE, fixOf, READER_RULES, ruleOfReason, ruleOfWarning } from './rules/reader';

const OWNER = 'validateSamTemplate';

/**
 * Validates a SAM template's canary deployment: what SAM or CloudFormation would refuse, and what
 * deploys but does not do what the template means (a hook CodeDeploy may not invoke, an alarm that
 * watches the old version, a change that publishes no version). Each finding has its rule, severity,
 * the resource's logical id, where it is in the file and what to change.
 *
 * @throws {TemplateError} `read` when the file cannot be read, `not-a-template` when its text is no
 *   template at all (an empty file, a list); every other template problem is a finding.
 * @throws {CodeSourceError} when `base` is given but the template is not in a git work tree, or git
 *   knows no such ref.
 * @throws {InvalidSimulatorOptionsError} for bad options.
 *
 * @example
 * ```ts
 * const report = await validateSamTemplate('template.yaml', { base: 'main' });
 * for (const f of report.findings) console.log(`${f.file}:${f.line}:${f.column}: ${f.severity} ${f.ruleId}: ${f.message}`);
 * const failed = report.findings.some((f) => f.severity === 'error');
 * ```
 */
export async function validateSamTemplate(
  source: SamTemplateSource,
  options: ValidateOptions = {},
): Promise<DoctorReport> {
  return runDoctor(source, options, DOCTOR_RULES);
}

/** `validateSamTemplate` with the rules given (tests run one rule over small templates). */
export async function runDoctor(
  source: SamTemplateSource,
  options: ValidateOptions,
  rules: readonly DoctorRule[],
): Promise<DoctorReport> {
  const validator = optionsValidator(OWNER);
  const settings = readValidateOptions(validator, options);
  const file = typeof source === 'string' ? source : source.file;
  if (settings.base !== undefined && file === undefined) {
    validator.fail('base', 'needs the template as a file in a git work tree, got text without a file');
  }
  const descriptions = [...READER_RULES, ...rules.map((rule) => rule.description)];
  const report = (findings: readonly Finding[]): DoctorReport =>
    Object.freeze({
      file,
      findings: Object.freeze(sortFindings(findings)),
      rules: Object.freeze(descriptions),
    });
  let reading: TemplateReading;
  try {
    reading = readTemplate(fromCwd(source, settings.cwd), settings.read, OWNER);
  } catch (error) {
    const finding = fatalFinding(error);
    if (finding === undefined) throw error;
    return report([finding]);
  }
  const findings: Finding[] = [];
  const base = await readBase(settings, file, findings);
  const template = doctorTemplate(reading);
  const input: DoctorInput = {
    ...template,
    base,
    options: {
      parameters: settings.read.parameters ?? {},
      stackName: settings.read.stackName,
      base: settings.base,
      cwd: settings.cwd,
    },
    hookBudget: budgetReader(reading, settings, file),
  };
  for (const rule of rules) {
    try {
      findings.push(...(await rule.check(input)));
    } catch (error) {
      // A value a rule resolves (an IAM policy's Ref) can be as wrong as any the reader read.
      if (!(error instanceof TemplateError)) throw error;
      findings.push(errorFinding(error, rule.description));
    }
  }
  // Read last: the rules' own resolving may warn too (an unknown Ref inside a policy).
  for (const warning of reading.ctx.warnings) {
    const rule = ruleOfWarning(warning.kind);
    if (rule === undefined) continue;
    const logicalId = /^Resources\.([A-Za-z0-9]+)/.exec(warning.path)?.[1];
    findings.push(
      findingAt(template, rule, {
        logicalId,
        path: warning.path,
        message: warning.message,
        fix: fixOf(rule),
      }),
    );
  }
  return report(findings);
}

/** A path read relative to `cwd`, still named as given (findings name the file as the user wrote it). */
function fromCwd(source: SamTemplateSource, cwd: string): SamTemplateSource {
  if (typeof source !== 'string' || source === '') return source;
  try {
    return { text: readFileSync(resolve(cwd, source), 'utf8'), file: source };
  } catch (error) {
    throw new TemplateError(`${source}: cannot be read: ${(error as Error).message}`, {
      problem: 'read',
      file: source,
      cause: error,
    });
  }
}

function doctorTemplate({ model, ctx, resolver, table }: TemplateReading): DoctorTemplate {
  return {
    file: model.file,
    model,
    records: table.records,
    locate: (path) => ctx.locate(path),
    writtenPath: (path) => ctx.written(path),
    resolve: (raw, path, mode) => resolver.value(raw, path, mode) as TemplateValue | undefined,
    explain: (value) => resolver.explain(value as Record<string, unknown>),
  };
}

/** The base template as the rules see it, or undefined (with an `info` why) when it does not read. */
async function readBase(
  settings: ValidateSettings,
  file: string | undefined,
  findings: Finding[],
): Promise<DoctorTemplate | undefined> {
  if (settings.base === undefined || file === undefined) return undefined;
  const at: BaseTemplate = await templateAtRef(settings.base, file, settings.cwd);
  const unreadable = (why: string): undefined => {
    findings.push({
      ruleId: BASE_UNREADABLE.id,
      severity: BASE_UNREADABLE.severity,
      logicalId: undefined,
      path: '',
      file,
      line: undefined,
      column: undefined,
      endLine: undefined,
      endColumn: undefined,
      message: `the template at --base ${settings.base} could not be read (${why}): the rules comparing with it did not run`,
      fix: 'Give a --base whose template reads, or leave --base out.',
    });
    return undefined;
  };
  if (!at.found) return unreadable(at.why);
  try {
    return doctorTemplate(readTemplate({ text: at.text, file: at.file }, settings.read, OWNER));
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return unreadable(error.message);
  }
}

/** Asks the provider once per hook function, however many rules ask. */
function budgetReader(
  { model }: TemplateReading,
  settings: ValidateSettings,
  file: string | undefined,
): DoctorInput['hookBudget'] {
  const provider = settings.hookBudget;
  if (provider === undefined) return undefined;
  const asked = new Map<string, Promise<HookBudgetReading>>();
  const { cwd } = settings;
  return (logicalId) => {
    let reading = asked.get(logicalId);
    if (reading === undefined) {
      const fn: SamFunction | undefined = model.functions.find(
        (candidate) => candidate.logicalId === logicalId,
      );
      reading =
        fn === undefined
          ? Promise.resolve({ budget: undefined, why: `${logicalId} is not a function of the template` })
          : ask(provider, fn, { model, file, cwd });
      asked.set(logicalId, reading);
    }
    return reading;
  };
}

async function ask(
  provider: NonNullable<ValidateSettings['hookBudget']>,
  fn: SamFunction,
  context: { model: TemplateReading['model']; file: string | undefined; cwd: string },
): Promise<HookBudgetReading> {
  let why: string | undefined;
  const budget = await provider(fn, {
    ...context,
    notRead: (reason) => {
      why = reason;
    },
  });
  if (budget !== undefined) return { budget };
  return { budget: undefined, why: why ?? 'the provider could not read its plan' };
}

/** A fatal reader error as the one finding; undefined when it is bad input rather than a template mistake. */
function fatalFinding(error: unknown): Finding | undefined {
  if (!(error instanceof TemplateError)) return undefined;
  const rule = ruleOfReason(error.reason);
  return rule === undefined ? undefined : errorFinding(error, rule);
}

function errorFinding(error: TemplateError, rule: RuleDescription): Finding {
  const logicalId = /^Resources\.([A-Za-z0-9]+)/.exec(error.path)?.[1];
  return Object.freeze({
    ruleId: rule.id,
    severity: 'error',
    logicalId,
    path: error.path,
    file: error.file,
    line: error.line,
    column: error.column,
    endLine: error.endLine,
    endColumn: error.endColumn,
    message: withoutPlace(error),
    fix: fixOf(rule),
  });
}

/** The message without the `template.yaml:23:7: <path>: ` it starts with: the finding says both. */
function withoutPlace(error: TemplateError): string {
  let message = error.message;
  const file = error.file ?? '<text>';
  const where = error.line === undefined ? `${file}: ` : `${file}:${error.line}:${error.column}: `;
  if (message.startsWith(where)) message = message.slice(where.length);
  if (error.path !== '' && message.startsWith(`${error.path}: `))
    message = message.slice(error.path.length + 2);
  return message;
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Errors, warnings, infos; by place within each (unplaced last), then by rule; duplicates dropped. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  const unique = findings.filter((finding) => {
    const key = JSON.stringify([finding.ruleId, finding.path, finding.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}
