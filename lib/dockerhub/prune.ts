/**
 * The Docker Hub tag prune, decided: Docker Hub has no lifecycle policies, so
 * the release system applies the retention intent itself. Which images stay
 * is `retentionDecisions` (lib/retention/keep.ts), from the same selectors the
 * ECR lifecycle compiler writes rules for; this module maps Hub tags to
 * images and back, picks the tags of an expired image retention owns,
 * explains each decision and applies the safety rails.
 */
import type { TagModel } from "../channels/model";
import { imageRoles, retentionDecisions, tagSelectedBy, type RetentionDecision } from "../retention/keep";
import type { RepositoryImage } from "../retention/image";
import type { RetentionIntent } from "../retention/intent";
import { smallestDeleteShare, withinDeleteCap } from "../retention/delete-cap";
import { DAY_MS } from "../retention/policy";
import { compileRe2Rule } from "./re2";

/** The fields of a Docker Hub tag the prune reads (a `HubTag` fits). */
export interface PruneTagInput {
  readonly name: string;
  /** Digest of the manifest (or image index) the tag points to. */
  readonly digest: string | undefined;
  /** `tag_last_pushed`, ISO 8601. */
  readonly lastPushed: string | undefined;
  /** `full_size` in bytes. */
  readonly fullSize: number | undefined;
}

/**
 * What happens to one tag: `failed` is a planned deletion the apply tried and
 * Docker Hub did not carry out (cli/prune marks it after the run).
 */
export type TagAction = "delete" | "keep" | "blocked" | "failed";

/** One tag's fate and why. */
export interface TagDecision {
  readonly tag: string;
  readonly digest: string | undefined;
  readonly action: TagAction;
  /** The retention rule (or safety rail) behind the decision, in the config's words. */
  readonly reason: string;
  readonly fullSize: number | undefined;
}

/** Inputs of {@link planTagPrune}. */
export interface TagPruneInput {
  readonly tags: readonly PruneTagInput[];
  readonly intent: RetentionIntent;
  /** The stack's tag scheme: which tags retention owns and selects images by. */
  readonly model: TagModel;
  readonly now: Date;
  /**
   * The repository's live immutable-tag rules (Go RE2, over whole tags), or
   * `"all"` when every tag is immutable. Docker Hub refuses to delete an
   * immutable tag, so such tags are reported as blocked and never attempted.
   * @default [] (none)
   */
  readonly immutableRules?: readonly string[] | "all";
}

/**
 * A Hub tag's image: its digest. Tags sharing a digest are one image, as in
 * ECR, and are kept or removed together. Its push time is the earliest push of
 * any of its tags: a moving tag re-pointed later does not make an image newer.
 */
export function imagesFromTags(tags: readonly PruneTagInput[]): RepositoryImage[] {
  const byDigest = new Map<string, { tags: string[]; pushedAt: number }>();
  for (const tag of tags) {
    if (tag.digest === undefined || tag.lastPushed === undefined) continue;
    const pushed = Date.parse(tag.lastPushed);
    if (Number.isNaN(pushed)) continue;
    const image = byDigest.get(tag.digest) ?? { tags: [], pushedAt: pushed };
    image.tags.push(tag.name);
    image.pushedAt = Math.min(image.pushedAt, pushed);
    byDigest.set(tag.digest, image);
  }
  return [...byDigest.entries()].map(([digest, image]) => ({
    digest,
    tags: image.tags.sort(),
    pushedAt: new Date(image.pushedAt),
  }));
}

const days = (ms: number) => Math.floor(ms / DAY_MS);
const daysAgo = (ms: number) => `${String(days(ms))} day${days(ms) === 1 ? "" : "s"} ago`;

/** Why retention keeps an image, in the config's words. */
function keepReason(
  decision: RetentionDecision,
  image: RepositoryImage,
  intent: RetentionIntent,
  model: TagModel,
  ageMs: number,
): string {
  switch (decision.group) {
    case "cache":
      return `a build cache (${decision.selector}), which retention keeps`;
    case "protect":
      return decision.selector.includes("*")
        ? `holds a tag matching ${decision.selector}, which retention protects`
        : `same image as ${decision.selector}, which retention protects`;
    case "none":
      return imageRoles(image.tags, model).stable
        ? "a release: stable.keep all"
        : "matches no retention selector: not the prune's to remove";
    case "beta":
      return `within beta.keepLast ${String(intent.beta.keepLast)} (${decision.selector})`;
    case "nightly":
      return `pushed ${daysAgo(ageMs)}, within nightly.maxAgeDays ${String(intent.nightly.maxAgeDays)} (${decision.selector})`;
  }
}

