/**
 * The source repository's protections, environments and generated files, as
 * plain data (rules G1-G6, S2). components/github/repository.ts turns the plan
 * into resources.
 */
export { CODEOWNERS_PATH, renderCodeowners } from "./codeowners";
export type { CodeownersInput } from "./codeowners";
export { BETA_TAG_POLICIES, DOCKERHUB_TOKEN_SECRET, planEnvironments, STABLE_TAG_POLICIES } from "./environments";
export type {
  DeploymentPolicyPlan,
  EnvironmentInput,
  EnvironmentPlan,
  EnvironmentVariablePlan,
  VariableValuePlan,
} from "./environments";
export { COMMIT_AUTHOR, DELIVERY_BRANCH_PREFIX, filesDigest, planFileDeliveries } from "./files";
export type { FileDeliveryInput, FileDeliveryPlan, FilePlan } from "./files";
export { planRepository } from "./plan";
export type { ActionsSettingsPlan, RepositoryPlan, RepositoryPlanInput, RepositoryVariablePlan } from "./plan";
export { GITHUB_ACTIONS_APP_ID, planRulesets, RELEASE_TAG_REF_PATTERN } from "./rulesets";
export type {
  BypassActorPlan,
  PullRequestRulePlan,
  RequiredStatusChecksRulePlan,
  RulesetInput,
  RulesetPlan,
  RulesetRulesPlan,
} from "./rulesets";
