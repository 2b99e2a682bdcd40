/*
 * Which versions a channel can be pinned to, by shape alone: the check that
 * needs no registry and so belongs in config validation. The shapes are the
 * stack's tag scheme's (lib/channels/model.ts).
 */
import { type Channel } from "../channels/channel";
import { compileTagScheme, type ImmutableShape, type TagModel } from "../channels/model";
import { exampleTags } from "../channels/mutability";
import { pinnedTags } from "../channels/release";
import { DEFAULT_TAG_SCHEME } from "../channels/scheme";
import { MAX_TAG_LENGTH, readTemplate, type Placeholder } from "../channels/template";

/**
 * The placeholders' values in `tag`, read against `shape`'s template, or
 * undefined when the tag is not of the shape.
 */
export function templateValues(
  model: TagModel,
  shape: ImmutableShape,
  tag: string,
): Partial<Record<Placeholder, string>> | undefined {
  return readTemplate(shape.template, shape.channel === "beta" ? model.betaVersionRe : model.stableVersionRe, tag);
}

/** The nightly shape a tag has (the commit tag included), if any. */
function nightlyShapeOf(model: TagModel, tag: string): ImmutableShape | undefined {
  const cls = model.classify(tag);
  return cls.kind === "immutable" && cls.shape.channel === "nightly" ? cls.shape : undefined;
}

/**
 * The version a registry tag of `channel` names: the reverse of
 * `model.versionTag` (`beta-1.0.9-rc8` is the beta `1.0.9-rc8`). A nightly's
 * version is its tag. Undefined for a tag that is no version of the channel.
 */
export function pinVersionOfTag(model: TagModel, channel: Channel, tag: string): string | undefined {
  if (channel === "nightly") return nightlyShapeOf(model, tag) === undefined ? undefined : tag;
  const shape = model.immutable.find((s) => s.role === channel)!;
  const version = templateValues(model, shape, tag)?.version;
  return version !== undefined && model.versionTag(channel, version) === tag ? version : undefined;
}

/** The pin's build date, UTC `YYYYMMDD`, when its nightly shape has `{date}`. */
export function nightlyPinDate(model: TagModel, version: string): string | undefined {
  const shape = nightlyShapeOf(model, version);
  return shape === undefined ? undefined : templateValues(model, shape, version)?.date;
}

function isCalendarDate(s: string): boolean {
  const [y, m, d] = [Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8))];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** One example version of each channel, and the channel's version form in words. */
function forms(model: TagModel): Readonly<Record<Channel, { example: string; form: string }>> {
  const { identifier, separator } = model.scheme.prerelease;
  const nightly = exampleTags(model).immutable.find((e) => e.shape.channel === "nightly")!.tag;
  const templates = model.immutable.filter((s) => s.channel === "nightly").map((s) => s.template);
  return {
    stable: { example: "1.4.9", form: "a release X.Y.Z" },
    beta: { example: `1.5.0-${identifier}${separator}2`, form: `a beta X.Y.Z-${identifier}${separator}N` },
    nightly: { example: nightly, form: `a nightly tag (${templates.join(", ")})` },
  };
}

/** The channel whose version shape `value` has, if any. */
function channelOfShape(model: TagModel, value: string): Channel | undefined {
  if (model.parseVersion("stable", value) !== undefined) return "stable";
  if (model.parseVersion("beta", value) !== undefined) return "beta";
  return nightlyShapeOf(model, value) === undefined ? undefined : "nightly";
}

/**
 * Why `value` cannot pin `channel`, or `undefined` when it can, judged by
 * shape alone against the tag scheme: stable takes a release `X.Y.Z`, beta a
 * pre-release in the scheme's form (`1.0.9-rc8`), nightly any tag of a nightly
 * shape (`nightly-1.0.1-224`), each without the git tag prefix. A channel with
 * no moving tags cannot be pinned: there would be nothing to point at the
 * version. Whether the version was published is for `planPin` to judge.
 *
 * @example pinProblem(model, "stable", "1.5.0-beta.2")
 *   // '"1.5.0-beta.2" is a beta version; pin the beta channel to it, or pin stable to a release X.Y.Z such as 1.4.9'
 */
