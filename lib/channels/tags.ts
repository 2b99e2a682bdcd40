import semver from "semver";
import type { Channel } from "./channel";
import { UserError } from "../errors";
import { IMMUTABLE_TAG_SHAPES, MOVING_TAG_SHAPES, SIGNATURE_TAG_SHAPE } from "./shapes";

/** What one build needs to know to compute its tags. */
export interface ReleaseInput {
  /**
   * The version, without a leading `v`.
   * - stable: `1.5.0`
   * - beta: `1.5.0-beta.2`
   * - nightly: the version `dev` is heading for, e.g. `1.5.0`
   */
  readonly version: string;
  /** Nightly only: the build date (UTC) as `YYYYMMDD`; see {@link nightlyDate}. */
  readonly date?: string;
  /** Nightly only: the built commit, 7 to 40 lowercase hex characters. */
  readonly sha?: string;
  /**
   * Versions already published (any channel, without `v`). Decides whether the
   * moving tags follow this release: a backport never moves `latest`.
   * @default []
   */
  readonly publishedVersions?: readonly string[];
}

/** Tags one build pushes, split by how the registries must treat them. */
export interface ChannelTags {
  /** Tags that must never be re-pointed (version and dated tags). */
  readonly immutable: string[];
  /** Tags re-pointed on every qualifying release and on rollback. */
  readonly moving: string[];
}

/** How a tag must be treated by the registries. */
export type TagClass = "immutable" | "moving" | "signature" | "other";

const IMMUTABLE_RES = Object.values(IMMUTABLE_TAG_SHAPES).map((s) => new RegExp(s));
const MOVING_RES = Object.values(MOVING_TAG_SHAPES).map((s) => new RegExp(s));
const SIGNATURE_RE = new RegExp(SIGNATURE_TAG_SHAPE);

/** Classifies a tag by shape; the single source of which tags are immutable. */
export function classifyTag(tag: string): TagClass {
  if (SIGNATURE_RE.test(tag)) return "signature";
  if (MOVING_RES.some((re) => re.test(tag))) return "moving";
  if (IMMUTABLE_RES.some((re) => re.test(tag))) return "immutable";
  return "other";
}

/**
 * Turns a git tag (`v1.5.0`, `refs/tags/v1.5.0-beta.2`) into the version the
 * channel model takes (`1.5.0`, `1.5.0-beta.2`).
 */
export function versionFromGitTag(ref: string): string {
  const name = ref.startsWith("refs/tags/") ? ref.slice("refs/tags/".length) : ref;
  if (!/^v[0-9]/.test(name) || semver.valid(name.slice(1)) === null) {
    throw new UserError(`"${ref}" is not a release tag; expected vX.Y.Z or vX.Y.Z-beta.N`, { path: "gitTag" });
  }
  return name.slice(1);
}

/** Formats a date as the `YYYYMMDD` (UTC) used by nightly tags. */
export function nightlyDate(date: Date): string {
  const y = String(date.getUTCFullYear()).padStart(4, "0");
  const m = String(date.getUTCMonth() + 1).padStart(2, "0");
  const d = String(date.getUTCDate()).padStart(2, "0");
  return `${y}${m}${d}`;
}

function parseVersion(field: string, version: string): semver.SemVer {
  if (version.startsWith("v")) {
    throw new UserError(`"${version}" starts with "v"; pass the version without it (see versionFromGitTag)`, {
      path: field,
    });
  }
  const parsed = semver.parse(version);
  if (parsed === null || parsed.build.length > 0 || parsed.format() !== version) {
    throw new UserError(
      `"${version}" is not a semantic version X.Y.Z[-pre] (no spaces, no "=" prefix; build metadata "+..." is not allowed in image tags)`,
      { path: field },
    );
  }
  return parsed;
}

function isBeta(v: semver.SemVer): boolean {
  return v.prerelease.length === 2 && v.prerelease[0] === "beta" && typeof v.prerelease[1] === "number";
}

function parsePublished(published: readonly string[]): semver.SemVer[] {
  return published.map((p, i) => parseVersion(`release.publishedVersions[${i}]`, p));
}

