import { SCHEMA_RULES as S, type SchemaExtract } from "../../lib/contract/schema";

/*
 * Small inputs per resource type: one valid example each, and bad examples
 * that each break one check. A bad example expects exactly the findings listed
 * (rule, path); where the schema and an upstream rule both refuse the same
 * thing, both are listed.
 */

const T = {
  repository: "aws:ecr/repository:Repository",
  scanning: "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
  cache: "aws:ecr/pullThroughCacheRule:PullThroughCacheRule",
  role: "aws:iam/role:Role",
  oidc: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
  awsProvider: "pulumi:providers:aws",
  ruleset: "github:index/repositoryRuleset:RepositoryRuleset",
  environment: "github:index/repositoryEnvironment:RepositoryEnvironment",
  policy: "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
  secret: "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret",
  envVariable: "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable",
  variable: "github:index/actionsVariable:ActionsVariable",
  membership: "github:index/membership:Membership",
  team: "github:index/team:Team",
  teamMembers: "github:index/teamMembers:TeamMembers",
  permissions: "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions",
  file: "github:index/repositoryFile:RepositoryFile",
} as const;

type Inputs = Record<string, unknown>;

export const VALID_INPUTS: Readonly<Record<string, Inputs>> = {
  [T.repository]: {
    name: "demo/demo",
    imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
    imageTagMutabilityExclusionFilters: [
      { filter: "latest", filterType: "WILDCARD" },
      { filter: "nightly-*", filterType: "WILDCARD" },
    ],
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfigurations: [{ encryptionType: "AES256" }],
    forceDelete: false,
    tags: { project: "demo" },
  },
  [T.scanning]: {
    scanType: "BASIC",
    rules: [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }],
  },
  [T.cache]: { ecrRepositoryPrefix: "docker-hub", upstreamRegistryUrl: "registry-1.docker.io" },
  [T.role]: { name: "demo-release-stable", assumeRolePolicy: "{}", maxSessionDuration: 3600 },
  [T.oidc]: { url: "https://token.actions.githubusercontent.com", clientIdLists: ["sts.amazonaws.com"] },
  [T.awsProvider]: { region: "eu-west-1", allowedAccountIds: '["111122223333"]', skipCredentialsValidation: "false" },
  [T.ruleset]: {
    name: "main: reviewed changes only",
    repository: "demo",
    target: "branch",
    enforcement: "active",
    bypassActors: [{ actorId: 42, actorType: "Team", bypassMode: "always" }],
    conditions: { refName: { includes: ["refs/heads/main"], excludes: [] } },
    rules: {
      deletion: true,
      pullRequest: { requiredApprovingReviewCount: 1, allowedMergeMethods: ["squash"] },
      requiredStatusChecks: { requiredChecks: [{ context: "test" }] },
    },
  },
  [T.environment]: {
    repository: "demo",
    environment: "stable",
    waitTimer: 30,
    reviewers: [{ teams: [1, 2], users: [3] }],
    deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
  },
  [T.policy]: { repository: "demo", environment: "stable", tagPattern: "v[0-9]*" },
  [T.secret]: { repository: "demo", environment: "stable", secretName: "DOCKERHUB_TOKEN", value: "[secret]" },
  [T.envVariable]: { repository: "demo", environment: "stable", variableName: "AWS_ROLE_ARN", value: "arn" },
  [T.variable]: { repository: "demo", variableName: "STABLE_PIN", value: "1.4.9" },
  [T.membership]: { username: "ada", role: "admin" },
  [T.team]: { name: "demo-admins", privacy: "closed", notificationSetting: "notifications_enabled" },
  [T.teamMembers]: { teamSlug: "demo-admins", members: [{ username: "ada", role: "maintainer" }] },
  [T.permissions]: { repository: "demo", defaultWorkflowPermissions: "read" },
  [T.file]: { repository: "demo", file: "a.yml", content: "x", commitAuthor: "bot", commitEmail: "bot@example.org" },
};

export interface BadExample {
  readonly rule: string;
  readonly what: string;
  readonly type: string;
  readonly inputs: Inputs;
  readonly expect: readonly [string, string][];
  /** Extracts other than the real two (for checks they cannot trigger). */
  readonly extracts?: readonly SchemaExtract[];
}

/** The valid example of `type`, changed by `edit` (a deep copy). */
function mutate(type: string, edit: (inputs: Inputs) => void): Inputs {
  const inputs = structuredClone<Inputs>(VALID_INPUTS[type]!);
  edit(inputs);
  return inputs;
}

