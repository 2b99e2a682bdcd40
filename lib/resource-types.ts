/**
 * The provider resource types the program registers, by one name each: the
 * type tokens of @pulumi/github 6.15.0, @pulumi/aws 7.48.0 and @pulumi/docker
 * 5.2.0 (as in their schemas, tests/contract/schemas/). Code that recognizes a resource by type
 * reads it here instead of spelling the token again.
 */
export const GITHUB = {
  branch: "github:index/branch:Branch",
  file: "github:index/repositoryFile:RepositoryFile",
  pullRequest: "github:index/repositoryPullRequest:RepositoryPullRequest",
  environment: "github:index/repositoryEnvironment:RepositoryEnvironment",
  deploymentPolicy: "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
  environmentSecret: "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret",
  environmentVariable: "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable",
  variable: "github:index/actionsVariable:ActionsVariable",
  membership: "github:index/membership:Membership",
  team: "github:index/team:Team",
  teamMembers: "github:index/teamMembers:TeamMembers",
  teamRepository: "github:index/teamRepository:TeamRepository",
  ruleset: "github:index/repositoryRuleset:RepositoryRuleset",
  workflowPermissions: "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions",
} as const;

/** The provider functions (invokes) the program calls, by the same kind of name. */
export const GITHUB_FUNCTIONS = {
  getMembership: "github:index/getMembership:getMembership",
} as const;

export const AWS = {
  repository: "aws:ecr/repository:Repository",
  lifecyclePolicy: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  repositoryPolicy: "aws:ecr/repositoryPolicy:RepositoryPolicy",
  scanning: "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
  replication: "aws:ecr/replicationConfiguration:ReplicationConfiguration",
  pullThroughCache: "aws:ecr/pullThroughCacheRule:PullThroughCacheRule",
  oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
} as const;

/** The AWS provider functions (invokes) the program calls. */
export const AWS_FUNCTIONS = {
  getAuthorizationToken: "aws:ecr/getAuthorizationToken:getAuthorizationToken",
  getImages: "aws:ecr/getImages:getImages",
} as const;

/**
 * @pulumi/docker: only its provider, to read registries (components/registry-reads.ts);
 * the program declares no docker resource.
 */
export const DOCKER = {
  provider: "pulumi:providers:docker",
} as const;

/** The docker provider functions the program calls. */
export const DOCKER_FUNCTIONS = {
  getRegistryImage: "docker:index/getRegistryImage:getRegistryImage",
} as const;

/** The project's own Docker Hub resources (dynamic providers, providers/dockerhub), as the engine records them. */
export const DOCKERHUB = {
  repository: "pulumi-nodejs:dynamic/dockerhub:Repository",
  team: "pulumi-nodejs:dynamic/dockerhub:Team",
  teamMembers: "pulumi-nodejs:dynamic/dockerhub:TeamMembers",
  teamPermission: "pulumi-nodejs:dynamic/dockerhub:RepositoryTeamPermission",
} as const;
