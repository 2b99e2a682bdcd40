/*
 * `release-infra status`: where each channel's moving tags point now, in ECR
 * and on Docker Hub, whether the two registries agree, and whether that is
 * what the channel's pin (if any) holds. Pure: cli/status.ts reads the
 * registries and hands the tags and digests to {@link registryStatus}.
 */
import { CHANNELS, type Channel } from "../channels/channel";
import { compileTagScheme, type TagModel } from "../channels/model";
import type { ReleaseConfig } from "../config/schema";
import { newestFirst } from "../pins/plan";
import { pinnedMovingTags, pinVersionOfTag } from "../pins/shape";
import { DOCKER_HUB_REGISTRY_URL } from "../pins/targets";
import { channelImages } from "../registries/channels";
import { ecrRepositoryName } from "../registries/ecr";

/** `release-infra status`'s exit status when the registries disagree, or one could not be read (the report is printed all the same). */
export const DISAGREE_EXIT_CODE = 3;

/** One repository to read: where it is, and which of its tags matter. */
export interface StatusRepository {
  readonly registry: "ecr" | "dockerhub";
  /** `<project>/<channel>/<image>` in ECR, `<namespace>/<image>` on Docker Hub. */
  readonly repository: string;
}

/** One channel and image, and its two repositories. */
export interface StatusTarget {
  readonly channel: Channel;
  readonly image: string;
  readonly ecr: StatusRepository;
  readonly dockerhub: StatusRepository;
  /** The pinned version (`channels.<channel>.pin`), if any. */
  readonly pin?: string;
}

/** Every channel and image of the stack, with its repositories. */
export function statusTargets(
  config: Pick<ReleaseConfig, "project" | "registries" | "images" | "channels">,
): StatusTarget[] {
  const images = channelImages(config);
  return CHANNELS.flatMap((channel) =>
    images[channel].map((image): StatusTarget => ({
      channel,
      image,
      ecr: { registry: "ecr", repository: ecrRepositoryName(config, channel, image) },
      dockerhub: { registry: "dockerhub", repository: `${config.registries.dockerhub.namespace}/${image}` },
      ...(config.channels[channel].pin === undefined ? {} : { pin: config.channels[channel].pin }),
    })),
  );
}

/** The tags of a channel in one repository's tag list: its moving tags, and its versions newest first. */
export function channelTags(
  model: TagModel,
  channel: Channel,
  tags: readonly string[],
): { readonly moving: string[]; readonly versions: string[] } {
  const moving = tags.filter((tag) => {
    const cls = model.classify(tag);
    return cls.kind === "moving" && cls.shape.channel === channel;
  });
  const versions = tags
    .filter((tag) => pinVersionOfTag(model, channel, tag) !== undefined)
    .sort((a, b) =>
      newestFirst(model, channel)(pinVersionOfTag(model, channel, a)!, pinVersionOfTag(model, channel, b)!),
    );
  return { moving: [...new Set(moving)].sort(), versions };
}

/** What was read of one repository: a digest per tag read, or why it could not be read. */
export type RepositoryRead =
  | { readonly ok: true; readonly tags: readonly string[]; readonly digests: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly error: string };

/** Where one moving tag points in one registry. */
export interface TagPoint {
  readonly digest: string;
  /** The channel's version whose tag is on the same image, or null when none is. */
  readonly version: string | null;
}

/** One moving tag in both registries. */
export interface TagStatus {
  readonly tag: string;
  /** Null: the tag is not in that registry (or the registry could not be read). */
  readonly ecr: TagPoint | null;
  readonly dockerhub: TagPoint | null;
  /** Both registries have the tag on the same digest, or neither has it. */
  readonly agree: boolean;
  /**
   * `held`: the channel is pinned and both registries have the tag on the
   * pinned version; `not held`: pinned, and they do not; `not pinned`: no pin
   * holds this tag.
   */
  readonly pin: "held" | "not held" | "not pinned";
}

/** One channel and image. */
export interface ChannelStatus {
  readonly channel: Channel;
  readonly image: string;
  readonly pin: string | null;
  readonly ecr: { readonly repository: string; readonly error?: string };
  readonly dockerhub: { readonly repository: string; readonly error?: string };
  readonly tags: readonly TagStatus[];
}

/** The whole report: `release-infra status --json` prints it. */
export interface RegistryStatus {
  readonly stack: string;
  /** When the registries were read (ISO 8601). */
  readonly readAt: string;
  readonly ecr: { readonly registry: string };
  readonly dockerhub: { readonly registry: string };
  readonly channels: readonly ChannelStatus[];
  /** Every repository was read and every moving tag agrees between the registries. */
  readonly agree: boolean;
  /** Every pinned tag is held in both registries (true when nothing is pinned). */
  readonly pinsHeld: boolean;
}

/** The version a digest is, from the channel's version tags read in that repository. */
function versionOf(model: TagModel, channel: Channel, read: RepositoryRead, digest: string): string | null {
  if (!read.ok) return null;
  for (const tag of channelTags(model, channel, read.tags).versions) {
    if (read.digests[tag] === digest) return pinVersionOfTag(model, channel, tag) ?? null;
  }
  return null;
}

