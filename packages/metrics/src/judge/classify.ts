import type { JudgeStats } from './judge-stats';
import type { CompiledMetric } from './judged-metric';

/** How one metric came out, in Kayenta's terms, plus an explicit `Inconclusive`. */
export type Classification = 'Pass' | 'High' | 'Low' | 'Nodata' | 'NodataFailMetric' | 'Inconclusive';

/** One metric's judgement, with every figure it rests on, for the verdict report. */
export interface MetricJudgement {
  readonly name: string;
  readonly kind: 'distribution' | 'rate';
  readonly group: string;
  readonly critical: boolean;
  readonly classification: Classification;
  /** One sentence: why it came out so. */
  readonly why: string;
  readonly baseline: object;
  readonly canary: object;
  readonly test?: Readonly<Record<string, number | string>>;
  /** For an underpowered comparison: how much more traffic or time would decide it. */
  readonly needs?: Readonly<Record<string, number>>;
}

/** What every metric of one judgement is held to. */
export interface JudgeSettings {
  /** One-sided significance level. */
  readonly alpha: number;
  /** The power a comparison must have to pass: below it the metric is inconclusive. */
  readonly power: number;
  /** Of the Hodges–Lehmann interval. */
  readonly confidence: number;
  readonly periodSeconds: number;
  /** How long the window was, in minutes: turns "more samples" into "more time". */
  readonly windowMinutes: number;
}

type Distribution = Extract<CompiledMetric, { kind: 'distribution' }>;
type Rate = Extract<CompiledMetric, { kind: 'rate' }>;

/**
 * A metric compared period by period, as Kayenta's NetflixACAJudge does (a rank test, the Hodges–Lehmann
 * shift and its interval, an effect size against `allowedIncrease`), then held to a power requirement:
 * a comparison that could not have seen a change of `detect` is inconclusive, not a pass.
 */
