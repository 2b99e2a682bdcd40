/*
 * The IAM policy grammar as plain types, so the documents this project builds are
 * checked by the compiler before they are serialized. Field names are IAM's own
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
 */

/** The current IAM policy language version; the older 2008-10-17 lacks policy variables. */
export const POLICY_VERSION = "2012-10-17";

/** A value IAM accepts either alone or as a list. */
export type OneOrMany<T> = T | readonly T[];

/** A scalar a condition compares against. */
export type ConditionValue = string | number | boolean;

/** Principals by kind; a trust policy names an OIDC provider under `Federated`. */
export interface PolicyPrincipalMap {
  readonly AWS?: OneOrMany<string>;
  readonly Federated?: OneOrMany<string>;
  readonly Service?: OneOrMany<string>;
  readonly CanonicalUser?: OneOrMany<string>;
}

/** `"*"` (anyone) or principals by kind. */
export type PolicyPrincipal = "*" | PolicyPrincipalMap;

/** Operator (e.g. `StringEquals`) -> condition key -> value(s). */
export type PolicyCondition = Readonly<Record<string, Readonly<Record<string, OneOrMany<ConditionValue>>>>>;

/** One statement of an identity, trust or resource policy. */
export interface PolicyStatement {
  /** Statement id; IAM policies accept only letters and digits here. */
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  /** Required in trust and resource policies, forbidden in identity policies. */
  readonly Principal?: PolicyPrincipal;
  readonly NotPrincipal?: PolicyPrincipal;
  readonly Action?: OneOrMany<string>;
  readonly NotAction?: OneOrMany<string>;
  /** Required in identity policies; implied by the resource in resource policies. */
  readonly Resource?: OneOrMany<string>;
  readonly NotResource?: OneOrMany<string>;
  readonly Condition?: PolicyCondition;
}

/** A whole policy document. */
export interface PolicyDocument {
  readonly Version: string;
  readonly Id?: string;
  readonly Statement: readonly PolicyStatement[];
}

/** The value(s) of a one-or-many field as a list; absent means empty. */
export function asList<T>(value: OneOrMany<T> | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

/** The policy as the JSON text the IAM and ECR APIs take. */
export function renderPolicyDocument(doc: PolicyDocument): string {
  return JSON.stringify(doc);
}
