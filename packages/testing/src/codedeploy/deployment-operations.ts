import { sha256Hex } from '@shiftguard/kit';
import type { JsonObject, JsonOperation } from '../aws-json';
import { ServiceError } from '../service-error';
import { readAlarmConfiguration, readAutoRollbackConfiguration } from './catalog-operations';
import { deploymentInfo } from './deployment-info';
import type { DeploymentEngine } from './engine';
import { DEPLOYMENT_ID_PATTERN } from './ids';
import {
  applicationNameOf,
  booleanField,
  deploymentConfigNameOf,
  deploymentGroupNameOf,
  noApplication,
  noDeploymentConfig,
  noDeploymentGroup,
  objectField,
  stringField,
  stringListField,
} from './input';
import { lambdaTarget, lambdaTargetId } from './lambda-target';
import { findDeployment } from './operations';
import { type CodeDeployState, deploymentStatus } from './state';
import type { DeploymentStatus } from './types';

/** BatchGet operations take at most 25 ids. */
const BATCH_LIMIT = 25;
/** ListDeployments' page (the API reference gives none; the emulator's choice). */
const LIST_PAGE = 100;
const STATUSES: readonly DeploymentStatus[] = [
  'Created',
  'Queued',
  'InProgress',
  'Baking',
  'Succeeded',
  'Failed',
  'Stopped',
  'Ready',
];

/** CreateDeployment (which runs it), StopDeployment, ListDeployments and the batch reads. */
export function deploymentOperations(
  state: CodeDeployState,
  engine: DeploymentEngine,
  region: string,
): Readonly<Record<string, JsonOperation>> {
  const catalog = state.catalog;
  return {
    CreateDeployment(input) {
      const applicationName = applicationNameOf(input);
      if (catalog.application(applicationName) === undefined) throw noApplication(applicationName);
      const deploymentGroupName = deploymentGroupNameOf(input);
      const group = catalog.group(applicationName, deploymentGroupName);
      if (group === undefined) throw noDeploymentGroup(deploymentGroupName);
      const { revisionType, content } = readRevision(objectField(input, 'revision'));
      const configName = deploymentConfigNameOf(input, false) ?? group.deploymentConfigName;
      if (catalog.config(configName) === undefined) throw noDeploymentConfig(configName);
      const autoRollbackConfiguration = readAutoRollbackConfiguration(
        objectField(input, 'autoRollbackConfiguration'),
      );
      const overrideAlarmConfiguration = readAlarmConfiguration(
        objectField(input, 'overrideAlarmConfiguration'),
      );
      const active = group.active;
      if (active !== undefined && engine.isRunning(active)) {
        throw new ServiceError(
          'DeploymentLimitExceededException',
          `The Deployment Group '${deploymentGroupName}' already has an active Deployment '${active}'`,
        );
      }
      const record = engine.create({
        group,
        revisionType,
        content,
        description: stringField(input, 'description'),
        deploymentConfigName: configName,
        autoRollbackConfiguration,
        overrideAlarmConfiguration,
      });
      return { deploymentId: record.deploymentId };
    },

    StopDeployment(input) {
      const record = findDeployment(state, input.deploymentId);
      const autoRollbackEnabled = booleanField(input, 'autoRollbackEnabled');
      if (record.run === undefined) {
        throw new ServiceError(
          'UnsupportedActionForDeploymentTypeException',
          `Deployment ${record.deploymentId} was made with the emulator's createDeployment(), which CodeDeploy does not run, so it cannot be stopped.`,
        );
      }
      if (!engine.isRunning(record.deploymentId)) {
        throw new ServiceError(
          'DeploymentAlreadyCompletedException',
          `Deployment ${record.deploymentId} has already completed.`,
        );
      }
      engine.stop(record.deploymentId, autoRollbackEnabled);
      return {
        status: 'Succeeded',
        statusMessage: 'No more commands will be scheduled for execution in the deployment instances',
      };
    },

    ListDeployments(input) {
      const applicationName = stringField(input, 'applicationName');
      const groupName = stringField(input, 'deploymentGroupName');
      if (applicationName !== undefined || groupName !== undefined) {
        applicationNameOf(input);
        deploymentGroupNameOf(input);
      }
      let records = state.all();
      if (applicationName !== undefined && groupName !== undefined) {
        if (!state.applicationExists(applicationName)) throw noApplication(applicationName);
        records = records.filter(
          (record) => record.applicationName === applicationName && record.deploymentGroupName === groupName,
        );
        if (catalog.group(applicationName, groupName) === undefined && records.length === 0) {
          throw noDeploymentGroup(groupName);
        }
      }
      const statuses = stringListField(input, 'includeOnlyStatuses');
      const unknown = statuses?.find((status) => !(STATUSES as readonly string[]).includes(status));
      if (unknown !== undefined) {
        throw new ServiceError(
          'InvalidDeploymentStatusException',
          `The deployment status ${unknown} is invalid.`,
        );
      }
      if (statuses !== undefined && statuses.length > 0) {
        records = records.filter((record) => statuses.includes(deploymentStatus(record)));
      }
      const range = timeRange(objectField(input, 'createTimeRange'));
      records = records.filter(
        (record) => record.createTime >= range.start && record.createTime <= range.end,
      );
      const ids = records.map((record) => record.deploymentId).reverse();
      const filters = JSON.stringify([applicationName, groupName, statuses, range]);
      const offset = readToken(input, filters);
      const page = ids.slice(offset, offset + LIST_PAGE);
      const next = offset + LIST_PAGE;
      return {
        deployments: page,
        ...(next < ids.length
          ? { nextToken: Buffer.from(JSON.stringify([next, filters])).toString('base64url') }
          : {}),
      };
    },

    BatchGetDeployments(input) {
      const ids = stringListField(input, 'deploymentIds');
      if (ids === undefined || ids.length === 0) {
        throw new ServiceError(
          'DeploymentIdRequiredException',
          'At least one deployment ID must be specified.',
        );
      }
      if (ids.length > BATCH_LIMIT) throw batchLimit();
      for (const id of ids) {
        if (!DEPLOYMENT_ID_PATTERN.test(id)) {
          throw new ServiceError(
            'InvalidDeploymentIdException',
            `Specified DeploymentId is not in the valid format: ${id}`,
          );
        }
      }
      // Ids of no deployment are left out, as CodeDeploy does.
      return {
        deploymentsInfo: ids.flatMap((id) => {
          const record = state.find(id);
          return record === undefined ? [] : [deploymentInfo(state, record)];
        }),
      };
    },

    BatchGetDeploymentTargets(input) {
      const record = findDeployment(state, input.deploymentId);
      if (record.run !== undefined && (record.run.status === 'Created' || record.run.status === 'Queued')) {
        throw new ServiceError(
          'DeploymentNotStartedException',
          `The deployment ${record.deploymentId} has not started.`,
        );
      }
      const targetIds = stringListField(input, 'targetIds');
      if (targetIds === undefined || targetIds.length === 0) {
        throw new ServiceError(
          'DeploymentTargetIdRequiredException',
          'A deployment target ID was not provided.',
        );
      }
      if (targetIds.length > BATCH_LIMIT) {
        throw new ServiceError(
          'DeploymentTargetListSizeExceededException',
          `The maximum number of targets that can be associated with a request (${BATCH_LIMIT}) was exceeded.`,
        );
      }
      return {
        deploymentTargets: targetIds.map((targetId) => {
          if (record.computePlatform !== 'Lambda' || targetId !== lambdaTargetId(record)) {
            throw new ServiceError(
              'DeploymentTargetDoesNotExistException',
              `The provided target ID ${targetId} does not belong to deployment ${record.deploymentId}.`,
            );
          }
          return { deploymentTargetType: 'LambdaTarget', lambdaTarget: lambdaTarget(record, region) };
        }),
      };
    },
  };
}

