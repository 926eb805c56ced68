/**
 * What the alternative hypothesis says of the first sample (the canary, the experiment) against the
 * second (the baseline, the control): `greater` when the canary's values (or rate) tend to be larger,
 * `less` when smaller, `two-sided` for either. Every test here defaults to `two-sided`, as R and scipy
 * do; a canary judge passes the direction it fails on.
 */
export type Alternative = 'two-sided' | 'greater' | 'less';

export const ALTERNATIVES: readonly Alternative[] = ['two-sided', 'greater', 'less'];
