/*
 * Branch and tag rulesets of the source repository (rules G1 and G2), as plain
 * data shaped like the GitHub provider's `RepositoryRuleset` arguments, except
 * that bypass actors name a role instead of a team id (ids exist only once the
 * teams do).
 */
import { createHash } from "node:crypto";
import type { Role } from "../access/roles";

/**
 * App id of GitHub Actions. A required check pinned to it can only be satisfied
 * by a workflow run, not by anyone with write access posting a commit status of
 * the same name. https://docs.github.com/en/rest/repos/rules (`integration_id`)
 */
export const GITHUB_ACTIONS_APP_ID = 15368;

/** Who may bypass a ruleset: a role's team, always (`bypass_mode: always`). */
export interface BypassActorPlan {
  readonly role: Role;
  readonly actorType: "Team";
  readonly bypassMode: "always";
}

export interface PullRequestRulePlan {
  readonly requiredApprovingReviewCount: number;
  readonly requireCodeOwnerReview: boolean;
  readonly dismissStaleReviewsOnPush: boolean;
  readonly requireLastPushApproval: boolean;
}

export interface RequiredStatusChecksRulePlan {
  readonly requiredChecks: readonly { readonly context: string; readonly integrationId: number }[];
  readonly strictRequiredStatusChecksPolicy: boolean;
}

/** The rules of one ruleset; absent rules are off. */
export interface RulesetRulesPlan {
  readonly creation?: boolean;
  readonly update?: boolean;
  readonly deletion: boolean;
  readonly nonFastForward?: boolean;
  readonly pullRequest?: PullRequestRulePlan;
  readonly requiredStatusChecks?: RequiredStatusChecksRulePlan;
}

export interface RulesetPlan {
  /** Stable key, used in the resource's logical name. */
  readonly key: "default-branch" | "dev-branch" | "release-tags";
  /** Name shown in the repository's settings. */
  readonly name: string;
  readonly target: "branch" | "tag";
  readonly enforcement: "active";
  /** Full ref patterns (`refs/heads/main`, `refs/tags/v*`). */
  readonly includes: readonly string[];
  readonly bypassActors: readonly BypassActorPlan[];
  readonly rules: RulesetRulesPlan;
}

/** The release tag pattern of rule G2 for a git tag prefix; a ruleset's `*` never crosses a `/`. */
export function releaseTagRefPattern(gitTagPrefix: string): string {
  return `refs/tags/${gitTagPrefix}*`;
}
/** The default scheme's release tag pattern (`v` prefix). */
export const RELEASE_TAG_REF_PATTERN = releaseTagRefPattern("v");

export interface RulesetInput {
  /** The tag scheme's git tag prefix; the ruleset covers every tag starting with it. @default "v" */
  readonly gitTagPrefix?: string;
  readonly defaultBranch: string;
  readonly devBranch: string;
  /** Check names required on both branches; empty omits the rule. */
  readonly requiredStatusChecks: readonly string[];
}

/**
 * The longest ruleset name the GitHub provider accepts: `name` is validated
 * with `validation.StringLenBetween(1, 100)` (a length in bytes; the names
 * here are ASCII, as branch names are).
 * integrations/terraform-provider-github@v6.13.0 github/resource_github_repository_ruleset.go:36-41
 */
export const RULESET_NAME_MAX_LENGTH = 100;

const BRANCH_RULESET_SUFFIX = ": reviewed changes only";

/**
 * `<branch>: reviewed changes only`, or, when that exceeds
 * {@link RULESET_NAME_MAX_LENGTH} (the config accepts branch names of up to 244
 * characters), the branch's first characters, `~` and 8 hex characters of the
 * branch's SHA-256, then the suffix: exactly 100 characters. Neither git nor
 * the config schema allows `~` in a branch name, so a shortened name never
 * equals a full one, and two branches sharing the kept prefix differ in the
 * hash (barring a 32-bit SHA-256 prefix collision). Deterministic, so the name
 * only changes when the branch does.
 */
function branchRulesetName(branch: string): string {
  const full = `${branch}${BRANCH_RULESET_SUFFIX}`;
  if (full.length <= RULESET_NAME_MAX_LENGTH) return full;
  const hash = createHash("sha256").update(branch).digest("hex").slice(0, 8);
  const kept = RULESET_NAME_MAX_LENGTH - BRANCH_RULESET_SUFFIX.length - hash.length - 1;
  return `${branch.slice(0, kept)}~${hash}${BRANCH_RULESET_SUFFIX}`;
}

/** G1 for one branch: reviewed pull requests only, green checks, no deletion or force push, nobody bypasses. */
function branchRuleset(key: "default-branch" | "dev-branch", branch: string, checks: readonly string[]): RulesetPlan {
  return {
    key,
    name: branchRulesetName(branch),
    target: "branch",
    enforcement: "active",
    includes: [`refs/heads/${branch}`],
    // No bypass actors at all: with rulesets, repository and organization admins
    // are bound too unless listed here (unlike classic branch protection).
    bypassActors: [],
    rules: {
      deletion: true,
      nonFastForward: true,
      pullRequest: {
        requiredApprovingReviewCount: 1,
        requireCodeOwnerReview: true,
        dismissStaleReviewsOnPush: true,
        requireLastPushApproval: true,
      },
      // GitHub rejects a required_status_checks rule with no checks, so an empty
      // list omits the rule instead.
      ...(checks.length === 0
        ? {}
        : {
            requiredStatusChecks: {
              requiredChecks: checks.map((context) => ({ context, integrationId: GITHUB_ACTIONS_APP_ID })),
              // The merged code is the code that was tested.
              strictRequiredStatusChecksPolicy: true,
            },
          }),
    },
  };
}

/**
 * The repository's rulesets: G1 on the default and dev branches, G2 on release
 * tags (only the release managers' team may create, move or delete a `v*` tag,
 * since pushing one starts a beta or stable build).
 */
export function planRulesets(input: RulesetInput): RulesetPlan[] {
  const releaseTags: RulesetPlan = {
    key: "release-tags",
    name: "release tags: release managers only",
    target: "tag",
    enforcement: "active",
    includes: [releaseTagRefPattern(input.gitTagPrefix ?? "v")],
    bypassActors: [{ role: "release-manager", actorType: "Team", bypassMode: "always" }],
    rules: { creation: true, update: true, deletion: true },
  };
  return [
    branchRuleset("default-branch", input.defaultBranch, input.requiredStatusChecks),
    branchRuleset("dev-branch", input.devBranch, input.requiredStatusChecks),
    releaseTags,
  ];
}
