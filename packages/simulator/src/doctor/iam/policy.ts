// IAM policy statements, normalised: one shape whatever the template wrote (a string or a list, Action
// or NotAction, an Fn::If around any of it), each part keeping the template path it is written at so a
// finding can point at it. Grammar: IAM JSON policy elements reference,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
import { isPlainObject } from '@shiftguard/kit';
import { joinPath } from '../../template/paths';
import { literal, symbol, type Tokens } from './tokens';
import { type IamValues, isUnreadable } from './values';

/** Where a statement comes from, as a message names it and a finding locates it. */
export interface PolicySource {
  /**
   * `inline`: a policy document the user wrote (SAM `Policies`, a role's `Policies`, `AWS::IAM::Policy`);
   * `template`: a SAM policy template; `managed`: a managed policy; `connector`: an
   * `AWS::Serverless::Connector`; `sam`: what SAM adds to the role it generates; `role`: a role
   * shiftguard cannot read.
   */
  readonly kind: 'inline' | 'template' | 'managed' | 'connector' | 'sam' | 'role';
  /** How a message names it: `the inline policy Policies[0]`, `managed policy AWSLambdaRole`. */
  readonly name: string;
  /** Where it is written: the `Policies` item, the `ManagedPolicyArns` item, the resource. */
  readonly path: string;
  /** The managed policy's or policy template's name, for `managed` and `template`. */
  readonly policyName?: string;
}

/** One `Action`/`Resource` value. */
export interface Entry {
  /** The value as IAM compares it; a token list. */
  readonly tokens: Tokens;
  /** Where it is written (for a statement the user did not write, its source's path). */
  readonly path: string;
}

/** `Action`/`NotAction`, or `Resource`/`NotResource`. */
export interface Clause {
  readonly not: boolean;
  readonly entries: readonly Entry[];
  /** The key's path (`…Statement[0].Resource`). */
  readonly path: string;
}

export interface Statement {
  readonly effect: 'Allow' | 'Deny';
  /** Undefined when the statement has neither key (IAM refuses such a policy). */
  readonly action: Clause | undefined;
  readonly resource: Clause | undefined;
  /** Whether it has a `Condition`: it may or may not apply to a request. */
  readonly conditional: boolean;
  readonly path: string;
  readonly source: PolicySource;
  /**
   * Why what this statement grants cannot be read (an unknown managed policy, a statement that is an
   * intrinsic): it stands for "may allow" on the actions its `action` clause matches.
   */
  readonly opaque?: string;
}

/** A statement whose content is unknown, limited to the actions of `action` (`NotAction` when `not`). */
export function opaqueStatement(
  source: PolicySource,
  reason: string,
  actions: { readonly not?: boolean; readonly patterns?: readonly string[] } = {},
): Statement {
  const entries = (actions.patterns ?? ['*']).map((pattern) => ({
    tokens: literal(pattern),
    path: source.path,
  }));
  return {
    effect: 'Allow',
    action: { not: actions.not ?? false, entries, path: source.path },
    resource: { not: false, entries: [{ tokens: literal('*'), path: source.path }], path: source.path },
    conditional: false,
    path: source.path,
    source,
    opaque: reason,
  };
}

/**
 * A policy document's statements. `raw` is the document as written (`{Version, Statement}`), `path` where
 * it is written; `located` false for a document that is not the user's text (a policy template, a
 * managed policy), whose parts are all located at the source.
 */
export function readPolicyDocument(
  values: IamValues,
  raw: unknown,
  path: string,
  source: PolicySource,
  located = true,
): Statement[] {
  const document = values.shape(raw, path);
  if (document === undefined) return [];
  if (isUnreadable(document)) return [opaqueStatement(source, `${source.name}: ${document.unreadable}`)];
  if (!isPlainObject(document.value)) {
    return [opaqueStatement(source, `${source.name} is not a policy document (a mapping with Statement)`)];
  }
  const statementPath = joinPath(document.path, 'Statement');
  return values.list(document.value.Statement, statementPath).flatMap((item): Statement[] => {
    if (isUnreadable(item)) return [opaqueStatement(source, `${source.name}: ${item.unreadable}`)];
    return [readStatement(values, item.value, located ? item.path : source.path, source, located)];
  });
}

function readStatement(
  values: IamValues,
  raw: unknown,
  path: string,
  source: PolicySource,
  located: boolean,
): Statement {
  if (!isPlainObject(raw)) return opaqueStatement(source, `a statement of ${source.name} is not a mapping`);
  const at = (key: string) => (located ? joinPath(path, key) : source.path);
  const effect = values.shape(raw.Effect, at('Effect'));
  const effectValue = effect && !isUnreadable(effect) ? effect.value : undefined;
  if (effectValue !== 'Allow' && effectValue !== 'Deny') {
    return { ...opaqueStatement(source, `a statement of ${source.name} has no Effect Allow or Deny`), path };
  }
  const clause = (key: string, notKey: string): Clause | undefined => {
    const not = raw[key] === undefined && raw[notKey] !== undefined;
    const name = not ? notKey : key;
    if (raw[name] === undefined) return undefined;
    const entries = values.list(raw[name], at(name)).map((item): Entry => {
      if (isUnreadable(item))
        return { tokens: [symbol({ unreadable: item.unreadable }, `\${?}`)], path: at(name) };
      return { tokens: values.string(item.value), path: located ? item.path : source.path };
    });
    return { not, entries, path: at(name) };
  };
  return {
    effect: effectValue,
    action: clause('Action', 'NotAction'),
    resource: clause('Resource', 'NotResource'),
    conditional: raw.Condition !== undefined,
    path,
    source,
  };
}
