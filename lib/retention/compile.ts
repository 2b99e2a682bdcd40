import type { TagModel } from "../channels/model";
import { UserError } from "../errors";
import { validateRetentionIntent, type RetentionIntent } from "./intent";
import { retentionSelectors } from "./selectors";
import type { CountSelection, LifecyclePolicy, LifecycleRule, RuleSelection } from "./policy";
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

/**
 * Compiles a retention intent into an ECR lifecycle policy that does exactly
 * what the intent says for every image, as `retentionDecisions` (./keep.ts) decides
 * it from the same selectors (./selectors.ts), or throws a {@link UserError}
 * naming the first invalid part of the intent.
 *
 * Rules, in priority order, one per selector (wildcards in one tag list are
 * ANDed, so a list of several would select almost nothing):
 * 0. cache: the build cache's tags (../channels/cache.ts), protected like
 *    the protect rules. The tag model keeps every beta and nightly selector
 *    apart from them, so no later rule counts a cache as an image; the rule
 *    says in the policy itself that the live cache is never expired. A cache
 *    an export replaced is untagged and goes with the untagged images;
 * 1. protect: each literal moving tag and each `stable` or `forever` legacy
 *    pattern, counted to {@link PROTECT_COUNT} so it selects (shields) its
 *    images and expires none;
 * 2. beta: keep the newest `beta.keepLast` images of each beta selector (the
 *    beta tag's wildcard, `beta` legacy patterns; config validation keeps them
 *    disjoint, so no beta is counted by two rules);
 * 3. nightly: expire the images of each nightly selector (every nightly tag,
 *    the commit tag, `nightly` legacy patterns) older than `nightly.maxAgeDays`;
 *    a second nightly of a day may carry only some of them, so each needs its rule;
 * 4. untagged (single-platform repositories only).
 *
 * Stable `{ keep: "all" }` needs no rule: no selector matches a release tag,
 * and an image no rule selects is never expired. It is the only stable
 * retention: ECR cannot select release tags alone (a wildcard matching `1.5.0`
 * also matches `1.5.0-beta.2` and `1.5.0-nightly.<date>.<sha>`), and a count
 * rule counts images earlier rules already selected (they are "identified as
 * if they haven't been expired"), so a count of releases would include betas
 * and nightlies. The `X` and `X.Y` moving tags
 * sit on release images, so they are kept the same way. A selector equal to
 * an earlier one would select nothing more, and ECR refuses a repeated tag
 * list, so it is written once.
 *
 * This relies on every build having its own digest, which the provenance
 * attestation in each image index ensures (it records the build run). A
 * byte-identical image that is both a release and a beta or nightly would
 * match the beta or nightly rule, and no ECR wildcard can exclude it; it
 * would then be kept only while that rule or a protect rule keeps it.
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
export function compileLifecyclePolicy(
  intent: RetentionIntent,
  model: TagModel,
  options: CompileOptions = {},
): LifecyclePolicy {
  const intentProblems = validateRetentionIntent(intent);
  if (intentProblems.length > 0) {
    const first = intentProblems[0]!;
    throw new UserError(intentProblems.map((p) => (p === first ? p.message : `${p.path}: ${p.message}`)).join("; "), {
      path: first.path,
    });
  }
  const multiArch = options.multiArch ?? true;

  const { cache, protect, beta, nightly } = retentionSelectors(model);
  const selections: { description: string; selection: RuleSelection }[] = [];
  const written = new Set<string>();
  const add = (pattern: string, description: string, count: CountSelection) => {
    if (written.has(pattern)) return;
    written.add(pattern);
    selections.push({ description, selection: { tagStatus: "tagged", tagPatternList: [pattern], ...count } });
  };
  for (const pattern of cache) {
    add(pattern, `Keep the build cache tagged ${pattern}`, {
      countType: "imageCountMoreThan",
      countNumber: PROTECT_COUNT,
    });
  }
  for (const pattern of protect) {
    add(pattern, `Protect images tagged ${pattern}`, { countType: "imageCountMoreThan", countNumber: PROTECT_COUNT });
  }
  for (const pattern of beta) {
    add(pattern, `Keep the newest ${String(intent.beta.keepLast)} beta images tagged ${pattern}`, {
      countType: "imageCountMoreThan",
      countNumber: intent.beta.keepLast,
    });
  }
  for (const pattern of nightly) {
    add(pattern, `Expire nightly images tagged ${pattern} after ${String(intent.nightly.maxAgeDays)} days`, {
      countType: "sinceImagePushed",
      countUnit: "days",
      countNumber: intent.nightly.maxAgeDays,
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
