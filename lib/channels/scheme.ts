/**
 * A project's release-tag scheme: how its git tags and image tags are written.
 * This is the one place that decides which tags each channel pushes and how
 * the registries must treat them; everything else (workflow triggers and
 * scripts, environment tag policies, ECR immutability filters, Docker Hub
 * immutable rules, retention in both registries, pins, rollback) reads the
 * {@link TagModel} compiled from it.
 *
 * Tags are written as templates: literal text and placeholders in braces.
 *
 * | placeholder | where | value |
 * |---|---|---|
 * | `{version}` | stable and beta tags | the release's version without the git tag prefix: `1.5.0`, `1.5.0-rc10` |
 * | `{major}`, `{minor}` | stable moving tags | the release's first two numbers |
 * | `{released}` | nightly tags | the highest stable version released (`0.0.0` before the first) |
 * | `{next}` | nightly tags | the version dev is heading for: the minor after `{released}`, or a higher beta's core |
 * | `{date}` | nightly tags | the build date, UTC, `YYYYMMDD` |
 * | `{short}`, `{sha}` | nightly tags | the built commit, 7 or 40 hex characters |
 * | `{run}` | nightly tags | the workflow run number plus `nightly.runOffset` |
 */

/** The channels' git tag and image tag forms, as configured (`release-infra:tagScheme`). */
export interface TagScheme {
  /** What precedes the version in a git tag: `v` makes `v1.5.0`. */
  readonly gitTagPrefix: string;
  /** How a pre-release (beta) version is written after `X.Y.Z`. */
  readonly prerelease: {
    /** Lowercase letters: `rc`, `beta`, `alpha`. */
    readonly identifier: string;
    /** Between the identifier and its number: `""` makes `-rc10`, `"."` makes `-rc.10`. */
    readonly separator: "" | ".";
  };
  readonly stable: {
    /** The image tag of a release. */
    readonly tag: string;
    /** Tags that follow the highest release of their scope: literals, `{major}`, `{major}.{minor}` forms. */
    readonly moving: readonly string[];
    /**
     * Branches besides the default branch a release may be tagged on (GitHub
     * fnmatch patterns, e.g. `release-*` for backports). @default []
     */
    readonly releaseBranches: readonly string[];
  };
  readonly beta: {
    readonly tag: string;
    /** Literal tags that follow the highest beta. */
    readonly moving: readonly string[];
  };
  readonly nightly: {
    /** Immutable tags of a nightly; the first is its version (the image's version label). */
    readonly tags: readonly string[];
    /**
     * The tag that records which commit was built, with `{sha}`: the nightly
     * is skipped for an image that already has it.
     */
    readonly commitTag: string;
    /** Literal tags moved to every nightly. */
    readonly moving: readonly string[];
    /** Added to the workflow run number for `{run}`, to continue an existing numbering. @default 0 */
    readonly runOffset: number;
  };
  /**
   * Tags an earlier release process published, by ECR wildcard (`*` is any
   * run of characters), and the channel whose retention they follow;
   * `forever` keeps them always. They are never pushed.
   */
  readonly legacy: readonly LegacyPattern[];
}

/** Tags of an earlier release process and how they are retained. */
export interface LegacyPattern {
  readonly pattern: string;
  readonly retain: "nightly" | "beta" | "stable" | "forever";
}

/** The scheme this program uses when a stack configures none. */
export const DEFAULT_TAG_SCHEME: TagScheme = {
  gitTagPrefix: "v",
  prerelease: { identifier: "beta", separator: "." },
  stable: { tag: "{version}", moving: ["{major}.{minor}", "{major}", "stable", "latest"], releaseBranches: [] },
  beta: { tag: "{version}", moving: ["beta"] },
  nightly: {
    tags: ["{next}-nightly.{date}.{short}", "nightly-{date}"],
    commitTag: "sha-{sha}",
    moving: ["nightly"],
    runOffset: 0,
  },
  legacy: [],
};
