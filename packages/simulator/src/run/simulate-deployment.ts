import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient, CreateDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  createManualClock,
  type DeploymentSnapshot,
  type Emulator,
  PREDEFINED_LAMBDA_CONFIGS,
  seededRandom,
  startEmulator,
  trafficSchedule,
} from '@shiftguard/testing';
import { buildFunction } from '../build/build-function';
import { resolveCodeSources } from '../build/code-source';
import { InvalidSimulatorOptionsError, SimulationSetupError, TemplateError } from '../errors';
import { type FrontDoor, startFrontDoor } from '../front-door/front-door';
import { resolveFrontDoorUrls } from '../front-door/resolve-urls';
import type { SamFunction, SamModel, TemplateValue, TemplateWarning } from '../template/model';
import { readSamTemplate } from '../template/read-sam-template';
import { functionEnvironment } from './environment';
import { HttpActivity } from './http-activity';
import { DeploymentObserver } from './observer';
import { readSimulateOptions, type SimulateDeploymentOptions, type SimulateSettings } from './options';
import type { SimulatedAlarm, SimulatedHook, SimulationOutcome, SimulationResult } from './result';
import {
  appSpecContent,
  createAlarms,
  createDeployedFunction,
  createDeploymentGroup,
  createPlainFunction,
} from './setup';
import { defaultTrafficEvent, TrafficGenerator } from './traffic';
import { VirtualTime } from './virtual-time';

const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped']);
/** After the deployment ends, hooks still running get this long (Lambda's longest timeout) to finish. */
const WIND_DOWN_MS = 15 * 60_000;
/** No deployment runs longer: CodeDeploy's hook hour twice over, plus the longest canary and linear shifts. */
const MAX_DEPLOYMENT_MS = 6 * 60 * 60_000;

/**
 * Runs a SAM template's canary deployment on the embedded emulator, as CodeDeploy would run it: the
 * function's old and new versions behind its alias, the hooks invoked and judged, traffic shifted on
 * the preference's schedule while requests flow through the alias, the alarms evaluated, a bad version
 * rolled back. Emulated time runs as fast as the work allows, so a ten-minute canary takes seconds.
 *
 * @example
 * ```ts
 * const result = await simulateDeployment({ template: 'examples/canary-smoke/template.yaml', seed: 1 });
 * console.log(result.outcome, result.deployment.errorInformation?.message);
 * ```
 */
