import type { CheckedResource, Finding } from "../schema";
import {
  field,
  intBetween,
  isRecord,
  itemsOf,
  known,
  lengthBetween,
  matches,
  oneOf,
  type Rule,
  type StackRule,
  type Violation,
} from "./rule";
import { GITHUB } from "../../resource-types";

/*
 * Validations of integrations/terraform-provider-github v6.13.0, the upstream
 * pulumi-github v6.15.0 bundles (its `upstream` submodule is commit
 * 20728bb30c112287ac3e8243cdb0307a45c6a0a0 = tag v6.13.0). Terraform names are
 * snake_case; Pulumi's inputs are their camelCase forms, lists of blocks
 * (`reviewers`, `bypass_actors`) pluralized by the bridge where the schema says so.
 */
const UPSTREAM = "integrations/terraform-provider-github@v6.13.0";
const cite = (file: string, lines: string): string => `${UPSTREAM} github/${file}:${lines}`;

const T = GITHUB;

const RULESET = "resource_github_repository_ruleset.go";
const RULESET_VALIDATION = "util_ruleset_validation.go";
const ENVIRONMENT = "resource_github_repository_environment.go";

// util.go:184 (validateSecretNameFunc), shared by secrets and variables.
const SECRET_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** validateSecretNameFunc (util.go:184-212): the pattern, then no GITHUB_ prefix. */
function secretName(path: string, value: unknown): Violation[] {
  if (typeof value !== "string" || !known(value)) return [];
  const pattern = matches(
    path,
    value,
    SECRET_NAME,
    "can only contain alphanumeric characters or underscores and must not start with a number",
  );
  if (pattern.length > 0) return pattern;
  return value.toUpperCase().startsWith("GITHUB_")
    ? [{ path, message: `${JSON.stringify(value)} must not start with the GITHUB_ prefix` }]
    : [];
}

/** Exactly one of these inputs set (Terraform's ExactlyOneOf). */
function exactlyOne(inputs: Readonly<Record<string, unknown>>, names: readonly string[], path = ""): Violation[] {
  const set = names.filter((n) => Object.hasOwn(inputs, n));
  if (set.length === 1) return [];
  return [
    {
      path,
      message:
        set.length === 0
          ? `one of ${names.join(", ")} must be set`
          : `only one of ${names.join(", ")} may be set; got ${set.join(", ")}`,
    },
  ];
}

// util_ruleset_validation.go:29-48 (branch and tag targets) and :62-67 (push), in Pulumi's names.
const BRANCH_TAG_RULES = [
  "creation",
  "update",
  "updateAllowsFetchAndMerge",
  "deletion",
  "requiredLinearHistory",
  "requiredSignatures",
  "pullRequest",
  "requiredStatusChecks",
  "nonFastForward",
  "commitMessagePattern",
  "commitAuthorEmailPattern",
  "committerEmailPattern",
  "branchNamePattern",
  "tagNamePattern",
  "requiredCodeScanning",
  "requiredDeployments",
  "mergeQueue",
  "copilotCodeReview",
];
const PUSH_RULES = ["filePathRestriction", "maxFilePathLength", "fileExtensionRestriction", "maxFileSize"];
const PATTERN_RULES = [
  "commitMessagePattern",
  "commitAuthorEmailPattern",
  "committerEmailPattern",
  "branchNamePattern",
  "tagNamePattern",
];

/** A rule is in use when its boolean is true or its block is present. */
function inUse(value: unknown): boolean {
  return value !== undefined && value !== false && value !== null;
}

