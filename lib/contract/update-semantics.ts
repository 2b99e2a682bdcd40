/*
 * What changing an input does, for the inputs the program changes on purpose
 * (generated branch names, patterns, roles): an in-place update or a
 * replacement. Pulumi shows a replacement when the schema sets
 * `willReplaceOnChanges` (the bridge copies Terraform's ForceNew); some
 * updates do more than their name says (a branch rename). Each fact cites the
 * upstream code; tests compare them with the schema extracts, and other tests
 * may rely on them instead of re-deriving provider behaviour.
 */
import { AWS as AWS_TYPES, GITHUB as GITHUB_TYPES } from "../resource-types";

const GITHUB = "integrations/terraform-provider-github@v6.13.0 github/";
const AWS =
  "hashicorp/terraform-provider-aws (recent v6.x; the tag @pulumi/aws 7.48.0 bundles is not pinned) internal/service/";

/** What a change of one input does. */
export interface UpdateFact {
  /** Resource type token. */
  readonly type: string;
  /** The Pulumi input (camelCase). */
  readonly input: string;
  /** True when a change replaces the resource (delete and create); false when it updates in place. */
  readonly replaces: boolean;
  /** What the in-place update, or the replacement, does. */
  readonly effect: string;
  readonly citation: string;
}

const T = { ...GITHUB_TYPES, repository: AWS_TYPES.repository } as const;