export async function simulateDeployment(options: SimulateDeploymentOptions): Promise<SimulationResult> {
  const realStart = performance.now();
  const settings = readSimulateOptions(options);
  const ownWorkDir = settings.workDir === undefined;
  const workDir = settings.workDir ?? mkdtempSync(join(tmpdir(), 'shiftguard-simulate-'));
  const templateOptions = {
    ...(settings.parameters === undefined ? {} : { parameters: settings.parameters }),
    ...(settings.stackName === undefined ? {} : { stackName: settings.stackName }),
  };
  // Fail on the user's template before anything is written out.
  readSamTemplate(settings.template, templateOptions);
  const sources = await resolveCodeSources(settings.code, {
    templateFile: settings.template,
    snapshotsDir: join(workDir, 'snapshots'),
  });
  const model = readSamTemplate(sources.to.templateFile, templateOptions);
  const modelFrom =
    sources.from.templateFile === sources.to.templateFile
      ? model
      : readSamTemplate(sources.from.templateFile, templateOptions);
  const target = deployedFunction(model, settings.functionId);
  const targetFrom = modelFrom.functions.find((fn) => fn.logicalId === target.logicalId);
  if (targetFrom === undefined) {
    throw new SimulationSetupError(
      `${target.logicalId} is not in the template of ${sources.from.label}: a first deployment has no version to shift traffic from`,
    );
  }
  const preference = target.deploymentPreference!;
  const alias = target.autoPublishAlias!;
  const hookFunctions = hookFunctionsOf(model, target);
  const warnings: TemplateWarning[] = [...model.warnings];

  const clock = createManualClock({ startAt: settings.startAt, seed: settings.seed });
  const http = new HttpActivity();
  let emulator: Emulator | undefined;
  let frontDoor: FrontDoor | undefined;
  let clients:
    | { codeDeploy: CodeDeployClient; cloudWatch: CloudWatchClient; lambda: LambdaClient }
    | undefined;
  try {
    const build = async (fn: SamFunction, side: 'from' | 'to') => {
      const source = sources[side];
      const built = await buildFunction(fn, {
        projectDir: source.projectDir,
        templateDir: source.templateDir,
        outDir: join(workDir, 'build'),
        version: side,
        templateFile: source.templateFile,
        label: source.label,
        ...(source.workingTree === undefined ? {} : { workingTree: source.workingTree }),
      });
      for (const message of built.warnings) {
        warnings.push({
          kind: 'build',
          message: `${fn.logicalId} (${source.label}): ${message.text}`,
          path: `Resources.${fn.logicalId}`,
          file: message.file,
          line: message.line,
          column: message.column,
        });
      }
      return built.handler;
    };
    const [fromCode, toCode, hookCode] = await Promise.all([
      build(targetFrom, 'from'),
      build(target, 'to'),
      Promise.all(hookFunctions.map((fn) => build(fn, 'to'))),
    ]);

    emulator = await startEmulator({
      clock,
      random: seededRandom(settings.seed),
      idSeed: settings.seed,
      codeClock: 'emulator',
      codeDeploy: {
        ...settings.codeDeploy,
        serviceRoles: customRoles(model, target, settings, warnings),
      },
    });
    const config = { ...emulator.clientConfig(), maxAttempts: 1 };
    clients = {
      codeDeploy: new CodeDeployClient(config),
      cloudWatch: new CloudWatchClient(config),
      lambda: new LambdaClient(config),
    };
    const lambda = emulator.lambda;
    const served =
      target.events.some((event) => event.route !== undefined) || target.functionUrl !== undefined;
    frontDoor = served
      ? await startFrontDoor({
          model,
          functions: [target],
          clock,
          invoke: async (functionName, qualifier, event) => {
            const record = await lambda.invoke(
              functionName,
              event,
              qualifier === undefined ? {} : { qualifier },
            );
            return {
              payload: record.payload,
              executedVersion: record.executedVersion,
              ...(record.status === 'failed' || record.status === 'timedOut'
                ? { functionError: 'Unhandled' }
                : {}),
            };
          },
        })
      : undefined;
    const addresses = frontDoor;
    const resolveValue = (value: TemplateValue) =>
      addresses === undefined ? value : resolveFrontDoorUrls(value, addresses);
    const envOf = (fn: SamFunction, versions: Record<string, string>) =>
      functionEnvironment(fn, versions, resolveValue, warnings, model.file);

    // The versions SAM would publish: the serving one, then the new one.
    const versionsAfter = { [target.logicalId]: '2' };
    const { currentVersion, targetVersion } = await createDeployedFunction(
      emulator,
      clients.lambda,
      alias,
      {
        fn: targetFrom,
        code: fromCode,
        environment: { ...envOf(targetFrom, { [target.logicalId]: '1' }), ...settings.environment.from },
      },
      {
        fn: target,
        code: toCode,
        environment: { ...envOf(target, versionsAfter), ...settings.environment.to },
      },
    );
    const versions = { [target.logicalId]: targetVersion };
    hookFunctions.forEach((fn, index) => {
      createPlainFunction(emulator!, { fn, code: hookCode[index]!, environment: envOf(fn, versions) });
    });
    await createAlarms(clients.cloudWatch, model, versions);

    const stack = model.stack.name;
    const applicationName = `${stack}-ServerlessDeploymentApplication`;
    const deploymentGroupName = `${stack}-${target.logicalId}DeploymentGroup`;
    await createDeploymentGroup(clients.codeDeploy, model, {
      applicationName,
      deploymentGroupName,
      serviceRoleArn: serviceRoleArn(model, target),
      deploymentConfigName: preference.type!.configName,
      alarmNames: preference.alarms?.map((alarm) => alarm.alarmName),
    });

    const observer = new DeploymentObserver(
      emulator,
      hookFunctions.map((fn) => fn.functionName),
      settings.onEvent,
    );
    const traffic = new TrafficGenerator({
      rps: settings.rps,
      clock,
      event: settings.events ?? defaultTrafficEvent(target),
      invoke: async (event) => {
        const began = performance.now();
        const record = await lambda.invoke(target.functionName, event, { qualifier: alias });
        return {
          executedVersion: record.executedVersion,
          status: record.status,
          ...(record.executedVersion !== undefined && { realDurationMs: performance.now() - began }),
        };
      },
    });
    const driver = new VirtualTime({
      clock,
      lambda: () => lambda.activity(),
      http,
      settleMs: settings.settleMs,
      timeScale: settings.timeScale,
    });
    http.start();

    if (settings.warmupMs > 0) {
      const warmEnd = clock.now() + settings.warmupMs;
      // A timer at the end, so time gets there even without traffic.
      clock.setTimeout(() => undefined, settings.warmupMs);
      traffic.start(clock.now());
      await driver.run(
        () => clock.now() >= warmEnd,
        [traffic],
        () => observer.poll(lambda.activity().changes),
      );
    }
    const startedAt = clock.wallTime();
    const { deploymentId } = await clients.codeDeploy.send(
      new CreateDeploymentCommand({
        applicationName,
        deploymentGroupName,
        description: `${target.logicalId}: ${alias} ${currentVersion} → ${targetVersion} (simulated)`,
        revision: {
          revisionType: 'AppSpecContent',
          appSpecContent: {
            content: appSpecContent({
              fn: target,
              alias,
              currentVersion,
              targetVersion,
              hooks: {
                ...(preference.hooks.preTraffic && {
                  BeforeAllowTraffic: preference.hooks.preTraffic.functionName,
                }),
                ...(preference.hooks.postTraffic && {
                  AfterAllowTraffic: preference.hooks.postTraffic.functionName,
                }),
              },
            }),
          },
        },
      }),
    );
    if (deploymentId === undefined)
      throw new SimulationSetupError('CreateDeployment returned no deploymentId');
    const routing = PREDEFINED_LAMBDA_CONFIGS[preference.type!.configName];
    observer.follow(
      deploymentId,
      false,
      startedAt,
      routing === undefined
        ? undefined
        : trafficSchedule(routing, settings.codeDeploy.linearEnd ?? 'lastShift'),
    );
    if (traffic.nextAt() === undefined) traffic.start(clock.now());

    const codeDeploy = emulator.codeDeploy;
    const ended = () => {
      const deployment = codeDeploy.getDeployment(deploymentId);
      if (!TERMINAL.has(deployment.status)) return false;
      const rollbackId = deployment.rollbackInfo?.rollbackDeploymentId;
      return rollbackId === undefined || TERMINAL.has(codeDeploy.getDeployment(rollbackId).status);
    };
    const deadline = clock.now() + MAX_DEPLOYMENT_MS;
    await driver.run(
      () => ended() || clock.now() > deadline,
      [traffic],
      () => observer.poll(lambda.activity().changes),
    );
    traffic.stop();
    await traffic.drain();
    // Hooks still running (one that hangs, a retry CodeDeploy no longer waits for) end as Lambda would end them.
    const windDown = clock.now() + WIND_DOWN_MS;
    await driver.run(
      () => {
        const activity = lambda.activity();
        return (activity.running === 0 && activity.queued === 0) || clock.now() > windDown;
      },
      [],
      () => observer.poll(lambda.activity().changes),
    );
    observer.poll(Number.NaN);
    const endedAt = clock.wallTime();

    const deployment = codeDeploy.getDeployment(deploymentId);
    const rollbackId = deployment.rollbackInfo?.rollbackDeploymentId;
    const rollback = rollbackId === undefined ? undefined : codeDeploy.getDeployment(rollbackId);
    const aliasNow = emulator.lambda.getFunction(target.functionName).aliases.find((a) => a.name === alias)!;
    const result: SimulationResult = {
      outcome: outcomeOf(deployment, rollback),
      seed: settings.seed,
      function: {
        logicalId: target.logicalId,
        functionName: target.functionName,
        alias,
        currentVersion,
        targetVersion,
      },
      deploymentConfigName: preference.type!.configName,
      deployment: {
        deploymentId,
        status: deployment.status,
        errorInformation: deployment.errorInformation,
        createTime: deployment.createTime,
        completeTime: deployment.completeTime,
      },
      rollback:
        rollback === undefined
          ? undefined
          : {
              deploymentId: rollback.deploymentId,
              status: rollback.status,
              completeTime: rollback.completeTime,
            },
      startedAt,
      endedAt,
      realDurationMs: performance.now() - realStart,
      finalAlias: {
        functionVersion: aliasNow.functionVersion,
        additionalVersionWeights: aliasNow.additionalVersionWeights,
      },
      events: observer.events,
      weights: [
        { at: startedAt, newVersionWeight: 0 },
        ...observer.events.flatMap((event) =>
          event.type === 'trafficShifted' ? [{ at: event.at, newVersionWeight: event.newVersionWeight }] : [],
        ),
      ],
      traffic: {
        rps: settings.rps,
        sent: traffic.sent,
        byVersion: traffic.totals(),
        byMinute: traffic.minutes(),
      },
      frontDoor: (frontDoor?.targets ?? []).map((door) => ({
        logicalId: door.logicalId,
        kind: door.kind,
        url: door.url,
        requests: frontDoor!.requests({ target: door.logicalId }).length,
      })),
      hooks: hooksOf(preference, observer, deployment),
      alarms: alarmsOf(emulator, model, preference.alarms?.map((alarm) => alarm.alarmName) ?? [], observer),
      warnings,
    };
    await settings.afterDeployment?.(emulator);
    return result;
  } finally {
    http.stop();
    await frontDoor?.close();
    clients?.codeDeploy.destroy();
    clients?.cloudWatch.destroy();
    clients?.lambda.destroy();
    await emulator?.close();
    if (ownWorkDir) rmSync(workDir, { recursive: true, force: true });
  }
}

