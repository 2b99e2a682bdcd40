/**
 * The build cache's tags: the one place that names them. The release
 * workflows export BuildKit's registry cache to these tags in the channel's
 * own ECR repository; the tag model keeps every other form of tag apart from
 * them, ECR's mutability filters leave them mutable (each export overwrites
 * the tag), retention keeps them and counts them as no channel's images, and
 * neither prune touches a tagged cache.
 *
 * One cache per image, channel and platform: a channel's build never reads
 * layers another channel wrote (rule W8: a registry cache scoped to the
 * channel), and platforms built on different runners do not overwrite each
 * other's cache.
 */
import { PLATFORMS } from "../config/patterns";
import { CHANNELS, type Channel } from "./channel";

/** Every cache tag starts with this. */
export const BUILD_CACHE_PREFIX = "buildcache-";

/** The ECR wildcard that selects every cache tag (retention's protect rule). */
export const BUILD_CACHE_WILDCARD = `${BUILD_CACHE_PREFIX}*`;

/** A platform as a tag or job-id fragment: `linux/arm/v7` is `arm-v7`. */
export function platformSlug(platform: string): string {
  return platform.replace(/^linux\//, "").replaceAll("/", "-");
}

/** Regular expression (unanchored body) of every cache tag, for overlap checks against the scheme. */
export const BUILD_CACHE_TAG_RE = `${BUILD_CACHE_PREFIX}(?:${CHANNELS.join("|")})-(?:${PLATFORMS.map(platformSlug).join("|")})`;

/** The tag the cache of one channel's builds of one platform lives under, e.g. `buildcache-nightly-arm64`. */
export function buildCacheTag(channel: Channel, platform: string): string {
  return `${BUILD_CACHE_PREFIX}${channel}-${platformSlug(platform)}`;
}

const anchored = new RegExp(`^(?:${BUILD_CACHE_TAG_RE})$`);

/** Whether `tag` is a build cache tag. */
export function isBuildCacheTag(tag: string): boolean {
  return anchored.test(tag);
}
