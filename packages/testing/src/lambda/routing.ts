/** What is wrong with an alias's routing, worded as Lambda words it; `kind` picks the error per caller. */
export interface RoutingProblem {
  /** `range`: a weight outside 0..1; `missing`: a version that does not exist; `invalid`: anything else. */
  readonly kind: 'range' | 'missing' | 'invalid';
  readonly message: string;
  /** The version a `missing` problem is about. */
  readonly version?: string;
}

/**
 * Checks an alias's primary version and `AdditionalVersionWeights` the way Lambda does: one extra
 * version at most, weights from 0 to 1, published versions only, and never the primary itself.
 */
export function routingProblem(
  primary: string,
  weights: Readonly<Record<string, unknown>>,
  versionExists: (version: string) => boolean,
): RoutingProblem | undefined {
  const entries = Object.entries(weights);
  for (const [version, weight] of entries) {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > 1) {
      return {
        kind: 'range',
        message: `Value '{${version}=${String(weight)}}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0]`,
      };
    }
  }
  if (entries.length === 0) return undefined;
  if (entries.length > 1) {
    return {
      kind: 'invalid',
      message: `Invalid number of entries in AdditionalVersionWeights: ${entries.length}. An alias can route to at most one additional version.`,
    };
  }
  const [version] = entries[0] as [string, number];
  if (primary === '$LATEST' || version === '$LATEST') {
    return {
      kind: 'invalid',
      message: '$LATEST is not supported for an alias pointing to more than 1 version',
    };
  }
  if (version === primary) {
    return {
      kind: 'invalid',
      message: `Invalid function version ${version}. Function version ${version} is already included in routing configuration.`,
    };
  }
  if (!versionExists(version))
    return { kind: 'missing', message: `Version ${version} does not exist`, version };
  return undefined;
}

/**
 * Picks the version an alias invocation runs: the additional version with its weight's
 * probability, the primary otherwise. `random` returns a number in [0, 1), like Math.random.
 */
export function pickVersion(
  primary: string,
  weights: Readonly<Record<string, number>>,
  random: () => number,
): string {
  let threshold = 0;
  const draw = random();
  for (const [version, weight] of Object.entries(weights)) {
    threshold += weight;
    if (draw < threshold) return version;
  }
  return primary;
}
