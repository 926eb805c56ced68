import type { SamFunction, TemplateValue, TemplateWarning } from '../template/model';
import { deployedString, fillVersions } from '../template/values';

/**
 * A function's environment as Lambda would hold it: every value a string. Values CloudFormation
 * resolves at deploy time (a table's name, an API's URL) are given by `resolve` when the simulator
 * knows a local stand-in; any other such value becomes a placeholder naming it, with a warning, so a
 * hook that reads it sees at once that the simulation could not know it.
 */
export function functionEnvironment(
  fn: SamFunction,
  versions: Readonly<Record<string, string>>,
  resolve: (value: TemplateValue) => TemplateValue,
  warnings: TemplateWarning[],
  file: string | undefined,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, raw] of Object.entries(fn.environment)) {
    const value = resolve(fillVersions(raw, versions));
    const deployed = deployedString(value);
    if ('value' in deployed) environment[name] = deployed.value;
    else {
      const what = deployed.unknown ?? JSON.stringify(value);
      environment[name] = `unresolved:${what}`;
      const location = fn.locations[`Properties.Environment.Variables.${name}`];
      warnings.push({
        kind: 'unresolved-environment',
        message: `${fn.logicalId}'s environment variable ${name} is ${what}, known only once deployed: the simulation sets it to "unresolved:${what}"`,
        path: `Resources.${fn.logicalId}.Properties.Environment.Variables.${name}`,
        file,
        line: location?.line,
        column: location?.column,
      });
    }
  }
  return environment;
}
