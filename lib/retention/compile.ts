import { IMMUTABLE_SHAPE_ECR_WILDCARDS, NAMED_MOVING_TAGS } from "../channels/shapes";
import { LifecycleCompileError } from "./errors";
import { validateRetentionIntent, type RetentionIntent } from "./intent";
import type { LifecyclePolicy, LifecycleRule, RuleSelection } from "./policy";
import { validateLifecyclePolicy } from "./validate";

/** What the compiler needs to know about the repository besides the intent. */
export interface CompileOptions {
  /**
   * Whether the repository holds multi-platform images (image indexes whose
   * per-platform manifests are separate untagged images). When true, no
   * `untagged` rule is emitted; see {@link compileLifecyclePolicy}.
   * @default true
   */
  readonly multiArch?: boolean;
}

/**
 * `countNumber` of a "protect" rule: the per-repository image quota (100,000,
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html),
 * so the rule selects its images (shielding them from every later rule) and
 * never expires one. An exact moving tag is on one image at a time anyway.
 */
export const PROTECT_COUNT = 100_000;

/** ECR wildcard pattern of beta version tags (`1.5.0-beta.2`). */
export const BETA_TAG_PATTERN = IMMUTABLE_SHAPE_ECR_WILDCARDS.beta!;
/**
 * ECR wildcard patterns of the nightly tags: dated (`nightly-20261128`) and
 * version (`1.5.0-nightly.20261128.ab12cd3`). Each needs its own rule (tags in
 * one pattern list are ANDed): a second nightly of the same UTC day has no
 * dated tag (the first one holds it, and it is immutable), only its version tag.
 */
export const NIGHTLY_TAG_PATTERNS = [
  IMMUTABLE_SHAPE_ECR_WILDCARDS.nightlyDated!,
  IMMUTABLE_SHAPE_ECR_WILDCARDS.nightlyVersion!,
] as const;

/**
 * Compiles a retention intent into an ECR lifecycle policy that does exactly
 * what the intent says for every image the release channels push, or throws
 * {@link LifecycleCompileError} naming the part it cannot express.
 *
 * Rules, in priority order:
 * 1. one protect rule per named moving tag (`latest`, `stable`, `beta`,
 *    `nightly`), each its own rule because tags in one list are ANDed;
 * 2. beta: keep the newest N images with a `*-beta.*` tag;
 * 3. nightly: expire `nightly-*` images, then `*-nightly.*` images, older than
 *    N days (two rules: a second nightly of a day has only the version tag);
 * 4. untagged (single-platform repositories only).
 *
 * Stable `{ keep: "all" }` needs no rule: nothing else selects a release image,
 * and an image no rule selects is never expired. The `X` and `X.Y` moving tags
 * sit on release images, so they are kept the same way.
 *
 * This relies on every build having its own digest, which the provenance
 * attestation in each image index ensures (it records the build run). A
 * byte-identical image that is both a release and a beta or nightly would
 * match the beta or nightly rule, and no ECR wildcard can exclude it; it
 * would then be kept only while that rule or a named moving tag keeps it.
 *
 * Why no `untagged` rule for multi-arch repositories: the per-platform
 * manifests of an image index are untagged images of their own, and the
 * lifecycle documentation gives them no protection while their index is kept
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html#lp_evaluation_rules;
 * index-aware rules are an open request,
 * https://github.com/aws/containers-roadmap/issues/1466). A child is pushed
 * with its index, so any `sinceImagePushed` untagged rule would, after N days,
 * select the children of every kept release and break it. The untagged intent
 * is applied instead by the scheduled prune, which reads index manifests.
 */
export function compileLifecyclePolicy(intent: RetentionIntent, options: CompileOptions = {}): LifecyclePolicy {
  const intentProblems = validateRetentionIntent(intent);
  if (intentProblems.length > 0) {
    const first = intentProblems[0]!;
    throw new LifecycleCompileError(
      first.path,
      intentProblems.map((p) => (p === first ? p.message : `${p.path}: ${p.message}`)).join("; "),
    );
  }
  const multiArch = options.multiArch ?? true;
  if ("keepLast" in intent.stable) {
    // ECR cannot select release tags alone: a wildcard matching `1.5.0` also
    // matches `1.5.0-beta.2` and `1.5.0-nightly.<date>.<sha>`, and a count rule
    // counts images earlier rules already selected (they are "identified as if
    // they haven't been expired"), so its N would include betas and nightlies.
    throw new LifecycleCompileError(
      "stable.keepLast",
      'an ECR lifecycle rule cannot count stable releases apart from beta and nightly version tags (ECR wildcards cannot exclude "-beta." or "-nightly."); use stable: { keep: "all" } for ECR repositories',
    );
  }

  const selections: { description: string; selection: RuleSelection }[] = NAMED_MOVING_TAGS.map((tag) => ({
    description: `Protect the image holding the moving tag "${tag}"`,
    selection: {
      tagStatus: "tagged",
      tagPatternList: [tag],
      countType: "imageCountMoreThan",
      countNumber: PROTECT_COUNT,
    },
  }));
  selections.push({
    description: `Keep the newest ${intent.beta.keepLast} beta images`,
    selection: {
      tagStatus: "tagged",
      tagPatternList: [BETA_TAG_PATTERN],
      countType: "imageCountMoreThan",
      countNumber: intent.beta.keepLast,
    },
  });
  for (const pattern of NIGHTLY_TAG_PATTERNS) {
    selections.push({
      description: `Expire nightly images (${pattern}) after ${intent.nightly.maxAgeDays} days`,
      selection: {
        tagStatus: "tagged",
        tagPatternList: [pattern],
        countType: "sinceImagePushed",
        countUnit: "days",
        countNumber: intent.nightly.maxAgeDays,
      },
    });
  }
  if (!multiArch) {
    selections.push({
      description: `Expire untagged images after ${intent.untagged.maxAgeDays} days`,
      selection: {
        tagStatus: "untagged",
        countType: "sinceImagePushed",
        countUnit: "days",
        countNumber: intent.untagged.maxAgeDays,
      },
    });
  }

  const rules: LifecycleRule[] = selections.map((s, i) => ({
    rulePriority: i + 1,
    description: s.description,
    selection: s.selection,
    action: { type: "expire" },
  }));
  const policy: LifecyclePolicy = { rules };
  const problems = validateLifecyclePolicy(policy);
  if (problems.length > 0) {
    // Unreachable for a validated intent; a failure here is a bug in this compiler.
    throw new Error(`compiled lifecycle policy is invalid: ${JSON.stringify(problems)}`);
  }
  return policy;
}
