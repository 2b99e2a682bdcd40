import { IMMUTABLE_TAG_SHAPES } from "../channels/shapes";
import { classifyTag } from "../channels/tags";
import type { RepositoryImage } from "./image";
import type { RetentionIntent } from "./intent";
import { DAY_MS } from "./policy";

const RELEASE = new RegExp(IMMUTABLE_TAG_SHAPES.release);
const BETA = new RegExp(IMMUTABLE_TAG_SHAPES.beta);
const NIGHTLY = [new RegExp(IMMUTABLE_TAG_SHAPES.nightlyDated), new RegExp(IMMUTABLE_TAG_SHAPES.nightlyVersion)];

/** The role of an image under the retention intent, from its tags. */
export interface ImageRoles {
  readonly stable: boolean;
  readonly beta: boolean;
  readonly nightly: boolean;
  /** Holds a moving tag (`latest`, `stable`, `beta`, `nightly`, `X`, `X.Y`): a live rollback pointer. */
  readonly moving: boolean;
}

/** Reads an image's channel roles from its tags. */
export function imageRoles(tags: readonly string[]): ImageRoles {
  return {
    stable: tags.some((t) => RELEASE.test(t)),
    beta: tags.some((t) => BETA.test(t)),
    nightly: tags.some((t) => NIGHTLY.some((re) => re.test(t))),
    moving: tags.some((t) => classifyTag(t) === "moving"),
  };
}

/**
 * The images the intent keeps, decided directly from its words, with no ECR
 * rule in between. It is the engine of the registry prune (Docker Hub has no
 * lifecycle policies) and the reference the ECR compiler is tested against.
 *
 * An image is kept when any of these holds:
 * - it holds a moving tag;
 * - it is a stable release and stable keeps all, or it is among the newest N releases;
 * - it is a beta among the newest N betas;
 * - it is a nightly pushed at most N days before `now`;
 * - it has tags of no channel (signatures, anything else): not ours to remove;
 * - it is untagged and listed by a kept image index, or it is untagged and at
 *   most N days old.
 *
 * "Newest" orders by push time, then by digest, as the evaluator does.
 * Returns kept digests, sorted.
 */
export function imagesKeptByIntent(intent: RetentionIntent, images: readonly RepositoryImage[], now: Date): string[] {
  const nowMs = now.getTime();
  const newestFirst = [...images].sort(
    (a, b) => b.pushedAt.getTime() - a.pushedAt.getTime() || (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0),
  );
  const kept = new Set<string>();
  let stableRank = 0;
  let betaRank = 0;
  for (const img of newestFirst) {
    if (img.tags.length === 0) continue;
    const r = imageRoles(img.tags);
    const age = nowMs - img.pushedAt.getTime();
    let keep = r.moving || (!r.stable && !r.beta && !r.nightly);
    if (r.stable) {
      keep ||= "keep" in intent.stable || stableRank < intent.stable.keepLast;
      stableRank += 1;
    }
    if (r.beta) {
      keep ||= betaRank < intent.beta.keepLast;
      betaRank += 1;
    }
    if (r.nightly) keep ||= age <= intent.nightly.maxAgeDays * DAY_MS;
    if (keep) kept.add(img.digest);
  }
  for (const img of images) {
    if (img.tags.length > 0) continue;
    const referenced = (img.indexDigests ?? []).some((d) => kept.has(d));
    if (referenced || nowMs - img.pushedAt.getTime() <= intent.untagged.maxAgeDays * DAY_MS) kept.add(img.digest);
  }
  return [...kept].sort();
}
