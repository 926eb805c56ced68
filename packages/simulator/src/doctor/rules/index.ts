// Every rule the doctor runs, in the order they run (the report is sorted afterwards, so the order
// only decides which of two findings at one place comes first). The reader's own findings (a fatal
// error, its warnings) are reported under the rules of ./reader.ts.
import { DOCTOR_IAM_RULES } from '../iam-rules';
import type { DoctorRule } from '../rule';
import { alarmOtherFunction, alarmVersionDimensions } from './alarm-dimensions';
import { alarmMissingData } from './alarm-missing-data';
import { alarmsRemoved } from './alarms-removed';
import { autoPublishConfigOnly } from './auto-publish-config-only';
import { hookNamePrefix } from './hook-name-prefix';
import { hookTimeout } from './hook-timeout';
import { weightedAliasProvisionedConcurrency } from './weighted-alias-provisioned-concurrency';

/** The rules about the deployment's structure: hooks, alarms, versions (no IAM). */
export const STRUCTURAL_RULES: readonly DoctorRule[] = [
  hookNamePrefix,
  hookTimeout,
  alarmVersionDimensions,
  alarmOtherFunction,
  alarmMissingData,
  weightedAliasProvisionedConcurrency,
  autoPublishConfigOnly,
  alarmsRemoved,
];

/** The doctor's rules: the structural ones, then the hooks' and the deployment role's IAM. */
export const DOCTOR_RULES: readonly DoctorRule[] = [...STRUCTURAL_RULES, ...DOCTOR_IAM_RULES];
