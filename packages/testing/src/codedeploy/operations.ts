import { isPlainObject } from '@shiftguard/kit';
import type { JsonObject, JsonOperation } from '../aws-json';
import { ServiceError } from '../service-error';
import { deploymentInfo, revisionLocation } from './deployment-info';
import { DEPLOYMENT_ID_PATTERN } from './ids';
import { stringField } from './input';
import { lambdaTarget, lambdaTargetId, toEpochSeconds } from './lambda-target';
import { type CodeDeployState, type DeploymentRecord, isTerminal } from './state';
import { LIFECYCLE_EVENT_STATUSES, type LifecycleEventStatus } from './types';

/**
 * The emulated CodeDeploy operations, validating input the way the real service does and answering
 * with the error names of the CodeDeploy API model.
 */
export function codeDeployOperations(
  state: CodeDeployState,
  region: string,
): Readonly<Record<string, JsonOperation>> {
  return {
    GetDeployment(input) {
      const record = findDeployment(state, input.deploymentId);
      return { deploymentInfo: deploymentInfo(state, record) };
    },

    GetApplicationRevision(input) {
      const applicationName = stringField(input, 'applicationName');
      if (applicationName === undefined || applicationName === '') {
        throw new ServiceError(
          'ApplicationNameRequiredException',
          'The minimum number of required application names was not specified.',
        );
      }
      if (applicationName.length > 100) {
        throw new ServiceError(
          'InvalidApplicationNameException',
          'The application name was specified in an invalid format.',
        );
      }
      const revision = input.revision;
      if (revision === undefined || revision === null) {
        throw new ServiceError('RevisionRequiredException', 'The revision ID was not specified.');
      }
      const wanted = parseRevision(revision);
      const records = state.all().filter((record) => record.applicationName === applicationName);
      if (!state.applicationExists(applicationName)) {
        throw new ServiceError(
          'ApplicationDoesNotExistException',
          `Application ${applicationName} does not exist`,
        );
      }
      const matches = records.filter((record) => wanted.matches(record));
      const first = matches[0];
      if (first === undefined) {
        throw new ServiceError(
          'RevisionDoesNotExistException',
          `No such revision in application ${applicationName}`,
        );
      }
      const times = matches.map((record) => record.createTime);
      return {
        applicationName,
        revision: revisionLocation(first, true),
        revisionInfo: {
          description: first.description,
          deploymentGroups: [...new Set(matches.map((record) => record.deploymentGroupName))],
          firstUsedTime: toEpochSeconds(Math.min(...times)),
          lastUsedTime: toEpochSeconds(Math.max(...times)),
          registerTime: toEpochSeconds(Math.min(...times)),
        },
      };
    },

    PutLifecycleEventHookExecutionStatus(input, { fault }) {
      const receivedAt = state.clock.wallTime();
      const report = {
        deploymentId: typeof input.deploymentId === 'string' ? input.deploymentId : undefined,
        lifecycleEventHookExecutionId:
          typeof input.lifecycleEventHookExecutionId === 'string'
            ? input.lifecycleEventHookExecutionId
            : undefined,
        status: typeof input.status === 'string' ? input.status : undefined,
        receivedAt,
        ...(fault === undefined ? {} : { fault }),
      };
      try {
        const output = putHookStatus(state, input);
        state.record({ ...report, outcome: 'accepted' });
        return output;
      } catch (error) {
        state.record({ ...report, outcome: error instanceof ServiceError ? error.name : 'InternalFailure' });
        throw error;
      }
    },

    GetDeploymentTarget(input) {
      const record = startedDeployment(state, input.deploymentId);
      const targetId = stringField(input, 'targetId');
      if (targetId === undefined || targetId === '') {
        throw new ServiceError(
          'DeploymentTargetIdRequiredException',
          'A deployment target ID was not provided.',
        );
      }
      if (record.computePlatform !== 'Lambda' || targetId !== lambdaTargetId(record)) {
        throw new ServiceError(
          'DeploymentTargetDoesNotExistException',
          `The provided target ID ${targetId} does not belong to deployment ${record.deploymentId}.`,
        );
      }
      return {
        deploymentTarget: {
          deploymentTargetType: 'LambdaTarget',
          lambdaTarget: lambdaTarget(record, region),
        },
      };
    },

    ListDeploymentTargets(input) {
      const record = startedDeployment(state, input.deploymentId);
      if (input.nextToken !== undefined && input.nextToken !== null) {
        // Every answer fits one page, so no token the emulator handed out can exist.
        throw new ServiceError(
          'InvalidNextTokenException',
          'The next token was specified in an invalid format.',
        );
      }
      const statuses = targetStatusFilter(input.targetFilters);
      if (record.computePlatform !== 'Lambda') return { targetIds: [] };
      const target = lambdaTarget(record, region);
      const included = statuses === undefined || statuses.includes(target.status as string);
      return { targetIds: included ? [lambdaTargetId(record)] : [] };
    },
  };
}