export const UPDATE_FACTS: readonly UpdateFact[] = [
  {
    type: T.branch,
    input: "branch",
    replaces: false,
    effect:
      "renames the existing branch (Repositories.RenameBranch; GitHub retargets its pull requests and protections); no new branch is created from sourceBranch",
    citation: `${GITHUB}resource_github_branch.go:32-36, 189-210`,
  },
  {
    type: T.branch,
    input: "sourceBranch",
    replaces: true,
    effect: "creates the branch again from the new source",
    citation: `${GITHUB}resource_github_branch.go:37-43`,
  },
  {
    type: T.branch,
    input: "repository",
    replaces: true,
    effect: "creates the branch in the other repository",
    citation: `${GITHUB}resource_github_branch.go:26-31`,
  },
  {
    type: T.file,
    input: "branch",
    replaces: true,
    effect: "commits the file on the new branch, then deletes it from the old one",
    citation: `${GITHUB}resource_github_repository_file.go:58-64`,
  },
  {
    type: T.file,
    input: "file",
    replaces: true,
    effect: "creates the new path, deletes the old one",
    citation: `${GITHUB}resource_github_repository_file.go:47-52`,
  },
  {
    type: T.file,
    input: "content",
    replaces: false,
    effect: "commits the new content (Repositories.UpdateFile with the stored blob sha)",
    citation: `${GITHUB}resource_github_repository_file.go:366-388`,
  },
  {
    type: T.pullRequest,
    input: "headRef",
    replaces: true,
    effect: "closes the pull request and opens a new one from the new head branch",
    citation: `${GITHUB}resource_github_repository_pull_request.go:52-57, 301-326`,
  },
  {
    type: T.pullRequest,
    input: "baseRef",
    replaces: false,
    effect: "retargets the open pull request (PullRequests.Edit with Base.Ref)",
    citation: `${GITHUB}resource_github_repository_pull_request.go:47-51, 281-285`,
  },
  {
    type: T.pullRequest,
    input: "title",
    replaces: false,
    effect: "edits the pull request",
    citation: `${GITHUB}resource_github_repository_pull_request.go:58-66, 275-287`,
  },
  {
    type: T.pullRequest,
    input: "body",
    replaces: false,
    effect: "edits the pull request",
    citation: `${GITHUB}resource_github_repository_pull_request.go:67-71, 275-287`,
  },
  {
    type: T.environment,
    input: "environment",
    replaces: true,
    effect:
      "deletes the environment (and, on GitHub's side, its secrets, variables and policies) and creates the new one",
    citation: `${GITHUB}resource_github_repository_environment.go:40-45`,
  },
  {
    type: T.environment,
    input: "reviewers",
    replaces: false,
    effect: "PUTs the environment with the new reviewers",
    citation: `${GITHUB}resource_github_repository_environment.go:291-312, 369-387`,
  },
  {
    type: T.deploymentPolicy,
    input: "environment",
    replaces: true,
    effect: "creates the policy in the other environment",
    citation: `${GITHUB}resource_github_repository_environment_deployment_policy.go:41-46`,
  },
  {
    type: T.deploymentPolicy,
    input: "branchPattern",
    replaces: false,
    effect:
      "renames the policy in place (UpdateDeploymentBranchPolicy); switching between branchPattern and tagPattern replaces it (CustomizeDiff, :90-97)",
    citation: `${GITHUB}resource_github_repository_environment_deployment_policy.go:47-62, 90-97, 205-212`,
  },
  {
    type: T.deploymentPolicy,
    input: "tagPattern",
    replaces: false,
    effect:
      "renames the policy in place (UpdateDeploymentBranchPolicy); switching between branchPattern and tagPattern replaces it (CustomizeDiff, :90-97)",
    citation: `${GITHUB}resource_github_repository_environment_deployment_policy.go:47-62, 90-97, 205-212`,
  },
  {
    type: T.environmentSecret,
    input: "secretName",
    replaces: true,
    effect: "creates the new secret, deletes the old one",
    citation: `${GITHUB}resource_github_actions_environment_secret.go:47-53`,
  },
  {
    type: T.environmentSecret,
    input: "environment",
    replaces: true,
    effect: "creates the secret in the other environment",
    citation: `${GITHUB}resource_github_actions_environment_secret.go:41-46`,
  },
  {
    type: T.environmentVariable,
    input: "variableName",
    replaces: true,
    effect: "creates the new variable (POST; fails if it exists), deletes the old one",
    citation: `${GITHUB}resource_github_actions_environment_variable.go:44-50`,
  },
  {
    type: T.environmentVariable,
    input: "value",
    replaces: false,
    effect: "updates the value (Actions.UpdateEnvVariable)",
    citation: `${GITHUB}resource_github_actions_environment_variable.go:51-55, 179-187`,
  },
  {
    type: T.variable,
    input: "variableName",
    replaces: true,
    effect: "creates the new variable, deletes the old one",
    citation: `${GITHUB}resource_github_actions_variable.go:37-43`,
  },
  {
    type: T.membership,
    input: "username",
    replaces: true,
    effect: "removes the old member (or downgrades, with downgradeOnDestroy) and invites the new one",
    citation: `${GITHUB}resource_github_membership.go:26-32`,
  },
  {
    type: T.membership,
    input: "role",
    replaces: false,
    effect: "sets the role (EditOrgMembership, PUT)",
    citation: `${GITHUB}resource_github_membership.go:33-39, 54-87`,
  },
  {
    type: T.team,
    input: "name",
    replaces: false,
    effect: "renames the team in place: same id, new slug",
    citation: `${GITHUB}resource_github_team.go:33-37, 318-354, 368`,
  },
  {
    type: T.teamRepository,
    input: "teamId",
    replaces: true,
    effect: "grants the other team, revokes the old grant",
    citation: `${GITHUB}resource_github_team_repository.go:41-46`,
  },
  {
    type: T.teamRepository,
    input: "permission",
    replaces: false,
    effect: "changes the permission (AddTeamRepoByID, PUT)",
    citation: `${GITHUB}resource_github_team_repository.go:53-58, 167-203`,
  },
  {
    type: T.ruleset,
    input: "name",
    replaces: false,
    effect: "updates the ruleset in place (UpdateRuleset PUT of the whole object); no ruleset input is ForceNew",
    citation: `${GITHUB}resource_github_repository_ruleset.go:36-41, 795-834`,
  },
  {
    type: T.ruleset,
    input: "rules",
    replaces: false,
    effect: "updates the ruleset in place (UpdateRuleset PUT of the whole object)",
    citation: `${GITHUB}resource_github_repository_ruleset.go:133-138, 795-834`,
  },
  {
    type: T.repository,
    input: "name",
    replaces: true,
    effect:
      "a new repository; the program protects and retains ECR repositories, so the change fails instead of deleting images",
    citation: `${AWS}ecr/repository.go resourceRepository(): name ForceNew`,
  },
  {
    type: T.repository,
    input: "encryptionConfigurations",
    replaces: true,
    effect: "a new repository (encryption cannot change in place)",
    citation: `${AWS}ecr/repository.go resourceRepository(): encryption_configuration ForceNew`,
  },
  {
    type: T.repository,
    input: "imageTagMutability",
    replaces: false,
    effect: "PutImageTagMutability, together with the exclusion filters",
    citation: `${AWS}ecr/repository.go resourceRepositoryUpdate()`,
  },
  {
    type: T.repository,
    input: "imageTagMutabilityExclusionFilters",
    replaces: false,
    effect: "PutImageTagMutability, together with imageTagMutability",
    citation: `${AWS}ecr/repository.go resourceRepositoryUpdate()`,
  },
];

/** The fact about one input; undefined when none is recorded. */
export function updateFact(type: string, input: string): UpdateFact | undefined {
  return UPDATE_FACTS.find((f) => f.type === type && f.input === input);
}

/** Whether changing this input replaces the resource; undefined when no fact is recorded. */
export function replacesOnChange(type: string, input: string): boolean | undefined {
  return updateFact(type, input)?.replaces;
}
