/**
 * The release decisions, in one implementation: which version a build is,
 * which tags it pushes, which moving tags follow it, which it leaves to a pin,
 * and when a nightly is skipped. The workflow scripts (lib/workflows/scripts/*.sh)
 * make the same decisions at run time; tests run both over generated histories
 * in a real git repository and require the same answers.
 */
import type { Channel } from "./channel";
import { compareVersions, type MovingShape, type TagModel, type Version } from "./model";
import { renderTemplate, MAX_TAG_LENGTH } from "./template";

/** A release the workflow refuses, with the annotation title and message it prints. */
export interface Refusal {
  readonly ok: false;
  readonly title: string;
  readonly message: string;
}

/** What a beta or stable build pushes. */
export interface TaggedPlan {
  readonly ok: true;
  readonly version: string;
  /** Immutable tags, pushed with the image. */
  readonly tags: readonly string[];
  /** Moving tags re-pointed at the image after the push. */
  readonly moving: readonly string[];
  /** Moving tags this release would take but a pin holds. */
  readonly pinned: readonly string[];
}

/** Published versions read from git tags, per channel. */
export interface Published {
  readonly stable: readonly Version[];
  readonly beta: readonly Version[];
}

/** The versions git tags name (any other tag is ignored). */
export function publishedVersions(model: TagModel, gitTags: readonly string[]): Published {
  const stable: Version[] = [];
  const beta: Version[] = [];
  for (const tag of gitTags) {
    for (const channel of ["stable", "beta"] as const) {
      const version = model.versionOfGitTag(channel, tag);
      if (version !== undefined) (channel === "stable" ? stable : beta).push(model.parseVersion(channel, version)!);
    }
  }
  return { stable, beta };
}

const higherThan = (v: Version) => (p: Version) => compareVersions(p, v) > 0;

/** Whether a moving tag of `shape` follows release `v`, given what is published. */
function follows(shape: MovingShape, v: Version, published: Published): boolean {
  if (shape.channel === "beta") return !published.beta.some(higherThan(v));
  const higher = published.stable.filter(higherThan(v));
  switch (shape.scope) {
    case "always":
      return true;
    case "highest":
      return higher.length === 0;
    case "highest-major":
      return !higher.some((p) => p.core[0] === v.core[0]);
    case "highest-minor":
      return !higher.some((p) => p.core[0] === v.core[0] && p.core[1] === v.core[1]);
  }
}

/** The moving tags of `channel` rendered for version `v` (numbers as written in the version). */
export function renderMoving(
  model: TagModel,
  channel: Channel,
  v: Version | undefined,
  keep: (shape: MovingShape) => boolean = () => true,
): string[] {
  const [major, minor] = v === undefined ? [] : v.text.split(/[.-]/);
  return model.moving
    .filter((m) => m.channel === channel && keep(m))
    .map((m) => renderTemplate(m.template, { major, minor }));
}

/**
 * The moving tags a pin holds: the ones a rollback to `pin` points at it
 * (for a stable pin `1.4.9`: the literals and `1.4`, `1`). Other release
 * lines' tags (`1.5`) stay free.
 */
export function pinnedTags(model: TagModel, channel: Channel, pin: string | undefined): string[] {
  if (pin === undefined || pin === "") return [];
  if (channel === "nightly") return renderMoving(model, channel, undefined);
  const v = model.parseVersion(channel, pin);
  // A pin that is no version of the channel (config validation refuses one) holds everything.
  if (v === undefined) return model.moving.filter((m) => m.channel === channel).map((m) => m.template);
  return renderMoving(model, channel, v);
}

/** Input of {@link planTaggedRelease}: what the workflow knows when a tag is pushed. */
export interface TaggedInput {
  readonly channel: "stable" | "beta";
  /** The pushed git tag (`v1.0.10-rc1` or `refs/tags/...`). */
  readonly gitTag: string;
  /** Every tag of the repository. */
  readonly gitTags: readonly string[];
  /** Whether the tagged commit is on a branch the channel releases from. */
  readonly onReleaseBranch: boolean;
  /** The channel's pin variable (`STABLE_PIN`), empty when unpinned. */
  readonly pin?: string;
}

/** The plan of a beta or stable build. */
export function planTaggedRelease(model: TagModel, input: TaggedInput): TaggedPlan | Refusal {
  const { channel } = input;
  const version = model.versionOfGitTag(channel, input.gitTag);
  if (version === undefined) {
    return refuse(
      `Not a ${channel} release tag`,
      `"${input.gitTag}" is not a ${channel} tag such as ${model.gitTag(example(model, channel))}; nothing was built.`,
    );
  }
  if (!input.onReleaseBranch) {
    return refuse(
      `Tag not on ${channel} branch`,
      `${input.gitTag} points at a commit that is not on a ${channel} release branch; nothing was built.`,
    );
  }
  const v = model.parseVersion(channel, version)!;
  const tags = [model.versionTag(channel, version)];
  const tooLong = tags.find((t) => t.length > MAX_TAG_LENGTH);
  if (tooLong !== undefined) {
    return refuse("Tag too long", `${tooLong} is longer than ${String(MAX_TAG_LENGTH)} characters; nothing was built.`);
  }
  const published = publishedVersions(model, input.gitTags);
  const wanted = renderMoving(model, channel, v, (m) => follows(m, v, published));
  const held = new Set(pinnedTags(model, channel, input.pin));
  return {
    ok: true,
    version,
    tags,
    moving: wanted.filter((t) => !held.has(t)),
    pinned: wanted.filter((t) => held.has(t)),
  };
}