function point(model: TagModel, channel: Channel, read: RepositoryRead, tag: string): TagPoint | null {
  if (!read.ok) return null;
  const digest = read.digests[tag];
  return digest === undefined ? null : { digest, version: versionOf(model, channel, read, digest) };
}

/**
 * The report, from what was read of each target's two repositories (keyed by
 * `ecr:<repository>` and `dockerhub:<repository>`). The moving tags shown are
 * those either registry has, plus the channel's literal moving tags
 * (`latest`, `beta`, ...) and those its pin holds, so a missing one shows.
 */
export function registryStatus(
  config: Pick<ReleaseConfig, "project" | "registries" | "images" | "channels" | "tagScheme">,
  stack: string,
  reads: Readonly<Record<string, RepositoryRead>>,
  readAt: Date,
  locations: { readonly ecrRegistry: string; readonly dockerhubRegistry?: string },
): RegistryStatus {
  const model = compileTagScheme(config.tagScheme);
  const channels = statusTargets(config).map((target): ChannelStatus => {
    const { channel } = target;
    const missing = (key: string): RepositoryRead => ({ ok: false, error: `${key} was not read` });
    const ecr = reads[`ecr:${target.ecr.repository}`] ?? missing(target.ecr.repository);
    const hub = reads[`dockerhub:${target.dockerhub.repository}`] ?? missing(target.dockerhub.repository);
    const pinned = target.pin === undefined ? [] : pinnedMovingTags(model, channel, target.pin);
    const literal = model.moving
      .filter((m) => m.channel === channel && !m.template.includes("{"))
      .map((m) => m.template);
    const tags = [
      ...new Set([
        ...literal,
        ...pinned,
        ...(ecr.ok ? channelTags(model, channel, ecr.tags).moving : []),
        ...(hub.ok ? channelTags(model, channel, hub.tags).moving : []),
      ]),
    ].sort();
    return {
      channel,
      image: target.image,
      pin: target.pin ?? null,
      ecr: { repository: target.ecr.repository, ...(ecr.ok ? {} : { error: ecr.error }) },
      dockerhub: { repository: target.dockerhub.repository, ...(hub.ok ? {} : { error: hub.error }) },
      tags: tags.map((tag): TagStatus => {
        const inEcr = point(model, channel, ecr, tag);
        const inHub = point(model, channel, hub, tag);
        const agree = ecr.ok && hub.ok && inEcr?.digest === inHub?.digest;
        const pin = !pinned.includes(tag)
          ? "not pinned"
          : inEcr?.version === target.pin && inHub?.version === target.pin
            ? "held"
            : "not held";
        return { tag, ecr: inEcr, dockerhub: inHub, agree, pin };
      }),
    };
  });
  return {
    stack,
    readAt: readAt.toISOString(),
    ecr: { registry: locations.ecrRegistry },
    dockerhub: { registry: new URL(locations.dockerhubRegistry ?? DOCKER_HUB_REGISTRY_URL).host },
    channels,
    agree: channels.every(
      (c) => c.ecr.error === undefined && c.dockerhub.error === undefined && c.tags.every((t) => t.agree),
    ),
    pinsHeld: channels.every((c) => c.tags.every((t) => t.pin !== "not held")),
  };
}

const short = (digest: string): string => digest.replace(/^sha256:([0-9a-f]{12})[0-9a-f]*$/, "sha256:$1");

function pointCell(p: TagPoint | null, error: string | undefined): string {
  if (error !== undefined) return "not read";
  if (p === null) return "missing";
  return `${p.version ?? "(no version tag)"} ${short(p.digest)}`;
}

/** The report as a table for people, one block per channel and image, and a last line saying what to do. */
export function renderStatusTable(status: RegistryStatus): string {
  const lines: string[] = [
    `stack ${status.stack}: ECR ${status.ecr.registry}, Docker Hub ${status.dockerhub.registry}, read ${status.readAt}`,
  ];
  for (const c of status.channels) {
    lines.push(
      "",
      `${c.channel} ${c.image} (ECR ${c.ecr.repository}, Docker Hub ${c.dockerhub.repository}; pin: ${c.pin ?? "none"})`,
    );
    for (const [where, error] of [
      ["ECR", c.ecr.error],
      ["Docker Hub", c.dockerhub.error],
    ] as const)
      if (error !== undefined) lines.push(`  ${where} could not be read: ${error}`);
    const rows = [
      ["tag", "ECR", "Docker Hub", "agree", "pin"],
      ...c.tags.map((t) => [
        t.tag,
        pointCell(t.ecr, c.ecr.error),
        pointCell(t.dockerhub, c.dockerhub.error),
        t.agree ? "yes" : "NO",
        t.pin === "not pinned" ? "-" : t.pin,
      ]),
    ];
    if (c.tags.length === 0) {
      lines.push("  (the channel has no moving tags)");
      continue;
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const row of rows) lines.push(`  ${row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ")}`.trimEnd());
  }
  lines.push(
    "",
    status.agree
      ? `the registries agree${status.pinsHeld ? "" : "; a pinned tag is not on its pin: `pulumi up` moves it back"}`
      : "the registries DISAGREE: a moving tag points at different images in ECR and on Docker Hub (or a registry could not be read); roll back or re-run the release, or pin the channel",
  );
  return `${lines.join("\n")}\n`;
}
