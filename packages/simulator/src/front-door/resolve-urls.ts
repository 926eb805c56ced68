// The template's references to API and function URL addresses, pointed at the front door, so a hook's
// `httpCheck(process.env.API_URL + '/orders')` reaches the alias through it.
import { isPlainObject } from '@shiftguard/kit';
import type { TemplateValue } from '../template/model';
import type { FrontDoorAddresses, FrontDoorTarget } from './front-door';

type Part = string | { readonly [key: string]: TemplateValue };

/** What follows `${Api}` in an execute-api address: the rest of the host name. */
const EXECUTE_API_HOST = /^\.execute-api\.[A-Za-z0-9.-]*[A-Za-z0-9]/;

/**
 * Replaces, wherever `value` refers to the address of an API or function URL the front door serves,
 * the production address with the front door's, and leaves everything else as it is. `readSamTemplate`
 * leaves these references in their long form, since only a deployed stack knows them:
 *
 * - `https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}` (an `Fn::Join` once read, with what
 *   follows: `/Prod/orders` stays) becomes the target's `origin`, `http://127.0.0.1:<port>`;
 * - `!GetAtt Fn Url.FunctionUrl` (the `<Function>Url` resource SAM generates) becomes the URL's
 *   `url`, ending in `/`; `!GetAtt HttpApi.ApiEndpoint` becomes the `origin`;
 * - `!Ref Api` on its own (the API id) becomes the `apiId` the front door's events carry, and
 *   `!Ref Api.Stage` the stage name;
 *
 * inside `Fn::Join`s and nested joins as well, so a value that is then all text becomes a string.
 *
 * @example
 * ```ts
 * const hook = model.functions.find((fn) => fn.logicalId === 'PreTrafficHook')!;
 * resolveFrontDoorUrls(hook.environment.API_URL!, door);
 * // { 'Fn::Join': ['', ['https://', { Ref: 'ServerlessHttpApi' }, '.execute-api.us-east-1.amazonaws.com']] }
 * // → 'http://127.0.0.1:53817'
 * ```
 */
export function resolveFrontDoorUrls(value: TemplateValue, frontDoor: FrontDoorAddresses): TemplateValue {
  const targets = new Map(frontDoor.targets.map((target) => [target.logicalId, target]));
  const apis = (logicalId: string) => {
    const target = targets.get(logicalId);
    return target && target.kind !== 'FunctionUrl' ? target : undefined;
  };
  const urls = (logicalId: string) => {
    // SAM names a function's URL resource `<Function>Url`.
    const target = logicalId.endsWith('Url') ? targets.get(logicalId.slice(0, -'Url'.length)) : undefined;
    return target?.kind === 'FunctionUrl' ? target : undefined;
  };
  return resolve(value, { apis, urls });
}

interface Lookup {
  readonly apis: (logicalId: string) => FrontDoorTarget | undefined;
  readonly urls: (logicalId: string) => FrontDoorTarget | undefined;
}

function resolve(value: TemplateValue, lookup: Lookup): TemplateValue {
  if (Array.isArray(value)) return value.map((item) => resolve(item, lookup));
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Fn::Join' || keys[0] === 'Ref' || keys[0] === 'Fn::GetAtt')) {
    // Flattened before anything is replaced: whether `${Api}` is an address or the id alone depends
    // on the text after it, which may sit in the next item or an inner join.
    const parts = flatten(value);
    if (parts) {
      const rewritten = rewrite(mergeText(parts), lookup);
      return rewritten ? joined(rewritten) : value;
    }
  }
  const out: Record<string, TemplateValue> = {};
  for (const [key, item] of Object.entries(value)) out[key] = resolve(item as TemplateValue, lookup);
  return out;
}

/**
 * A value as the parts of a string: text, a join's items with its delimiter between them (inner
 * joins alike), any other intrinsic as one part; undefined for what a string cannot hold.
 */
