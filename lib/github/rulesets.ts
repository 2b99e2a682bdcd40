/*
 * Branch and tag rulesets of the source repository (rules G1 and G2), as plain
 * data shaped like the GitHub provider's `RepositoryRuleset` arguments, except
 * that bypass actors name a role instead of a team id (ids exist only once the
 * teams do).
 */
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

/** The release tag pattern of rule G2; a ruleset's `*` never crosses a `/`. */
export const RELEASE_TAG_REF_PATTERN = "refs/tags/v*";

export interface RulesetInput {
  readonly defaultBranch: string;
  readonly devBranch: string;
  /** Check names required on both branches; empty omits the rule. */
  readonly requiredStatusChecks: readonly string[];
}

/** G1 for one branch: reviewed pull requests only, green checks, no deletion or force push, nobody bypasses. */
function branchRuleset(key: "default-branch" | "dev-branch", branch: string, checks: readonly string[]): RulesetPlan {
  return {
    key,
    name: `${branch}: reviewed changes only`,
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
    includes: [RELEASE_TAG_REF_PATTERN],
    bypassActors: [{ role: "release-manager", actorType: "Team", bypassMode: "always" }],
    rules: { creation: true, update: true, deletion: true },
  };
  return [
    branchRuleset("default-branch", input.defaultBranch, input.requiredStatusChecks),
    branchRuleset("dev-branch", input.devBranch, input.requiredStatusChecks),
    releaseTags,
  ];
}
