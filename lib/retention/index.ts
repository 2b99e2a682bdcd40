/**
 * Retention: the per-channel intent, its compilation to an ECR lifecycle
 * policy, an evaluator that reproduces ECR's semantics, and the tools built on
 * them (plan text, describe-images reader, simulation). Pure functions only.
 */
export { DEFAULT_RETENTION, RETENTION_RANGES, validateRetentionIntent } from "./intent";
export type { IntentProblem, RetentionIntent } from "./intent";
export { DAY_MS, LIFECYCLE_LIMITS, tagList } from "./policy";
export type { CountSelection, LifecyclePolicy, LifecycleRule, RuleSelection, TagSelection } from "./policy";
export { compileLifecyclePolicy, PROTECT_COUNT } from "./compile";
export type { CompileOptions } from "./compile";
export { renderLifecyclePolicy } from "./render";
export { validateLifecyclePolicy } from "./validate";
export type { PolicyProblem } from "./validate";
export { evaluateLifecyclePolicy } from "./evaluate";
export type { LifecycleOutcome } from "./evaluate";
export type { RepositoryImage } from "./image";
export { imageRoles, retentionDecisions, retentionGroup, tagSelectedBy } from "./keep";
export type { ImageRoles, RetentionDecision, RetentionGroup } from "./keep";
export { describeRetention } from "./describe";
export { parseDescribeImages } from "./describe-images";
export { simulate } from "./simulate";
export type { ChannelUsage, SimulationOptions, SimulationResult } from "./simulate";