function deployedFunction(model: SamModel, logicalId: string | undefined): SamFunction {
  const deployable = model.functions.filter((fn) => fn.deploymentPreference?.enabled === true);
  const where = model.file ?? '<template>';
  if (logicalId !== undefined) {
    const fn = model.functions.find((candidate) => candidate.logicalId === logicalId);
    if (fn === undefined) {
      throw new InvalidSimulatorOptionsError(
        `simulateDeployment: function: ${where} has no function ${logicalId}; its functions: ${model.functions.map((f) => f.logicalId).join(', ') || 'none'}`,
        { path: 'function' },
      );
    }
    if (fn.deploymentPreference?.enabled !== true) {
      throw new TemplateError(
        `${where}: Resources.${logicalId}: has no enabled DeploymentPreference, so SAM deploys it without CodeDeploy and there is nothing to simulate`,
        { problem: 'deployment-preference', file: model.file, path: `Resources.${logicalId}`, ...lineOf(fn) },
      );
    }
    return fn;
  }
  if (deployable.length === 1) return deployable[0]!;
  if (deployable.length === 0) {
    throw new TemplateError(
      `${where}: no function has an enabled DeploymentPreference (with AutoPublishAlias), so nothing deploys through CodeDeploy`,
      { problem: 'deployment-preference', file: model.file, path: 'Resources' },
    );
  }
  throw new InvalidSimulatorOptionsError(
    `simulateDeployment: function: ${where} deploys ${deployable.length} functions through CodeDeploy (${deployable.map((fn) => fn.logicalId).join(', ')}): name one`,
    { path: 'function' },
  );
}

