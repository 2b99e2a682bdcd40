import { createHash } from "node:crypto";
import { CHANNELS, type Channel } from "../channels/channel";
import type { TagModel } from "../channels/model";
import { planNightly, planTaggedRelease } from "../channels/release";
import { nightlyDate } from "../channels/tags";
import { CONFIG_DEFAULTS } from "../config/defaults";
import { compileLifecyclePolicy } from "./compile";
import { cronSyntaxProblem, cronTimesOnDay } from "../schedule/cron";
import { UserError } from "../errors";
import { evaluateLifecyclePolicy } from "./evaluate";
import type { RepositoryImage } from "./image";
import type { RetentionIntent } from "./intent";
import { DAY_MS, type LifecyclePolicy } from "./policy";

/** What to simulate. */
export interface SimulationOptions {
  readonly intent: RetentionIntent;
  /** The tag scheme the channels push by. */
  readonly model: TagModel;
  /** Number of days to simulate, 1 to 3650. */
  readonly days: number;
  /** Start of the first simulated day (its UTC date is used). */
  readonly start: Date;
  /** UTC. @default `channels.nightly.schedule`'s default */
  readonly nightlyCron?: string;
  /** A beta is cut every N days. @default 7 */
  readonly betaEveryDays?: number;
  /** A stable release every N days. @default 30 */
  readonly stableEveryDays?: number;
  /** Stored size of one build, all platforms together. */
  readonly imageSizeBytes: number;
  /** Per-platform images per build; 0 for single-platform images. @default 2 */
  readonly platforms?: number;
}

/** One channel's totals at the end of the simulation. */
export interface ChannelUsage {
  /** Builds pushed. */
  readonly pushed: number;
  /** Builds still in the repository. */
  readonly kept: number;
  /** Builds the lifecycle policy expired. */
  readonly expired: number;
  /** Bytes held by the kept builds. */
  readonly storedBytes: number;
}

/** Outcome of {@link simulate}. */
export interface SimulationResult {
  /** The compiled policy that was applied. */
  readonly policy: LifecyclePolicy;
  readonly channels: Readonly<Record<Channel, ChannelUsage>>;
  /**
   * Per-platform images whose index was expired. ECR keeps them (no untagged
   * rule for multi-arch repositories); the scheduled prune removes them.
   */
  readonly orphaned: { readonly images: number; readonly storedBytes: number };
  readonly totalStoredBytes: number;
}

interface Build {
  readonly channel: Channel;
  readonly index: string;
  readonly children: readonly string[];
}

/**
 * Simulates the release channels pushing to one ECR repository for `days` days
 * (nightlies on the cron, betas and stable releases at fixed intervals, tags
 * pushed and moving tags re-pointed as the scheme's release plans say) with the compiled lifecycle
 * policy applied through the evaluator once a day, and reports what is kept
 * and the storage it takes. Layer sharing between builds is ignored, so the
 * byte counts are an upper bound.
 */
