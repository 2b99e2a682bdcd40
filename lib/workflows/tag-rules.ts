/*
 * The channel model (lib/channels) decides which tags a build pushes, but the
 * version, date and commit of a build are only known inside the workflow run.
 * This module turns the model into templates and rules a shell script can
 * apply at run time, by asking the model about sample releases instead of
 * restating its rules. Tests run the generated scripts against `tagsFor` on
 * random inputs, so the script and the model cannot drift apart unnoticed.
 */
import { IMMUTABLE_TAG_SHAPES, movingTagsForBeta, movingTagsForStable, tagsFor, type Channel } from "../channels";

/**
 * When a moving tag follows a new release:
 * - `always`: every build (nightly);
 * - `highest`: no higher stable version is published;
 * - `highest-major`: no higher stable version with the same major;
 * - `highest-minor`: no higher stable version with the same major and minor;
 * - `highest-beta`: no higher beta is published.
 */
export type MovingScope = "always" | "highest" | "highest-major" | "highest-minor" | "highest-beta";

/** A moving tag as a shell template (`latest`, `${major}.${minor}`) and when it moves. */
export interface MovingTagRule {
  readonly template: string;
  readonly scope: MovingScope;
}

// Sample values whose text cannot be confused with each other inside a tag.
const SAMPLE = { major: "7", minor: "31", patch: "459", beta: "6", date: "20000229", short: "abcdef0" } as const;
const SAMPLE_CORE = `${SAMPLE.major}.${SAMPLE.minor}.${SAMPLE.patch}`;
const SAMPLE_BETA = `${SAMPLE_CORE}-beta.${SAMPLE.beta}`;

/**
 * The tags a build of `channel` always pushes, as shell templates over
 * `${version}` (the version without `v`), `${date}` (YYYYMMDD, UTC) and
 * `${short}` (the 7-character commit).
 */
export function immutableTagTemplates(channel: Channel): string[] {
  const version = channel === "beta" ? SAMPLE_BETA : SAMPLE_CORE;
  const tags = tagsFor(channel, { version, date: SAMPLE.date, sha: SAMPLE.short }).immutable;
  return tags.map((tag) => {
    const template = tag
      .replaceAll(version, "${version}")
      .replaceAll(SAMPLE.date, "${date}")
      .replaceAll(SAMPLE.short, "${short}");
    assertTemplate(channel, tag, template);
    return template;
  });
}

/** The moving tags of `channel` with the scope each one moves in. */
export function movingTagRules(channel: Channel): MovingTagRule[] {
  switch (channel) {
    case "nightly":
      return tagsFor("nightly", { version: SAMPLE_CORE, date: SAMPLE.date, sha: SAMPLE.short }).moving.map((tag) => ({
        template: tag,
        scope: "always",
      }));
    case "beta": {
      const blocked = new Set(movingTagsForBeta(SAMPLE_BETA, [`${SAMPLE_CORE}-beta.${Number(SAMPLE.beta) + 1}`]));
      return movingTagsForBeta(SAMPLE_BETA, []).map((tag) => ({
        template: tag,
        scope: blocked.has(tag) ? "always" : "highest-beta",
      }));
    }
    case "stable":
      return stableRules();
  }
}

// A stable moving tag's scope is the narrowest higher release that stops it moving.
function stableRules(): MovingTagRule[] {
  const { major, minor, patch } = SAMPLE;
  const movesDespite = (higher: string) => new Set(movingTagsForStable(SAMPLE_CORE, [higher]));
  const afterPatch = movesDespite(`${major}.${minor}.${Number(patch) + 1}`);
  const afterMinor = movesDespite(`${major}.${Number(minor) + 1}.0`);
  const afterMajor = movesDespite(`${Number(major) + 1}.0.0`);
  return movingTagsForStable(SAMPLE_CORE, []).map((tag) => {
    const template = tag === `${major}.${minor}` ? "${major}.${minor}" : tag === major ? "${major}" : tag;
    assertTemplate("stable", tag, template);
    const scope: MovingScope = !afterMajor.has(tag)
      ? "highest"
      : !afterMinor.has(tag)
        ? "highest-major"
        : !afterPatch.has(tag)
          ? "highest-minor"
          : "always";
    return { template, scope };
  });
}

// A template left with sample digits in it means the model grew a tag shape the scripts cannot build.
function assertTemplate(channel: Channel, tag: string, template: string): void {
  if (/[0-9]/.test(template.replace(/\$\{[a-z]+\}/g, ""))) {
    throw new Error(
      `lib/workflows cannot express the ${channel} tag "${tag}" as a shell template (got "${template}"); teach tag-rules.ts its shape`,
    );
  }
}

/**
 * A tag shape from the channel model as a POSIX extended regex for bash `[[ =~ ]]`,
 * which has no `(?:` groups; the shapes use nothing else ERE lacks.
 */
export function shapeAsEre(shape: keyof typeof IMMUTABLE_TAG_SHAPES): string {
  return IMMUTABLE_TAG_SHAPES[shape].replaceAll("(?:", "(");
}