function lineOf(fn: SamFunction): { line?: number; column?: number } {
  return fn.location === undefined ? {} : { line: fn.location.line, column: fn.location.column };
}

function hookFunctionsOf(model: SamModel, target: SamFunction): SamFunction[] {
  const hooks = target.deploymentPreference?.hooks ?? {};
  const ids = [hooks.preTraffic?.logicalId, hooks.postTraffic?.logicalId].filter(
    (id): id is string => id !== undefined,
  );
  return [...new Set(ids)].map((id) => model.functions.find((fn) => fn.logicalId === id)!);
}

/** SAM's `CodeDeployServiceRole`, or the preference's own `Role`. */
function serviceRoleArn(model: SamModel, target: SamFunction): string {
  const role = target.deploymentPreference?.role;
  if (typeof role === 'string') return role;
  const { partition, accountId, name } = model.stack;
  if (role === undefined) return `arn:${partition}:iam::${accountId}:role/${name}-CodeDeployServiceRole`;
  return `arn:${partition}:iam::${accountId}:role/${name}-${target.logicalId}-DeploymentRole`;
}

function customRoles(
  model: SamModel,
  target: SamFunction,
  settings: SimulateSettings,
  warnings: TemplateWarning[],
): Record<string, { invoke: readonly string[] }> {
  if (target.deploymentPreference?.role === undefined) return {};
  const location = target.locations['Properties.DeploymentPreference.Role'];
  warnings.push({
    kind: 'custom-role',
    message: `DeploymentPreference.Role is a custom role; the simulator does not read IAM policies and takes it to allow invoking ${settings.customRoleInvokes.join(', ')} (option customRoleInvokes)`,
    path: `Resources.${target.logicalId}.Properties.DeploymentPreference.Role`,
    file: model.file,
    line: location?.line,
    column: location?.column,
  });
  return { [serviceRoleArn(model, target)]: { invoke: settings.customRoleInvokes } };
}

