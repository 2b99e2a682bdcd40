/*
 * The per-image numbers of a workflow run's builds: builds per platform (the
 * "one build per platform per release" goal), emulated builds, runners, caches.
 */
import type { Build } from "./pipeline";

/** Counts by platform, platforms sorted. */
export type PlatformCounts = Readonly<Record<string, number>>;

/** One image's builds in one workflow run. */
export interface ImageSummary {
  readonly image: string;
  /** Builds of each platform. */
  readonly builds: PlatformCounts;
  /** Builds of each platform that run under QEMU; platforms without any are left out. */
  readonly emulated: PlatformCounts;
  /** The distinct runners, each as `labels (arch)`, sorted. */
  readonly runners: readonly string[];
  /** The distinct cache backends of its builds, sorted; empty for none. */
  readonly cache: readonly string[];
}

/** One summary per image, images sorted. */
export function summarizeImages(builds: readonly Build[]): ImageSummary[] {
  const images = [...new Set(builds.map((build) => build.image))].sort();
  return images.map((image) => {
    const own = builds.filter((build) => build.image === image);
    return {
      image,
      builds: countByPlatform(own),
      emulated: countByPlatform(own.filter((build) => build.emulated)),
      runners: distinct(own.map((build) => `${build.runner} (${build.runnerArch})`)),
      cache: distinct(own.flatMap((build) => build.cache)),
    };
  });
}

/** The largest count, 0 for none. */
export function maxCount(counts: PlatformCounts): number {
  return Math.max(0, ...Object.values(counts));
}

/** The sum of the counts. */
export function totalCount(counts: PlatformCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

function countByPlatform(builds: readonly Build[]): PlatformCounts {
  const counts: Record<string, number> = {};
  for (const platform of distinct(builds.map((build) => build.platform))) {
    counts[platform] = builds.filter((build) => build.platform === platform).length;
  }
  return counts;
}

function distinct(items: readonly string[]): string[] {
  return [...new Set(items)].sort();
}
