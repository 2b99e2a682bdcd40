/*
 * What the retention properties are judged by, beside the evaluator: the
 * intent engine's kept set, and the kept image indexes an outcome breaks.
 */
import type { TagModel } from "../../../lib/channels/model";
import {
  retentionDecisions,
  type LifecycleOutcome,
  type RepositoryImage,
  type RetentionIntent,
} from "../../../lib/retention";

/** The digests `retentionDecisions` keeps, sorted. */
export function imagesKeptByIntent(
  intent: RetentionIntent,
  images: readonly RepositoryImage[],
  now: Date,
  model: TagModel,
): string[] {
  return [...retentionDecisions(intent, images, now, model)]
    .filter(([, d]) => d.kept)
    .map(([digest]) => digest)
    .sort();
}

/**
 * Kept image indexes that list a child the outcome expires (or that is
 * missing): pulling such an index fails for that platform with "manifest
 * unknown". A retention policy is only safe if this is empty.
 */
export function brokenIndexes(images: readonly RepositoryImage[], outcome: LifecycleOutcome): string[] {
  const kept = new Set(outcome.kept);
  const broken = new Set<string>();
  for (const img of images) {
    for (const index of img.indexDigests ?? []) {
      if (kept.has(index) && !kept.has(img.digest)) broken.add(index);
    }
  }
  return [...broken].sort();
}
