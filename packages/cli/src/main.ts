import { runEmulatorCommand } from './commands/emulator/run';
import { runRunCommand } from './commands/run/run';
import { runSimulateCommand } from './commands/simulate/run';
import { runValidateCommand } from './commands/validate/run';
import { type CliIo, EXIT } from './io';

export const USAGE = `Usage: shiftguard <command> [options]

Commands:
  emulator    run a loopback AWS emulator (CodeDeploy, Lambda, CloudWatch) and print the
              environment that points the AWS CLI and SDKs at it
  simulate    run a SAM template's canary deployment on the emulator: hooks, traffic shifts,
              alarms, rollback, in seconds; exit 0 when the new version is promoted
  run         run a hook's checks from here, against AWS or the emulator (--endpoint-url):
              the module's plan judged as the hook judges it; exit 0 when they pass
  validate    check a SAM template's canary deployment without deploying: hooks CodeDeploy may
              not invoke, alarms that watch the old version, changes that publish no version;
              text, JSON or SARIF; exit 0 when nothing is an error

Run "shiftguard <command> --help" for a command's options.
`;

const COMMANDS: Readonly<Record<string, (argv: readonly string[], io: CliIo) => Promise<number>>> = {
  emulator: runEmulatorCommand,
  run: (argv, io) => runRunCommand(argv, io),
  simulate: runSimulateCommand,
  validate: runValidateCommand,
};

/**
 * Runs the `shiftguard` command line (without `node` and the script path) and resolves with its exit
 * code: 0 success, 1 the work failed, 2 bad input. Never throws for anything the user typed.
 *
 * @example
 * ```ts
 * const code = await runShiftguard(['emulator', '--port', '0'], { stdout: process.stdout, stderr: process.stderr, stop });
 * ```
 */
export async function runShiftguard(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(USAGE);
    return command === undefined ? EXIT.badInput : EXIT.ok;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.stderr.write(
      `shiftguard: unknown command "${command}"; known: ${Object.keys(COMMANDS).join(', ')}\n\n${USAGE}`,
    );
    return EXIT.badInput;
  }
  return run(rest, io);
}
