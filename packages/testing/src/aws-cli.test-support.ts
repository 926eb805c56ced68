// Drives a real AWS CLI against an emulator, for the tests that hold the emulator's wire protocols to
// what the CLIs send: environment without the developer's own AWS config, and a run that never throws.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What one CLI run printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Dummy credentials and region; no config or credentials files, no pager. */
export function cliEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: 'emulator',
    AWS_SECRET_ACCESS_KEY: 'emulator',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
  };
}

/** Why `command` cannot be used as the CLI `version` names (absent, or another version), or undefined when it can. */
export async function cliMissing(command: string, version: RegExp): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run(command, ['--version'], { env: cliEnv() });
    const said = `${stdout}${stderr}`.trim();
    return version.test(said) ? undefined : `${command} --version says ${said}`;
  } catch (error) {
    return `${command} cannot run: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** Runs `command --endpoint-url <endpoint> <service> ...args`; a failing run is returned, not thrown. */
export async function runCli(
  command: string,
  endpoint: string,
  service: string,
  args: readonly string[],
): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(command, ['--endpoint-url', endpoint, service, ...args], {
      env: cliEnv(),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
