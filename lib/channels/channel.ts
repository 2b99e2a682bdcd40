/** The release channels, from least to most stable. */
export const CHANNELS = ["nightly", "beta", "stable"] as const;

/** A release channel: `nightly` (dev head, cron), `beta` (pre-release tag), `stable` (release tag). */
export type Channel = (typeof CHANNELS)[number];

/** Where a channel's images come from; the workflow generator turns this into triggers. */
export interface ChannelSource {
  /** Branch the image is built from. */
  readonly branch: "dev" | "main";
  /** What starts a build. */
  readonly trigger: "schedule" | "tag";
  /** Git tag glob that starts a build (GitHub `on.push.tags` syntax); absent for scheduled builds. */
  readonly gitTagPattern?: string;
}

/** Build sources per channel, as in the design's channel table. */
export const CHANNEL_SOURCES: Readonly<Record<Channel, ChannelSource>> = {
  nightly: { branch: "dev", trigger: "schedule" },
  beta: { branch: "dev", trigger: "tag", gitTagPattern: "v[0-9]+.[0-9]+.[0-9]+-beta.[0-9]+" },
  stable: { branch: "main", trigger: "tag", gitTagPattern: "v[0-9]+.[0-9]+.[0-9]+" },
};

/** Narrows an arbitrary string to a {@link Channel}. */
export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}
