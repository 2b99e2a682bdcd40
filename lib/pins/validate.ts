import { CHANNELS } from "../channels/channel";
import { configPath, type ConfigProblem } from "../config/problems";
import { pinProblem } from "./shape";

/**
 * Every problem with the `pin` of each channel in the raw `channels` config
 * value, for config validation: shape and channel only, no registry needed.
 * Reads the value defensively, so it reports pins even when other parts of
 * `channels` are malformed. An absent pin is no problem: the release
 * workflows then move the channel's tags.
 *
 * @example pinConfigProblems({ stable: { pin: "v1.4.9" } })
 *   // [{ path: "release-infra:channels.stable.pin", message: '"v1.4.9" starts with "v"; write the version without it, e.g. "1.4.9"' }]
 */
export function pinConfigProblems(channels: unknown): ConfigProblem[] {
  if (typeof channels !== "object" || channels === null) return [];
  const settings = channels as Readonly<Record<string, unknown>>;
  return CHANNELS.flatMap((channel) => {
    const entry = settings[channel];
    if (typeof entry !== "object" || entry === null || !("pin" in entry)) return [];
    const pin = (entry as { readonly pin?: unknown }).pin;
    if (pin === undefined) return [];
    const message = pinProblem(channel, pin);
    return message === undefined ? [] : [{ path: configPath("channels", [channel, "pin"]), message }];
  });
}
