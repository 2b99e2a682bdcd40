/*
 * Every policy of the release-infra pack, importable without starting the
 * pack's gRPC server (policy/index.ts does that), so tests run them directly.
 */
import type { Policies } from "@pulumi/policy";
import {
  ciRolePermissions,
  ciRoleTrust,
  ecrLifecyclePolicy,
  ecrRepositoriesHaveLifecycle,
  ecrRepositoryPolicy,
  ecrRepositorySettings,
  githubOidcProvider,
} from "./aws";
import {
  dockerHubCiToken,
  dockerHubImmutableTags,
  dockerHubRepositoryDeletion,
  dockerHubTeamPermissions,
} from "./dockerhub";
import { actionsTokenPermissions, branchRulesets, channelEnvironments, releaseTagRuleset } from "./github";
import { statefulResourcesProtected } from "./protection";
import { noCredentialVariables, registryCredentialsInEnvironments } from "./secrets";

export * from "./aws";
export * from "./dockerhub";
export * from "./github";
export * from "./protection";
export * from "./secrets";

/** The pack's policies in rule order; every one mandatory. */
export const policies: Policies = [
  githubOidcProvider,
  ciRoleTrust,
  ciRolePermissions,
  ecrRepositoryPolicy,
  ecrRepositorySettings,
  ecrLifecyclePolicy,
  ecrRepositoriesHaveLifecycle,
  dockerHubCiToken,
  dockerHubImmutableTags,
  dockerHubTeamPermissions,
  dockerHubRepositoryDeletion,
  branchRulesets,
  releaseTagRuleset,
  actionsTokenPermissions,
  channelEnvironments,
  statefulResourcesProtected,
  noCredentialVariables,
  registryCredentialsInEnvironments,
];
