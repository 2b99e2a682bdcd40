import { isGithubOidcProviderArn } from "./arn";
import { GITHUB_OIDC_AUD_KEY, GITHUB_OIDC_SUB_KEY, STS_AUDIENCE } from "./github-oidc";
import { ENVIRONMENT_SUBJECT, IMMUTABLE_ENVIRONMENT_SUBJECT } from "./github-subject";
import { ECR_PULL_ACTIONS } from "./pull-policy";
import { ECR_AUTH_ACTION, ECR_PUSH_ACTIONS } from "./push-policy";
import {
  POLICY_VERSION,
  asList,
  type ConditionValue,
  type PolicyDocument,
  type PolicyStatement,
} from "./policy-document";

/*
 * Static checks of rules A2 (CI role trust) and A3 (CI and pull permissions) over
 * any policy document: the ones this project builds, and ones read back from AWS
 * or written by hand, so the policy pack and the tests share one judgement.
 *
 * Matching is deliberately lenient where IAM is: action names and condition keys
 * are case-insensitive in IAM, so they are compared in lower case here too
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html).
 */

/** Which policy a document is: a role's trust policy, a role's permissions, or a repository policy. */
export type PolicyKind = "trust" | "permissions" | "repository";

/** Why a document breaks a rule. */
export type PolicyFindingCode =
  | "version"
  | "trust-principal"
  | "trust-action"
  | "missing-aud"
  | "aud-value"
  | "aud-operator"
  | "missing-sub"
  | "wildcard-sub"
  | "set-operator"
  | "sub-operator"
  | "sub-not-environment"
  | "not-action"
  | "not-resource"
  | "not-principal"
  | "wildcard-action"
  | "iam-action"
  | "delete-action"
  | "policy-action"
  | "unexpected-action"
  | "missing-resource"
  | "wildcard-resource"
  | "public-principal";

/** One rule violation. */
export interface PolicyFinding {
  /** The rule in the project's security rules. */
  readonly rule: "A2" | "A3";
  readonly code: PolicyFindingCode;
  /** The statement at fault: its Sid, or `#<index>` without one; `document` for the whole. */
  readonly statement: string;
  readonly message: string;
}

const lower = (s: string) => s.toLowerCase();
const AUD_KEY = lower(GITHUB_OIDC_AUD_KEY);
const SUB_KEY = lower(GITHUB_OIDC_SUB_KEY);
const AUTH_ACTION = lower(ECR_AUTH_ACTION);
const PERMISSION_ACTIONS = new Set([AUTH_ACTION, ...ECR_PUSH_ACTIONS.map(lower)]);
const PULL_ACTIONS = new Set(ECR_PULL_ACTIONS.map(lower));
const hasWildcard = (s: string) => s.includes("*") || s.includes("?");

/** Every condition entry of a statement whose key is `key` (case-insensitive), with its operator. */
function conditionEntries(
  statement: PolicyStatement,
  key: string,
): { operator: string; values: readonly ConditionValue[] }[] {
  const entries: { operator: string; values: readonly ConditionValue[] }[] = [];
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    for (const [k, value] of Object.entries(block)) {
      if (lower(k) === key) entries.push({ operator, values: asList(value) });
    }
  }
  return entries;
}

/**
 * Checks a policy document against rules A2 and A3; an empty list means it passes.
 *
 * - `trust`: principal only the GitHub OIDC provider, action only
 *   `sts:AssumeRoleWithWebIdentity`, plain `StringEquals` on `aud = sts.amazonaws.com`
 *   and on `sub`, every `sub` an exact environment subject (never a wildcard,
 *   never a set operator, never `...IfExists`).
 * - `permissions`: only `ecr:GetAuthorizationToken` and the push actions; no
 *   wildcard, delete, policy or IAM action; `*` resources only for
 *   `ecr:GetAuthorizationToken`.
 * - `repository`: a named principal (never `*`) allowed the pull actions only.
 *
 * Deny statements only take access away, so only Allow statements are judged.
 */
export function checkIamPolicy(doc: PolicyDocument, kind: PolicyKind): PolicyFinding[] {
  const rule = kind === "trust" ? "A2" : "A3";
  const findings: PolicyFinding[] = [];
  const add = (statement: string, code: PolicyFindingCode, message: string) =>
    findings.push({ rule, code, statement, message });

  if (doc.Version !== POLICY_VERSION)
    add("document", "version", `Version must be "${POLICY_VERSION}", found ${JSON.stringify(doc.Version)}`);

  doc.Statement.forEach((statement, index) => {
    if (statement.Effect !== "Allow") return;
    const where = statement.Sid ?? `#${index}`;
    const report = (code: PolicyFindingCode, message: string) => add(where, code, message);
    if (statement.NotAction !== undefined)
      report("not-action", "NotAction in an Allow statement grants every other action");
    if (kind === "trust") checkTrustStatement(statement, report);
    else if (kind === "permissions") checkPermissionStatement(statement, report);
    else checkRepositoryStatement(statement, report);
  });
  return findings;
}

type Report = (code: PolicyFindingCode, message: string) => void;

