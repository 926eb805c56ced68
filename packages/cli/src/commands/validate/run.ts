import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { KIT_VERSION } from '@shiftguard/kit';
import { type DoctorReport, validateSamTemplate } from '@shiftguard/simulator';
import { ReportWriteError } from '../../errors';
import { type CliIo, EXIT } from '../../io';
import { PLAIN, styleFor } from '../../narrative/style';
import { isOn } from '../env-flag';
import { untilStopped } from '../until-stopped';
import { parseValidateArgs, USAGE, type ValidateRequest } from './args';
import { artifactUris } from './artifact-uri';
import { sarifLog } from './sarif';
import { countLine, textReport } from './text';

/**
 * `shiftguard validate`: 0 no error finding (or help), 1 at least one error (or interrupted), 2 bad
 * arguments, a file that cannot be read or is no template, a `--base` git does not know, an output
 * that cannot be written.
 */
export async function runValidateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const command = parseValidateArgs(argv);
  if (command.kind === 'help') {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  if (command.kind === 'invalid') {
    io.stderr.write(
      `shiftguard validate: ${command.message}\n${USAGE.split('\n', 1)[0]} (--help lists them)\n`,
    );
    return EXIT.badInput;
  }
  const env = io.env ?? process.env;
  const ending = await untilStopped(
    validateSamTemplate(command.template, {
      ...(Object.keys(command.parameters).length > 0 && { parameters: command.parameters }),
      ...(command.stackName !== undefined && { stackName: command.stackName }),
      ...(command.base !== undefined && { base: command.base }),
      loadHooks: command.loadHooks,
    }),
    io.stop,
  );
  if (ending.kind === 'stopped') {
    io.stderr.write('shiftguard validate: interrupted\n');
    return EXIT.failed;
  }
  if (ending.kind === 'threw') {
    const failure = failureOf(ending.error, isOn(env.SHIFTGUARD_DEBUG));
    io.stderr.write(`shiftguard validate: ${failure.message}\n`);
    return failure.exitCode;
  }
  const report = ending.result;
  const toStdout = command.output === undefined || command.output === '-';
  const style = toStdout ? styleFor(io.stdout.isTTY === true, env) : PLAIN;
  const content = render(report, command, style);
  if (toStdout) io.stdout.write(content);
  else {
    try {
      await writeOutput(command.output!, content);
    } catch (error) {
      io.stderr.write(`shiftguard validate: ${(error as Error).message}\n`);
      return EXIT.badInput;
    }
    io.stdout.write(
      `${report.file ?? command.template}: ${countLine(report.findings)} (${command.format} written to ${command.output})\n`,
    );
  }
  return report.findings.some((finding) => finding.severity === 'error') ? EXIT.failed : EXIT.ok;
}

function render(report: DoctorReport, command: ValidateRequest, style: typeof PLAIN): string {
  switch (command.format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'sarif':
      // shiftguard's packages are versioned together; the kit's version is theirs.
      return `${JSON.stringify(sarifLog(report, { version: KIT_VERSION, uriOf: artifactUris(process.cwd()) }), null, 2)}\n`;
    default:
      return textReport(report, command.template, style);
  }
}

async function writeOutput(target: string, content: string): Promise<void> {
  const path = resolve(target);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  } catch (error) {
    throw new ReportWriteError(`cannot write the findings to ${target}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

const LIBRARY_PREFIX = 'validateSamTemplate: ';
const FLAG_OF_OPTION: Readonly<Record<string, string>> = {
  parameters: '--param',
  stackName: '--stack-name',
  base: '--base',
};

/**
 * What `validateSamTemplate` threw, told apart by its stable `code`: the user's input (exit 2, one line)
 * or a failure of shiftguard's own (exit 1; the stack with SHIFTGUARD_DEBUG).
 */
function failureOf(error: unknown, debug: boolean): { exitCode: number; message: string } {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0]!;
  switch (code) {
    case 'SG_SIM_TEMPLATE':
      return { exitCode: EXIT.badInput, message };
    case 'SG_SIM_CODE_SOURCE':
      return { exitCode: EXIT.badInput, message: `--base ${message}` };
    case 'SG_SIM_INVALID_OPTIONS': {
      const text = message.startsWith(LIBRARY_PREFIX) ? message.slice(LIBRARY_PREFIX.length) : message;
      // The option's path replaced by the flag that set it: `parameters.Stage …` is `--param Stage …`.
      const option = Object.keys(FLAG_OF_OPTION).find((key) => text.startsWith(key));
      return {
        exitCode: EXIT.badInput,
        message:
          option === undefined
            ? text
            : `${FLAG_OF_OPTION[option]}${text.startsWith(`${option}.`) ? ' ' : ''}${text.slice(option.length + (text.startsWith(`${option}.`) ? 1 : 0))}`,
      };
    }
    default: {
      const name = error instanceof Error ? error.name : 'Error';
      const stack = debug && error instanceof Error && error.stack !== undefined ? `\n${error.stack}` : '';
      const hint = debug ? '' : ' (SHIFTGUARD_DEBUG=1 prints the stack)';
      return { exitCode: EXIT.failed, message: `the validation failed: ${name}: ${message}${hint}${stack}` };
    }
  }
}
