/*
 * The difference between two offline plans (plan.json and files/ of a base
 * and of a head), as data and as Markdown: resources added, changed (which
 * inputs, before and after) and removed by URN, the generated files as
 * unified diffs, who gains or loses which grant, and who joins and leaves
 * each team. It is what a pull request from a fork can show without any
 * credential, so it reads only what the plans already hold; secret values are
 * "[secret]" in both and stay so here.
 */
export { emptyPlan, parsePlanJson, PlanJsonError, type PlanJson, type PlannedResource } from "./plan-json";
export { unifiedDiff, type UnifiedDiffNames } from "./unified";
export type { ChangedResource, ResourceChanges, ResourceRef, ValueChange } from "./resources";
export type { FileChange, PlanFiles } from "./files";
export type { PersonAccessChange } from "./people";
export type { MemberListChange, MemberRoleChange, TeamMembersChange } from "./members";
export { diffPlans, type AccessDiff, type PlanDiff } from "./plan-diff";
export { renderPlanDiffMarkdown, type PlanDiffMarkdownOptions } from "./markdown";