/** Why retention removes an image, in the config's words (only beta and nightly images are ever removed). */
function deleteReason(decision: RetentionDecision, intent: RetentionIntent, ageMs: number): string {
  switch (decision.group) {
    case "beta":
      return `beta.keepLast ${String(intent.beta.keepLast)}: older than the newest ${String(intent.beta.keepLast)} betas (${decision.selector})`;
    case "nightly":
      return `nightly.maxAgeDays ${String(intent.nightly.maxAgeDays)}: pushed ${daysAgo(ageMs)} (${decision.selector})`;
    default:
      return "untagged past untagged.maxAgeDays";
  }
}

/**
 * Whether the prune may delete `tag` from an image retention expires: a tag
 * one of the beta or nightly selectors matches, or one the model classifies as
 * a beta or nightly tag (immutable or legacy). Never a moving, signature or
 * build cache or release tag, a stable or `forever` legacy tag, or a tag of no channel that
 * no selector matches (a hand-made `keep-me-forever` on an expired nightly
 * stays, its image with it). ECR expires the whole image; Docker Hub deletes
 * tags one by one, so this is where the two registries' units meet.
 */
export function retentionOwnsTag(tag: string, model: TagModel): boolean {
  const cls = model.classify(tag);
  switch (cls.kind) {
    case "moving":
    case "signature":
    case "cache":
      return false;
    case "immutable":
      return cls.shape.channel !== "stable";
    case "legacy":
      return cls.legacy.retain === "beta" || cls.legacy.retain === "nightly";
    case "other":
      return tagSelectedBy(tag, "beta", model) || tagSelectedBy(tag, "nightly", model);
  }
}

function immutableMatcher(rules: readonly string[] | "all"): (tag: string) => string | undefined {
  if (rules === "all") return () => "every tag is immutable";
  // Go RE2 over the whole tag, the reading the rules are validated with (./re2.ts).
  const compiled = rules.map((rule) => ({ rule, matches: compileRe2Rule(rule) }));
  return (tag) => {
    const hit = compiled.find((c) => c.matches(tag));
    return hit === undefined ? undefined : `immutable on Docker Hub (rule ${hit.rule}), which refuses to delete it`;
  };
}

/**
 * Decides every tag of one repository: kept, deleted, or blocked (the intent
 * would remove it but Docker Hub would refuse). A tag is deleted only when its
 * image is one the intent does not keep and retention owns the tag
 * ({@link retentionOwnsTag}); every other tag of that image stays. Tags whose
 * image or push time is unknown are always kept. Sorted by tag name.
 */
export function planTagPrune(input: TagPruneInput): TagDecision[] {
  const { intent, model, now } = input;
  const images = imagesFromTags(input.tags);
  const decisions = retentionDecisions(intent, images, now, model);
  const imageOf = new Map(images.map((image) => [image.digest, image]));
  const immutable = immutableMatcher(input.immutableRules ?? []);

  return [...input.tags]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((tag): TagDecision => {
      const base = { tag: tag.name, digest: tag.digest, fullSize: tag.fullSize };
      const image = tag.digest === undefined ? undefined : imageOf.get(tag.digest);
      const decision = image === undefined ? undefined : decisions.get(image.digest);
      if (image === undefined || decision === undefined)
        return {
          ...base,
          action: "keep",
          reason: "Docker Hub reported no digest or push time: cannot tell which image it is",
        };
      const ageMs = now.getTime() - image.pushedAt.getTime();
      if (decision.kept) return { ...base, action: "keep", reason: keepReason(decision, image, intent, model, ageMs) };
      const reason = deleteReason(decision, intent, ageMs);
      if (!retentionOwnsTag(tag.name, model)) {
        return {
          ...base,
          action: "keep",
          reason: `${reason}, but this tag is not retention's: only the image's beta and nightly tags go`,
        };
      }
      const blocked = immutable(tag.name);
      return blocked === undefined
        ? { ...base, action: "delete", reason }
        : { ...base, action: "blocked", reason: `${reason}; ${blocked}` };
    });
}

