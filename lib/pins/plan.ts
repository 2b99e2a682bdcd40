/*
 * The pin as `pulumi up` applies it, judged against what is published: the
 * check that needs the registries' version lists, so the retag provider runs
 * it against each registry before it moves a tag. The part that needs no
 * registry (a nightly's age) also runs in config validation (./retention.ts).
 */
import { type Channel } from "../channels/channel";
import { compareVersions, type TagModel } from "../channels/model";
import type { RetentionIntent } from "../retention/intent";
import { retentionGroup } from "../retention/keep";
import { DAY_MS } from "../retention/policy";
import { PinError } from "./errors";
import { nightlyPinDate, pinnedMovingTags, pinProblem, pinVersionOfTag, templateValues } from "./shape";

/** What {@link planPin} judges a pin against. */
export interface PinInput {
  /** The stack's tag scheme. */
  readonly model: TagModel;
  readonly channel: Channel;
  /** The pinned version, as written in `channels.<channel>.pin`. */
  readonly version: string;
  /**
   * Tags published in the registry; the ones that are versions of the
   * channel count (moving tags, other channels' tags and anything else are ignored).
   */
  readonly publishedTags: readonly string[];
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
  /** The registry tag of the version (`model.versionTag`) whose image the moving tags are pointed at. */
  readonly sourceTag: string;
  /** The moving tags to re-point (see {@link pinnedMovingTags}). */
  readonly tags: readonly string[];
  /** Published versions of the channel above the pin, newest first: the releases the pin withdraws. */
  readonly supersedes: readonly string[];
}

/**
 * Newest first: a comparator of versions of `channel`. Stable and beta
 * versions by number (`rc10` above `rc9`); nightlies by their `{date}`, then
 * `{run}`, where their shape has them, then by text.
 */
export function newestFirst(model: TagModel, channel: Channel): (a: string, b: string) => number {
  if (channel !== "nightly")
    return (a, b) => compareVersions(model.parseVersion(channel, b)!, model.parseVersion(channel, a)!);
  const key = (tag: string) => {
    const cls = model.classify(tag);
    const values = cls.kind === "immutable" ? templateValues(model, cls.shape, tag) : undefined;
    return { date: values?.date ?? "", run: BigInt(values?.run ?? "0") };
  };
  return (a, b) => {
    const [ka, kb] = [key(a), key(b)];
    if (ka.date !== kb.date) return ka.date < kb.date ? 1 : -1;
    if (ka.run !== kb.run) return ka.run < kb.run ? 1 : -1;
    return a < b ? 1 : a > b ? -1 : 0;
  };
}

/** Why retention may already be removing `version`, or `undefined` when it keeps it. */
function retentionProblem(input: PinInput, newer: readonly string[]): string | undefined {
  const { channel, version, intent, now, model } = input;
  // Refusing a version retention is due to remove matters because the two
  // registries remove it independently (ECR's lifecycle within a day, the
  // Docker Hub prune on its own schedule): the pin could land in one and fail
  // in the other. Once applied, the pinned image carries the channel's moving
  // tags, which both protect (lib/retention/keep.ts, compile.ts).
  switch (channel) {
    case "stable":
      // Retention keeps every release (lib/retention/intent.ts).
      return undefined;
    case "beta": {
      // Retention counts betas by push time; betas are cut from dev in version
      // order, so ranking by version agrees with it for every beta of the
      // current line, which is what a beta pin targets.
      const keepLast = intent.beta.keepLast;
      return newer.length < keepLast
        ? undefined
        : `${version} is older than the newest ${String(keepLast)} betas retention keeps (channels.beta.retention.keepLast)`;
    }
    case "nightly":
      return nightlyAgeProblem(model, version, intent.nightly.maxAgeDays, now);
  }
}

/**
 * Why nightly retention (`maxAgeDays`) may already be removing the nightly
 * `version`, or `undefined` when it keeps it. Judged from the build date in
 * the tag alone, so it needs no registry: config validation runs it too.
 * The image was pushed before the end of that UTC day, so the age measured
 * from there is a lower bound: only what is surely due is refused. A nightly
 * shape without `{date}` says nothing of its age, and passes.
 */
export function nightlyAgeProblem(model: TagModel, version: string, maxAgeDays: number, now: Date): string | undefined {
  const date = nightlyPinDate(model, version);
  if (date === undefined) return undefined;
  const endOfDay = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)) + 1);
  const ageDays = (now.getTime() - endOfDay) / DAY_MS;
  // The build day ends after now by at most a day (time zones); later is no build that has happened.
  if (ageDays < -1) return `${version} is dated ${date}, in the future: no nightly of that day exists yet`;
  return ageDays <= maxAgeDays
    ? undefined
    : `${version} is more than ${String(maxAgeDays)} days old, past what nightly retention keeps (channels.nightly.retention.maxAgeDays)`;
}

/**
 * Judges a pin against the published tags and the retention intent and
 * returns what applying it does.
 *
 * @example planPin({ model, channel: "stable", version: "1.4.9", publishedTags: ["1.4.9", "1.5.0"], intent, now })
 *   // { channel: "stable", sourceTag: "1.4.9", tags: ["1.4", "1", "stable", "latest"], supersedes: ["1.5.0"] }
 * @throws {PinError} when the version does not fit the channel, was never
 *   published, or is one retention is due to remove (unless its image holds a
 *   tag retention protects); the message says what to pin instead.
 */
export function planPin(input: PinInput): PinPlan {
  const { model, channel, version } = input;
  const field = `channels.${channel}.pin`;
  const problem = pinProblem(model, channel, version);
  if (problem !== undefined) throw new PinError(field, problem);

  const order = newestFirst(model, channel);
  const published = [...new Set(input.publishedTags.flatMap((tag) => pinVersionOfTag(model, channel, tag) ?? []))].sort(
    order,
  );
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
  const newer = published.filter((v) => order(v, version) < 0);
  // Retention keeps every image holding a tag it protects (lib/retention/keep.ts):
  // a pin in place stays valid however old it grows.
  const kept = retentionGroup(input.heldTags ?? [], model).group === "protect";
  const retention = kept ? undefined : retentionProblem(input, newer);
  if (retention !== undefined) {
    throw new PinError(
      field,
      `${retention}, and the registries may remove it at any time; pin a version retention keeps, such as ${published[0] ?? version}`,
    );
  }
  return {
    channel,
    sourceTag: model.versionTag(channel, version),
    tags: pinnedMovingTags(model, channel, version),
    supersedes: newer,
  };
}
