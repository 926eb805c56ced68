import { type Emulator, EmulatorError, loadSeedFile, startEmulator } from '@shiftguard/testing';
import type { CliIo } from '../../io';
import { parseCliArgs, USAGE } from './args';

/** `shiftguard emulator`: 0 clean stop or help, 1 could not start (seed, port), 2 bad arguments. */
export async function runEmulatorCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const command = parseCliArgs(argv);
  if (command.kind === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (command.kind === 'invalid') {
    io.stderr.write(`shiftguard emulator: ${command.message}\n\n${USAGE}`);
    return 2;
  }

  let emulator: Emulator;
  try {
    const seed = command.seed === undefined ? undefined : await loadSeedFile(command.seed);
    emulator = await startEmulator({
      port: command.port,
      host: command.host,
      ...(seed ? { seed } : {}),
      ...(command.invocationHistory !== undefined && { invocationHistory: command.invocationHistory }),
    });
  } catch (error) {
    const message = error instanceof EmulatorError ? error.message : String(error);
    io.stderr.write(`shiftguard emulator: ${message}\n`);
    return 1;
  }

  io.stdout.write(`shiftguard emulator listening on ${emulator.endpoint}\n`);
  // What the AWS CLI and SDKs need to talk to it: the endpoint, the region, and credentials to sign
  // with (the emulator checks no signature, but clients refuse to send unsigned requests).
  const { credentials } = emulator.clientConfig();
  io.stdout.write(
    [
      '# point the AWS CLI and SDKs at it:',
      `export AWS_ENDPOINT_URL=${emulator.endpoint}`,
      `export AWS_REGION=${emulator.region}`,
      `export AWS_DEFAULT_REGION=${emulator.region}`,
      `export AWS_ACCESS_KEY_ID=${credentials.accessKeyId}`,
      `export AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey}`,
      '',
    ].join('\n'),
  );
  for (const deployment of emulator.codeDeploy.deployments()) {
    io.stdout.write(
      `deployment ${deployment.deploymentId} application=${deployment.applicationName} group=${deployment.deploymentGroupName}\n`,
    );
    for (const hook of deployment.hookExecutions) {
      io.stdout.write(`  ${hook.lifecycleEventName} ${hook.executionId}\n`);
    }
  }
  for (const fn of emulator.lambda.functions()) {
    io.stdout.write(`function ${fn.functionName} ${fn.functionArn}\n`);
    for (const version of fn.versions) {
      io.stdout.write(
        `  version ${version.version} ${version.handler}${version.modulePath ? ` ${version.modulePath}` : ''}\n`,
      );
    }
    for (const alias of fn.aliases) {
      const routing = Object.entries(alias.additionalVersionWeights)
        .map(([version, weight]) => ` + ${version} at ${weight}`)
        .join('');
      io.stdout.write(`  alias ${alias.name} -> ${alias.functionVersion}${routing}\n`);
    }
  }
  io.stdout.write('Stop with Ctrl+C.\n');

  await new Promise<void>((resolve) => {
    if (io.stop.aborted) resolve();
    else io.stop.addEventListener('abort', () => resolve(), { once: true });
  });
  await emulator.close();
  io.stdout.write('shiftguard emulator stopped\n');
  return 0;
}