/** A Lambda deployment's revision: its AppSpec inline. S3 and GitHub hold content the emulator cannot fetch. */
function readRevision(revision: JsonObject | undefined): {
  revisionType: 'AppSpecContent' | 'String';
  content: string;
} {
  if (revision === undefined) {
    throw new ServiceError('RevisionRequiredException', 'The revision ID was not specified.');
  }
  const invalid = (why: string) =>
    new ServiceError('InvalidRevisionException', `The revision is invalid: ${why}`);
  const revisionType = stringField(revision, 'revisionType');
  if (revisionType === 'S3' || revisionType === 'GitHub') {
    throw invalid(
      `the emulator cannot fetch ${revisionType} revisions; send the AppSpec as AppSpecContent or String`,
    );
  }
  if (revisionType !== 'AppSpecContent' && revisionType !== 'String') {
    throw invalid(`unknown revisionType ${String(revisionType)}`);
  }
  const member = objectField(revision, revisionType === 'AppSpecContent' ? 'appSpecContent' : 'string');
  const content = member === undefined ? undefined : stringField(member, 'content');
  if (content === undefined || content === '') throw invalid(`${revisionType} needs its content`);
  const sha256 = member === undefined ? undefined : stringField(member, 'sha256');
  if (sha256 !== undefined && sha256 !== sha256Hex(content))
    throw invalid('the sha256 does not match the content');
  return { revisionType, content };
}

function timeRange(range: JsonObject | undefined): { start: number; end: number } {
  const read = (key: string, fallback: number) => {
    const value = range?.[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number')
      throw new ServiceError('SerializationException', `createTimeRange.${key} must be a timestamp`);
    return value * 1000;
  };
  const start = read('start', Number.NEGATIVE_INFINITY);
  const end = read('end', Number.POSITIVE_INFINITY);
  if (start > end)
    throw new ServiceError(
      'InvalidTimeRangeException',
      'The specified time range was specified in an invalid format.',
    );
  return { start, end };
}

function readToken(input: JsonObject, filters: string): number {
  const token = stringField(input, 'nextToken');
  if (token === undefined) return 0;
  const invalid = () =>
    new ServiceError('InvalidNextTokenException', 'The next token was specified in an invalid format.');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || typeof decoded[0] !== 'number' || decoded[1] !== filters) throw invalid();
  return decoded[0];
}

function batchLimit(): ServiceError {
  return new ServiceError(
    'BatchLimitExceededException',
    `The maximum number of names or IDs allowed for this request (${BATCH_LIMIT}) was exceeded.`,
  );
}
