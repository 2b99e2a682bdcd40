import { UserError } from "../errors";
import { smallestDeleteShare, withinDeleteCap } from "./delete-cap";
import { DAY_MS } from "./policy";

/**
 * Manifest media types of an image index: OCI's and Docker's manifest list.
 * https://github.com/opencontainers/image-spec/blob/main/image-index.md
 * https://distribution.github.io/distribution/spec/manifest-v2-2/#manifest-list
 */
export const IMAGE_INDEX_MEDIA_TYPES: readonly string[] = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
];

/** Whether a manifest media type is an image index (a multi-platform image). */
export function isImageIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && IMAGE_INDEX_MEDIA_TYPES.includes(mediaType);
}

/** One image of a repository as the orphan prune sees it (a `DescribeImages` entry). */
export interface StoredImage {
  /** `sha256:<hex>`; unique within the repository. */
  readonly digest: string;
  /** Tags on the image; empty when untagged. */
  readonly tags: readonly string[];
  /** `imagePushedAt`. */
  readonly pushedAt: Date;
  /** `imageManifestMediaType`, when known; an index type makes the image an index. */
  readonly mediaType?: string;
  /**
   * `subjectManifestDigest`: for an OCI referrer (a signature, SBOM or
   * attestation attached with the OCI 1.1 `subject` field), the image it is about.
   */
  readonly subjectDigest?: string;
  /**
   * `imageStatus`. Only `ACTIVE` images (or images of unknown status) are ever
   * deleted: an archived image is restored as a whole, with what it lists.
   * @default "ACTIVE"
   */
  readonly status?: string;
}

/** What {@link selectOrphans} decides from. */
export interface OrphanInput {
  /** Every image of one repository. */
  readonly images: readonly StoredImage[];
  /**
   * For each image index in `images`: the digests its manifest lists (per-platform
   * manifests, and the attestation manifests BuildKit adds for SBOM and
   * provenance). An index missing here could not be read, which blocks the
   * whole repository (see {@link OrphanDecision.unreadableIndexes}).
   */
  readonly children: ReadonlyMap<string, readonly string[]>;
  /** Untagged images are deleted only when pushed more than this many days before `now`. */
  readonly maxAgeDays: number;
  readonly now: Date;
}

/** Why an image is deleted. */
export type OrphanReason =
  /** Untagged, old, and no image lists it or is its subject. */
  | "unreferenced"
  /** Untagged, old, and an OCI referrer whose subject is no longer in the repository. */
  | "subject-gone"
  /** Untagged, old, and everything that references it is deleted in the same run. */
  | "referrers-deleted";

/** One image to delete. */
export interface OrphanDeletion {
  readonly digest: string;
  readonly pushedAt: Date;
  readonly reason: OrphanReason;
  /** The reason in words, for the prune's table. */
  readonly detail: string;
  /**
   * Images deleted in the same run that reference this one (an index listing
   * it, or its subject). They must be gone first: ECR refuses to delete an
   * image an index still lists (`ImageReferencedByManifestList`).
   */
  readonly after: readonly string[];
  /**
   * 0 for images nothing references; otherwise one more than the highest wave
   * of {@link after}. Deleting wave by wave removes every index before what it lists.
   */
  readonly wave: number;
}

/** The prune's decision for one repository. */
export interface OrphanDecision {
  /** Sorted by wave, then digest. Empty when {@link unreadableIndexes} is not. */
  readonly deletions: readonly OrphanDeletion[];
  /**
   * Image indexes whose manifest could not be read, sorted. Any untagged image
   * could be one of their children, so nothing is deleted while this is non-empty.
   */
  readonly unreadableIndexes: readonly string[];
  /** Untagged images kept because they are at most `maxAgeDays` old. */
  readonly keptRecent: number;
  /**
   * Untagged images older than `maxAgeDays` that stay: an image that stays
   * references them, or an unreadable index blocks the repository.
   */
  readonly keptOld: number;
}

/**
 * Decides which untagged images of a repository the scheduled prune deletes.
 *
 * ECR lifecycle policies here have no `untagged` rule: the per-platform
 * manifests of a multi-arch image are untagged images of their own, and a rule
 * would expire those of kept releases
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html#lp_evaluation_rules).
 * So when the lifecycle policy expires an old nightly or beta index, its
 * children stay behind. This function finds them.
 *
 * An image is deleted when all of these hold:
 * - it has no tag (a tagged image is never deleted, whatever its age);
 * - it was pushed more than `maxAgeDays` before `now` (an image exactly that
 *   old stays, as in the lifecycle evaluator);
 * - it is `ACTIVE` (or of unknown status);
 * - every image that references it is deleted in the same run: no index that
 *   stays lists it, whatever that index's tags, and if it is an OCI referrer
 *   its subject does not stay.
 *
 * The last condition is decided wave by wave from images nothing references
 * (a least fixed point), so an orphaned untagged index and the children it
 * alone lists go in one run and a second run finds nothing; a reference cycle,
 * impossible with content-addressed digests, would keep its members.
 *
 * @throws {UserError} when `maxAgeDays` is not a non-negative number, a
 *   digest appears twice, or a push time is invalid.
 */
