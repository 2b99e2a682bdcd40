/*
 * The rollback script (rollback.sh next to this module): re-points a
 * channel's moving tags at the digest an existing version already has. Its
 * per-channel constants come from the tag model through `env:`.
 */
import type { Channel } from "../../channels";
import type { TagModel } from "../../channels/model";
import { example } from "../../channels/release";
import { asEre, scriptFile, versionEnv } from "./plan";
import { STRICT } from "./shell";

/** What the rollback script needs to know about one channel. */
export interface RollbackChannel {
  readonly channel: Channel;
  /** Image references (ECR and Docker Hub, without tag) the channel publishes. */
  readonly repositories: readonly string[];
}

/** Env: CHANNEL and VERSION (the dispatch inputs), plus {@link rollbackEnv}. */
export function rollbackScript(): string {
  return `${STRICT}\n${scriptFile("versions.sh")}\n${scriptFile("rollback.sh")}`.trimEnd();
}

/** The constants of every channel the rollback workflow serves. */
export function rollbackEnv(model: TagModel, channels: readonly RollbackChannel[]): Record<string, string> {
  const env: Record<string, string> = { ...versionEnv(model) };
  for (const { channel, repositories } of channels) {
    const prefix = channel.toUpperCase();
    const versions = model.versionRegexes(channel).map((re) => asEre(re).slice(1, -1));
    env[`${prefix}_VERSION_RE`] = `^(${versions.join("|")})$`;
    env[`${prefix}_TAG`] = channel === "nightly" ? "{version}" : model.scheme[channel].tag;
    env[`${prefix}_REPOSITORIES`] = repositories.join(" ");
    env[`${prefix}_MOVING`] = model.moving
      .filter((m) => m.channel === channel)
      .map((m) => m.template)
      .join(" ");
    env[`${prefix}_EXAMPLE`] = channel === "nightly" ? model.scheme.nightly.tags[0]! : example(model, channel);
  }
  return env;
}