export function judgeDistribution(
  metric: Distribution,
  baselineValues: readonly number[],
  canaryValues: readonly number[],
  settings: JudgeSettings,
  stats: JudgeStats,
): MetricJudgement {
  const clean = (values: readonly number[]) =>
    metric.nanStrategy === 'replace'
      ? values.map((value) => (Number.isFinite(value) ? value : 0))
      : values.filter((value) => Number.isFinite(value));
  const baseline = clean(baselineValues);
  const canary = clean(canaryValues);
  const common = {
    name: metric.name,
    kind: 'distribution' as const,
    group: metric.group,
    critical: metric.critical,
  };
  const sides = { baseline: summary(baseline), canary: summary(canary) };
  if (baseline.length === 0 || canary.length === 0) {
    const empty = baseline.length === 0 ? 'baseline' : 'canary';
    return {
      ...common,
      ...sides,
      classification: metric.mustHaveData ? 'NodataFailMetric' : 'Nodata',
      why: `no ${metric.stat} data on the ${empty} side in the window`,
    };
  }
  const fewest = Math.min(baseline.length, canary.length);
  if (fewest < metric.minSamples) {
    const more = metric.minSamples - fewest;
    return {
      ...common,
      ...sides,
      classification: 'Inconclusive',
      why: `${fewest} period(s) on the thinner side, fewer than the ${metric.minSamples} needed: about ${Math.ceil((more * settings.periodSeconds) / 60)} more minute(s) of traffic to both versions would decide it`,
      needs: { samplesPerSide: metric.minSamples, morePeriods: more },
    };
  }
  if (new Set([...baseline, ...canary]).size === 1) {
    return {
      ...common,
      ...sides,
      classification: 'Pass',
      why: `every period of both versions is ${baseline[0]}`,
    };
  }
  const alternative =
    metric.direction === 'increase' ? 'greater' : metric.direction === 'decrease' ? 'less' : 'two-sided';
  const ranks = stats.rankTest(canary, baseline, alternative);
  const shift = stats.shift(canary, baseline, settings.confidence);
  const effect = sides.baseline.mean === 0 ? Number.NaN : sides.canary.mean / sides.baseline.mean;
  const test = {
    u: ranks.u,
    pValue: ranks.pValue,
    method: ranks.method,
    shift: shift.estimate,
    shiftLower: shift.lower,
    shiftUpper: shift.upper,
    confidence: settings.confidence,
    meanRatio: effect,
  };
  // The rank test decides significance; the effect size decides whether it matters. Kayenta's band
  // (the interval clear of a quarter of its own estimate) is left out of the decision: it takes power
  // the sample-size figure does not count, so a comparison "powered" by it would miss regressions.
  const significant = ranks.pValue < settings.alpha;
  const high =
    metric.direction !== 'decrease' &&
    significant &&
    shift.estimate > 0 &&
    (Number.isNaN(effect) || effect >= metric.allowedIncrease);
  const low =
    metric.direction !== 'increase' &&
    significant &&
    shift.estimate < 0 &&
    (Number.isNaN(effect) || effect <= metric.allowedDecrease);
  if (high || low) {
    return {
      ...common,
      ...sides,
      test,
      classification: high ? 'High' : 'Low',
      why: `the new version's ${metric.stat} is ${high ? 'higher' : 'lower'}: ${fmt(sides.canary.mean)} against ${fmt(sides.baseline.mean)} (×${fmt(effect)}, shift ${fmt(shift.estimate)} in [${fmt(shift.lower)}, ${fmt(shift.upper)}], p = ${fmt(ranks.pValue)})`,
    };
  }
  const needed = stats.rankSampleSize(metric.detect, logSdOf(baseline), settings.alpha, settings.power);
  if (fewest < needed) {
    const more = needed - fewest;
    return {
      ...common,
      ...sides,
      test,
      classification: 'Inconclusive',
      why: `no significant change, but ${fewest} period(s) per side cannot show a ×${metric.detect} change with ${Math.round(settings.power * 100)}% power: about ${Math.ceil((more * settings.periodSeconds) / 60)} more minute(s) of traffic to both versions (${needed} periods per side) would decide it`,
      needs: { samplesPerSide: needed, morePeriods: more },
    };
  }
  return {
    ...common,
    ...sides,
    test,
    classification: 'Pass',
    why: `no change that matters: ${fmt(sides.canary.mean)} against ${fmt(sides.baseline.mean)} (×${fmt(effect)}, p = ${fmt(ranks.pValue)})`,
  };
}

/**
 * A rate compared on the totals of both versions as two proportions; a difference must be significant
 * and at least `allowedRatio` to fail, and a comparison that could not have seen the rate rise to
 * `detectRatio` × the baseline's (or by `detectMinPct` points) is inconclusive, with what it would take.
 */
