// The main job: a CodeDeploy deployment of `orders` on the embedded emulator, judged by hook.mjs
// through the real AWS SDK. One good version (7) and one bad version (8).
import { createServer } from 'node:http';
import { CodeDeployClient, GetDeploymentTargetCommand } from '@aws-sdk/client-codedeploy';
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
const writeStdout = originalWrites[0];
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
    const note = check.message ? `  ${check.message}` : '';
    const flags = [check.required ? '' : 'non-blocking', check.attempts ? `${check.attempts} attempts` : '']
      .filter(Boolean)
      .join(', ');
    writeStdout(`      ${check.status.padEnd(9)} ${check.name}${flags ? ` (${flags})` : ''}${note}\n`);
  }
  writeStdout(`      verdict: ${verdict.status} — ${verdict.reason}\n`);
}

// The function's health endpoint: version 8 is broken.
const service = createServer((request, response) => {
  const version = new URL(request.url ?? '/', 'http://localhost').searchParams.get('version');
  response.writeHead(version === '8' ? 503 : 200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ version, healthy: version !== '8' }));
});
await new Promise((resolve) => service.listen(0, '127.0.0.1', resolve));
process.env.HEALTH_URL = `http://127.0.0.1:${service.address().port}/health`;

const { handler } = await import('./hook.mjs');
const codeDeploy = new CodeDeployClient(emulator.clientConfig());
const verdicts = [];
let exitCode = 0;

for (const [currentVersion, targetVersion, expected] of [
  ['6', '7', 'Succeeded'],
  ['7', '8', 'Failed'],
]) {
  const { deploymentId, hookExecutionIds } = emulator.codeDeploy.createDeployment({
    description: `orders ${currentVersion} → ${targetVersion}`,
    appSpec: {
      version: 0.0,
      Resources: [
        {
          OrdersFunction: {
            Type: 'AWS::Lambda::Function',
            Properties: {
              Name: 'orders',
              Alias: 'live',
              CurrentVersion: currentVersion,
              TargetVersion: targetVersion,
            },
          },
        },
      ],
      Hooks: [{ BeforeAllowTraffic: 'orders-pre-traffic' }, { AfterAllowTraffic: 'orders-post-traffic' }],
    },
  });
  console.log(`\n── deployment ${deploymentId}: orders:live ${currentVersion} → ${targetVersion}`);
  for (const [lifecycleEvent, hookFunction] of [
    ['BeforeAllowTraffic', 'orders-pre-traffic'],
    ['AfterAllowTraffic', 'orders-post-traffic'],
  ]) {
    process.env.AWS_LAMBDA_FUNCTION_NAME = hookFunction;
    console.log(`   ${lifecycleEvent} hook:`);
    await handler(
      { DeploymentId: deploymentId, LifecycleEventHookExecutionId: hookExecutionIds[lifecycleEvent] },
      createLambdaContext({ functionName: hookFunction, timeoutMs: 10_000 }),
    );
    const { deploymentTarget } = await codeDeploy.send(
      new GetDeploymentTargetCommand({ deploymentId, targetId: 'orders:live' }),
    );
    const event = deploymentTarget?.lambdaTarget?.lifecycleEvents?.find(
      (e) => e.lifecycleEventName === lifecycleEvent,
    );
    const reported = emulator.codeDeploy.reports({ deploymentId }).filter((r) => r.outcome === 'accepted');
    console.log(
      `      CodeDeploy recorded: ${event?.status} (${reported.length} accepted report(s) for this deployment)`,
    );
    verdicts.push({ deploymentId, lifecycleEvent, status: event?.status });
    // CodeDeploy does not run AfterAllowTraffic once BeforeAllowTraffic failed.
    if (event?.status === 'Failed') break;
  }
  const final = verdicts.filter((v) => v.deploymentId === deploymentId).at(-1)?.status;
  const outcome = final === 'Failed' ? 'rolled back' : 'traffic shifted';
  console.log(`   → ${outcome} (expected ${expected === 'Failed' ? 'rolled back' : 'traffic shifted'})`);
  if (final !== expected) exitCode = 1;
}

streams.forEach((stream, index) => {
  stream.write = originalWrites[index];
});
service.close();
await emulator.close();
process.exit(exitCode);