function putHookStatus(state: CodeDeployState, input: JsonObject): unknown {
  const record = findDeployment(state, input.deploymentId);
  const executionId = stringField(input, 'lifecycleEventHookExecutionId');
  if (executionId === undefined || executionId === '') {
    throw new ServiceError(
      'InvalidLifecycleEventHookExecutionIdException',
      'A lifecycle event hook execution ID is required.',
    );
  }
  const status = stringField(input, 'status');
  if (status === undefined || !(LIFECYCLE_EVENT_STATUSES as readonly string[]).includes(status)) {
    throw new ServiceError(
      'InvalidLifecycleEventHookExecutionStatusException',
      `Invalid status ${JSON.stringify(status ?? null)}: must be Succeeded or Failed.`,
    );
  }
  // The API model lists six statuses, but the API reference says only Succeeded and Failed "can be
  // passed successfully"; a hook sending anything else would fail against the real service too.
  if (status !== 'Succeeded' && status !== 'Failed') {
    throw new ServiceError(
      'InvalidLifecycleEventHookExecutionStatusException',
      `Status ${status} cannot be reported by a validation function: must be Succeeded or Failed.`,
    );
  }
  if (record.computePlatform === 'Server') {
    throw new ServiceError(
      'UnsupportedActionForDeploymentTypeException',
      'PutLifecycleEventHookExecutionStatus is only supported for Lambda and ECS deployments.',
    );
  }
  const hook = record.hooks.find((candidate) => candidate.executionId === executionId);
  // A deployment CodeDeploy runs hands an execution id out only when it invokes the hook.
  if (hook === undefined || (record.run !== undefined && hook.status === 'Pending')) {
    throw new ServiceError(
      'InvalidLifecycleEventHookExecutionIdException',
      `Lifecycle event hook execution ${executionId} does not belong to deployment ${record.deploymentId}.`,
    );
  }
  if (isTerminal(hook.status)) {
    throw new ServiceError(
      'LifecycleEventAlreadyCompletedException',
      `The lifecycle event ${hook.event} of deployment ${record.deploymentId} already completed with status ${hook.status}.`,
    );
  }
  state.complete(hook, status as Extract<LifecycleEventStatus, 'Succeeded' | 'Failed'>);
  return { lifecycleEventHookExecutionId: executionId };
}

/** A deployment whose targets can be listed: one CodeDeploy runs has none before it starts. */
function startedDeployment(state: CodeDeployState, raw: unknown): DeploymentRecord {
  const record = findDeployment(state, raw);
  if (record.run !== undefined && (record.run.status === 'Created' || record.run.status === 'Queued')) {
    throw new ServiceError(
      'DeploymentNotStartedException',
      `The deployment ${record.deploymentId} has not started.`,
    );
  }
  return record;
}

export function findDeployment(state: CodeDeployState, raw: unknown): DeploymentRecord {
  const deploymentId = stringField({ deploymentId: raw }, 'deploymentId');
  if (deploymentId === undefined || deploymentId === '') {
    throw new ServiceError('DeploymentIdRequiredException', 'At least one deployment ID must be specified.');
  }
  if (!DEPLOYMENT_ID_PATTERN.test(deploymentId)) {
    throw new ServiceError(
      'InvalidDeploymentIdException',
      `Specified DeploymentId is not in the valid format: ${deploymentId}`,
    );
  }
  const record = state.find(deploymentId);
  if (record === undefined) {
    throw new ServiceError('DeploymentDoesNotExistException', `Deployment ${deploymentId} does not exist`);
  }
  return record;
}

interface RevisionQuery {
  matches(record: DeploymentRecord): boolean;
}

function parseRevision(revision: unknown): RevisionQuery {
  const bad = (why: string) =>
    new ServiceError('InvalidRevisionException', `The revision is invalid: ${why}`);
  if (!isPlainObject(revision))
    throw new ServiceError('SerializationException', 'revision must be an object');
  const type = revision.revisionType;
  if (typeof type !== 'string') throw bad('revisionType is required');
  switch (type) {
    case 'AppSpecContent':
    case 'String': {
      const member = type === 'AppSpecContent' ? revision.appSpecContent : revision.string;
      if (!isPlainObject(member))
        throw bad(`${type === 'AppSpecContent' ? 'appSpecContent' : 'string'} is required`);
      const sha256 = typeof member.sha256 === 'string' ? member.sha256 : undefined;
      const content = typeof member.content === 'string' ? member.content : undefined;
      if (sha256 === undefined && content === undefined) throw bad('content or sha256 is required');
      return {
        matches: (record) =>
          record.revisionType === type &&
          (sha256 === undefined || record.sha256 === sha256) &&
          (content === undefined || record.content === content),
      };
    }
    case 'S3': {
      const location = revision.s3Location;
      if (
        !isPlainObject(location) ||
        typeof location.bucket !== 'string' ||
        typeof location.key !== 'string'
      ) {
        throw bad('s3Location with bucket and key is required');
      }
      return {
        matches: (record) =>
          record.revisionType === 'S3' &&
          record.s3Location?.bucket === location.bucket &&
          record.s3Location?.key === location.key,
      };
    }
    case 'GitHub':
      return { matches: () => false };
    default:
      throw bad(`unknown revisionType ${type}`);
  }
}

const TARGET_FILTER_NAMES = ['TargetStatus', 'ServerInstanceLabel'];

function targetStatusFilter(filters: unknown): readonly string[] | undefined {
  if (filters === undefined || filters === null) return undefined;
  if (!isPlainObject(filters))
    throw new ServiceError('SerializationException', 'targetFilters must be an object');
  for (const name of Object.keys(filters)) {
    if (!TARGET_FILTER_NAMES.includes(name)) {
      throw new ServiceError(
        'InvalidTargetFilterNameException',
        `The target filter name ${name} is invalid.`,
      );
    }
  }
  const statuses = filters.TargetStatus;
  if (statuses === undefined) return undefined;
  if (!Array.isArray(statuses) || statuses.some((status) => typeof status !== 'string')) {
    throw new ServiceError('SerializationException', 'targetFilters.TargetStatus must be a list of strings');
  }
  return statuses as string[];
}
