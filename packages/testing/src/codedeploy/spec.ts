import { isPlainObject, Validator } from '@shiftguard/kit';

import { DEPLOYMENT_ID_PATTERN } from './ids';
import {
  COMPUTE_PLATFORMS,
  type CreateDeploymentSpec,
  type HookExecutionIds,
  LIFECYCLE_EVENT_NAMES,
  REVISION_TYPES,
} from './types';

const SPEC_KEYS: readonly (keyof CreateDeploymentSpec)[] = [
  'applicationName',
  'deploymentGroupName',
  'description',
  'computePlatform',
  'deploymentConfigName',
  'revisionType',
  's3Location',
  'appSpec',
  'contentInGetDeployment',
  'deploymentId',
  'hookExecutionIds',
];

/** CodeDeploy caps application and deployment group names at 100 characters. */
const NAME_LIMIT = 100;

/**
 * Checks a deployment spec from code or a seed file, naming the bad field under `path`
 * (e.g. `deployments[0].appSpec`). Returns a copy holding only validated fields.
 */
export function validateDeploymentSpec(v: Validator, path: string, value: unknown): CreateDeploymentSpec {
  const spec = v.object(value, path, SPEC_KEYS);
  const at = (key: string) => Validator.join(path, key);
  const checked: { -readonly [K in keyof CreateDeploymentSpec]: CreateDeploymentSpec[K] } = {};

  checked.applicationName = v.string(spec.applicationName, at('applicationName'), { maxLength: NAME_LIMIT });
  checked.deploymentGroupName = v.string(spec.deploymentGroupName, at('deploymentGroupName'), {
    maxLength: NAME_LIMIT,
  });
  checked.description = v.string(spec.description, at('description'), { allowEmpty: true });
  checked.computePlatform = v.oneOf(spec.computePlatform, at('computePlatform'), COMPUTE_PLATFORMS);
  checked.deploymentConfigName = v.string(spec.deploymentConfigName, at('deploymentConfigName'));
  checked.revisionType = v.oneOf(spec.revisionType, at('revisionType'), REVISION_TYPES);
  if (spec.s3Location !== undefined) {
    if (checked.revisionType !== 'S3') v.fail(at('s3Location'), "is only meaningful with revisionType 'S3'");
    const location = v.object(spec.s3Location, at('s3Location'), ['bucket', 'key']);
    const bucket = v.string(location.bucket, Validator.join(at('s3Location'), 'bucket'));
    const key = v.string(location.key, Validator.join(at('s3Location'), 'key'));
    if (bucket === undefined || key === undefined) v.fail(at('s3Location'), 'needs both bucket and key');
    checked.s3Location = { bucket, key };
  }
  if (typeof spec.appSpec === 'string') {
    checked.appSpec = v.string(spec.appSpec, at('appSpec'));
  } else if (isPlainObject(spec.appSpec)) {
    checked.appSpec = spec.appSpec;
  } else if (spec.appSpec !== undefined) {
    v.wrongType(at('appSpec'), 'a string or an object', spec.appSpec);
  }
  checked.contentInGetDeployment = v.boolean(spec.contentInGetDeployment, at('contentInGetDeployment'));
  checked.deploymentId = v.string(spec.deploymentId, at('deploymentId'), {
    pattern: DEPLOYMENT_ID_PATTERN,
    patternHint: '"d-" followed by 9 uppercase letters or digits, like d-A1B2C3D4E',
  });
  if (spec.hookExecutionIds !== undefined) {
    const ids = v.object(spec.hookExecutionIds, at('hookExecutionIds'), LIFECYCLE_EVENT_NAMES);
    const checkedIds: { -readonly [K in keyof HookExecutionIds]: string } = {};
    for (const event of LIFECYCLE_EVENT_NAMES) {
      const id = v.string(ids[event], Validator.join(at('hookExecutionIds'), event));
      if (id !== undefined) checkedIds[event] = id;
    }
    checked.hookExecutionIds = checkedIds;
  }
  for (const key of Object.keys(checked) as (keyof CreateDeploymentSpec)[]) {
    if (checked[key] === undefined) delete checked[key];
  }
  return checked;
}
