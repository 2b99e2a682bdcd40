// Generates repository histories the way the release channels write them,
// for any tag scheme: builds tagged by the scheme's release plans
// (lib/channels/release.ts), moving tags re-pointed, per-platform children,
// cosign signature images, tags an earlier release process left (the scheme's
// legacy patterns), hand-made tags on images of their own and on images of
// the channels (sharing a digest with a build that may expire), and orphaned
// untagged images, and build cache exports (each moves its cache tag off the
// previous cache manifest, which stays behind untagged).
import fc from "fast-check";
import type { TagModel } from "../../../lib/channels/model";
import { planNightly, planTaggedRelease } from "../../../lib/channels/release";
import { nightlyDate } from "../../../lib/channels/tags";
import { buildCacheTag } from "../../../lib/channels/cache";
import { CHANNELS } from "../../../lib/channels/channel";
import { DAY_MS, type RepositoryImage, type RetentionIntent } from "../../../lib/retention";
import type { PruneTagInput } from "../../../lib/dockerhub/prune";

export type HistoryEvent =
  | { readonly kind: "nightly"; readonly gapHours: number; readonly platforms: number }
  | { readonly kind: "beta"; readonly gapHours: number; readonly platforms: number }
  | { readonly kind: "stable"; readonly gapHours: number; readonly platforms: number; readonly backport: boolean }
  | { readonly kind: "legacy"; readonly gapHours: number; readonly pattern: number }
  | { readonly kind: "shared"; readonly gapHours: number; readonly pick: number }
  | { readonly kind: "cache"; readonly gapHours: number; readonly pick: number }
  | { readonly kind: "orphan" | "signature" | "other"; readonly gapHours: number };

export interface History {
  readonly images: RepositoryImage[];
  /** When each tag was last pushed (moved, for a moving tag): what Docker Hub lists as `tag_last_pushed`. */
  readonly tagPushedAt: ReadonlyMap<string, Date>;
  readonly now: Date;
}

const START = Date.UTC(2026, 0, 1);

/** Hand-made tags: no scheme of the gallery retains them (tests/support/tag-schemes.ts). */
export const HAND_MADE = ["keep-me-forever", "pr", "debug"] as const;

/** A tag a legacy pattern matches: each `*` filled in. */
function legacyTag(pattern: string, n: number): string {
  let k = 0;
  return pattern.replaceAll("*", () => ((k += 1) === 1 ? `1.0.${String(n)}` : String(n + k)));
}

export function buildHistory(model: TagModel, events: readonly HistoryEvent[], nowOffsetHours: number): History {
  const images: { digest: string; tags: string[]; pushedAt: Date; indexDigests?: string[] }[] = [];
  const tagPushedAt = new Map<string, Date>();
  const gitTags: string[] = [];
  const patches = new Map<number, number>();
  const { identifier, separator } = model.scheme.prerelease;
  let minor = 3;
  let beta = 0;
  let run = 0;
  let t = START;
  let counter = 0;
  const digest = () => `sha256:${(counter += 1).toString(16).padStart(64, "0")}`;
  const has = (tag: string) => tagPushedAt.has(tag);

  const push = (tags: { immutable: readonly string[]; moving: readonly string[] }, platforms: number) => {
    for (const img of images) img.tags = img.tags.filter((x) => !tags.moving.includes(x));
    const index = digest();
    images.push({ digest: index, tags: [...tags.immutable, ...tags.moving], pushedAt: new Date(t) });
    for (const tag of [...tags.immutable, ...tags.moving]) tagPushedAt.set(tag, new Date(t));
    for (let p = 0; p < platforms; p += 1)
      images.push({ digest: digest(), tags: [], pushedAt: new Date(t), indexDigests: [index] });
  };
  const single = (tag: string) => {
    if (has(tag)) return;
    images.push({ digest: digest(), tags: [tag], pushedAt: new Date(t) });
    tagPushedAt.set(tag, new Date(t));
  };
  const release = (channel: "stable" | "beta", version: string, platforms: number) => {
    const gitTag = model.gitTag(version);
    if (gitTags.includes(gitTag)) return;
    const plan = planTaggedRelease(model, { channel, gitTag, gitTags, onReleaseBranch: true });
    if (!plan.ok) throw new Error(`${version}: ${plan.message}`);
    gitTags.push(gitTag);
    push({ immutable: plan.tags, moving: plan.moving }, platforms);
  };

  for (const e of events) {
    t += e.gapHours * 3_600_000;
    switch (e.kind) {
      case "nightly": {
        run += 1;
        // A second nightly of a UTC day leaves out the tags the first one holds
        // (they are immutable), as the workflows push it.
        const plan = planNightly(model, {
          gitTags,
          sha: (counter + 0x1000000).toString(16).padEnd(40, "0"),
          date: nightlyDate(new Date(t)),
          run,
          images: [{ id: "image", repositories: [{ has }] }],
        });
        const image = plan.ok ? plan.images[0] : undefined;
        if (image !== undefined && !image.skip && image.tags.length > 0)
          push({ immutable: image.tags, moving: image.moving }, e.platforms);
        break;
      }
      case "beta": {
        beta += 1;
        release("beta", `1.${String(minor)}.0-${identifier}${separator}${String(beta)}`, e.platforms);
        break;
      }
      case "stable": {
        if (e.backport && minor > 3) {
          const line = minor - 1 - (counter % Math.min(2, minor - 3));
          const patch = (patches.get(line) ?? 0) + 1;
          patches.set(line, patch);
          release("stable", `1.${String(line)}.${String(patch)}`, e.platforms);
        } else {
          release("stable", `1.${String(minor)}.0`, e.platforms);
          minor += 1;
          beta = 0;
        }
        break;
      }
      case "legacy": {
        const legacy = model.scheme.legacy;
        if (legacy.length > 0) single(legacyTag(legacy[e.pattern % legacy.length]!.pattern, counter));
        break;
      }
      case "shared": {
        // A hand-made tag on an image of the channels: it shares that build's digest.
        const tagged = images.filter((img) => img.tags.length > 0);
        const img = tagged[e.pick % Math.max(tagged.length, 1)];
        if (img !== undefined) {
          const tag = `${HAND_MADE[e.pick % HAND_MADE.length]!}-${String(counter++)}`;
          img.tags.push(tag);
          tagPushedAt.set(tag, new Date(t));
        }
        break;
      }
      case "cache": {
        const tag = buildCacheTag(
          CHANNELS[e.pick % CHANNELS.length]!,
          e.pick % 2 === 0 ? "linux/amd64" : "linux/arm64",
        );
        push({ immutable: [], moving: [tag] }, 0);
        break;
      }
      case "orphan":
        // A per-platform image whose index is already gone (or a failed push).
        images.push({ digest: digest(), tags: [], pushedAt: new Date(t) });
        break;
      case "signature": {
        const signed =
          images.length > 0 ? images[counter % images.length]!.digest.slice("sha256:".length) : "0".repeat(64);
        single(`sha256-${signed}.sig`);
        break;
      }
      case "other":
        single(`${HAND_MADE[counter % HAND_MADE.length]!}-${String(counter)}`);
        break;
    }
  }
  return { images, tagPushedAt, now: new Date(t + nowOffsetHours * 3_600_000) };
}