export function judgeRate(
  metric: Rate,
  baselineTotals: { readonly events: number; readonly trials: number },
  canaryTotals: { readonly events: number; readonly trials: number },
  settings: JudgeSettings,
  stats: JudgeStats,
): MetricJudgement {
  const common = { name: metric.name, kind: 'rate' as const, group: metric.group, critical: metric.critical };
  const side = (totals: { events: number; trials: number }) => ({
    events: totals.events,
    trials: totals.trials,
    ratePct: totals.trials > 0 ? (totals.events / totals.trials) * 100 : Number.NaN,
  });
  const sides = { baseline: side(baselineTotals), canary: side(canaryTotals) };
  if (baselineTotals.trials === 0 || canaryTotals.trials === 0) {
    const empty = baselineTotals.trials === 0 ? 'baseline' : 'canary';
    return {
      ...common,
      ...sides,
      classification: metric.mustHaveData ? 'NodataFailMetric' : 'Nodata',
      why: `no traffic on the ${empty} side in the window`,
    };
  }
  // `decrease` judges the baseline as the worse side: the same test with the sides swapped.
  const worse = metric.direction === 'decrease' ? baselineTotals : canaryTotals;
  const better = metric.direction === 'decrease' ? canaryTotals : baselineTotals;
  const tested = stats.rateTest(worse, better);
  const either = metric.direction === 'either' ? stats.rateTest(baselineTotals, canaryTotals) : undefined;
  const pValue = either ? Math.min(1, 2 * Math.min(tested.pValue, either.pValue)) : tested.pValue;
  const canaryRate = canaryTotals.events / canaryTotals.trials;
  const baselineRate = baselineTotals.events / baselineTotals.trials;
  const ratio = baselineRate > 0 ? canaryRate / baselineRate : canaryRate > 0 ? Number.POSITIVE_INFINITY : 1;
  const test = { pValue, method: tested.method, rateRatio: ratio };
  const rose = metric.direction !== 'decrease' && canaryRate > baselineRate && ratio >= metric.allowedRatio;
  const fell =
    metric.direction !== 'increase' &&
    canaryRate < baselineRate &&
    (ratio === 0 || 1 / ratio >= metric.allowedRatio);
  if (pValue < settings.alpha && (rose || fell)) {
    return {
      ...common,
      ...sides,
      test,
      classification: rose ? 'High' : 'Low',
      why: `the new version's ${metric.name} is ${rose ? 'higher' : 'lower'}: ${pct(canaryRate)} (${canaryTotals.events} of ${canaryTotals.trials}) against ${pct(baselineRate)} (${baselineTotals.events} of ${baselineTotals.trials}), p = ${fmt(pValue)}`,
    };
  }
  // The rate the comparison must be able to see: a rise to detectRatio × the baseline, at least detectMinPct
  // points; a baseline without events is taken at its 95% upper bound (the rule of three), not at 0.
  const baselineEstimate =
    baselineTotals.events > 0 ? baselineRate : Math.min(0.5, 3 / baselineTotals.trials);
  const target = Math.min(
    0.999,
    Math.max(baselineEstimate * metric.detectRatio, baselineEstimate + metric.detectMinPct / 100),
  );
  const power = stats.ratePower(
    baselineEstimate,
    target,
    baselineTotals.trials,
    canaryTotals.trials,
    settings.alpha,
  );
  if (power < settings.power) {
    const allocation = baselineTotals.trials / canaryTotals.trials;
    const needed = Math.ceil(
      stats.rateSampleSize(baselineEstimate, target, settings.alpha, settings.power, allocation),
    );
    const more = Math.max(1, needed - canaryTotals.trials);
    const perMinute = canaryTotals.trials / Math.max(1, settings.windowMinutes);
    return {
      ...common,
      ...sides,
      test: { ...test, power },
      classification: 'Inconclusive',
      why: `no significant rise, but ${canaryTotals.trials} invocation(s) of the new version could show a rise to ${pct(target)} with only ${Math.round(power * 100)}% power: about ${more} more (${needed} in all${perMinute > 0 ? `, some ${Math.ceil(more / perMinute)} more minute(s) at the current ${fmt(perMinute)} a minute` : ''}) would decide it`,
      needs: {
        canaryTrials: needed,
        moreCanaryTrials: more,
        ...(perMinute > 0 && { moreMinutes: Math.ceil(more / perMinute) }),
      },
    };
  }
  return {
    ...common,
    ...sides,
    test: { ...test, power },
    classification: 'Pass',
    why: `${pct(canaryRate)} against ${pct(baselineRate)}, p = ${fmt(pValue)}; a rise to ${pct(target)} would have shown with ${Math.round(power * 100)}% power`,
  };
}

interface SampleSummary {
  readonly n: number;
  readonly mean: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

function summary(values: readonly number[]): SampleSummary {
  if (values.length === 0)
    return { n: 0, mean: Number.NaN, median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    n: values.length,
    mean,
    median,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
  };
}

/** The spread of log values, for the log-normal the power figure assumes; a floor keeps it from claiming certainty. */
function logSdOf(values: readonly number[]): number {
  const logs = values.filter((value) => value > 0).map(Math.log);
  if (logs.length < 2) return 0.5;
  const mean = logs.reduce((sum, value) => sum + value, 0) / logs.length;
  const variance = logs.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (logs.length - 1);
  return Math.max(0.01, Math.sqrt(variance));
}

function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(1) : Number(value.toPrecision(3)).toString();
}

function pct(rate: number): string {
  return `${fmt(rate * 100)}%`;
}
