/**
 * `@shiftguard/core/yaml`: import it in a bundled hook that must read YAML AppSpecs (deployments
 * created by hand with a YAML revision). CloudFormation and SAM write JSON, which needs nothing.
 *
 * @example
 * ```ts
 * import '@shiftguard/core/yaml';
 * export const handler = createHook({ checks });
 * ```
 */
import { parse } from 'yaml';
import { registerYamlParser } from './deployment/appspec-document';

registerYamlParser((text) => parse(text, { schema: 'failsafe' }));
