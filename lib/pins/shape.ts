/*
 * Which versions a channel can be pinned to, by shape alone: the check that
 * needs no registry and so belongs in config validation.
 */
import semver from "semver";
import { type Channel } from "../channels/channel";
import { ChannelError } from "../channels/errors";
import { IMMUTABLE_TAG_SHAPES } from "../channels/shapes";
import { tagsFor } from "../channels/tags";

/**
 * The version tag shape each channel is pinned by. Nightly pins take the full
 * nightly version, never `nightly-YYYYMMDD`: the version names exactly one
 * build (its commit is in it), while a manually dispatched nightly can make
 * two builds of one date.
 */
const PIN_SHAPES: Readonly<Record<Channel, RegExp>> = {
  stable: new RegExp(IMMUTABLE_TAG_SHAPES.release),
  beta: new RegExp(IMMUTABLE_TAG_SHAPES.beta),
  nightly: new RegExp(IMMUTABLE_TAG_SHAPES.nightlyVersion),
};

const EXAMPLES: Readonly<Record<Channel, string>> = {
  stable: "1.4.9",
  beta: "1.5.0-beta.2",
  nightly: "1.5.0-nightly.20261128.ab12cd3",
};

const FORMS: Readonly<Record<Channel, string>> = {
  stable: "a release X.Y.Z",
  beta: "a beta X.Y.Z-beta.N",
  nightly: "a nightly version X.Y.Z-nightly.YYYYMMDD.<commit>",
};

/** The channel whose version shape `version` has, if any. */
function channelOfShape(version: string): Channel | undefined {
  return (Object.keys(PIN_SHAPES) as Channel[]).find((channel) => PIN_SHAPES[channel].test(version));
}

/** The parts of a nightly version, which the channel model takes separately. */
function nightlyParts(version: string): { core: string; date: string; sha: string } {
  const [core = "", rest = ""] = version.split("-nightly.");
  const [date = "", sha = ""] = rest.split(".");
  return { core, date, sha };
}

/**
 * Why `value` cannot pin `channel`, or `undefined` when it can, judged by
 * shape alone: a semantic version (no leading `v`) of the channel's own kind.
 * Whether the version was published is for {@link planPin} to judge.
 *
 * @example pinProblem("stable", "1.5.0-beta.2")
 *   // '"1.5.0-beta.2" is a beta version; pin the beta channel to it, or pin stable to a release X.Y.Z such as 1.4.9'
 */
export function pinProblem(channel: Channel, value: unknown): string | undefined {
  const example = EXAMPLES[channel];
  if (typeof value !== "string") {
    // YAML reads `pin: 1.5` as a number and `pin: 1.4.9` as a string; quoting always works.
    return `expected a version in quotes such as "${example}", got ${value === null ? "null" : `${typeof value} ${JSON.stringify(value)}`}`;
  }
  if (value.startsWith("v"))
    return `"${value}" starts with "v"; write the version without it, e.g. "${value.slice(1)}"`;
  if (!PIN_SHAPES[channel].test(value)) {
    const other = channelOfShape(value);
    if (other !== undefined)
      return `"${value}" is a ${other} version; pin the ${other} channel to it, or pin ${channel} to ${FORMS[channel]} such as ${example}`;
    return `"${value}" is not ${FORMS[channel]}; pin ${channel} to a published version such as ${example}`;
  }
  // The shapes allow numbers semver cannot hold, and dates no calendar has; the channel model judges both.
  if (semver.valid(value) === null)
    return `"${value}" is not a semantic version (each number must stay below ${Number.MAX_SAFE_INTEGER})`;
  if (channel === "nightly") {
    const { core, date, sha } = nightlyParts(value);
    try {
      tagsFor("nightly", { version: core, date, sha });
    } catch (error) {
      if (error instanceof ChannelError) return `"${value}" is not a nightly version: ${error.message}`;
      throw error;
    }
  }
  return undefined;
}

/**
 * The moving tags a pin of `channel` to `version` re-points, all at
 * `version`'s image. The rule: **the tags `version` would take if it were
 * the newest release of every scope it belongs to**, i.e. as if every higher
 * version of the channel were withdrawn.
 *
 * - stable `1.4.9`: `1.4`, `1`, `stable`, `latest`. `1.5`, `2`, `2.0` and
 *   every other line's scope tags are never touched: `1.4.9` is not a
 *   release of those scopes, so it cannot stand in for them.
 * - beta `1.5.0-beta.2`: `beta`. nightly: `nightly`.
 *
 * Why the pinned version's own `X.Y` and `X` move too, not only `stable` and
 * `latest`: a pin is a rollback, so whatever it rolls back from is unfit for
 * everyone following that scope. Pinning stable to `1.4.9` while `1.5.0` is
 * out leaves `1` on `1.5.0` otherwise, still serving the image the pin
 * withdraws. It is also the tag set the rollback workflow moves
 * (lib/workflows/scripts/rollback.ts), so pinning the version a rollback run
 * already moved to changes nothing in the registries. And while a pin is set,
 * the release workflows move none of the channel's tags (the `<CHANNEL>_PIN`
 * guard), so the pin is the only thing that moves them.
 *
 * The set depends on the channel and the version only, never on what is
 * published, so it is known when the program is constructed and preview
 * shows it.
 *
 * @throws {ChannelError} for a version {@link pinProblem} refuses; check it first.
 */
export function pinnedMovingTags(channel: Channel, version: string): string[] {
  if (channel === "nightly") {
    const { core, date, sha } = nightlyParts(version);
    return tagsFor("nightly", { version: core, date, sha }).moving;
  }
  return tagsFor(channel, { version, publishedVersions: [] }).moving;
}