const rulesetRules: Rule[] = [
  {
    id: "github:repository-ruleset:name-length",
    type: T.ruleset,
    citation: cite(RULESET, "36-41"),
    // Required upstream; the Pulumi schema leaves it optional (the bridge can autoname it).
    check: (i) => lengthBetween("name", i.name, 1, 100),
  },
  {
    id: "github:repository-ruleset:target",
    type: T.ruleset,
    citation: cite(RULESET, "19, 42-47"),
    check: (i) => oneOf("target", i.target, ["branch", "push", "tag"]),
  },
  {
    id: "github:repository-ruleset:repository-name",
    type: T.ruleset,
    citation: cite(RULESET, "48-53"),
    check: (i) =>
      matches("repository", i.repository, /^[-a-zA-Z0-9_.]{1,100}$/, "is not 1-100 of letters, digits, -, _ and ."),
  },
  {
    id: "github:repository-ruleset:enforcement",
    type: T.ruleset,
    citation: cite(RULESET, "54-59"),
    check: (i) => oneOf("enforcement", i.enforcement, ["disabled", "active", "evaluate"]),
  },
  {
    id: "github:repository-ruleset:bypass-actor-type",
    type: T.ruleset,
    citation: cite(RULESET, "73-78"),
    check: (i) =>
      itemsOf(i.bypassActors).flatMap(([actor, n]) =>
        oneOf(`bypassActors[${String(n)}].actorType`, field(actor, "actorType"), [
          "RepositoryRole",
          "Team",
          "Integration",
          "OrganizationAdmin",
          "DeployKey",
          "EnterpriseOwner",
          "User",
        ]),
      ),
  },
  {
    id: "github:repository-ruleset:bypass-mode",
    type: T.ruleset,
    citation: cite(RULESET, "79-84"),
    check: (i) =>
      itemsOf(i.bypassActors).flatMap(([actor, n]) =>
        oneOf(`bypassActors[${String(n)}].bypassMode`, field(actor, "bypassMode"), [
          "always",
          "pull_request",
          "exempt",
        ]),
      ),
  },
  {
    id: "github:repository-ruleset:ref-name-include-exclude",
    type: T.ruleset,
    citation: cite(RULESET, "98-126"),
    check: (i) => {
      if (!isRecord(i.conditions) || !known(i.conditions)) return [];
      const refName = i.conditions.refName;
      if (!isRecord(refName) || !known(refName)) return [];
      return (["includes", "excludes"] as const)
        .filter((k) => !Object.hasOwn(refName, k))
        .map((k) => ({
          path: `conditions.refName.${k}`,
          message: `${k} is required (give [] for none): ref_name's include and exclude are both Required`,
        }));
    },
  },
  {
    id: "github:repository-ruleset:ref-name-for-target",
    type: T.ruleset,
    citation: cite(RULESET_VALIDATION, "132-151, 166-187"),
    check: (i) => {
      if (!isRecord(i.conditions) || !known(i.conditions) || !known(i.target)) return [];
      const hasRefName = Object.hasOwn(i.conditions, "refName");
      if (i.target === "push" && hasRefName)
        return [{ path: "conditions.refName", message: "ref_name must not be set for push target" }];
      if ((i.target === "branch" || i.target === "tag") && !hasRefName)
        return [{ path: "conditions.refName", message: `ref_name must be set for ${i.target} target` }];
      return [];
    },
  },
  {
    id: "github:repository-ruleset:rules-required",
    type: T.ruleset,
    citation: cite(RULESET, "133-138"),
    check: (i) => (Object.hasOwn(i, "rules") ? [] : [{ path: "rules", message: "rules is required" }]),
  },
  {
    id: "github:repository-ruleset:rules-for-target",
    type: T.ruleset,
    citation: cite(RULESET_VALIDATION, "29-48, 62-67, 69-130"),
    check: (i) => {
      const target = i.target;
      if (!isRecord(i.rules) || !known(i.rules) || typeof target !== "string") return [];
      const allowed = target === "push" ? PUSH_RULES : BRANCH_TAG_RULES;
      return Object.entries(i.rules)
        .filter(([name, value]) => inUse(value) && !allowed.includes(name))
        .map(([name]) => ({ path: `rules.${name}`, message: `rule ${name} is not valid for ${target} target` }));
    },
  },
  {
    id: "github:repository-ruleset:required-approving-review-count",
    type: T.ruleset,
    citation: cite(RULESET, "226-232"),
    check: (i) =>
      intBetween(
        "rules.pullRequest.requiredApprovingReviewCount",
        field(field(i.rules, "pullRequest"), "requiredApprovingReviewCount"),
        0,
        10,
      ),
  },
  {
    id: "github:repository-ruleset:allowed-merge-methods",
    type: T.ruleset,
    citation: cite(RULESET, "197-207"),
    check: (i) => {
      const methods = field(field(i.rules, "pullRequest"), "allowedMergeMethods");
      const path = "rules.pullRequest.allowedMergeMethods";
      if (Array.isArray(methods) && methods.length === 0)
        return [{ path, message: "needs at least one merge method (MinItems 1)" }];
      return itemsOf(methods).flatMap(([m, n]) => oneOf(`${path}[${String(n)}]`, m, ["merge", "squash", "rebase"]));
    },
  },
  {
    id: "github:repository-ruleset:required-checks",
    type: T.ruleset,
    citation: cite(RULESET, "291-311"),
    check: (i) => {
      const checks = field(field(i.rules, "requiredStatusChecks"), "requiredChecks");
      return Array.isArray(checks) && checks.length === 0
        ? [{ path: "rules.requiredStatusChecks.requiredChecks", message: "needs at least one check (MinItems 1)" }]
        : [];
    },
  },
  {
    id: "github:repository-ruleset:pattern-operator",
    type: T.ruleset,
    citation: `${cite(RULESET, "390-546")}; ${cite(RULESET_VALIDATION, "14")}`,
    check: (i) =>
      PATTERN_RULES.flatMap((name) =>
        oneOf(`rules.${name}.operator`, field(field(i.rules, name), "operator"), [
          "starts_with",
          "ends_with",
          "contains",
          "regex",
        ]),
      ),
  },
  {
    id: "github:repository-ruleset:branch-or-tag-name-pattern",
    type: T.ruleset,
    citation: cite(RULESET, "487, 519"),
    check: (i) =>
      inUse(field(i.rules, "branchNamePattern")) && inUse(field(i.rules, "tagNamePattern"))
        ? [{ path: "rules", message: "branchNamePattern conflicts with tagNamePattern" }]
        : [],
  },
];

