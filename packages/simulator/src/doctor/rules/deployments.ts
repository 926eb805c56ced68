// What most rules walk: the functions CodeDeploy deploys (an enabled DeploymentPreference) and their hooks.
import type { HookTarget, SamDeploymentPreference, SamFunction, SamModel } from '../../template/model';

export interface Deployment {
  readonly fn: SamFunction;
  readonly preference: SamDeploymentPreference;
  /** `Resources.<logical id>.Properties.DeploymentPreference`. */
  readonly path: string;
}

/** Every function with an enabled DeploymentPreference, in template order. */
export function deploymentsOf(model: SamModel): Deployment[] {
  return model.functions.flatMap((fn) =>
    fn.deploymentPreference?.enabled === true
      ? [
          {
            fn,
            preference: fn.deploymentPreference,
            path: propertyPath(fn.logicalId, 'DeploymentPreference'),
          },
        ]
      : [],
  );
}

export interface DeploymentHook {
  readonly deployment: Deployment;
  readonly event: 'PreTraffic' | 'PostTraffic';
  readonly hook: HookTarget;
  /** The hook's function when it is one of the template's; undefined for one named outside. */
  readonly hookFunction: SamFunction | undefined;
  /** `…DeploymentPreference.Hooks.PreTraffic`. */
  readonly path: string;
}

/** Every hook of every deployment. */
export function hooksOf(model: SamModel): DeploymentHook[] {
  return deploymentsOf(model).flatMap((deployment) =>
    (
      [
        ['PreTraffic', deployment.preference.hooks.preTraffic],
        ['PostTraffic', deployment.preference.hooks.postTraffic],
      ] as const
    ).flatMap(([event, hook]) =>
      hook === undefined
        ? []
        : [
            {
              deployment,
              event,
              hook,
              hookFunction: model.functions.find((fn) => fn.logicalId === hook.logicalId),
              path: `${deployment.path}.Hooks.${event}`,
            },
          ],
    ),
  );
}

/** `Resources.<logical id>.Properties.<property>` (or the resource itself without one). */
export function propertyPath(logicalId: string, property?: string): string {
  return property === undefined ? `Resources.${logicalId}` : `Resources.${logicalId}.Properties.${property}`;
}