function outcomeOf(
  deployment: DeploymentSnapshot,
  rollback: DeploymentSnapshot | undefined,
): SimulationOutcome {
  if (deployment.status === 'Succeeded') return 'succeeded';
  if (rollback?.status === 'Succeeded') return 'rolledBack';
  return 'failed';
}

function hooksOf(
  preference: NonNullable<SamFunction['deploymentPreference']>,
  observer: DeploymentObserver,
  deployment: DeploymentSnapshot,
): SimulatedHook[] {
  const entries: [string, { functionName: string } | undefined][] = [
    ['BeforeAllowTraffic', preference.hooks.preTraffic],
    ['AfterAllowTraffic', preference.hooks.postTraffic],
  ];
  return entries.flatMap(([lifecycleEventName, hook]) => {
    if (hook === undefined) return [];
    return [
      {
        lifecycleEventName,
        functionName: hook.functionName,
        runs: observer.events.filter(
          (event): event is Extract<typeof event, { type: 'hookFinished' }> =>
            event.type === 'hookFinished' && event.lifecycleEventName === lifecycleEventName,
        ),
        recorded: deployment.lifecycleEvents?.find((event) => event.lifecycleEventName === lifecycleEventName)
          ?.status,
        logs: observer.logsOf(hook.functionName),
      },
    ];
  });
}

function alarmsOf(
  emulator: Emulator,
  model: SamModel,
  watched: readonly string[],
  observer: DeploymentObserver,
): SimulatedAlarm[] {
  const { metricAlarms, compositeAlarms } = emulator.cloudWatch.alarms();
  const states = new Map<string, string>(
    [...metricAlarms, ...compositeAlarms].map((alarm) => [alarm.AlarmName, alarm.StateValue]),
  );
  return model.alarms.map((alarm) => ({
    alarmName: alarm.alarmName,
    watched: watched.includes(alarm.alarmName),
    finalState: states.get(alarm.alarmName) ?? 'unknown',
    transitions: observer.events.filter(
      (event): event is Extract<typeof event, { type: 'alarmState' }> =>
        event.type === 'alarmState' && event.alarmName === alarm.alarmName,
    ),
  }));
}