/** The history's tags as Docker Hub lists them: one entry per tag, with its image's digest. */
export function hubTags(h: History): PruneTagInput[] {
  return h.images.flatMap((img) =>
    img.tags.map((name) => ({
      name,
      digest: img.digest,
      lastPushed: (h.tagPushedAt.get(name) ?? img.pushedAt).toISOString(),
      fullSize: 1,
    })),
  );
}

const gap = fc.integer({ min: 0, max: 72 });
const platforms = fc.integer({ min: 0, max: 3 });

export const historyEvent = (opts: { platforms: fc.Arbitrary<number> } = { platforms }): fc.Arbitrary<HistoryEvent> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({ kind: fc.constant("nightly" as const), gapHours: gap, platforms: opts.platforms }),
    },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant("beta" as const), gapHours: gap, platforms: opts.platforms }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("stable" as const),
        gapHours: gap,
        platforms: opts.platforms,
        backport: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant("legacy" as const), gapHours: gap, pattern: fc.nat(5) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant("shared" as const), gapHours: gap, pick: fc.nat(1000) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant("cache" as const), gapHours: gap, pick: fc.nat(1000) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constantFrom("orphan" as const, "signature" as const, "other" as const),
        gapHours: gap,
      }),
    },
  );

export const history = (model: TagModel, opts?: { platforms: fc.Arbitrary<number> }): fc.Arbitrary<History> =>
  fc
    .tuple(
      fc.array(historyEvent(opts), { maxLength: 80 }),
      // Whole days now and then, so that some image is exactly as old as a limit.
      fc.oneof(
        fc.integer({ min: 0, max: 24 * 40 }),
        fc.integer({ min: 1, max: 30 }).map((d) => d * 24),
      ),
    )
    .map(([events, offset]) => buildHistory(model, events, offset));

export const intent: fc.Arbitrary<RetentionIntent> = fc.record({
  stable: fc.constant({ keep: "all" as const }),
  beta: fc.record({ keepLast: fc.integer({ min: 1, max: 30 }) }),
  nightly: fc.record({ maxAgeDays: fc.integer({ min: 1, max: 30 }) }),
  untagged: fc.record({ maxAgeDays: fc.integer({ min: 1, max: 30 }) }),
});

/** Untagged images that no kept index lists and that are older than the untagged limit. */
export function staleOrphans(
  images: readonly RepositoryImage[],
  kept: ReadonlySet<string>,
  i: RetentionIntent,
  now: Date,
): string[] {
  return images
    .filter(
      (img) =>
        img.tags.length === 0 &&
        !(img.indexDigests ?? []).some((d) => kept.has(d)) &&
        now.getTime() - img.pushedAt.getTime() > i.untagged.maxAgeDays * DAY_MS,
    )
    .map((img) => img.digest)
    .sort();
}