const environmentRules: Rule[] = [
  {
    id: "github:repository-environment:wait-timer",
    type: T.environment,
    citation: cite(ENVIRONMENT, "58-63"),
    check: (i) => intBetween("waitTimer", i.waitTimer, 0, 43200),
  },
  {
    id: "github:repository-environment:reviewers-block",
    type: T.environment,
    citation: cite(ENVIRONMENT, "64-68"),
    check: (i) =>
      Array.isArray(i.reviewers) && i.reviewers.length > 1
        ? [{ path: "reviewers", message: `${String(i.reviewers.length)} reviewers blocks; at most 1 (MaxItems 1)` }]
        : [],
  },
  {
    id: "github:repository-environment:reviewer-teams",
    type: T.environment,
    citation: cite(ENVIRONMENT, "71-77"),
    check: (i) => maxItems(i, "teams", 6),
  },
  {
    id: "github:repository-environment:reviewer-users",
    type: T.environment,
    citation: cite(ENVIRONMENT, "78-84"),
    check: (i) => maxItems(i, "users", 6),
  },
  {
    id: "github:repository-environment:reviewers-combined",
    type: T.environment,
    citation: cite(ENVIRONMENT, "126-128, 152-168"),
    // The provider checks this only on update (it returns early without an id);
    // on create the GitHub API enforces the same limit.
    check: (i) =>
      itemsOf(i.reviewers).flatMap(([block, n]) => {
        const count = ["teams", "users"].reduce((sum, k) => {
          const list = field(block, k);
          return sum + (Array.isArray(list) ? list.length : 0);
        }, 0);
        return count > 6
          ? [
              {
                path: `reviewers[${String(n)}]`,
                message: `${String(count)} reviewers; a maximum of 6 reviewers (users and teams combined) can be set for an environment`,
              },
            ]
          : [];
      }),
  },
  {
    id: "github:repository-environment:deployment-branch-policy",
    type: T.environment,
    citation:
      "GitHub REST API, Create or update an environment (deployment_branch_policy): " +
      '"If protected_branches is true, custom_branch_policies must be false; if protected_branches is false, custom_branch_policies must be true." ' +
      `The provider sends both as given (${cite(ENVIRONMENT, "88-104, 389-395")})`,
    unverified: "a GitHub API rule, from its documentation; the provider does not check it",
    check: (i) => {
      const policy = i.deploymentBranchPolicy;
      if (!isRecord(policy) || !known(policy)) return [];
      const { protectedBranches, customBranchPolicies } = policy;
      if (typeof protectedBranches !== "boolean" || typeof customBranchPolicies !== "boolean") return [];
      return protectedBranches === customBranchPolicies
        ? [
            {
              path: "deploymentBranchPolicy",
              message: `exactly one of protectedBranches and customBranchPolicies must be true; both are ${String(protectedBranches)}`,
            },
          ]
        : [];
    },
  },
  {
    id: "github:environment-deployment-policy:exactly-one-pattern",
    type: T.deploymentPolicy,
    citation: cite("resource_github_repository_environment_deployment_policy.go", "47-62"),
    check: (i) => {
      const problems = exactlyOne(i, ["branchPattern", "tagPattern"]);
      if (problems.length > 0) return problems;
      return (["branchPattern", "tagPattern"] as const)
        .filter((k) => i[k] === "")
        .map((k) => ({ path: k, message: `${k} must not be empty` }));
    },
  },
];

