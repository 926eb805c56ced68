import { parseArgs } from 'node:util';
import { InvalidArgument, nonEmpty, onePositional, pairs, parseCommandLine } from '../arguments';

export const USAGE = `Usage: shiftguard validate TEMPLATE [options]

Checks a SAM template's canary deployment without deploying anything: what SAM or CloudFormation
would refuse, and what deploys but does not do what it means (a hook CodeDeploy may not invoke, an
alarm that watches the old version, a change that publishes no version). Each finding names its
rule, the resource, the line and column, and what to change.

Options:
  --format text|json|sarif  text: one line per finding, as a compiler writes them (default);
                            json: the doctor's report; sarif: SARIF 2.1.0, for code scanning
  --output FILE             write the findings to FILE instead of stdout (- is stdout)
  --param K=V               a template parameter, as sam deploy --parameter-overrides; repeatable
  --stack-name NAME         AWS::StackName, the prefix of generated names (default sam-app)
  --base REF                a git ref to compare with: alarms removed since, a change that
                            publishes no version
  --no-load-hooks           do not load the hooks' code to read their check plans (it runs their
                            top-level code); hook-timeout then checks Lambda's limits only
  -h, --help                show this help

Exit code: 0 no error (warnings allowed); 1 at least one error; 2 a bad option, a file that
cannot be read or is no template at all, or a --base git does not know.
`;

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type ValidateFormat = (typeof FORMATS)[number];

/** What `shiftguard validate` was asked to do; every value checked, nothing read from disk yet. */
export interface ValidateRequest {
  readonly template: string;
  readonly format: ValidateFormat;
  /** Undefined (or `-`) for stdout. */
  readonly output: string | undefined;
  readonly parameters: Readonly<Record<string, string>>;
  readonly stackName: string | undefined;
  readonly base: string | undefined;
  readonly loadHooks: boolean;
}

export type ValidateCommand =
  | { readonly kind: 'help' }
  | ({ readonly kind: 'run' } & ValidateRequest)
  | { readonly kind: 'invalid'; readonly message: string };

// CloudFormation's own patterns: parameter names are alphanumeric, stack names start with a letter.
const PARAMETER_NAME = /^[A-Za-z0-9]+$/;
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** Parses `shiftguard validate`'s arguments (after the command name); never throws. */
export function parseValidateArgs(argv: readonly string[]): ValidateCommand {
  return parseCommandLine(argv, parse, (values, positionals) => {
    const template = onePositional(positionals, 'TEMPLATE', 'the SAM template file');
    const format = values.format ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new InvalidArgument(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
    }
    const stackName = values['stack-name'];
    if (stackName !== undefined && !STACK_NAME.test(stackName)) {
      throw new InvalidArgument(
        `--stack-name must be a stack name: a letter, then letters, digits and hyphens, at most 128 (got "${stackName}")`,
      );
    }
    const base = values.base;
    if (base !== undefined && (base === '' || base.startsWith('-'))) {
      throw new InvalidArgument(`--base must be a git ref: a branch, tag or commit (got "${base}")`);
    }
    return {
      kind: 'run',
      template,
      format: format as ValidateFormat,
      output: nonEmpty('--output', values.output),
      parameters: pairs('--param', values.param, PARAMETER_NAME, 'an alphanumeric parameter name'),
      stackName,
      base,
      loadHooks: values['no-load-hooks'] !== true,
    };
  });
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      format: { type: 'string' },
      output: { type: 'string' },
      param: { type: 'string', multiple: true },
      'stack-name': { type: 'string' },
      base: { type: 'string' },
      // Spelt out: parseArgs' allowNegative needs Node 22.4, and the workspace still runs on 20.
      'no-load-hooks': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
}