export function pinProblem(model: TagModel, channel: Channel, value: unknown): string | undefined;
/**
 * @deprecated The pin's shape depends on the stack's tag scheme: pass its
 * model (`compileTagScheme(config.tagScheme)`). This form judges by the
 * default scheme.
 */
export function pinProblem(channel: Channel, value: unknown): string | undefined;
export function pinProblem(...args: [TagModel, Channel, unknown] | [Channel, unknown]): string | undefined {
  const [model, channel, value] =
    args.length === 3 ? args : ([compileTagScheme(DEFAULT_TAG_SCHEME), args[0], args[1]] as const);
  const { example, form } = forms(model)[channel];
  if (typeof value !== "string") {
    // YAML reads `pin: 1.5` as a number and `pin: 1.4.9` as a string; quoting always works.
    return `expected a version in quotes such as "${example}", got ${value === null ? "null" : `${typeof value} ${JSON.stringify(value)}`}`;
  }
  const prefix = model.scheme.gitTagPrefix;
  if (channel !== "nightly" && prefix !== "" && value.startsWith(prefix)) {
    const bare = value.slice(prefix.length);
    if (model.parseVersion(channel, bare) !== undefined)
      return `"${value}" starts with "${prefix}"; write the version without it, e.g. "${bare}"`;
  }
  const shapeChannel = channelOfShape(model, value);
  if (shapeChannel === undefined)
    return `"${value}" is not ${form}; pin ${channel} to a published version such as ${example}`;
  if (shapeChannel !== channel)
    return `"${value}" is a ${shapeChannel} version; pin the ${shapeChannel} channel to it, or pin ${channel} to ${form} such as ${example}`;
  if (model.versionTag(channel, value).length > MAX_TAG_LENGTH)
    return `"${value}" makes a tag longer than Docker's ${String(MAX_TAG_LENGTH)} characters, so no such image exists`;
  const date = channel === "nightly" ? nightlyPinDate(model, value) : undefined;
  if (date !== undefined && !isCalendarDate(date))
    return `"${value}" is not a nightly version: ${date} is not a calendar date`;
  if (pinnedTags(model, channel, value).length === 0) {
    return `the ${channel} channel has no moving tags (release-infra:tagScheme.${channel}.moving is empty), so a pin would point nothing at ${value}; roll back by pulling the version's own tag`;
  }
  return undefined;
}

/**
 * The moving tags a pin of `channel` to `version` re-points, all at
 * `version`'s image: the tags `version` would take if it were the newest
 * release of every scope it belongs to, i.e. as if every higher version of
 * the channel were withdrawn (`pinnedTags`, lib/channels/release.ts).
 *
 * - stable `1.4.9` under the default scheme: `1.4`, `1`, `stable`, `latest`.
 *   `1.5`, `2`, `2.0` and every other line's scope tags are never touched:
 *   `1.4.9` is not a release of those scopes, so it cannot stand in for them.
 * - beta and nightly: their literal moving tags.
 *
 * Why the pinned version's own `X.Y` and `X` move too, not only `stable` and
 * `latest`: a pin is a rollback, so whatever it rolls back from is unfit for
 * everyone following that scope. Pinning stable to `1.4.9` while `1.5.0` is
 * out leaves `1` on `1.5.0` otherwise, still serving the image the pin
 * withdraws. It is also the tag set the rollback workflow moves, so pinning
 * the version a rollback run already moved to changes nothing in the
 * registries. And while a pin is set, the release workflows move none of the
 * channel's tags (the `<CHANNEL>_PIN` guard), so the pin is the only thing
 * that moves them.
 *
 * The set depends on the scheme, the channel and the version only, never on
 * what is published, so it is known when the program is constructed and
 * preview shows it.
 */
export function pinnedMovingTags(model: TagModel, channel: Channel, version: string): string[] {
  return pinnedTags(model, channel, version);
}
