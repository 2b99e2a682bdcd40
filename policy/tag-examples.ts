import { tagsFor } from "../lib/channels/tags";

/**
 * One build of every channel, as the channel model tags it: the tags a
 * registry setting must keep immutable and the ones it must leave mutable
 * (moving tags, and cosign's signature tags, rewritten on every re-sign).
 * Policies test a repository's settings against these instead of restating
 * which tag shapes are which.
 */
function examples(): { immutable: string[]; mutable: string[]; release: string } {
  const builds = [
    tagsFor("stable", { version: "1.5.0" }),
    tagsFor("beta", { version: "1.5.0-beta.2" }),
    tagsFor("nightly", { version: "1.5.0", date: "20261128", sha: "ab12cd3" }),
  ];
  // A cosign signature of some digest (SIGNATURE_TAG_SHAPE).
  const signature = `sha256-${"0".repeat(64)}.sig`;
  return {
    immutable: builds.flatMap((b) => b.immutable),
    mutable: [...builds.flatMap((b) => b.moving), signature],
    release: builds[0]!.immutable[0]!,
  };
}

/** Example tags of every class; `release` is a stable version tag (`1.5.0`). */
export const CHANNEL_TAG_EXAMPLES: Readonly<{
  immutable: readonly string[];
  mutable: readonly string[];
  release: string;
}> = examples();