function flatten(value: TemplateValue): Part[] | undefined {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (!isPlainObject(value)) return undefined;
  const args = (value as Record<string, unknown>)['Fn::Join'];
  if (Object.keys(value).length !== 1 || args === undefined) return [value as Part];
  if (!Array.isArray(args) || typeof args[0] !== 'string' || !Array.isArray(args[1])) return undefined;
  const [delimiter, items] = args as [string, readonly TemplateValue[]];
  const parts: Part[] = [];
  for (const [index, item] of items.entries()) {
    if (index > 0) parts.push(delimiter);
    const flat = flatten(item);
    if (flat === undefined) return undefined;
    parts.push(...flat);
  }
  return parts;
}

/**
 * The address references among the parts replaced by text, the text around them adjusted, and any
 * other intrinsic resolved inside; undefined when nothing changed, so such a value comes back as it
 * was written.
 */
function rewrite(parts: readonly Part[], lookup: Lookup): Part[] | undefined {
  const out: Part[] = [];
  let changed = false;
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    if (typeof part === 'string') {
      out.push(part);
      continue;
    }
    const ref = typeof part.Ref === 'string' && Object.keys(part).length === 1 ? part.Ref : undefined;
    const getAtt = getAttOf(part);
    const api = ref === undefined ? undefined : lookup.apis(ref);
    const stageOf = ref?.endsWith('.Stage') ? lookup.apis(ref.slice(0, -'.Stage'.length)) : undefined;
    const url = getAtt?.[1] === 'FunctionUrl' ? lookup.urls(getAtt[0]) : undefined;
    const endpoint = getAtt?.[1] === 'ApiEndpoint' ? lookup.apis(getAtt[0]) : undefined;
    if (api) {
      const next = parts[index + 1];
      const host = typeof next === 'string' ? EXECUTE_API_HOST.exec(next) : null;
      if (host && typeof next === 'string') {
        // `https://${Api}.execute-api.…` → the front door's origin, which is plain HTTP on loopback.
        const previous = out[out.length - 1];
        const scheme = typeof previous === 'string' ? /https?:\/\/$/.exec(previous) : null;
        if (scheme && typeof previous === 'string') {
          out[out.length - 1] = previous.slice(0, -scheme[0].length);
          out.push(api.origin);
        } else {
          out.push(api.origin.slice('http://'.length));
        }
        out.push(next.slice(host[0].length));
        index++;
      } else {
        out.push(api.apiId);
      }
    } else if (stageOf) {
      out.push(stageOf.stageName);
    } else if (url) {
      out.push(url.url);
    } else if (endpoint?.kind === 'HttpApi') {
      out.push(endpoint.origin);
    } else {
      const inner = ref === undefined && getAtt === undefined ? resolve(part, lookup) : part;
      if (JSON.stringify(inner) !== JSON.stringify(part)) changed = true;
      out.push(inner as Part);
      continue;
    }
    changed = true;
  }
  return changed ? out : undefined;
}

function getAttOf(part: { readonly [key: string]: TemplateValue }): [string, string] | undefined {
  const args = part['Fn::GetAtt'];
  if (Object.keys(part).length !== 1 || !Array.isArray(args) || args.length !== 2) return undefined;
  const [logicalId, attribute] = args;
  return typeof logicalId === 'string' && typeof attribute === 'string' ? [logicalId, attribute] : undefined;
}

/** Adjacent text as one part, so a host name split over a join's items reads whole. */
function mergeText(parts: readonly Part[]): Part[] {
  const merged: Part[] = [];
  for (const part of parts) {
    const previous = merged[merged.length - 1];
    if (typeof part === 'string' && part === '') continue;
    if (typeof part === 'string' && typeof previous === 'string') merged[merged.length - 1] = previous + part;
    else merged.push(part);
  }
  return merged;
}

/** All text is a string, otherwise an `Fn::Join` with the empty delimiter. */
function joined(parts: readonly Part[]): TemplateValue {
  const merged = mergeText(parts);
  if (merged.length === 0) return '';
  if (merged.length === 1) return merged[0]!;
  return { 'Fn::Join': ['', merged] };
}