export function selectOrphans(input: OrphanInput): OrphanDecision {
  const { images, children, maxAgeDays, now } = input;
  if (!Number.isFinite(maxAgeDays) || maxAgeDays < 0)
    throw new UserError(`must be a number of days of at least 0, got ${maxAgeDays}`, { path: "maxAgeDays" });
  const byDigest = new Map<string, StoredImage>();
  for (const img of images) {
    if (byDigest.has(img.digest))
      throw new UserError(`digest ${img.digest} appears twice; digests are unique in a repository`, { path: "images" });
    if (Number.isNaN(img.pushedAt.getTime()))
      throw new UserError(`${img.digest} has an invalid pushedAt`, { path: "images" });
    byDigest.set(img.digest, img);
  }

  const unreadableIndexes = images
    .filter((img) => isImageIndexMediaType(img.mediaType) && !children.has(img.digest))
    .map((img) => img.digest)
    .sort(compare);

  // referrers.get(x): the present images whose staying keeps x.
  const referrers = new Map<string, Set<string>>();
  const refer = (from: string, to: string) => {
    // Only images present now hold anything: a gone index or subject protects nothing.
    if (from === to || !byDigest.has(from) || !byDigest.has(to)) return;
    let set = referrers.get(to);
    if (set === undefined) referrers.set(to, (set = new Set()));
    set.add(from);
  };
  for (const [index, listed] of children) for (const child of listed) refer(index, child);
  for (const img of images) if (img.subjectDigest !== undefined) refer(img.subjectDigest, img.digest);

  const nowMs = now.getTime();
  const limitMs = maxAgeDays * DAY_MS;
  let keptRecent = 0;
  const old: StoredImage[] = [];
  for (const img of images) {
    if (img.tags.length > 0 || (img.status !== undefined && img.status !== "ACTIVE")) continue;
    if (nowMs - img.pushedAt.getTime() > limitMs) old.push(img);
    else keptRecent += 1;
  }

  const waveOf = new Map<string, number>();
  const deletions: OrphanDeletion[] = [];
  if (unreadableIndexes.length === 0) {
    let pending = old;
    for (let wave = 0; pending.length > 0; wave += 1) {
      const ready: OrphanDeletion[] = [];
      const waiting: StoredImage[] = [];
      for (const img of pending) {
        const holders = [...(referrers.get(img.digest) ?? [])].sort(compare);
        if (holders.every((h) => waveOf.has(h))) ready.push(deletion(img, holders, wave, byDigest));
        else waiting.push(img);
      }
      if (ready.length === 0) break;
      ready.sort((a, b) => compare(a.digest, b.digest));
      for (const d of ready) waveOf.set(d.digest, wave);
      deletions.push(...ready);
      pending = waiting;
    }
  }
  return { deletions, unreadableIndexes, keptRecent, keptOld: old.length - deletions.length };
}

function deletion(
  img: StoredImage,
  after: string[],
  wave: number,
  present: ReadonlyMap<string, StoredImage>,
): OrphanDeletion {
  const base = { digest: img.digest, pushedAt: img.pushedAt, after, wave };
  if (after.length > 0) {
    return {
      ...base,
      reason: "referrers-deleted",
      detail: `untagged; referenced only by ${after.join(", ")}, deleted before it in this run`,
    };
  }
  if (img.subjectDigest !== undefined && !present.has(img.subjectDigest)) {
    return {
      ...base,
      reason: "subject-gone",
      detail: `untagged; its subject ${img.subjectDigest} is no longer in the repository`,
    };
  }
  return { ...base, reason: "unreferenced", detail: "untagged; no image index lists it" };
}

/**
 * The mass-deletion guard (./delete-cap.ts): a run that would delete more
 * than `maxShare` of a repository's images is refused unless forced. Returns
 * the refusal with the numbers and the smallest share that would pass, or
 * `undefined` when the run may proceed.
 *
 * @throws {RangeError} when `maxShare` is not between 0 and 1: the caller
 *   checks the flag it came from, so this is a bug.
 */
export function massDeletionRefusal(
  repository: string,
  deleteCount: number,
  imageCount: number,
  maxShare: number,
): string | undefined {
  if (!Number.isFinite(maxShare) || maxShare < 0 || maxShare > 1)
    throw new RangeError(`maxDeleteShare must be a share from 0 to 1, got ${maxShare}`);
  if (withinDeleteCap(deleteCount, imageCount, maxShare)) return undefined;
  const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;
  return `${repository}: refusing to delete ${deleteCount} of ${imageCount} images (${pct(deleteCount / imageCount)}), more than the allowed ${pct(maxShare)}; check the list, then rerun with --max-delete-share ${smallestDeleteShare(deleteCount, imageCount)} or --force`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
