// The template doctor's IAM evaluation and its rules, for the doctor engine.
export type { Decision, Request } from './evaluate';
export { evaluate } from './evaluate';
export type { Permissions, RoleOwner } from './hook-role';
export { decide, functionPermissions, rolePermissions } from './hook-role';
export type { IamResource, IamRuleInput, IamStack } from './input';
export type { Clause, Entry, PolicySource, Statement } from './policy';
export { readPolicyDocument } from './policy';
export { IAM_RULES, type IamRule } from './rules';
export type { SymbolToken, Tokens, Truth } from './tokens';
export { matchPattern } from './tokens';
export { IamValues } from './values';
