/*
 * The `plan` job's scripts, kept as bash files next to this module
 * (versions.sh, plan-tagged.sh, plan-nightly.sh) and given everything they
 * need through `env:` (rule W4). The scheme-dependent constants (version
 * expressions, tag templates, moving-tag rules) come from the one tag model
 * (lib/channels/model.ts), and lib/channels/release.ts makes the same
 * decisions in TypeScript: tests run both in a real git repository.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Channel } from "../../channels";
import { example } from "../../channels/release";
import type { TagModel } from "../../channels/model";
import { STRICT } from "./shell";

/** Annotation on each pushed image index naming the built commit. */
export const REVISION_ANNOTATION = "org.opencontainers.image.revision";

/** The text of one script file of this folder. */
export function scriptFile(name: string): string {
  return readFileSync(join(__dirname, name), "utf8");
}

/** A script: strict mode, the shared version functions, then the body. */
function assemble(body: string): string {
  return `${STRICT}\n${scriptFile("versions.sh")}\n${scriptFile(body)}`.trimEnd();
}

/** A model expression as a POSIX ERE for bash `[[ =~ ]]` (no `(?:` groups), anchored. */
export function asEre(regex: string): string {
  return `^${regex.replaceAll("(?:", "(")}$`;
}

/** Env every script sourcing versions.sh needs. */
export function versionEnv(model: TagModel): Record<string, string> {
  const { identifier, separator } = model.scheme.prerelease;
  return {
    GIT_TAG_PREFIX: model.scheme.gitTagPrefix,
    STABLE_RE: asEre(model.stableVersionRe),
    BETA_RE: asEre(model.betaVersionRe),
    PRE_PREFIX: `-${identifier}${separator}`,
  };
}

/** The moving-tag rules of a channel, one `scope template` per line. */
export function movingRules(model: TagModel, channel: Channel): string {
  return model.moving
    .filter((m) => m.channel === channel)
    .map((m) => `${m.scope} ${m.template}`)
    .join("\n");
}

/** Plan of a beta or stable build. */
export function taggedPlanScript(): string {
  return assemble("plan-tagged.sh");
}

/** The env of a tagged plan besides GIT_TAG, PIN and RELEASE_BRANCHES. */
export function taggedPlanEnv(model: TagModel, channel: "stable" | "beta"): Record<string, string> {
  return {
    CHANNEL: channel,
    ...versionEnv(model),
    VERSION_TAG: channel === "stable" ? model.scheme.stable.tag : model.scheme.beta.tag,
    MOVING_RULES: movingRules(model, channel),
    EXAMPLE: model.gitTag(example(model, channel)),
  };
}

/** Plan of a nightly, image by image. */
export function nightlyPlanScript(): string {
  return assemble("plan-nightly.sh");
}

/** The env of a nightly plan besides RUN_NUMBER, PIN and IMAGES. */
export function nightlyPlanEnv(model: TagModel): Record<string, string> {
  const { nightly } = model.scheme;
  return {
    ...versionEnv(model),
    NIGHTLY_TAGS: nightly.tags.join("\n"),
    COMMIT_TAG: nightly.commitTag,
    NIGHTLY_MOVING: nightly.moving.join(" "),
    RUN_OFFSET: String(nightly.runOffset),
  };
}
