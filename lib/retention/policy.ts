/**
 * The ECR lifecycle policy document, typed. Only what this project emits and
 * evaluates is modelled: `expire` actions with `imageCountMoreThan` or
 * `sinceImagePushed` (pull- and archive-based rules need data the evaluator
 * does not have).
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
 */

/** Which images a rule considers. */
export type TagSelection =
  | { readonly tagStatus: "tagged"; readonly tagPatternList: readonly string[] }
  | { readonly tagStatus: "tagged"; readonly tagPrefixList: readonly string[] }
  | { readonly tagStatus: "untagged" }
  | { readonly tagStatus: "any" };

/** How many of the considered images a rule expires. */
export type CountSelection =
  | { readonly countType: "imageCountMoreThan"; readonly countNumber: number }
  | { readonly countType: "sinceImagePushed"; readonly countUnit: "days"; readonly countNumber: number };

/** A rule's `selection` object. */
export type RuleSelection = TagSelection & CountSelection;

/** One lifecycle rule. */
export interface LifecycleRule {
  /** Unique; rules apply in ascending order. */
  readonly rulePriority: number;
  readonly description?: string;
  readonly selection: RuleSelection;
  readonly action: { readonly type: "expire" };
}

/** A lifecycle policy document. */
export interface LifecyclePolicy {
  readonly rules: readonly LifecycleRule[];
}

/** Limits ECR enforces on a lifecycle policy (see the ECR quotas and parameters pages). */
export const LIFECYCLE_LIMITS = {
  /** Characters of policy text. */
  maxPolicyCharacters: 30_720,
  /** `*` per tag pattern. */
  maxWildcardsPerPattern: 4,
} as const;

/** Milliseconds in one `countUnit: "days"`. */
export const DAY_MS = 86_400_000;

/** Tag list of a tagged selection, whichever kind it uses. */
export function tagList(
  selection: TagSelection,
): { kind: "pattern" | "prefix"; values: readonly string[] } | undefined {
  if (selection.tagStatus !== "tagged") return undefined;
  return "tagPatternList" in selection
    ? { kind: "pattern", values: selection.tagPatternList }
    : { kind: "prefix", values: selection.tagPrefixList };
}