function record(value: unknown): Inputs {
  return value as Inputs;
}

function bad(
  rule: string,
  what: string,
  type: string,
  edit: (inputs: Inputs) => void,
  expect: readonly [string, string][] = [],
): BadExample {
  return { rule, what, type, inputs: mutate(type, edit), expect };
}

const FILTER0 = "imageTagMutabilityExclusionFilters[0].filter";
const filters = (i: Inputs): Inputs[] => i.imageTagMutabilityExclusionFilters as Inputs[];
const rules = (i: Inputs): Inputs => record(i.rules);
const pullRequest = (i: Inputs): Inputs => record(rules(i).pullRequest);
const reviewers = (i: Inputs): Inputs => (i.reviewers as Inputs[])[0]!;

/** A tiny extract for the checks the real extracts cannot trigger. */
const SYNTHETIC: SchemaExtract = {
  provider: "synthetic",
  version: "0.0.0",
  source: "tests/contract/examples.ts",
  commit: null,
  resources: {
    "synthetic:index/thing:Thing": {
      inputProperties: { ratio: { type: "number" }, shape: { $ref: "#/types/synthetic:index/Missing:Missing" } },
      requiredInputs: [],
    },
  },
  types: {},
};

const schemaExamples: BadExample[] = [
  bad(S.unknownInput, "an input the resource does not have", T.repository, (i) => (i.scanOnPush = true), [
    [S.unknownInput, "scanOnPush"],
  ]),
  bad(
    S.unknownInput,
    "a nested property the type does not have",
    T.ruleset,
    (i) => (pullRequest(i).requireReviews = 1),
    [[S.unknownInput, "rules.pullRequest.requireReviews"]],
  ),
  bad(S.required, "a missing required input", T.cache, (i) => delete i.upstreamRegistryUrl, [
    [S.required, "upstreamRegistryUrl"],
  ]),
  bad(S.required, "a missing required nested property", T.repository, (i) => delete filters(i)[1]!.filterType, [
    [S.required, "imageTagMutabilityExclusionFilters[1].filterType"],
  ]),
  bad(S.type, "a number for a string", T.repository, (i) => (i.name = 5), [[S.type, "name"]]),
  bad(S.type, "a fraction for an integer", T.role, (i) => (i.maxSessionDuration = 3600.5), [
    [S.type, "maxSessionDuration"],
  ]),
  bad(S.type, "a string for a boolean", T.repository, (i) => (i.forceDelete = "false"), [[S.type, "forceDelete"]]),
  bad(S.type, "a string for an array", T.oidc, (i) => (i.clientIdLists = "sts.amazonaws.com"), [
    [S.type, "clientIdLists"],
  ]),
  bad(S.type, "a wrong item in an array", T.environment, (i) => (reviewers(i).teams = [1, "demo-admins"]), [
    [S.type, "reviewers[0].teams[1]"],
  ]),
  bad(S.type, "a list for a map", T.repository, (i) => (i.tags = ["project"]), [[S.type, "tags"]]),
  bad(S.type, "a wrong map value", T.repository, (i) => (i.tags = { project: 1 }), [[S.type, "tags.project"]]),
  bad(S.type, "a scalar for a nested object type", T.repository, (i) => (i.imageScanningConfiguration = true), [
    [S.type, "imageScanningConfiguration"],
  ]),
  bad(
    S.type,
    "a wrong value deep in a nested type",
    T.ruleset,
    (i) => (pullRequest(i).requiredApprovingReviewCount = "1"),
    [[S.type, "rules.pullRequest.requiredApprovingReviewCount"]],
  ),
  bad(S.type, "a value of no union member", T.role, (i) => (i.assumeRolePolicy = 7), [[S.type, "assumeRolePolicy"]]),
  bad(
    S.type,
    "a provider input that does not decode to its type",
    T.awsProvider,
    (i) => (i.skipCredentialsValidation = '"no"'),
    [[S.type, "skipCredentialsValidation"]],
  ),
  {
    rule: S.type,
    what: "a string for a number",
    type: "synthetic:index/thing:Thing",
    inputs: { ratio: "0.5" },
    expect: [[S.type, "ratio"]],
    extracts: [SYNTHETIC],
  },
  bad(
    S.enum,
    "a value outside an enum type, inside a union member's object type",
    T.role,
    (i) => (i.assumeRolePolicy = { Version: "2013-01-01", Statement: [] }),
    [[S.enum, "assumeRolePolicy.Version"]],
  ),
  bad(
    S.deprecated,
    "a deprecated input",
    T.teamMembers,
    (i) => {
      delete i.teamSlug;
      i.teamId = "demo-admins";
    },
    [[S.deprecated, "teamId"]],
  ),
  {
    rule: S.unresolvedRef,
    what: "a reference the extract does not define",
    type: "synthetic:index/thing:Thing",
    inputs: { shape: {} },
    expect: [[S.unresolvedRef, "shape"]],
    extracts: [SYNTHETIC],
  },
  {
    rule: S.noSchema,
    what: "a custom resource no extract declares",
    type: "aws:s3/bucket:Bucket",
    inputs: {},
    expect: [[S.noSchema, ""]],
  },
];

