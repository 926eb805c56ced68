import type { MetricJudgement } from './classify';

/** The judgement of a whole comparison. */
export type JudgeOutcome = 'Pass' | 'Fail' | 'Inconclusive';

/** Score thresholds, Kayenta's `pass` and `marginal`: at or over `pass` passes, under `marginal` fails. */
export interface ScoreThresholds {
  readonly pass: number;
  readonly marginal: number;
}

export interface ScoredJudgement {
  readonly outcome: JudgeOutcome;
  /** 0–100, rounded to 2 decimals, as Kayenta's WeightedSumScorer. */
  readonly score: number;
  readonly reason: string;
  readonly groups: Readonly<Record<string, number>>;
}

/**
 * Kayenta's scoring (WeightedSumScorer, ThresholdScoreClassifier): a critical metric that failed
 * scores 0; each group scores its passing share of the metrics that decided something; groups are
 * weighted (unweighted groups share what the weights leave). Beyond Kayenta, a metric without enough
 * evidence is never a silent pass: a critical one, half the metrics without data, a marginal score,
 * or any inconclusive metric in a score that would pass makes the whole judgement inconclusive.
 */
export function scoreJudgements(
  judgements: readonly MetricJudgement[],
  thresholds: ScoreThresholds,
  weights: Readonly<Record<string, number>>,
): ScoredJudgement {
  const failedCritical = judgements.filter(
    (judgement) =>
      judgement.critical &&
      (judgement.classification === 'High' ||
        judgement.classification === 'Low' ||
        judgement.classification === 'NodataFailMetric'),
  );
  const groups = groupScores(judgements);
  const weighted = weightedSum(groups, weights);
  if (failedCritical.length > 0) {
    return {
      outcome: 'Fail',
      score: 0,
      reason: `critical metric ${failedCritical.map((judgement) => `"${judgement.name}"`).join(', ')} failed: ${failedCritical[0]?.why}`,
      groups,
    };
  }
  const failing = judgements.filter((judgement) =>
    ['High', 'Low', 'NodataFailMetric'].includes(judgement.classification),
  );
  const describeFailing = failing.map((judgement) => `${judgement.name}: ${judgement.why}`).join('; ');
  if (weighted < thresholds.marginal) {
    return {
      outcome: 'Fail',
      score: weighted,
      reason: `score ${weighted} under the marginal ${thresholds.marginal}: ${describeFailing}`,
      groups,
    };
  }
  const undecidedCritical = judgements.filter(
    (judgement) => judgement.critical && judgement.classification !== 'Pass',
  );
  if (undecidedCritical.length > 0) {
    return {
      outcome: 'Inconclusive',
      score: weighted,
      reason: `critical metric "${undecidedCritical[0]?.name}" is ${undecidedCritical[0]?.classification.toLowerCase()}: ${undecidedCritical[0]?.why}`,
      groups,
    };
  }
  const nodata = judgements.filter((judgement) => judgement.classification === 'Nodata').length;
  if (nodata * 2 >= judgements.length) {
    return {
      outcome: 'Inconclusive',
      score: weighted,
      reason: `${nodata} of ${judgements.length} metrics have no data`,
      groups,
    };
  }
  if (weighted < thresholds.pass) {
    return {
      outcome: 'Inconclusive',
      score: weighted,
      reason: `score ${weighted} is marginal (pass at ${thresholds.pass}): ${describeFailing}`,
      groups,
    };
  }
  const inconclusive = judgements.filter((judgement) => judgement.classification === 'Inconclusive');
  if (inconclusive.length > 0) {
    return {
      outcome: 'Inconclusive',
      score: weighted,
      reason: inconclusive.map((judgement) => `${judgement.name}: ${judgement.why}`).join('; '),
      groups,
    };
  }
  return {
    outcome: 'Pass',
    score: weighted,
    reason: `score ${weighted}: ${judgements.filter((judgement) => judgement.classification === 'Pass').length} of ${judgements.length} metric(s) pass${failing.length > 0 ? `; ${describeFailing}` : ''}`,
    groups,
  };
}

function groupScores(judgements: readonly MetricJudgement[]): Record<string, number> {
  const groups: Record<string, { pass: number; decided: number }> = {};
  for (const judgement of judgements) {
    const group = groups[judgement.group] ?? { pass: 0, decided: 0 };
    groups[judgement.group] = group;
    if (judgement.classification === 'Pass') {
      group.pass++;
      group.decided++;
    } else if (['High', 'Low', 'NodataFailMetric'].includes(judgement.classification)) {
      group.decided++;
    }
  }
  return Object.fromEntries(
    Object.entries(groups).map(([name, { pass, decided }]) => [
      name,
      decided === 0 ? 100 : (pass / decided) * 100,
    ]),
  );
}

function weightedSum(
  groups: Readonly<Record<string, number>>,
  weights: Readonly<Record<string, number>>,
): number {
  const names = Object.keys(groups);
  const given = names.reduce((sum, name) => sum + (weights[name] ?? 0), 0);
  const unweighted = names.filter((name) => weights[name] === undefined);
  const share = unweighted.length > 0 ? Math.max(0, 100 - given) / unweighted.length : 0;
  const total = names.reduce(
    (sum, name) => sum + (groups[name] as number) * ((weights[name] ?? share) / 100),
    0,
  );
  return Math.round(total * 100) / 100;
}