function maxItems(inputs: Readonly<Record<string, unknown>>, key: "teams" | "users", max: number): Violation[] {
  return itemsOf(inputs.reviewers).flatMap(([block, n]) => {
    const list = field(block, key);
    return Array.isArray(list) && list.length > max
      ? [
          {
            path: `reviewers[${String(n)}].${key}`,
            message: `${String(list.length)} ${key}; at most ${String(max)}`,
          },
        ]
      : [];
  });
}

const actionsRules: Rule[] = [
  {
    id: "github:actions-environment-secret:secret-name",
    type: T.environmentSecret,
    citation: `${cite("resource_github_actions_environment_secret.go", "47-53")}; ${cite("util.go", "184-212")}`,
    check: (i) => secretName("secretName", i.secretName),
  },
  {
    id: "github:actions-environment-secret:exactly-one-value",
    type: T.environmentSecret,
    citation: cite("resource_github_actions_environment_secret.go", "66, 73, 81, 90"),
    check: (i) => exactlyOne(i, ["value", "valueEncrypted", "encryptedValue", "plaintextValue"]),
  },
  {
    id: "github:actions-environment-variable:variable-name",
    type: T.environmentVariable,
    citation: `${cite("resource_github_actions_environment_variable.go", "44-50")}; ${cite("util.go", "184-212")}`,
    check: (i) => secretName("variableName", i.variableName),
  },
  {
    id: "github:actions-variable:variable-name",
    type: T.variable,
    citation: `${cite("resource_github_actions_variable.go", "37-43")}; ${cite("util.go", "184-212")}`,
    check: (i) => secretName("variableName", i.variableName),
  },
];

