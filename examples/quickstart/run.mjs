// The main job: two deployments of the `orders` function on the embedded emulator, each judged by
// hook.mjs through the real AWS SDK. 1 → 2 is a good release; 2 → 3 has a bug and must roll back.
// Traffic shifting is AllAtOnce here: BeforeAllowTraffic, alias moves, AfterAllowTraffic.
import { fileURLToPath } from 'node:url';
import { CodeDeployClient, GetDeploymentTargetCommand } from '@aws-sdk/client-codedeploy';
import { GetAliasCommand, LambdaClient, UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { createLambdaContext, startEmulator } from '@shiftguard/testing';

const emulator = await startEmulator();
// The hook's own code is untouched: the SDK finds the emulator through the standard variables.
Object.assign(process.env, {
  AWS_ENDPOINT_URL: emulator.endpoint,
  AWS_REGION: emulator.region,
  AWS_ACCESS_KEY_ID: 'emulator',
  AWS_SECRET_ACCESS_KEY: 'emulator',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'INFO',
});

// The hook logs its verdict as one JSON line (Powertools Logger: info on stdout, warn on stderr);
// show it as a table instead.
const streams = [process.stdout, process.stderr];
const originalWrites = streams.map((stream) => stream.write.bind(stream));
const say = (line) => originalWrites[0](`${line}\n`);
streams.forEach((stream, index) => {
  stream.write = (chunk, ...rest) => {
    const text = String(chunk);
    if (!text.startsWith('{"level"')) return originalWrites[index](chunk, ...rest);
    const line = JSON.parse(text);
    if (line.message === 'shiftguard verdict') printVerdict(line.verdict);
    return true;
  };
});

function printVerdict(verdict) {
  for (const check of verdict.checks) {
    const flags = [check.required ? '' : 'non-blocking', check.attempts ? `${check.attempts} attempts` : '']
      .filter(Boolean)
      .join(', ');
    const firstLine = check.message?.split('\n')[0];
    say(
      `      ${check.status.padEnd(9)} ${check.name}${flags ? ` (${flags})` : ''}${firstLine ? `  ${firstLine}` : ''}`,
    );
  }
  say(`      verdict: ${verdict.status} — ${verdict.reason.split('\n')[0]}`);
}

// The function under deployment: version 1 (live), 2 (good), 3 (broken).
const functionFile = (name) => ({
  module: fileURLToPath(new URL(`./functions/${name}.mjs`, import.meta.url)),
});
emulator.lambda.createFunction({
  functionName: 'orders',
  handler: functionFile('orders-v1'),
  timeoutMs: 3000,
});
for (const release of ['orders-v1', 'orders-v2', 'orders-v3']) {
  emulator.lambda.publishVersion('orders', { handler: functionFile(release), description: release });
}
emulator.lambda.createAlias('orders', 'live', '1');

const { handler } = await import('./hook.mjs');
const codeDeploy = new CodeDeployClient(emulator.clientConfig());
const lambda = new LambdaClient(emulator.clientConfig());
let exitCode = 0;

async function recordedStatus(deploymentId, lifecycleEvent) {
  const { deploymentTarget } = await codeDeploy.send(
    new GetDeploymentTargetCommand({ deploymentId, targetId: 'orders:live' }),
  );
  return deploymentTarget?.lambdaTarget?.lifecycleEvents?.find((e) => e.lifecycleEventName === lifecycleEvent)
    ?.status;
}

async function runHook(deploymentId, executionId, lifecycleEvent, hookFunction) {
  say(`   ${lifecycleEvent} hook:`);
  process.env.AWS_LAMBDA_FUNCTION_NAME = hookFunction;
  await handler(
    { DeploymentId: deploymentId, LifecycleEventHookExecutionId: executionId },
    createLambdaContext({ functionName: hookFunction, timeoutMs: 30_000 }),
  );
  const status = await recordedStatus(deploymentId, lifecycleEvent);
  say(`      CodeDeploy recorded: ${status}`);
  return status;
}

for (const [from, to, expected] of [
  ['1', '2', 'traffic shifted'],
  ['2', '3', 'rolled back'],
]) {
  const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment({
    description: `orders ${from} → ${to}`,
    appSpec: {
      version: 0.0,
      Resources: [
        {
          OrdersFunction: {
            Type: 'AWS::Lambda::Function',
            Properties: { Name: 'orders', Alias: 'live', CurrentVersion: from, TargetVersion: to },
          },
        },
      ],
      Hooks: [{ BeforeAllowTraffic: 'orders-pre-traffic' }, { AfterAllowTraffic: 'orders-post-traffic' }],
    },
  });
  say(`\n── deployment ${deploymentId}: orders:live ${from} → ${to}`);
  let outcome = 'rolled back';
  const before = await runHook(
    deploymentId,
    hookExecutionIds.BeforeAllowTraffic,
    'BeforeAllowTraffic',
    'orders-pre-traffic',
  );
  if (before === 'Succeeded') {
    await lambda.send(new UpdateAliasCommand({ FunctionName: 'orders', Name: 'live', FunctionVersion: to }));
    say(`   traffic: orders:live → version ${to}`);
    const after = await runHook(
      deploymentId,
      hookExecutionIds.AfterAllowTraffic,
      'AfterAllowTraffic',
      'orders-post-traffic',
    );
    if (after === 'Succeeded') outcome = 'traffic shifted';
    else
      await lambda.send(
        new UpdateAliasCommand({ FunctionName: 'orders', Name: 'live', FunctionVersion: from }),
      );
  }
  const live = await lambda.send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }));
  say(`   → ${outcome}: orders:live serves version ${live.FunctionVersion} (expected ${expected})`);
  if (outcome !== expected) exitCode = 1;
}

streams.forEach((stream, index) => {
  stream.write = originalWrites[index];
});
await emulator.close();
process.exit(exitCode);
