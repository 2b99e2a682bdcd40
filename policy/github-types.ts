/** The GitHub provider's resource types the policies read. */
export const GITHUB_TYPES = {
  ruleset: "github:index/repositoryRuleset:RepositoryRuleset",
  workflowPermissions: "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions",
  environment: "github:index/repositoryEnvironment:RepositoryEnvironment",
  deploymentPolicy: "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
  environmentSecret: "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret",
  environmentVariable: "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable",
  repositorySecret: "github:index/actionsSecret:ActionsSecret",
  repositoryVariable: "github:index/actionsVariable:ActionsVariable",
  organizationSecret: "github:index/actionsOrganizationSecret:ActionsOrganizationSecret",
  organizationVariable: "github:index/actionsOrganizationVariable:ActionsOrganizationVariable",
  repository: "github:index/repository:Repository",
} as const;