export function simulate(options: SimulationOptions): SimulationResult {
  const o = checkOptions(options);
  const platforms = o.platforms;
  const model = o.model;
  const policy = compileLifecyclePolicy(o.intent, model, { multiArch: platforms > 0 });
  const cronProblem = cronSyntaxProblem(o.nightlyCron);
  if (cronProblem !== undefined) throw new UserError(cronProblem, { path: "nightlyCron" });
  const dayZero = Date.UTC(o.start.getUTCFullYear(), o.start.getUTCMonth(), o.start.getUTCDate());

  const images = new Map<string, { tags: string[]; pushedAt: Date; indexDigests?: string[]; bytes: number }>();
  const builds: Build[] = [];
  // What a nightly's {released} and {next} and a release's moving tags depend
  // on: the newest release and the betas since. Versions only go up here, so
  // no older tag can be higher, and each plan reads a few tags instead of all.
  let sinceRelease: string[] = [];
  const pushed: Record<Channel, number> = { nightly: 0, beta: 0, stable: 0 };
  let minor = 0;
  let betaN = 0;
  let counter = 0;
  const digest = () =>
    `sha256:${createHash("sha256")
      .update(String((counter += 1)))
      .digest("hex")}`;

  const push = (channel: Channel, at: Date, tags: { immutable: readonly string[]; moving: readonly string[] }) => {
    for (const img of images.values()) img.tags = img.tags.filter((t) => !tags.moving.includes(t));
    const index = digest();
    const children = Array.from({ length: platforms }, () => digest());
    const perChild = o.imageSizeBytes / Math.max(platforms, 1);
    images.set(index, {
      tags: [...tags.immutable, ...tags.moving],
      pushedAt: at,
      bytes: platforms > 0 ? 0 : o.imageSizeBytes,
    });
    for (const c of children) images.set(c, { tags: [], pushedAt: at, indexDigests: [index], bytes: perChild });
    builds.push({ channel, index, children });
    pushed[channel] += 1;
  };

  const hasTag = (tag: string) => [...images.values()].some((img) => img.tags.includes(tag));
  const release = (channel: "beta" | "stable", at: Date, version: string) => {
    const gitTag = model.gitTag(version);
    const plan = planTaggedRelease(model, { channel, gitTag, gitTags: sinceRelease, onReleaseBranch: true });
    if (!plan.ok) throw new Error(`the simulation's ${channel} ${version} was refused: ${plan.message}`);
    push(channel, at, { immutable: plan.tags, moving: plan.moving });
    sinceRelease = channel === "stable" ? [gitTag] : [...sinceRelease, gitTag];
  };
  const { identifier, separator } = model.scheme.prerelease;

  for (let d = 0; d < o.days; d += 1) {
    const dayStart = new Date(dayZero + d * DAY_MS);
    const events: { at: Date; run: () => void }[] = [];
    const next = `1.${minor}.0`;
    // One nightly per UTC date, as the cron runs it (the workflow skips a commit already built).
    const nightlyAt = cronTimesOnDay(o.nightlyCron, dayStart)[0];
    if (nightlyAt !== undefined) {
      events.push({
        at: nightlyAt,
        run: () => {
          const sha = createHash("sha1")
            .update(`dev-${String(d)}`)
            .digest("hex");
          const plan = planNightly(model, {
            gitTags: sinceRelease,
            sha,
            date: nightlyDate(nightlyAt),
            run: d + 1,
            images: [{ id: "image", repositories: [{ has: hasTag }] }],
          });
          const image = plan.ok ? plan.images[0] : undefined;
          if (image !== undefined && !image.skip)
            push("nightly", nightlyAt, { immutable: image.tags, moving: image.moving });
        },
      });
    }
    if ((d + 1) % o.betaEveryDays === 0) {
      const at = new Date(dayStart.getTime() + 12 * 3_600_000);
      events.push({
        at,
        run: () => {
          betaN += 1;
          release("beta", at, `${next}-${identifier}${separator}${String(betaN)}`);
        },
      });
    }
    if ((d + 1) % o.stableEveryDays === 0) {
      const at = new Date(dayStart.getTime() + 15 * 3_600_000);
      events.push({
        at,
        run: () => {
          release("stable", at, next);
          minor += 1;
          betaN = 0;
        },
      });
    }
    events.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const e of events) e.run();

    const snapshot: RepositoryImage[] = [...images].map(([digestOf, img]) => ({
      digest: digestOf,
      tags: img.tags,
      pushedAt: img.pushedAt,
      ...(img.indexDigests ? { indexDigests: img.indexDigests } : {}),
    }));
    const outcome = evaluateLifecyclePolicy(policy, snapshot, new Date(dayStart.getTime() + DAY_MS));
    for (const e of outcome.expired) images.delete(e.digest);
  }

  const usage = {} as Record<Channel, ChannelUsage>;
  for (const channel of CHANNELS) {
    const mine = builds.filter((b) => b.channel === channel);
    const alive = mine.filter((b) => images.has(b.index));
    const bytes = alive.reduce(
      (sum, b) =>
        sum + (images.get(b.index)?.bytes ?? 0) + b.children.reduce((s, c) => s + (images.get(c)?.bytes ?? 0), 0),
      0,
    );
    usage[channel] = {
      pushed: pushed[channel],
      kept: alive.length,
      expired: mine.length - alive.length,
      storedBytes: bytes,
    };
  }
  let orphanImages = 0;
  let orphanBytes = 0;
  for (const b of builds) {
    if (images.has(b.index)) continue;
    for (const c of b.children) {
      const img = images.get(c);
      if (img) {
        orphanImages += 1;
        orphanBytes += img.bytes;
      }
    }
  }
  const total = CHANNELS.reduce((s, c) => s + usage[c].storedBytes, 0) + orphanBytes;
  return {
    policy,
    channels: usage,
    orphaned: { images: orphanImages, storedBytes: orphanBytes },
    totalStoredBytes: total,
  };
}

function checkOptions(o: SimulationOptions): Required<SimulationOptions> {
  const int = (v: number, field: string, min: number, max: number) => {
    if (!Number.isInteger(v) || v < min || v > max)
      throw new UserError(`must be a whole number from ${min} to ${max}, got ${v}`, { path: field });
  };
  int(o.days, "days", 1, 3650);
  if (Number.isNaN(o.start.getTime())) throw new UserError("is not a valid date", { path: "start" });
  const resolved = {
    intent: o.intent,
    model: o.model,
    days: o.days,
    start: o.start,
    nightlyCron: o.nightlyCron ?? CONFIG_DEFAULTS.nightlySchedule,
    betaEveryDays: o.betaEveryDays ?? 7,
    stableEveryDays: o.stableEveryDays ?? 30,
    imageSizeBytes: o.imageSizeBytes,
    platforms: o.platforms ?? 2,
  };
  int(resolved.betaEveryDays, "betaEveryDays", 1, 3650);
  int(resolved.stableEveryDays, "stableEveryDays", 1, 3650);
  int(resolved.platforms, "platforms", 0, 16);
  if (!Number.isFinite(o.imageSizeBytes) || o.imageSizeBytes < 0)
    throw new UserError(`must be a non-negative number of bytes, got ${o.imageSizeBytes}`, { path: "imageSizeBytes" });
  return resolved;
}
