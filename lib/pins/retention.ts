/*
 * Refusing, in config validation, a pin that retention would not keep. Only
 * part of that is knowable without the registries: a nightly's age is in its
 * version, but whether a beta is among the newest `keepLast` depends on what
 * was published since (stable releases are all kept, so any published one passes).
 * That part is judged by the retag provider against each registry's tag
 * list, before it moves anything (providers/retag/operations.ts).
 *
 * A pin already in place is never refused for its age: while it is applied,
 * the pinned image holds the channel's moving tags and retention keeps every
 * image that does (lib/retention/keep.ts). The program learns which pins are
 * in place from the stack's own last outputs (`pins`). Should an output name
 * a pin whose apply failed, the provider still judges it: it skips the age
 * check only for an image that already holds one of the pin's tags.
 */
import { z } from "zod";
import { CHANNELS, type Channel } from "../channels/channel";
import { compileTagScheme } from "../channels/model";
import { configPath, type ConfigProblem } from "../config/problems";
import type { ReleaseConfig } from "../config/schema";
import { nightlyAgeProblem } from "./plan";
import { configuredPins } from "./targets";

/** The pinned version per channel; the shape of the `pins` stack output. */
export type Pins = Partial<Record<Channel, string>>;

const version = z.string().min(1).optional();
const deployedPinsSchema = z.strictObject({ stable: version, beta: version, nightly: version });

/**
 * Reads the last deployment's `pins` output. Never deployed, or deployed
 * before the output existed: no pin is in place. A malformed value is an
 * error: guessing would wave an expired pin through.
 */
export function parseDeployedPins(value: unknown): Pins {
  if (value === undefined || value === null) return {};
  const parsed = deployedPinsSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(
      `the last deployment's "pins" output is not a map of channel to version: ${JSON.stringify(value)}; inspect it with \`pulumi stack output pins --json\``,
    );
  }
  const pins: Pins = {};
  for (const channel of CHANNELS) {
    const pinned = parsed.data[channel];
    if (pinned !== undefined) pins[channel] = pinned;
  }
  return pins;
}

/**
 * Every configured pin retention would not keep, as far as config alone can
 * tell, at `now`: a nightly pin whose tag's `{date}` is older than
 * `channels.nightly.retention.maxAgeDays` (a nightly shape without a date
 * cannot be judged here; the retag provider judges what it can).
 * Pins equal to the deployed ones are in place and kept, so they pass.
 *
 * @example pinRetentionProblems(config, {}, new Date("2026-12-20T00:00:00Z"))
 *   // with channels.nightly.pin "1.5.0-nightly.20261128.ab12cd3" and the default 14 days:
 *   // [{ path: "release-infra:channels.nightly.pin", message: "1.5.0-nightly.20261128.ab12cd3 is more than 14 days old, ..." }]
 */
export function pinRetentionProblems(
  config: Pick<ReleaseConfig, "channels" | "tagScheme">,
  deployed: Pins,
  now: Date,
): ConfigProblem[] {
  const version = configuredPins(config).nightly;
  if (version === undefined || deployed.nightly === version) return [];
  const maxAgeDays = config.channels.nightly.retention.maxAgeDays;
  const problem = nightlyAgeProblem(compileTagScheme(config.tagScheme), version, maxAgeDays, now);
  if (problem === undefined) return [];
  if (problem.includes("in the future")) {
    return [{ path: configPath("channels", ["nightly", "pin"]), message: `${problem}; pin a nightly that was built` }];
  }
  return [
    {
      path: configPath("channels", ["nightly", "pin"]),
      message:
        `${problem}, so the registries may already have removed it; pin a nightly from the last ${maxAgeDays} days, ` +
        `or pin the beta or stable channel instead (stable releases are kept forever)`,
    },
  ];
}
