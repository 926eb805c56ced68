// The hook a user writes: deploy this file as the PreTraffic and PostTraffic hook functions.
import {
  CheckFailure,
  createHook,
  defineCheck,
  onlyIn,
  parallel,
  retry,
  timeout,
  warnOnly,
} from '@shiftguard/core';

const healthUrl = () => process.env.HEALTH_URL ?? 'http://127.0.0.1:8080/health';

const versionIsNew = defineCheck('version-is-new', (ctx) => {
  if (ctx.target.targetVersion === ctx.target.currentVersion) {
    throw new CheckFailure('the target version is the version already serving traffic');
  }
});

const probeHealth = async (ctx) => {
  const response = await fetch(`${healthUrl()}?version=${ctx.target.targetVersion}`, { signal: ctx.signal });
  if (response.status !== 200) {
    throw new CheckFailure(`GET /health answered ${response.status}`, {
      details: { body: await response.text() },
    });
  }
};
const healthProbe = defineCheck('health-endpoint', probeHealth);
const stillHealthyWithTraffic = defineCheck('health-under-traffic', probeHealth);

const latencyBudget = defineCheck('latency-budget', async (ctx) => {
  const started = performance.now();
  await fetch(`${healthUrl()}?version=${ctx.target.targetVersion}`, { signal: ctx.signal });
  const ms = performance.now() - started;
  if (ms > 250) throw new CheckFailure(`health took ${Math.round(ms)} ms, budget 250 ms`);
});

export const handler = createHook({
  checks: [
    versionIsNew,
    parallel([retry(timeout(healthProbe, 1_000), { attempts: 3, backoff: 100 }), warnOnly(latencyBudget)]),
    onlyIn('AfterAllowTraffic', stillHealthyWithTraffic),
  ],
  metrics: false,
});
