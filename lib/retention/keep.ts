import type { TagModel } from "../channels/model";
import type { RepositoryImage } from "./image";
import type { RetentionIntent } from "./intent";
import { DAY_MS } from "./policy";
import { retentionSelectors } from "./selectors";

/**
 * The retention group whose selector decides an image: the first of
 * `cache` (a live build cache, ../channels/cache.ts), `protect`, the beta selectors in order, the nightly selectors in order, one
 * of whose ECR wildcards matches one of the image's tags. `none` when no
 * selector matches (a release, a signature, a hand-made tag): not retention's.
 */
export type RetentionGroup =
  | { readonly group: "cache"; readonly selector: string }
  | { readonly group: "protect"; readonly selector: string }
  | { readonly group: "beta"; readonly selector: string; readonly index: number }
  | { readonly group: "nightly"; readonly selector: string; readonly index: number }
  | { readonly group: "none" };

/** Why an image is kept or not, in the intent's words. */
export type RetentionDecision = RetentionGroup & {
  readonly kept: boolean;
  /** Beta only: how many newer images match the same selector. */
  readonly newer?: number;
  /** Untagged only: whether a kept image index lists it. */
  readonly listedByKeptIndex?: boolean;
};

/** The group that decides an image with these tags (see {@link RetentionGroup}). */
export function retentionGroup(tags: readonly string[], model: TagModel): RetentionGroup {
  const c = retentionSelectors(model);
  const first = (tests: readonly ((tag: string) => boolean)[]) => tests.findIndex((test) => tags.some(test));
  const cache = first(c.matchers.cache);
  if (cache >= 0) return { group: "cache", selector: c.cache[cache]! };
  const protect = first(c.matchers.protect);
  if (protect >= 0) return { group: "protect", selector: c.protect[protect]! };
  const beta = first(c.matchers.beta);
  if (beta >= 0) return { group: "beta", selector: c.beta[beta]!, index: beta };
  const nightly = first(c.matchers.nightly);
  if (nightly >= 0) return { group: "nightly", selector: c.nightly[nightly]!, index: nightly };
  return { group: "none" };
}

/** Whether one tag matches one of a group's selectors: the tags retention owns. */
export function tagSelectedBy(tag: string, group: "protect" | "beta" | "nightly", model: TagModel): boolean {
  return retentionSelectors(model).matchers[group].some((test) => test(tag));
}

/** The role of an image under the tag scheme, from its tags. */
export interface ImageRoles {
  readonly stable: boolean;
  readonly beta: boolean;
  readonly nightly: boolean;
  /** Holds a moving tag of the scheme (`latest`, `1.5`, ...): a live rollback pointer. */
  readonly moving: boolean;
}

/** Reads an image's channel roles from its tags, as the model classifies them (legacy tags by their `retain`). */
export function imageRoles(tags: readonly string[], model: TagModel): ImageRoles {
  const roles = { stable: false, beta: false, nightly: false, moving: false };
  for (const tag of tags) {
    const cls = model.classify(tag);
    if (cls.kind === "moving") roles.moving = true;
    else if (cls.kind === "immutable") roles[cls.shape.channel] = true;
    else if (cls.kind === "legacy" && cls.legacy.retain !== "forever") roles[cls.legacy.retain] = true;
  }
  return roles;
}

const byNewest = (a: RepositoryImage, b: RepositoryImage) =>
  b.pushedAt.getTime() - a.pushedAt.getTime() || (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0);

/**
 * Every image's fate under the intent, decided from its words with no ECR rule
 * in between: the engine of the Docker Hub prune (Docker Hub has no lifecycle
 * policies) and the reference the ECR compiler and evaluator are tested
 * against. The groups are the model's retention selectors (./selectors.ts):
 *
 * - a build cache (a tag matching the `cache` selector) is kept and is no
 *   channel's image: the tag model keeps every beta and nightly selector
 *   apart from cache tags, so no count includes one;
 * - an image whose tags match a `protect` selector (a literal moving tag, a
 *   `stable` or `forever` legacy pattern) is kept;
 * - otherwise, the first beta selector one of its tags matches decides it:
 *   kept when it is among the newest `beta.keepLast` images matching that
 *   selector, counting every image that matches it, whichever selector decides
 *   that image (ECR counts images an earlier rule took "as if they had not
 *   been expired");
 * - otherwise, the first nightly selector decides it: kept when pushed at most
 *   `nightly.maxAgeDays` days before `now`;
 * - an image no selector matches is kept: a release (stable keeps all), a
 *   signature, a tag of no channel;
 * - an untagged image is kept when a kept image index lists it or it is at
 *   most `untagged.maxAgeDays` days old.
 *
 * "Newest" orders by push time, then by digest, as the evaluator does.
 */
export function retentionDecisions(
  intent: RetentionIntent,
  images: readonly RepositoryImage[],
  now: Date,
  model: TagModel,
): Map<string, RetentionDecision> {
  const nowMs = now.getTime();
  const betaMatchers = retentionSelectors(model).matchers.beta;
  const newestFirst = [...images].filter((img) => img.tags.length > 0).sort(byNewest);
  const betaSeen = betaMatchers.map(() => 0);
  const decisions = new Map<string, RetentionDecision>();
  for (const img of newestFirst) {
    const group = retentionGroup(img.tags, model);
    let decision: RetentionDecision;
    switch (group.group) {
      case "cache":
      case "protect":
      case "none":
        decision = { ...group, kept: true };
        break;
      case "beta": {
        const newer = betaSeen[group.index]!;
        decision = { ...group, kept: newer < intent.beta.keepLast, newer };
        break;
      }
      case "nightly":
        decision = { ...group, kept: nowMs - img.pushedAt.getTime() <= intent.nightly.maxAgeDays * DAY_MS };
        break;
    }
    decisions.set(img.digest, decision);
    // Every image matching a beta selector counts toward that selector's newest N.
    betaMatchers.forEach((test, k) => {
      if (img.tags.some(test)) betaSeen[k]! += 1;
    });
  }
  for (const img of images) {
    if (img.tags.length > 0) continue;
    const listedByKeptIndex = (img.indexDigests ?? []).some((d) => decisions.get(d)?.kept === true);
    const kept = listedByKeptIndex || nowMs - img.pushedAt.getTime() <= intent.untagged.maxAgeDays * DAY_MS;
    decisions.set(img.digest, { group: "none", kept, listedByKeptIndex });
  }
  return decisions;
}