const accessRules: Rule[] = [
  {
    id: "github:membership:role",
    type: T.membership,
    citation: cite("resource_github_membership.go", "33-39"),
    check: (i) => oneOf("role", i.role, ["member", "admin"]),
  },
  {
    id: "github:team:privacy",
    type: T.team,
    citation: cite("resource_github_team.go", "43-49"),
    check: (i) => oneOf("privacy", i.privacy, ["secret", "closed"]),
  },
  {
    id: "github:team:notification-setting",
    type: T.team,
    citation: cite("resource_github_team.go", "50-56"),
    check: (i) =>
      oneOf("notificationSetting", i.notificationSetting, ["notifications_enabled", "notifications_disabled"]),
  },
  {
    id: "github:team-members:role",
    type: T.teamMembers,
    citation: cite("resource_github_team_members.go", "74-80"),
    check: (i) =>
      itemsOf(i.members).flatMap(([m, n]) =>
        oneOf(`members[${String(n)}].role`, field(m, "role"), ["member", "maintainer"]),
      ),
  },
  {
    id: "github:team-members:exactly-one-team",
    type: T.teamMembers,
    citation: cite("resource_github_team_members.go", "45-61"),
    check: (i) => exactlyOne(i, ["teamSlug", "teamId"]),
  },
];

const repositoryRules: Rule[] = [
  {
    id: "github:workflow-repository-permissions:default-permissions",
    type: T.workflowPermissions,
    citation: cite("resource_github_workflow_repository_permissions.go", "22-27"),
    check: (i) => oneOf("defaultWorkflowPermissions", i.defaultWorkflowPermissions, ["read", "write"]),
  },
  {
    id: "github:workflow-repository-permissions:repository-length",
    type: T.workflowPermissions,
    citation: cite("resource_github_workflow_repository_permissions.go", "34-39"),
    check: (i) => lengthBetween("repository", i.repository, 1, 100),
  },
  {
    id: "github:repository-file:commit-author-with-email",
    type: T.file,
    citation: cite("resource_github_repository_file.go", "82-95"),
    check: (i) => {
      const author = Object.hasOwn(i, "commitAuthor");
      const email = Object.hasOwn(i, "commitEmail");
      if (author === email) return [];
      return [
        {
          path: author ? "commitEmail" : "commitAuthor",
          message: "commitAuthor and commitEmail must be set together (RequiredWith)",
        },
      ];
    },
  },
];

/** The GitHub provider's validations this program depends on. */
export const GITHUB_RULES: readonly Rule[] = [
  ...rulesetRules,
  ...environmentRules,
  ...actionsRules,
  ...accessRules,
  ...repositoryRules,
];

/** An environment's identity: repository and name. */
const environmentKey = (i: Readonly<Record<string, unknown>>): string => JSON.stringify([i.repository, i.environment]);

/** The GitHub validations that span resources. */
export const GITHUB_STACK_RULES: readonly StackRule[] = [
  {
    id: "github:environment-deployment-policy:custom-branch-policies",
    citation:
      "GitHub REST API, Create a deployment branch policy: the environment's deployment_branch_policy.custom_branch_policies must be true; " +
      `the provider does not check it (${cite("resource_github_repository_environment_deployment_policy.go", "112-127")})`,
    unverified: "a GitHub API rule, from its documentation; the provider does not check it",
    check: (resources: readonly CheckedResource[]): Finding[] => {
      const custom = new Map<string, unknown>();
      for (const r of resources) {
        if (r.type !== T.environment) continue;
        // No deploymentBranchPolicy means every branch may deploy: no custom policies.
        const policy = r.inputs.deploymentBranchPolicy;
        custom.set(
          environmentKey(r.inputs),
          Object.hasOwn(r.inputs, "deploymentBranchPolicy") ? field(policy, "customBranchPolicies") : false,
        );
      }
      return resources
        .filter((r) => r.type === T.deploymentPolicy && known(r.inputs.repository) && known(r.inputs.environment))
        .flatMap((r) => {
          const key = environmentKey(r.inputs);
          // An environment this program does not manage, or one not known yet, is not judged.
          if (!custom.has(key) || !known(custom.get(key)) || custom.get(key) === true) return [];
          return [
            {
              resource: r.name,
              type: r.type,
              path: "environment",
              rule: "github:environment-deployment-policy:custom-branch-policies",
              message: `environment ${JSON.stringify(r.inputs.environment)} does not set deploymentBranchPolicy.customBranchPolicies: true, so GitHub refuses its deployment policies`,
            },
          ];
        });
    },
  },
];
