// Generates repository histories the way the release channels write them:
// builds tagged by the channel model, moving tags re-pointed, per-platform
// children, cosign signature images, stray tags and orphaned untagged images.
import fc from "fast-check";
import { nightlyDate, tagsFor } from "../../../lib/channels";
import { DAY_MS, type RepositoryImage, type RetentionIntent } from "../../../lib/retention";

export type HistoryEvent =
  | { readonly kind: "nightly"; readonly gapHours: number; readonly platforms: number }
  | { readonly kind: "beta"; readonly gapHours: number; readonly platforms: number }
  | { readonly kind: "stable"; readonly gapHours: number; readonly platforms: number; readonly backport: boolean }
  | { readonly kind: "orphan" | "signature" | "other"; readonly gapHours: number };

export interface History {
  readonly images: RepositoryImage[];
  readonly now: Date;
}

const START = Date.UTC(2026, 0, 1);

export function buildHistory(events: readonly HistoryEvent[], nowOffsetHours: number): History {
  const images: { digest: string; tags: string[]; pushedAt: Date; indexDigests?: string[] }[] = [];
  const published: string[] = [];
  const nightlyDates = new Set<string>();
  const patches = new Map<number, number>();
  let minor = 3;
  let beta = 0;
  let t = START;
  let counter = 0;
  const digest = () => `sha256:${(counter += 1).toString(16).padStart(64, "0")}`;

  const push = (tags: { immutable: string[]; moving: string[] }, platforms: number) => {
    for (const img of images) img.tags = img.tags.filter((x) => !tags.moving.includes(x));
    const index = digest();
    images.push({ digest: index, tags: [...tags.immutable, ...tags.moving], pushedAt: new Date(t) });
    for (let p = 0; p < platforms; p += 1)
      images.push({ digest: digest(), tags: [], pushedAt: new Date(t), indexDigests: [index] });
  };

  for (const e of events) {
    t += e.gapHours * 3_600_000;
    switch (e.kind) {
      case "nightly": {
        const date = nightlyDate(new Date(t));
        const tags = tagsFor("nightly", {
          version: `1.${minor}.0`,
          date,
          sha: (counter + 0x1000000).toString(16).slice(-7),
        });
        // The dated tag is immutable: a second nightly of the same UTC day leaves it
        // out and carries only its version tag (and the moving tag), as the workflows push it.
        const immutable = nightlyDates.has(date)
          ? tags.immutable.filter((x) => x !== `nightly-${date}`)
          : tags.immutable;
        nightlyDates.add(date);
        push({ immutable, moving: tags.moving }, e.platforms);
        break;
      }
      case "beta": {
        beta += 1;
        const version = `1.${minor}.0-beta.${beta}`;
        push(tagsFor("beta", { version, publishedVersions: published }), e.platforms);
        published.push(version);
        break;
      }
      case "stable": {
        let version: string;
        if (e.backport && minor > 3) {
          const line = minor - 1 - (counter % Math.min(2, minor - 3));
          const patch = (patches.get(line) ?? 0) + 1;
          patches.set(line, patch);
          version = `1.${line}.${patch}`;
        } else {
          version = `1.${minor}.0`;
          minor += 1;
          beta = 0;
        }
        push(tagsFor("stable", { version, publishedVersions: published }), e.platforms);
        published.push(version);
        break;
      }
      case "orphan":
        // A per-platform image whose index is already gone (or a failed push).
        images.push({ digest: digest(), tags: [], pushedAt: new Date(t) });
        break;
      case "signature": {
        const signed =
          images.length > 0 ? images[counter % images.length]!.digest.slice("sha256:".length) : "0".repeat(64);
        images.push({ digest: digest(), tags: [`sha256-${signed}.sig`], pushedAt: new Date(t) });
        break;
      }
      case "other":
        images.push({ digest: digest(), tags: [`pr-${counter}`], pushedAt: new Date(t) });
        break;
    }
  }
  return { images, now: new Date(t + nowOffsetHours * 3_600_000) };
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
      arbitrary: fc.record({
        kind: fc.constantFrom("orphan" as const, "signature" as const, "other" as const),
        gapHours: gap,
      }),
    },
  );

export const history = (opts?: { platforms: fc.Arbitrary<number> }): fc.Arbitrary<History> =>
  fc
    .tuple(fc.array(historyEvent(opts), { maxLength: 80 }), fc.integer({ min: 0, max: 24 * 40 }))
    .map(([events, offset]) => buildHistory(events, offset));

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
