import type { LifecyclePolicy, LifecycleRule } from "./policy";

/**
 * Renders a policy as the JSON text ECR stores: rules sorted by ascending
 * `rulePriority` (the API reorders them, and an unsorted policy shows a diff on
 * every preview), keys in one fixed order, absent keys omitted (ECR rejects
 * `null` with "failed to match exactly one schema").
 */
export function renderLifecyclePolicy(policy: LifecyclePolicy): string {
  const rules = [...policy.rules].sort((a, b) => a.rulePriority - b.rulePriority).map(orderedRule);
  return JSON.stringify({ rules }, null, 2);
}

function orderedRule(rule: LifecycleRule): Record<string, unknown> {
  const s = rule.selection;
  const selection: Record<string, unknown> = { tagStatus: s.tagStatus };
  if ("tagPatternList" in s) selection.tagPatternList = [...s.tagPatternList];
  if ("tagPrefixList" in s) selection.tagPrefixList = [...s.tagPrefixList];
  selection.countType = s.countType;
  if (s.countType === "sinceImagePushed") selection.countUnit = s.countUnit;
  selection.countNumber = s.countNumber;
  const out: Record<string, unknown> = { rulePriority: rule.rulePriority };
  if (rule.description !== undefined) out.description = rule.description;
  out.selection = selection;
  out.action = { type: rule.action.type };
  return out;
}
