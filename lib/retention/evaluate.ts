import { compileWildcard } from "../channels/wildcard";
import { UserError } from "../errors";
import type { RepositoryImage } from "./image";
import { DAY_MS, tagList, type LifecyclePolicy, type LifecycleRule } from "./policy";
import { validateLifecyclePolicy } from "./validate";

/** What a lifecycle policy does to a repository at one moment. */
export interface LifecycleOutcome {
  /** Expired images with the rule that expired each, sorted by digest. */
  readonly expired: { readonly digest: string; readonly rulePriority: number }[];
  /** Digests of the images that stay, sorted. */
  readonly kept: string[];
}

/**
 * Applies `policy` to `images` at time `now`, reproducing the ECR lifecycle
 * evaluator as documented in "Lifecycle policy evaluation rules":
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html#lp_evaluation_rules
 *
 * - Rules apply in ascending `rulePriority`; an image is expired by at most one rule.
 * - An image that matches the tagging requirements of a rule cannot be expired
 *   by a lower-priority rule, but lower rules still see (count) it "as if it
 *   hadn't been expired" — so a later count rule's N includes images an
 *   earlier rule selected or expired (Examples A and B under "Filtering on
 *   multiple rules" on the examples page).
 * - Several entries in one tag list are ANDed: every entry must match one of
 *   the image's tags. Patterns use ECR wildcards; prefixes match tag starts.
 * - `imageCountMoreThan` orders matched images newest first by push time and
 *   expires all beyond N. Equal push times are ordered by digest here (ECR
 *   does not document a tie-break).
 * - `sinceImagePushed` expires images pushed more than N days before `now`
 *   (an image exactly N days old stays, as in "Filtering on all images", Example B).
 *
 * Per-platform children of an image index are separate untagged images: the
 * lifecycle documentation gives them no protection from an `untagged` or `any`
 * rule while their index is kept (an open request asks for index-aware
 * rules: https://github.com/aws/containers-roadmap/issues/1466), so they are
 * evaluated like any other untagged image, and a policy that expires a kept
 * index's child breaks that index (the property tests check that the compiled
 * policies never do).
 *
 * @throws {UserError} when the policy is invalid (ECR would reject it) or
 *   two images share a digest.
 */
export function evaluateLifecyclePolicy(
  policy: LifecyclePolicy,
  images: readonly RepositoryImage[],
  now: Date,
): LifecycleOutcome {
  const problems = validateLifecyclePolicy(policy);
  if (problems.length > 0) {
    throw new UserError(
      `is not a valid lifecycle policy: ${problems.map((p) => `${p.path || "(root)"} ${p.message}`).join("; ")}`,
      { path: "policy" },
    );
  }
  const n = images.length;
  // One string sort (by digest) serves the output order, the duplicate check
  // and the tie-break; the push-time order then compares numbers only.
  const byDigest = Array.from({ length: n }, (_, i) => i).sort((a, b) => compare(images[a]!.digest, images[b]!.digest));
  const digestRank = new Int32Array(n);
  byDigest.forEach((i, rank) => {
    digestRank[i] = rank;
    if (rank > 0 && images[i]!.digest === images[byDigest[rank - 1]!]!.digest) {
      throw new UserError(`digest ${images[i]!.digest} appears twice; digests are unique in a repository`, {
        path: "images",
      });
    }
  });
  const pushed = new Float64Array(n);
  images.forEach((img, i) => {
    pushed[i] = img.pushedAt.getTime();
    if (Number.isNaN(pushed[i])) throw new UserError(`${img.digest} has an invalid pushedAt`, { path: "images" });
  });
  // Newest first once; every rule's matches then come out already ordered.
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => pushed[b]! - pushed[a]! || digestRank[a]! - digestRank[b]!,
  );
  const tagged = order.filter((i) => images[i]!.tags.length > 0);
  const untagged = order.filter((i) => images[i]!.tags.length === 0);

  const claimed = new Uint8Array(n);
  const expiredBy = new Float64Array(n); // 0 = kept; priorities are at least 1
  const nowMs = now.getTime();
  const rules = [...policy.rules].sort((a, b) => a.rulePriority - b.rulePriority);

  for (const rule of rules) {
    const matches = matcher(rule);
    const matchedNow: number[] = [];
    let rank = 0;
    const scope =
      rule.selection.tagStatus === "any" ? order : rule.selection.tagStatus === "tagged" ? tagged : untagged;
    for (const i of scope) {
      const img = images[i]!;
      if (!matches(img)) continue;
      matchedNow.push(i);
      const sel = rule.selection;
      const candidate =
        sel.countType === "imageCountMoreThan"
          ? rank >= sel.countNumber
          : nowMs - pushed[i]! > sel.countNumber * DAY_MS;
      rank += 1;
      // An image already expired was matched by that earlier rule, so `claimed` covers it too.
      if (candidate && claimed[i] === 0) expiredBy[i] = rule.rulePriority;
    }
    for (const i of matchedNow) claimed[i] = 1;
  }

  const expired: { digest: string; rulePriority: number }[] = [];
  const kept: string[] = [];
  for (const i of byDigest) {
    const digest = images[i]!.digest;
    if (expiredBy[i] !== 0) expired.push({ digest, rulePriority: expiredBy[i]! });
    else kept.push(digest);
  }
  return { expired, kept };
}

function matcher(rule: LifecycleRule): (img: RepositoryImage) => boolean {
  const sel = rule.selection;
  switch (sel.tagStatus) {
    case "any":
      return () => true;
    case "untagged":
      return (img) => img.tags.length === 0;
    case "tagged": {
      const list = tagList(sel)!;
      const tests = list.values.map((entry) =>
        list.kind === "pattern" ? compileWildcard(entry) : (tag: string) => tag.startsWith(entry),
      );
      return (img) => {
        const tags = img.tags;
        if (tags.length === 0) return false;
        // AND across the list, each entry satisfied by any one tag.
        for (const test of tests) {
          let hit = false;
          for (const tag of tags) {
            if (test(tag)) {
              hit = true;
              break;
            }
          }
          if (!hit) return false;
        }
        return true;
      };
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