const awsExamples: BadExample[] = [
  bad(
    "aws:ecr-repository:image-tag-mutability",
    "an unknown mutability",
    T.repository,
    (i) => {
      i.imageTagMutability = "IMMUTABLE_EXCEPT";
      delete i.imageTagMutabilityExclusionFilters;
    },
    [["aws:ecr-repository:image-tag-mutability", "imageTagMutability"]],
  ),
  bad(
    "aws:ecr-repository:exclusion-filters-max",
    "six exclusion filters",
    T.repository,
    (i) => {
      i.imageTagMutabilityExclusionFilters = ["a", "b", "c", "d", "e", "f"].map((f) => ({
        filter: f,
        filterType: "WILDCARD",
      }));
    },
    [["aws:ecr-repository:exclusion-filters-max", "imageTagMutabilityExclusionFilters"]],
  ),
  bad(
    "aws:ecr-repository:exclusion-filter-length",
    "an empty filter",
    T.repository,
    (i) => (filters(i)[0]!.filter = ""),
    [
      ["aws:ecr-repository:exclusion-filter-length", FILTER0],
      ["aws:ecr-repository:exclusion-filter-charset", FILTER0],
    ],
  ),
  bad(
    "aws:ecr-repository:exclusion-filter-length",
    "a 129-character filter",
    T.repository,
    (i) => (filters(i)[0]!.filter = "v".repeat(129)),
    [["aws:ecr-repository:exclusion-filter-length", FILTER0]],
  ),
  bad(
    "aws:ecr-repository:exclusion-filter-charset",
    "a filter with a slash",
    T.repository,
    (i) => (filters(i)[0]!.filter = "release/*"),
    [["aws:ecr-repository:exclusion-filter-charset", FILTER0]],
  ),
  bad(
    "aws:ecr-repository:exclusion-filter-wildcards",
    "the filter *.*.* (three wildcards)",
    T.repository,
    (i) => (filters(i)[0]!.filter = "*.*.*"),
    [["aws:ecr-repository:exclusion-filter-wildcards", FILTER0]],
  ),
  bad(
    "aws:ecr-repository:exclusion-filter-usage",
    "filters with plain IMMUTABLE",
    T.repository,
    (i) => (i.imageTagMutability = "IMMUTABLE"),
    [["aws:ecr-repository:exclusion-filter-usage", "imageTagMutabilityExclusionFilters"]],
  ),
  bad(
    "aws:ecr-repository:exclusion-filter-usage",
    "filters with the default mutability",
    T.repository,
    (i) => delete i.imageTagMutability,
    [["aws:ecr-repository:exclusion-filter-usage", "imageTagMutabilityExclusionFilters"]],
  ),
  bad(
    "aws:ecr-repository:exclusion-filter-type",
    "a PREFIX filter type",
    T.repository,
    (i) => (filters(i)[1]!.filterType = "PREFIX"),
    [["aws:ecr-repository:exclusion-filter-type", "imageTagMutabilityExclusionFilters[1].filterType"]],
  ),
  bad(
    "aws:ecr-repository:encryption-type",
    "an unknown encryption type",
    T.repository,
    (i) => (i.encryptionConfigurations = [{ encryptionType: "AES128" }]),
    [["aws:ecr-repository:encryption-type", "encryptionConfigurations[0].encryptionType"]],
  ),
  bad("aws:ecr-registry-scanning:scan-type", "a lowercase scan type", T.scanning, (i) => (i.scanType = "basic"), [
    ["aws:ecr-registry-scanning:scan-type", "scanType"],
  ]),
  bad(
    "aws:ecr-registry-scanning:scan-frequency",
    "an unknown frequency",
    T.scanning,
    (i) => (record((i.rules as Inputs[])[0]).scanFrequency = "DAILY"),
    [["aws:ecr-registry-scanning:scan-frequency", "rules[0].scanFrequency"]],
  ),
  bad(
    "aws:ecr-registry-scanning:filter-type",
    "a PREFIX repository filter",
    T.scanning,
    (i) => {
      record((record((i.rules as Inputs[])[0]).repositoryFilters as Inputs[])[0]).filterType = "PREFIX";
    },
    [["aws:ecr-registry-scanning:filter-type", "rules[0].repositoryFilters[0].filterType"]],
  ),
  bad(
    "aws:ecr-pull-through-cache:repository-prefix",
    "a one-character prefix",
    T.cache,
    (i) => (i.ecrRepositoryPrefix = "d"),
    [["aws:ecr-pull-through-cache:repository-prefix", "ecrRepositoryPrefix"]],
  ),
  bad(
    "aws:ecr-pull-through-cache:repository-prefix",
    "an uppercase prefix",
    T.cache,
    (i) => (i.ecrRepositoryPrefix = "DOCKER"),
    [["aws:ecr-pull-through-cache:repository-prefix", "ecrRepositoryPrefix"]],
  ),
  bad("aws:iam-role:max-session-duration", "13 hours", T.role, (i) => (i.maxSessionDuration = 46800), [
    ["aws:iam-role:max-session-duration", "maxSessionDuration"],
  ]),
  bad("aws:iam-role:max-session-duration", "half an hour", T.role, (i) => (i.maxSessionDuration = 1800), [
    ["aws:iam-role:max-session-duration", "maxSessionDuration"],
  ]),
  bad("aws:iam-role:name-length", "a 65-character name", T.role, (i) => (i.name = "r".repeat(65)), [
    ["aws:iam-role:name-length", "name"],
  ]),
  bad("aws:iam-role:name-or-prefix", "both name and namePrefix", T.role, (i) => (i.namePrefix = "demo-"), [
    ["aws:iam-role:name-or-prefix", "namePrefix"],
  ]),
];

