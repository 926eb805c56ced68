// Whether a set of identity-policy statements allows one request, in three values. IAM's logic for one
// account, identity policies only (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
// an explicit Deny wins, then an Allow grants, otherwise the request is implicitly denied. What the
// template cannot tell (a Condition, a value known only once deployed, a policy shiftguard cannot read)
// makes the answer `unknown`, never a grant and never a denial.
import type { Clause, Statement } from './policy';
import { and, matchPattern, not, or, type Tokens, type Truth } from './tokens';

/** One call: an action (`codedeploy:PutLifecycleEventHookExecutionStatus`) on a resource ARN. */
export interface Request {
  readonly action: string;
  readonly resource: Tokens;
}

export type Decision =
  /** `statement`: the Allow that grants it. */
  | { readonly result: 'allowed'; readonly statement: Statement }
  /** `statement`: the Deny that denies it; undefined when no statement allows it (the implicit deny). */
  | { readonly result: 'denied'; readonly statement: Statement | undefined }
  /** `statements`: those that may decide it (a conditional or opaque Allow, a Deny that may apply). */
  | { readonly result: 'unknown'; readonly statements: readonly Statement[] };

/** Whether a clause matches: any entry (actions ignore case, resources do not), inverted for `Not…`. */
function clauseMatches(clause: Clause | undefined, value: Tokens, ignoreCase: boolean): Truth {
  // A statement without the key is not a valid policy; CloudFormation would fail to create it.
  if (clause === undefined) return 'maybe';
  let any: Truth = 'no';
  for (const entry of clause.entries) {
    any = or(any, matchPattern(entry.tokens, value, { ignoreCase }));
    if (any === 'yes') break;
  }
  return clause.not ? not(any) : any;
}

/** Whether the statement applies to the request (its Effect aside). */
export function applies(statement: Statement, request: Request): Truth {
  const action = clauseMatches(statement.action, [request.action], true);
  if (action === 'no') return 'no';
  const matched = and(action, clauseMatches(statement.resource, request.resource, false));
  if (matched === 'no') return 'no';
  return statement.conditional || statement.opaque !== undefined ? 'maybe' : matched;
}

/** Whether `statement`'s actions cover the request's action, whatever its resources. */
export function coversAction(statement: Statement, action: string): Truth {
  return clauseMatches(statement.action, [action], true);
}

export function evaluate(statements: readonly Statement[], request: Request): Decision {
  const maybe: Statement[] = [];
  let allow: Statement | undefined;
  let mayDeny = false;
  for (const statement of statements) {
    const applied = applies(statement, request);
    if (applied === 'no') continue;
    if (statement.effect === 'Deny') {
      if (applied === 'yes') return { result: 'denied', statement };
      mayDeny = true;
      maybe.push(statement);
    } else if (applied === 'yes') allow ??= statement;
    else maybe.push(statement);
  }
  if (allow && !mayDeny) return { result: 'allowed', statement: allow };
  const mayAllow = allow !== undefined || maybe.some((statement) => statement.effect === 'Allow');
  if (!mayAllow) return { result: 'denied', statement: undefined };
  return { result: 'unknown', statements: allow ? [allow, ...maybe] : maybe };
}
