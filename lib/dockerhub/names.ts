/**
 * Docker Hub's naming and size rules, as the Hub API reference states them
 * (see the repository, team and member endpoints). One place, read by the
 * plan (to report config problems before anything is registered) and by the
 * dynamic providers' `check` (to refuse bad inputs before any API call).
 */
import { NAMED_MOVING_TAGS } from "../channels/shapes";
import { compileRe2Rule, re2Problem } from "./re2";

/** Repository names: lowercase alphanumerics separated by single `.`, `_` or `-`, 2 to 255 characters. */
export const HUB_REPOSITORY_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
export const HUB_REPOSITORY_NAME_LENGTH = { min: 2, max: 255 } as const;
/** Namespaces (users and organizations), as the stack config accepts them. */
export const HUB_NAMESPACE = /^[a-z0-9]{2,255}$/;
/** Team ("group") names. */
export const HUB_TEAM_NAME = /^[a-zA-Z0-9_-]{3,30}$/;
/** Docker IDs: 4 to 30 lowercase letters and digits. */
export const HUB_USERNAME = /^[a-z0-9]{4,30}$/;
/** Short description limit. */
export const HUB_DESCRIPTION_MAX = 100;
/** Overview (full description, Markdown) limit. */
export const HUB_FULL_DESCRIPTION_MAX = 25_000;
/**
 * Team description limit. Docker does not publish one; 255 is the limit the
 * emulator assumes (ASSUMPTIONS.md #22). Our descriptions stay far below it.
 */
export const HUB_TEAM_DESCRIPTION_MAX = 255;

/** Team permissions on a repository, each including the ones before it. */
export const HUB_PERMISSION_VALUES = ["read", "write", "admin"] as const;
export type HubPermissionValue = (typeof HUB_PERMISSION_VALUES)[number];

/**
 * Moving tags an immutable-tag rule must never match (rule D2) when the tag
 * scheme is not at hand (a provider's `check`): the common named ones and
 * examples of the `X` and `X.Y` shapes. A rollback re-points these. Where the
 * scheme is known, pass its own (`exampleTags(model).mutable`,
 * lib/channels/mutability.ts).
 */
export const MOVING_TAG_EXAMPLES: readonly string[] = [...NAMED_MOVING_TAGS, "1", "1.5", "10.20"];

/** Why a repository name is invalid, or `undefined` when it is valid. */
export function repositoryNameProblem(name: string): string | undefined {
  if (
    name.length < HUB_REPOSITORY_NAME_LENGTH.min ||
    name.length > HUB_REPOSITORY_NAME_LENGTH.max ||
    !HUB_REPOSITORY_NAME.test(name)
  ) {
    return `${JSON.stringify(name)} is not a Docker Hub repository name; use 2 to 255 lowercase letters and digits separated by single ".", "_" or "-"`;
  }
  return undefined;
}

/** Why a namespace is invalid, or `undefined`. */
export function namespaceProblem(namespace: string): string | undefined {
  return HUB_NAMESPACE.test(namespace)
    ? undefined
    : `${JSON.stringify(namespace)} is not a Docker Hub namespace; use 2 to 255 lowercase letters and digits`;
}

/** Why a team name is invalid, or `undefined`. */
export function teamNameProblem(name: string): string | undefined {
  if (HUB_TEAM_NAME.test(name)) return undefined;
  const length = name.length < 3 || name.length > 30 ? ` (it has ${name.length} characters)` : "";
  return `${JSON.stringify(name)} is not a Docker Hub team name: Docker Hub allows 3 to 30 letters, digits, "_" and "-" (^[a-zA-Z0-9_-]{3,30}$)${length}`;
}

/** Why a username is invalid, or `undefined`. */
export function usernameProblem(name: string): string | undefined {
  return HUB_USERNAME.test(name)
    ? undefined
    : `${JSON.stringify(name)} is not a Docker ID; use 4 to 30 lowercase letters and digits`;
}

/**
 * Why an immutable-tag rule is unusable, or `undefined`. Docker Hub rules are
 * Go RE2 regular expressions, matched here against the whole tag (./re2.ts;
 * ASSUMPTIONS.md #17, #18); a rule that matches one of `movingTags` would
 * make rollbacks impossible (rule D2).
 */
export function immutableRuleProblem(
  rule: string,
  movingTags: readonly string[] = MOVING_TAG_EXAMPLES,
): string | undefined {
  if (rule.trim() === "") return "is empty; an empty rule list is written as [] (no immutable tags)";
  const problem = re2Problem(rule);
  if (problem !== undefined) {
    return `${JSON.stringify(rule)} is not a regular expression Docker Hub accepts (Go RE2 syntax): ${problem}`;
  }
  const matches = compileRe2Rule(rule);
  const moving = movingTags.find((tag) => matches(tag));
  if (moving !== undefined) {
    return `${JSON.stringify(rule)} matches the moving tag ${JSON.stringify(moving)}; moving tags must stay mutable so releases and rollbacks can re-point them`;
  }
  return undefined;
}