const githubExamples: BadExample[] = [
  bad("github:repository-ruleset:name-length", "a 101-character name", T.ruleset, (i) => (i.name = "n".repeat(101)), [
    ["github:repository-ruleset:name-length", "name"],
  ]),
  bad("github:repository-ruleset:name-length", "an empty name", T.ruleset, (i) => (i.name = ""), [
    ["github:repository-ruleset:name-length", "name"],
  ]),
  bad("github:repository-ruleset:target", "a capitalized target", T.ruleset, (i) => (i.target = "Branch"), [
    ["github:repository-ruleset:target", "target"],
  ]),
  bad(
    "github:repository-ruleset:repository-name",
    "an owner/name repository",
    T.ruleset,
    (i) => (i.repository = "demo-org/demo"),
    [["github:repository-ruleset:repository-name", "repository"]],
  ),
  bad(
    "github:repository-ruleset:enforcement",
    "an unknown enforcement",
    T.ruleset,
    (i) => (i.enforcement = "enabled"),
    [["github:repository-ruleset:enforcement", "enforcement"]],
  ),
  bad(
    "github:repository-ruleset:bypass-actor-type",
    "a lowercase actor type",
    T.ruleset,
    (i) => (record((i.bypassActors as Inputs[])[0]).actorType = "team"),
    [["github:repository-ruleset:bypass-actor-type", "bypassActors[0].actorType"]],
  ),
  bad(
    "github:repository-ruleset:bypass-mode",
    "an unknown bypass mode",
    T.ruleset,
    (i) => (record((i.bypassActors as Inputs[])[0]).bypassMode = "never"),
    [["github:repository-ruleset:bypass-mode", "bypassActors[0].bypassMode"]],
  ),
  bad(
    "github:repository-ruleset:ref-name-include-exclude",
    "no excludes",
    T.ruleset,
    (i) => delete record(record(i.conditions).refName).excludes,
    [
      [S.required, "conditions.refName.excludes"],
      ["github:repository-ruleset:ref-name-include-exclude", "conditions.refName.excludes"],
    ],
  ),
  bad(
    "github:repository-ruleset:ref-name-for-target",
    "a branch target without ref_name",
    T.ruleset,
    (i) => (i.conditions = {}),
    [
      [S.required, "conditions.refName"],
      ["github:repository-ruleset:ref-name-for-target", "conditions.refName"],
    ],
  ),
  bad(
    "github:repository-ruleset:ref-name-for-target",
    "a push target with ref_name",
    T.ruleset,
    (i) => {
      i.target = "push";
      i.rules = { maxFileSize: { maxFileSize: 10 } };
    },
    [["github:repository-ruleset:ref-name-for-target", "conditions.refName"]],
  ),
  bad("github:repository-ruleset:rules-required", "no rules", T.ruleset, (i) => delete i.rules, [
    [S.required, "rules"],
    ["github:repository-ruleset:rules-required", "rules"],
  ]),
  bad(
    "github:repository-ruleset:rules-for-target",
    "a push rule on a branch target",
    T.ruleset,
    (i) => (rules(i).maxFileSize = { maxFileSize: 10 }),
    [["github:repository-ruleset:rules-for-target", "rules.maxFileSize"]],
  ),
  bad(
    "github:repository-ruleset:required-approving-review-count",
    "eleven approvals",
    T.ruleset,
    (i) => (pullRequest(i).requiredApprovingReviewCount = 11),
    [["github:repository-ruleset:required-approving-review-count", "rules.pullRequest.requiredApprovingReviewCount"]],
  ),
  bad(
    "github:repository-ruleset:allowed-merge-methods",
    "an unknown merge method",
    T.ruleset,
    (i) => (pullRequest(i).allowedMergeMethods = ["squash", "fast-forward"]),
    [["github:repository-ruleset:allowed-merge-methods", "rules.pullRequest.allowedMergeMethods[1]"]],
  ),
  bad(
    "github:repository-ruleset:allowed-merge-methods",
    "no merge method",
    T.ruleset,
    (i) => (pullRequest(i).allowedMergeMethods = []),
    [["github:repository-ruleset:allowed-merge-methods", "rules.pullRequest.allowedMergeMethods"]],
  ),
  bad(
    "github:repository-ruleset:required-checks",
    "a status-check rule without checks",
    T.ruleset,
    (i) => (rules(i).requiredStatusChecks = { requiredChecks: [] }),
    [["github:repository-ruleset:required-checks", "rules.requiredStatusChecks.requiredChecks"]],
  ),
  bad(
    "github:repository-ruleset:pattern-operator",
    "an unknown pattern operator",
    T.ruleset,
    (i) => (rules(i).commitMessagePattern = { operator: "matches", pattern: "^fix" }),
    [["github:repository-ruleset:pattern-operator", "rules.commitMessagePattern.operator"]],
  ),
  bad(
    "github:repository-ruleset:branch-or-tag-name-pattern",
    "both name patterns",
    T.ruleset,
    (i) => {
      rules(i).branchNamePattern = { operator: "starts_with", pattern: "release/" };
      rules(i).tagNamePattern = { operator: "starts_with", pattern: "v" };
    },
    [["github:repository-ruleset:branch-or-tag-name-pattern", "rules"]],
  ),
  bad("github:repository-environment:wait-timer", "31 days", T.environment, (i) => (i.waitTimer = 44640), [
    ["github:repository-environment:wait-timer", "waitTimer"],
  ]),
  bad("github:repository-environment:wait-timer", "a negative wait", T.environment, (i) => (i.waitTimer = -1), [
    ["github:repository-environment:wait-timer", "waitTimer"],
  ]),
  bad(
    "github:repository-environment:reviewers-block",
    "two reviewers blocks",
    T.environment,
    (i) => (i.reviewers = [{ teams: [1] }, { users: [2] }]),
    [["github:repository-environment:reviewers-block", "reviewers"]],
  ),
  bad(
    "github:repository-environment:reviewer-teams",
    "seven teams",
    T.environment,
    (i) => (i.reviewers = [{ teams: [1, 2, 3, 4, 5, 6, 7] }]),
    [
      ["github:repository-environment:reviewer-teams", "reviewers[0].teams"],
      ["github:repository-environment:reviewers-combined", "reviewers[0]"],
    ],
  ),
  bad(
    "github:repository-environment:reviewer-users",
    "seven users",
    T.environment,
    (i) => (i.reviewers = [{ users: [1, 2, 3, 4, 5, 6, 7] }]),
    [
      ["github:repository-environment:reviewer-users", "reviewers[0].users"],
      ["github:repository-environment:reviewers-combined", "reviewers[0]"],
    ],
  ),
  bad(
    "github:repository-environment:reviewers-combined",
    "four teams and three users",
    T.environment,
    (i) => (i.reviewers = [{ teams: [1, 2, 3, 4], users: [5, 6, 7] }]),
    [["github:repository-environment:reviewers-combined", "reviewers[0]"]],
  ),
  bad(
    "github:repository-environment:deployment-branch-policy",
    "both policies true",
    T.environment,
    (i) => (i.deploymentBranchPolicy = { protectedBranches: true, customBranchPolicies: true }),
    [["github:repository-environment:deployment-branch-policy", "deploymentBranchPolicy"]],
  ),
  bad(
    "github:repository-environment:deployment-branch-policy",
    "both policies false",
    T.environment,
    (i) => (i.deploymentBranchPolicy = { protectedBranches: false, customBranchPolicies: false }),
    [["github:repository-environment:deployment-branch-policy", "deploymentBranchPolicy"]],
  ),
  bad(
    "github:environment-deployment-policy:exactly-one-pattern",
    "both patterns",
    T.policy,
    (i) => (i.branchPattern = "main"),
    [["github:environment-deployment-policy:exactly-one-pattern", ""]],
  ),
  bad("github:environment-deployment-policy:exactly-one-pattern", "no pattern", T.policy, (i) => delete i.tagPattern, [
    ["github:environment-deployment-policy:exactly-one-pattern", ""],
  ]),
  bad(
    "github:environment-deployment-policy:exactly-one-pattern",
    "an empty pattern",
    T.policy,
    (i) => (i.tagPattern = ""),
    [["github:environment-deployment-policy:exactly-one-pattern", "tagPattern"]],
  ),
  bad(
    "github:actions-environment-secret:secret-name",
    "a name with a hyphen",
    T.secret,
    (i) => (i.secretName = "DOCKERHUB-TOKEN"),
    [["github:actions-environment-secret:secret-name", "secretName"]],
  ),
  bad(
    "github:actions-environment-secret:secret-name",
    "a GITHUB_ name",
    T.secret,
    (i) => (i.secretName = "github_token"),
    [["github:actions-environment-secret:secret-name", "secretName"]],
  ),
  bad("github:actions-environment-secret:exactly-one-value", "no value", T.secret, (i) => delete i.value, [
    ["github:actions-environment-secret:exactly-one-value", ""],
  ]),
  bad(
    "github:actions-environment-variable:variable-name",
    "a name starting with a digit",
    T.envVariable,
    (i) => (i.variableName = "1ROLE"),
    [["github:actions-environment-variable:variable-name", "variableName"]],
  ),
  bad("github:actions-variable:variable-name", "a GITHUB_ name", T.variable, (i) => (i.variableName = "GITHUB_PIN"), [
    ["github:actions-variable:variable-name", "variableName"],
  ]),
  bad("github:membership:role", "an owner role", T.membership, (i) => (i.role = "owner"), [
    ["github:membership:role", "role"],
  ]),
  bad("github:team:privacy", "a public team", T.team, (i) => (i.privacy = "public"), [
    ["github:team:privacy", "privacy"],
  ]),
  bad(
    "github:team:notification-setting",
    "an unknown notification setting",
    T.team,
    (i) => (i.notificationSetting = "on"),
    [["github:team:notification-setting", "notificationSetting"]],
  ),
  bad(
    "github:team-members:role",
    "an admin member",
    T.teamMembers,
    (i) => (record((i.members as Inputs[])[0]).role = "admin"),
    [["github:team-members:role", "members[0].role"]],
  ),
  bad("github:team-members:exactly-one-team", "no team", T.teamMembers, (i) => delete i.teamSlug, [
    ["github:team-members:exactly-one-team", ""],
  ]),
  bad(
    "github:workflow-repository-permissions:default-permissions",
    "none",
    T.permissions,
    (i) => (i.defaultWorkflowPermissions = "none"),
    [["github:workflow-repository-permissions:default-permissions", "defaultWorkflowPermissions"]],
  ),
  bad(
    "github:workflow-repository-permissions:repository-length",
    "a 101-character repository",
    T.permissions,
    (i) => (i.repository = "r".repeat(101)),
    [["github:workflow-repository-permissions:repository-length", "repository"]],
  ),
  bad(
    "github:repository-file:commit-author-with-email",
    "an author without an email",
    T.file,
    (i) => delete i.commitEmail,
    [["github:repository-file:commit-author-with-email", "commitEmail"]],
  ),
];

export const BAD_EXAMPLES: readonly BadExample[] = [...schemaExamples, ...awsExamples, ...githubExamples];
