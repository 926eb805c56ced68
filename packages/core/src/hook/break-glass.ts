/**
 * Break-glass directives: ways to let a deployment through without running the checks, for an
 * incident where the checks themselves are wrong. Each use is logged at warn level and named in the
 * verdict, so it is never silent.
 */
export const BREAK_GLASS = {
  /** Set on the hook function to a reason (e.g. an incident id) to skip every check. */
  envVar: 'SHIFTGUARD_BREAK_GLASS',
  /** Put in the deployment's description (`aws deploy create-deployment --description`) to skip every check. */
  descriptionMarker: '[shiftguard:skip]',
  /** Comma-separated check names to report as skipped without running them. */
  skipChecksEnvVar: 'SHIFTGUARD_SKIP_CHECKS',
} as const;

/** Values that leave break-glass off, so `SHIFTGUARD_BREAK_GLASS=False` never lets a deployment through. */
const OFF_VALUES: ReadonlySet<string> = new Set(['false', '0', 'no', 'off', 'none', 'disabled']);

/** The reason to skip all checks, or undefined when no directive is present. */
export function breakGlassReason(
  env: Readonly<Record<string, string | undefined>>,
  deploymentDescription: string | undefined,
): string | undefined {
  const fromEnv = env[BREAK_GLASS.envVar]?.trim();
  if (fromEnv && !OFF_VALUES.has(fromEnv.toLowerCase())) return `${BREAK_GLASS.envVar}=${fromEnv}`;
  if (deploymentDescription?.includes(BREAK_GLASS.descriptionMarker)) {
    return `deployment description contains ${BREAK_GLASS.descriptionMarker}`;
  }
  return undefined;
}

export function checksToSkip(env: Readonly<Record<string, string | undefined>>): ReadonlySet<string> {
  const list = env[BREAK_GLASS.skipChecksEnvVar];
  if (!list) return new Set();
  return new Set(
    list
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  );
}
