import { CHANNELS, type Channel } from "../channels/channel";
import type { ReleaseConfig } from "../config/schema";

/** The images each channel builds and pushes (a channel's `images`, or every image). */
export function channelImages(config: Pick<ReleaseConfig, "channels" | "images">): Record<Channel, string[]> {
  const all = config.images.map((i) => i.name);
  return Object.fromEntries(CHANNELS.map((c) => [c, [...(config.channels[c].images ?? all)]])) as Record<
    Channel,
    string[]
  >;
}
