import type { InputSource } from '../validate';
import {
  childPath,
  describeValue,
  expectObject,
  invalid,
  isPlainObject,
  optionalBoolean,
  optionalEnum,
  optionalString,
} from '../validate';
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
export function validateDeploymentSpec(
  source: InputSource,
  path: string,
  value: unknown,
): CreateDeploymentSpec {
  const spec = expectObject(source, path, value, SPEC_KEYS);
  const at = (key: string) => childPath(path, key);
  const checked: { -readonly [K in keyof CreateDeploymentSpec]: CreateDeploymentSpec[K] } = {};

  checked.applicationName = optionalString(source, at('applicationName'), spec.applicationName, {
    maxLength: NAME_LIMIT,
  });
  checked.deploymentGroupName = optionalString(source, at('deploymentGroupName'), spec.deploymentGroupName, {
    maxLength: NAME_LIMIT,
  });
  if (spec.description !== undefined && typeof spec.description !== 'string') {
    throw invalid(source, at('description'), `must be a string (got ${describeValue(spec.description)})`);
  }
  checked.description = spec.description;
  checked.computePlatform = optionalEnum(
    source,
    at('computePlatform'),
    spec.computePlatform,
    COMPUTE_PLATFORMS,
  );
  checked.deploymentConfigName = optionalString(
    source,
    at('deploymentConfigName'),
    spec.deploymentConfigName,
  );
  checked.revisionType = optionalEnum(source, at('revisionType'), spec.revisionType, REVISION_TYPES);
  if (spec.s3Location !== undefined) {
    if (checked.revisionType !== 'S3') {
      throw invalid(source, at('s3Location'), "is only meaningful with revisionType 'S3'");
    }
    const location = expectObject(source, at('s3Location'), spec.s3Location, ['bucket', 'key']);
    const bucket = optionalString(source, childPath(at('s3Location'), 'bucket'), location.bucket);
    const key = optionalString(source, childPath(at('s3Location'), 'key'), location.key);
    if (bucket === undefined || key === undefined) {
      throw invalid(source, at('s3Location'), 'needs both bucket and key');
    }
    checked.s3Location = { bucket, key };
  }
  if (spec.appSpec !== undefined) {
    if (typeof spec.appSpec === 'string') {
      if (spec.appSpec === '') throw invalid(source, at('appSpec'), 'must not be empty');
      checked.appSpec = spec.appSpec;
    } else if (isPlainObject(spec.appSpec)) {
      checked.appSpec = spec.appSpec;
    } else {
      throw invalid(
        source,
        at('appSpec'),
        `must be a string or an object (got ${describeValue(spec.appSpec)})`,
      );
    }
  }
  checked.contentInGetDeployment = optionalBoolean(
    source,
    at('contentInGetDeployment'),
    spec.contentInGetDeployment,
  );
  checked.deploymentId = optionalString(source, at('deploymentId'), spec.deploymentId, {
    pattern: DEPLOYMENT_ID_PATTERN,
    patternHint: '"d-" followed by 9 uppercase letters or digits, like d-A1B2C3D4E',
  });
  if (spec.hookExecutionIds !== undefined) {
    const ids = expectObject(source, at('hookExecutionIds'), spec.hookExecutionIds, LIFECYCLE_EVENT_NAMES);
    const checkedIds: { -readonly [K in keyof HookExecutionIds]: string } = {};
    for (const event of LIFECYCLE_EVENT_NAMES) {
      const id = optionalString(source, childPath(at('hookExecutionIds'), event), ids[event]);
      if (id !== undefined) checkedIds[event] = id;
    }
    checked.hookExecutionIds = checkedIds;
  }
  for (const key of Object.keys(checked) as (keyof CreateDeploymentSpec)[]) {
    if (checked[key] === undefined) delete checked[key];
  }
  return checked;
}
