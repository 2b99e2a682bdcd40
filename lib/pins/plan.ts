/*
 * The pin as `pulumi up` applies it, judged against what is published: the
 * check that needs the registries' version lists, so the retag provider runs
 * it against each registry before it moves a tag. The part that needs no
 * registry (a nightly's age) also runs in config validation (./retention.ts).
 */
import semver from "semver";
import { type Channel } from "../channels/channel";
import { IMMUTABLE_TAG_SHAPES } from "../channels/shapes";
import type { RetentionIntent } from "../retention/intent";
import { imageRoles } from "../retention/keep";
import { DAY_MS } from "../retention/policy";
import { PinError } from "./errors";
import { pinnedMovingTags, pinProblem } from "./shape";

/** What {@link planPin} judges a pin against. */
export interface PinInput {
  readonly channel: Channel;
  /** The pinned version, as written in `channels.<channel>.pin`. */
  readonly version: string;
  /**
   * Version tags published in the registries (any channel, without `v`);
   * anything else in the list (moving tags, dated nightlies) is ignored.
   */
  readonly publishedVersions: readonly string[];
  readonly intent: RetentionIntent;
  /** The time the pin is judged at; nightly retention is by age. */
  readonly now: Date;
  /**
   * Tags known to be on the pinned version's image already (for example the
   * pin's own moving tags, while the pin is in place). @default []
   */
  readonly heldTags?: readonly string[];
}

/** A pin that can be applied. */
export interface PinPlan {
  readonly channel: Channel;
  /** The version tag whose image the moving tags are pointed at. */
  readonly sourceTag: string;
  /** The moving tags to re-point (see {@link pinnedMovingTags}). */
  readonly tags: readonly string[];
  /** Published versions of the channel above the pin, newest first: the releases the pin withdraws. */
  readonly supersedes: readonly string[];
}

const SHAPES: Readonly<Record<Channel, RegExp>> = {
  stable: new RegExp(IMMUTABLE_TAG_SHAPES.release),
  beta: new RegExp(IMMUTABLE_TAG_SHAPES.beta),
  nightly: new RegExp(IMMUTABLE_TAG_SHAPES.nightlyVersion),
};

const newestFirst = (a: string, b: string): number => semver.rcompare(a, b);

/** Why retention may already be removing `version`, or `undefined` when it keeps it. */
function retentionProblem(input: PinInput, newer: readonly string[]): string | undefined {
  const { channel, version, intent, now } = input;
  // Refusing a version retention is due to remove matters because the two
  // registries remove it independently (ECR's lifecycle within a day, the
  // Docker Hub prune on its own schedule): the pin could land in one and fail
  // in the other. Once applied, the pinned image carries the channel's moving
  // tags, which both keep (lib/retention/keep.ts, compile.ts).
  switch (channel) {
    case "stable": {
      if ("keep" in intent.stable) return undefined;
      const keepLast = intent.stable.keepLast;
      return newer.length < keepLast
        ? undefined
        : `${version} is older than the newest ${keepLast} releases retention keeps (channels.stable.retention.keepLast)`;
    }
    case "beta": {
      // Retention counts betas by push time; betas are cut from dev in version
      // order, so ranking by version agrees with it for every beta of the
      // current line, which is what a beta pin targets.
      const keepLast = intent.beta.keepLast;
      return newer.length < keepLast
        ? undefined
        : `${version} is older than the newest ${keepLast} betas retention keeps (channels.beta.retention.keepLast)`;
    }
    case "nightly":
      return nightlyAgeProblem(version, intent.nightly.maxAgeDays, now);
  }
}

/**
 * Why nightly retention (`maxAgeDays`) may already be removing the nightly
 * `version`, or `undefined` when it keeps it. Judged from the build date in
 * the version alone, so it needs no registry: config validation runs it too.
 * The image was pushed before the end of that UTC day, so the age measured
 * from there is a lower bound: only what is surely due is refused.
 */
export function nightlyAgeProblem(version: string, maxAgeDays: number, now: Date): string | undefined {
  const date = version.split("-nightly.")[1]?.slice(0, 8) ?? "";
  const endOfDay = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)) + 1);
  const ageDays = (now.getTime() - endOfDay) / DAY_MS;
  return ageDays <= maxAgeDays
    ? undefined
    : `${version} is more than ${maxAgeDays} days old, past what nightly retention keeps (channels.nightly.retention.maxAgeDays)`;
}

/**
 * Judges a pin against the published versions and the retention intent and
 * returns what applying it does.
 *
 * @example planPin({ channel: "stable", version: "1.4.9", publishedVersions: ["1.4.9", "1.5.0"], intent, now })
 *   // { channel: "stable", sourceTag: "1.4.9", tags: ["1.4", "1", "stable", "latest"], supersedes: ["1.5.0"] }
 * @throws {PinError} when the version does not fit the channel, was never
 *   published, or is one retention is due to remove (unless its image holds a
 *   moving tag, which retention keeps); the message says what to pin instead.
 */
export function planPin(input: PinInput): PinPlan {
  const { channel, version } = input;
  const field = `channels.${channel}.pin`;
  const problem = pinProblem(channel, version);
  if (problem !== undefined) throw new PinError(field, problem);

  const published = [
    ...new Set(input.publishedVersions.filter((v) => SHAPES[channel].test(v) && semver.valid(v) !== null)),
  ].sort(newestFirst);
  if (!published.includes(version)) {
    const candidates = published.slice(0, 5);
    const hint =
      candidates.length === 0
        ? `no ${channel} version is published yet`
        : `the newest published ${channel} versions are ${candidates.join(", ")}`;
    throw new PinError(
      field,
      `${version} was never published, so there is no image to point the ${channel} tags at; ${hint}`,
    );
  }
  const newer = published.filter((v) => semver.gt(v, version));
  // Retention keeps every image holding a moving tag (lib/retention/keep.ts):
  // a pin in place stays valid however old it grows.
  const kept = imageRoles(input.heldTags ?? []).moving;
  const retention = kept ? undefined : retentionProblem(input, newer);
  if (retention !== undefined) {
    throw new PinError(
      field,
      `${retention}, and the registries may remove it at any time; pin a version retention keeps, such as ${published[0] ?? version}`,
    );
  }
  return { channel, sourceTag: version, tags: pinnedMovingTags(channel, version), supersedes: newer };
}