/**
 * The images `decisions`' deletions leave with no tag, and their size as Docker
 * Hub reports it. Deleting tags frees no storage anyone can see: Docker Hub
 * keeps an untagged manifest stored, and the Hub API has no route to delete
 * one (hub-feedback#2448; reference/dockerhub-api.md). `full_size` may be 0 or
 * one platform's size, so the bytes are what Docker Hub says, not what it holds.
 * An image counts (once) only when every one of its tags is deleted.
 */
export function untaggedImages(decisions: readonly TagDecision[]): { readonly images: number; readonly bytes: number } {
  const digests = new Map<string, { all: boolean; size: number }>();
  for (const d of decisions) {
    if (d.digest === undefined) continue;
    const entry = digests.get(d.digest) ?? { all: true, size: 0 };
    entry.all &&= d.action === "delete";
    entry.size = Math.max(entry.size, d.fullSize ?? 0);
    digests.set(d.digest, entry);
  }
  const untagged = [...digests.values()].filter((e) => e.all);
  return { images: untagged.length, bytes: untagged.reduce((sum, e) => sum + e.size, 0) };
}

/**
 * Why deleting `toDelete` of `total` tags of `repository` is refused (more
 * than `maxShare` of them), or `undefined` when it is within the cap. The
 * share it suggests is the smallest the cap accepts for these numbers.
 */
export function deleteCapProblem(
  repository: string,
  toDelete: number,
  total: number,
  maxShare: number,
): string | undefined {
  if (withinDeleteCap(toDelete, total, maxShare)) return undefined;
  const pct = (n: number) => `${Number((n * 100).toFixed(1))}%`;
  const needed = smallestDeleteShare(toDelete, total);
  return (
    `would delete ${toDelete} of the ${total} tags of ${repository} (${pct(toDelete / total)}), more than the cap of ${pct(maxShare)}; ` +
    `nothing was deleted there. If the retention settings are right, rerun with --max-delete-share ${needed}`
  );
}

const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - text.length));

/** The decisions as a plain-text table: repository, tag, action, size, reason. Failed deletions, deletions and blocked tags first. */
export function renderPruneTable(rows: readonly (TagDecision & { readonly repository: string })[]): string {
  const order: Record<TagAction, number> = { failed: 0, delete: 1, blocked: 2, keep: 3 };
  const sorted = [...rows].sort(
    (a, b) =>
      order[a.action] - order[b.action] || a.repository.localeCompare(b.repository) || a.tag.localeCompare(b.tag),
  );
  const cells = [
    ["REPOSITORY", "TAG", "ACTION", "SIZE", "REASON"],
    ...sorted.map((r) => [r.repository, r.tag, r.action, formatBytes(r.fullSize ?? 0), r.reason]),
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => (i < 4 ? pad(cell, widths[i] ?? 0) : cell))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** Bytes for humans: `512 B`, `1.5 KiB`, `2.3 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** The account's API budget as Docker Hub's last answer stated it (a `RateLimitObservation` fits). */
export interface ApiBudget {
  /** Calls per window, when stated. */
  readonly limit: number | undefined;
  /** Calls left in this window. */
  readonly remaining: number;
  /** Epoch ms at which `remaining` is refilled. */
  readonly resetAtMs: number;
}

/** Of every window, the share the prune leaves to the account's other users (the release pipeline shares it). */
export const PRUNE_BUDGET_HEADROOM = 0.05;

/**
 * How long the prune should wait before its next call so that it never spends the
 * account's rate limit to 0: when at most `inFlight` calls (each may still land in
 * this window) plus the headroom are left, it waits for the reset. A budget whose reset
 * has passed is stale and allows the call; a reset further away than `maxWaitMs` is not
 * the per-minute limit, so the prune does not stall for it and leaves the 429 to the
 * client, which fails with the time to retry.
 */
export function pruneDelayMs(
  budget: ApiBudget | undefined,
  nowMs: number,
  inFlight: number,
  maxWaitMs: number,
): number {
  if (budget === undefined || nowMs >= budget.resetAtMs) return 0;
  const reserve = inFlight + Math.ceil((budget.limit ?? 0) * PRUNE_BUDGET_HEADROOM);
  if (budget.remaining > reserve) return 0;
  const wait = budget.resetAtMs - nowMs;
  return wait > maxWaitMs ? 0 : wait;
}