function parseStable(version: string): semver.SemVer {
  const v = parseVersion("release.version", version);
  if (v.prerelease.length > 0) {
    throw new UserError(
      `"${version}" is a pre-release; stable releases are X.Y.Z (publish pre-releases on the beta channel)`,
      { path: "release.version" },
    );
  }
  return v;
}

/**
 * The moving tags a stable release takes: `X.Y`, `X`, `stable`, `latest`, each
 * only if no published stable version of that scope is higher. Pre-releases
 * never count: `1.6.0-beta.1` does not stop `1.5.3` from becoming `latest`.
 */
export function movingTagsForStable(version: string, publishedVersions: readonly string[]): string[] {
  const v = parseStable(version);
  const higher = parsePublished(publishedVersions).filter((p) => p.prerelease.length === 0 && semver.gt(p, v));
  const moving: string[] = [];
  if (!higher.some((p) => p.major === v.major && p.minor === v.minor)) moving.push(`${v.major}.${v.minor}`);
  if (!higher.some((p) => p.major === v.major)) moving.push(`${v.major}`);
  if (higher.length === 0) moving.push("stable", "latest");
  return moving;
}

/**
 * The moving tags a beta takes: `beta`, unless a higher beta is already
 * published (a beta cut for an older line must not move `beta` backwards).
 */
export function movingTagsForBeta(version: string, publishedVersions: readonly string[]): string[] {
  const v = parseVersion("release.version", version);
  if (!isBeta(v)) {
    const why =
      v.prerelease[0] === "beta" && v.prerelease.length === 2 ? ` (N must be below ${Number.MAX_SAFE_INTEGER})` : "";
    throw new UserError(`"${version}" is not a beta; beta releases are X.Y.Z-beta.N${why}`, {
      path: "release.version",
    });
  }
  const higher = parsePublished(publishedVersions).some((p) => isBeta(p) && semver.gt(p, v));
  return higher ? [] : ["beta"];
}

function nightlyTags(release: ReleaseInput): ChannelTags {
  const v = parseVersion("release.version", release.version);
  if (v.prerelease.length > 0) {
    throw new UserError(`"${release.version}" is a pre-release; a nightly takes the X.Y.Z that dev is heading for`, {
      path: "release.version",
    });
  }
  const date = release.date;
  if (date === undefined || !isCalendarDate(date)) {
    throw new UserError(
      `${date === undefined ? "missing" : `"${date}" is not a calendar date`}; nightly builds need the UTC build date as YYYYMMDD (see nightlyDate)`,
      { path: "release.date" },
    );
  }
  const sha = release.sha;
  if (sha === undefined || !/^[0-9a-f]{7,40}$/.test(sha)) {
    throw new UserError(
      `${sha === undefined ? "missing" : `"${sha}" is not a commit`}; nightly builds need 7 to 40 lowercase hex characters (git rev-parse --short HEAD)`,
      { path: "release.sha" },
    );
  }
  return { immutable: [`nightly-${date}`, `${v.format()}-nightly.${date}.${sha}`], moving: ["nightly"] };
}

function isCalendarDate(s: string): boolean {
  if (!/^[0-9]{8}$/.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(4, 6));
  const d = Number(s.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * The tags one build of `channel` pushes.
 *
 * @example tagsFor("stable", { version: "1.4.9", publishedVersions: ["1.5.0"] })
 *   // { immutable: ["1.4.9"], moving: ["1.4"] }
 * @throws {UserError} naming the field when the release does not fit the channel.
 */
export function tagsFor(channel: Channel, release: ReleaseInput): ChannelTags {
  const published = release.publishedVersions ?? [];
  // No length check is needed: semver caps each number at 2^53-1 (16 digits),
  // so the longest tag (a nightly with a 40-character sha) stays under
  // Docker's 128 characters; the property tests check this.
  switch (channel) {
    case "nightly":
      return nightlyTags(release);
    case "beta":
      return { immutable: [release.version], moving: movingTagsForBeta(release.version, published) };
    case "stable":
      return { immutable: [release.version], moving: movingTagsForStable(release.version, published) };
  }
}
