import { parseArgs } from 'node:util';

/**
 * 4566 is the port LocalStack and most AWS emulators listen on, so endpoint settings people already
 * have (`AWS_ENDPOINT_URL=http://localhost:4566`) work unchanged.
 */
export const DEFAULT_PORT = 4566;

export const USAGE = `Usage: shiftguard emulator [--port N] [--host HOST] [--seed FILE] [--invocation-history N]

Runs a loopback AWS emulator (CodeDeploy, Lambda, CloudWatch) until SIGINT or SIGTERM, and prints
the environment that points the AWS CLI and SDKs at it.

Options:
  --port N      port to listen on, 0 for any free port (default ${DEFAULT_PORT})
  --host HOST   address to bind (default 127.0.0.1)
  --seed FILE   JSON seed file with deployments and Lambda functions to create at start
  --invocation-history N
                Lambda invocation records kept for reading back, oldest dropped first
                (default 10000; metrics are always kept)
  -h, --help    show this help
`;

export type CliCommand =
  | { readonly kind: 'help' }
  | {
      readonly kind: 'run';
      readonly port: number;
      readonly host: string;
      readonly seed: string | undefined;
      readonly invocationHistory: number | undefined;
    }
  | { readonly kind: 'invalid'; readonly message: string };

/** Parses the CLI's arguments (without `node` and the script path); never throws. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values: { port?: string; host?: string; seed?: string; 'invocation-history'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        'invocation-history': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { kind: 'invalid', message: (error as Error).message };
  }
  if (values.help) return { kind: 'help' };
  let port = DEFAULT_PORT;
  if (values.port !== undefined) {
    if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65535) {
      return { kind: 'invalid', message: `--port must be an integer from 0 to 65535 (got "${values.port}")` };
    }
    port = Number(values.port);
  }
  if (values.host === '') return { kind: 'invalid', message: '--host must not be empty' };
  if (values.seed === '') return { kind: 'invalid', message: '--seed must not be empty' };
  const history = values['invocation-history'];
  if (history !== undefined && !/^\d{1,9}$/.test(history)) {
    return {
      kind: 'invalid',
      message: `--invocation-history must be a whole number of records (got "${history}")`,
    };
  }
  return {
    kind: 'run',
    port,
    host: values.host ?? '127.0.0.1',
    seed: values.seed,
    invocationHistory: history === undefined ? undefined : Number(history),
  };
}