/** One image's registries as the nightly plan sees them. */
export interface NightlyImageState {
  /** Job-safe image id. */
  readonly id: string;
  /** Per repository (ECR, Docker Hub) of the image: whether a tag exists there. */
  readonly repositories: readonly { readonly has: (tag: string) => boolean }[];
}

/** Input of {@link planNightly}. */
export interface NightlyInput {
  readonly gitTags: readonly string[];
  /** The built commit, 40 hex characters. */
  readonly sha: string;
  /** Build date, UTC, `YYYYMMDD`. */
  readonly date: string;
  /** The workflow run number. */
  readonly run: number;
  readonly pin?: string;
  readonly images: readonly NightlyImageState[];
}

/** One image's part of a nightly. */
export interface NightlyImagePlan {
  readonly id: string;
  /** The commit is already built for this image: its commit tag is in one of its repositories. */
  readonly skip: boolean;
  readonly tags: readonly string[];
  readonly moving: readonly string[];
  /** Immutable tags left out because they exist already (a second nightly the same day). */
  readonly taken: readonly string[];
}

/** What a nightly run does. */
export interface NightlyPlan {
  readonly ok: true;
  readonly version: string;
  /** `{released}` and `{next}` of this run. */
  readonly released: string;
  readonly next: string;
  readonly images: readonly NightlyImagePlan[];
}

/**
 * The version dev is heading for: the minor after the highest release, or
 * the highest beta's version when a beta of a later version has been cut.
 */
export function nightlyVersions(model: TagModel, gitTags: readonly string[]): { released: string; next: string } {
  const published = publishedVersions(model, gitTags);
  const highest = (list: readonly Version[]) =>
    list.reduce<Version | undefined>(
      (best, v) => (best === undefined || compareVersions(v, best) > 0 ? v : best),
      undefined,
    );
  const released = highest(published.stable);
  const releasedText = released === undefined ? "0.0.0" : released.text;
  const [major, minor] = released === undefined ? [0n, 0n] : [released.core[0], released.core[1]];
  let next: Version = { text: `${String(major)}.${String(minor + 1n)}.0`, core: [major, minor + 1n, 0n] };
  for (const beta of published.beta) {
    const core: Version = { text: beta.text.split("-")[0]!, core: beta.core };
    if (compareVersions(core, next) > 0) next = core;
  }
  return { released: releasedText, next: next.text };
}

/** The plan of a nightly run, image by image. */
export function planNightly(model: TagModel, input: NightlyInput): NightlyPlan | Refusal {
  const { released, next } = nightlyVersions(model, input.gitTags);
  const values = {
    released,
    next,
    date: input.date,
    sha: input.sha,
    short: input.sha.slice(0, 7),
    run: String(input.run + model.scheme.nightly.runOffset),
  };
  const nightly = model.scheme.nightly;
  const tags = nightly.tags.map((t) => renderTemplate(t, values));
  const commitTag = renderTemplate(nightly.commitTag, values);
  const all = [...tags, commitTag];
  const tooLong = all.find((t) => t.length > MAX_TAG_LENGTH);
  if (tooLong !== undefined) {
    return refuse("Tag too long", `${tooLong} is longer than ${String(MAX_TAG_LENGTH)} characters; nothing was built.`);
  }
  const version = tags[0]!;
  const held = new Set(pinnedTags(model, "nightly", input.pin));
  const moving = renderMoving(model, "nightly", undefined).filter((t) => !held.has(t));
  const images: NightlyImagePlan[] = [];
  for (const image of input.images) {
    // Both registries get one push; a commit tag in either means this commit's image was built.
    const built = image.repositories.some((r) => r.has(commitTag));
    if (built) {
      images.push({ id: image.id, skip: true, tags: [], moving: [], taken: [] });
      continue;
    }
    const takenBy = (tag: string) => image.repositories.some((r) => r.has(tag));
    if (takenBy(version)) {
      return refuse(
        "Nightly version taken",
        `${version} already exists for another build of ${image.id}; nothing was built. Raise tagScheme.nightly.runOffset or add {short} to the first nightly tag.`,
      );
    }
    const push = all.filter((t) => !takenBy(t));
    images.push({ id: image.id, skip: false, tags: push, moving, taken: all.filter((t) => !push.includes(t)) });
  }
  return { ok: true, version, released, next, images };
}

function refuse(title: string, message: string): Refusal {
  return { ok: false, title, message };
}

/** An example version of a channel, for messages. */
export function example(model: TagModel, channel: "stable" | "beta"): string {
  const { identifier, separator } = model.scheme.prerelease;
  return channel === "stable" ? "1.5.0" : `1.5.0-${identifier}${separator}2`;
}