function checkTrustStatement(statement: PolicyStatement, report: Report): void {
  const principal = statement.Principal;
  const federated = principal === undefined || principal === "*" ? [] : asList(principal.Federated);
  const others =
    principal === undefined || principal === "*"
      ? []
      : [...asList(principal.AWS), ...asList(principal.Service), ...asList(principal.CanonicalUser)];
  if (principal === "*" || federated.length === 0 || others.length > 0 || !federated.every(isGithubOidcProviderArn)) {
    report(
      "trust-principal",
      `the principal must be the GitHub OIDC provider alone, found ${JSON.stringify(principal ?? null)}`,
    );
  }
  if (statement.NotPrincipal !== undefined)
    report("not-principal", "NotPrincipal in an Allow statement trusts everyone else");

  for (const action of asList(statement.Action)) {
    if (hasWildcard(action)) report("wildcard-action", `action ${JSON.stringify(action)} is a wildcard`);
    else if (lower(action) !== "sts:assumerolewithwebidentity")
      report("trust-action", `action ${JSON.stringify(action)} is not sts:AssumeRoleWithWebIdentity`);
  }

  checkTrustClaim(statement, AUD_KEY, "aud", report);
  checkTrustClaim(statement, SUB_KEY, "sub", report);
}

/** The `aud` or `sub` claim: exactly one plain StringEquals test, with the values the rule demands. */
function checkTrustClaim(statement: PolicyStatement, key: string, claim: "aud" | "sub", report: Report): void {
  const entries = conditionEntries(statement, key);
  for (const { operator } of entries) {
    if (/^for(?:allvalues|anyvalue):/i.test(operator)) {
      report(
        "set-operator",
        `${operator} on ${claim}: a set operator tests a multi-valued key; ForAllValues is true when the claim is absent`,
      );
    } else if (operator !== "StringEquals" && claim === "sub") {
      report(
        "sub-operator",
        `${operator} on sub: only StringEquals, which has no wildcards and requires the claim, is allowed`,
      );
    } else if (operator !== "StringEquals") {
      report("aud-operator", `${operator} on aud: only StringEquals is allowed`);
    }
  }
  const exact = entries.filter((e) => e.operator === "StringEquals").flatMap((e) => e.values);
  if (claim === "aud") {
    if (exact.length === 0) report("missing-aud", `no StringEquals condition on ${GITHUB_OIDC_AUD_KEY}`);
    else if (exact.some((v) => v !== STS_AUDIENCE))
      report("aud-value", `aud must be exactly "${STS_AUDIENCE}", found ${JSON.stringify(exact)}`);
    return;
  }
  if (exact.length === 0)
    report("missing-sub", `no StringEquals condition on ${GITHUB_OIDC_SUB_KEY}: any repository could assume the role`);
  for (const value of entries.flatMap((e) => e.values)) {
    const text = String(value);
    if (hasWildcard(text)) report("wildcard-sub", `sub ${JSON.stringify(text)} holds a wildcard`);
    else if (!ENVIRONMENT_SUBJECT.test(text) && !IMMUTABLE_ENVIRONMENT_SUBJECT.test(text)) {
      report(
        "sub-not-environment",
        `sub ${JSON.stringify(text)} is not repo:ORG/REPO:environment:NAME (or its immutable form)`,
      );
    }
  }
}

/** The category of a disallowed action, most specific first; undefined when `allowed` holds it. */
function actionProblem(
  action: string,
  allowed: ReadonlySet<string>,
): { code: PolicyFindingCode; why: string } | undefined {
  const name = lower(action);
  if (hasWildcard(name)) return { code: "wildcard-action", why: "is a wildcard" };
  if (name.startsWith("iam:") || name.startsWith("sts:")) return { code: "iam-action", why: "touches IAM or STS" };
  if (name.includes("delete")) return { code: "delete-action", why: "deletes" };
  if (name.includes("policy")) return { code: "policy-action", why: "reads or changes a policy" };
  if (!allowed.has(name)) return { code: "unexpected-action", why: "is not needed by this policy" };
  return undefined;
}

function checkPermissionStatement(statement: PolicyStatement, report: Report): void {
  const actions = asList(statement.Action);
  for (const action of actions) {
    const problem = actionProblem(action, PERMISSION_ACTIONS);
    if (problem) report(problem.code, `action ${JSON.stringify(action)} ${problem.why}`);
  }
  if (statement.NotResource !== undefined)
    report("not-resource", "NotResource in an Allow statement grants every other resource");
  const resources = asList(statement.Resource);
  if (resources.length === 0 && statement.NotResource === undefined) report("missing-resource", "no Resource");
  const onlyAuth = actions.length > 0 && actions.every((a) => lower(a) === AUTH_ACTION);
  for (const resource of resources) {
    if (hasWildcard(resource) && !onlyAuth) {
      report(
        "wildcard-resource",
        `resource ${JSON.stringify(resource)} is a wildcard; only ${ECR_AUTH_ACTION} may use "*"`,
      );
    }
  }
}

function checkRepositoryStatement(statement: PolicyStatement, report: Report): void {
  const principal = statement.Principal;
  const named =
    principal === undefined || principal === "*"
      ? []
      : [...asList(principal.AWS), ...asList(principal.Federated), ...asList(principal.Service)];
  if (principal === "*" || named.length === 0 || named.some(hasWildcard)) {
    report("public-principal", `the principal must name accounts or roles, found ${JSON.stringify(principal ?? null)}`);
  }
  if (statement.NotPrincipal !== undefined)
    report("not-principal", "NotPrincipal in an Allow statement grants everyone else");
  for (const action of asList(statement.Action)) {
    const problem = actionProblem(action, PULL_ACTIONS);
    if (problem)
      report(
        problem.code,
        `action ${JSON.stringify(action)} ${problem.why}; a repository policy here grants pull only`,
      );
  }
}
