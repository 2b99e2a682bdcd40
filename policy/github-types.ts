import { GITHUB } from "../lib/resource-types";

/**
 * The GitHub provider's resource types the policies read: those the program
 * registers (lib/resource-types.ts), and those it must never register.
 */
export const GITHUB_TYPES = {
  ruleset: GITHUB.ruleset,
  workflowPermissions: GITHUB.workflowPermissions,
  environment: GITHUB.environment,
  deploymentPolicy: GITHUB.deploymentPolicy,
  environmentSecret: GITHUB.environmentSecret,
  environmentVariable: GITHUB.environmentVariable,
  repositorySecret: "github:index/actionsSecret:ActionsSecret",
  repositoryVariable: GITHUB.variable,
  organizationSecret: "github:index/actionsOrganizationSecret:ActionsOrganizationSecret",
  organizationVariable: "github:index/actionsOrganizationVariable:ActionsOrganizationVariable",
  repository: "github:index/repository:Repository",
} as const;
