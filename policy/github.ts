/*
 * Rules G1-G4 (GitHub settings) as resource policies over the GitHub
 * provider's resources. The expected values are the ones lib/github plans;
 * the release tag pattern and the channel names come from there.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { CHANNELS } from "../lib/channels/channel";
import { RELEASE_TAG_REF_PATTERN } from "../lib/github/rulesets";
import { GITHUB_TYPES } from "./github-types";
import { bool, describeResource, list, obj, str, type Inputs } from "./inputs";
import { onTypes } from "./validate";

/** Ref patterns a ruleset applies to (`conditions.refName.includes`). */
function includes(props: Inputs): string[] {
  return list(obj(obj(props.conditions)?.refName)?.includes).filter((r): r is string => typeof r === "string");
}

/** Policy config of {@link branchRulesets}. */
export interface BranchRulesetConfig {
  /** The default branch, which no one may bypass (`release-infra:github.defaultBranch`). @default "main" */
  readonly defaultBranch?: string;
}

/** G1: branch rulesets are active and require reviewed pull requests; nobody bypasses the default branch's. */
export const branchRulesets: ResourceValidationPolicy = {
  name: "g1-branch-rulesets",
  description:
    "G1: a branch ruleset is active, forbids deletion and force pushes, requires pull requests with an approving code-owner review, " +
    "stale reviews dismissed and the last push approved; the default branch's has no bypass actors.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { defaultBranch: { type: "string", default: "main" } } },
  validateResource: onTypes([GITHUB_TYPES.ruleset], (props, args, report) => {
    if (str(props.target) !== "branch") return;
    const what = describeResource("GitHub ruleset", args.name, props.name);
    const fix = "declare it from planRulesets() (lib/github)";
    if (str(props.enforcement) !== "active")
      report(
        `${what}: enforcement is ${JSON.stringify(props.enforcement ?? null)}; set enforcement: "active" (${fix})`,
      );
    const rules = obj(props.rules) ?? {};
    if (bool(rules.deletion) !== true) report(`${what}: the branch can be deleted; set rules.deletion: true (${fix})`);
    if (bool(rules.nonFastForward) !== true)
      report(`${what}: force pushes are allowed; set rules.nonFastForward: true (${fix})`);
    const pr = obj(rules.pullRequest);
    const count = pr?.requiredApprovingReviewCount;
    if (pr === undefined || typeof count !== "number" || count < 1) {
      report(
        `${what}: changes need no approved pull request; set rules.pullRequest.requiredApprovingReviewCount to at least 1 (${fix})`,
      );
    }
    for (const flag of ["requireCodeOwnerReview", "dismissStaleReviewsOnPush", "requireLastPushApproval"] as const) {
      if (pr !== undefined && bool(pr[flag]) !== true)
        report(`${what}: rules.pullRequest.${flag} is not true; set it to true (${fix})`);
    }
    const defaultBranch = args.getConfig<BranchRulesetConfig>().defaultBranch ?? "main";
    const onDefault = includes(props).some(
      (ref) => ref === `refs/heads/${defaultBranch}` || ref === "~DEFAULT_BRANCH" || ref === "~ALL",
    );
    const actors = list(props.bypassActors);
    if (onDefault && actors.length > 0) {
      report(
        `${what}: ${actors.length} bypass actor(s) on the default branch ${defaultBranch}; remove bypassActors: with rulesets, even admins are bound unless listed there`,
      );
    }
  }),
};

/** G2: the release tag ruleset lets only a team create, move or delete `v*` tags. */
export const releaseTagRuleset: ResourceValidationPolicy = {
  name: "g2-release-tag-ruleset",
  description: `G2: the tag ruleset on ${RELEASE_TAG_REF_PATTERN} is active, restricts creating, updating and deleting release tags, and only a Team (the release managers) may bypass it.`,
  enforcementLevel: "mandatory",
  validateResource: onTypes([GITHUB_TYPES.ruleset], (props, args, report) => {
    if (str(props.target) !== "tag" || !includes(props).includes(RELEASE_TAG_REF_PATTERN)) return;
    const what = describeResource("GitHub ruleset", args.name, props.name);
    const fix = "declare it from planRulesets() (lib/github)";
    if (str(props.enforcement) !== "active")
      report(
        `${what}: enforcement is ${JSON.stringify(props.enforcement ?? null)}; set enforcement: "active" (${fix})`,
      );
    const rules = obj(props.rules) ?? {};
    const verbs = { creation: "create", update: "move", deletion: "delete" } as const;
    const open = (Object.keys(verbs) as (keyof typeof verbs)[]).filter((rule) => bool(rules[rule]) !== true);
    if (open.length > 0) {
      report(
        `${what}: anyone with write access may ${open.map((r) => verbs[r]).join(" and ")} release tags; set ${open.map((r) => `rules.${r}: true`).join(", ")} (${fix})`,
      );
    }
    const actors = list(props.bypassActors).map((a) => obj(a) ?? {});
    if (actors.length === 0)
      report(
        `${what}: no bypass actor, so no one can push a release tag; add the release managers' team as the one bypass actor (${fix})`,
      );
    const others = actors.filter((a) => str(a.actorType) !== "Team").map((a) => str(a.actorType) ?? "?");
    if (others.length > 0)
      report(
        `${what}: bypass actors of type ${others.join(", ")}; only the release managers' Team may bypass (${fix})`,
      );
  }),
};

/** G3: the Actions token is read-only by default and cannot approve pull requests. */
export const actionsTokenPermissions: ResourceValidationPolicy = {
  name: "g3-actions-token-permissions",
  description:
    "G3: GitHub Actions' default GITHUB_TOKEN permissions are read-only and Actions cannot approve pull requests.",
  enforcementLevel: "mandatory",
  validateResource: onTypes([GITHUB_TYPES.workflowPermissions], (props, args, report) => {
    const what = describeResource("GitHub Actions permissions", args.name, props.repository);
    if (str(props.defaultWorkflowPermissions) !== "read") {
      report(
        `${what}: defaultWorkflowPermissions is ${JSON.stringify(props.defaultWorkflowPermissions ?? null)}; set defaultWorkflowPermissions: "read" (jobs ask for more)`,
      );
    }
    if (bool(props.canApprovePullRequestReviews) !== false) {
      report(
        `${what}: canApprovePullRequestReviews is not false, so a workflow could approve its own pull request; set canApprovePullRequestReviews: false`,
      );
    }
  }),
};

const isChannel = (name: string | undefined): boolean =>
  name !== undefined && (CHANNELS as readonly string[]).includes(name);

/** G4: channel environments bind admins too; `stable` needs another person's approval; tag channels deploy from `v*` tags only. */
export const channelEnvironments: ResourceValidationPolicy = {
  name: "g4-channel-environments",
  description:
    `G4: the ${CHANNELS.join(", ")} environments restrict deployments to their own branch or tag policies and admins cannot bypass them; ` +
    "stable has required team reviewers and prevents self-review; beta and stable deploy from v* tags only.",
  enforcementLevel: "mandatory",
  validateResource: onTypes([GITHUB_TYPES.environment, GITHUB_TYPES.deploymentPolicy], (props, args, report) => {
    const environment = str(props.environment);
    if (!isChannel(environment)) return;
    const fix = "declare it from planEnvironments() (lib/github)";
    if (args.type === GITHUB_TYPES.deploymentPolicy) {
      if (environment === "nightly") return;
      const tag = str(props.tagPattern);
      if (tag === undefined || !tag.startsWith("v") || props.branchPattern !== undefined) {
        report(
          `${describeResource("GitHub deployment policy", args.name)} (environment ${environment}): deploys from ${JSON.stringify(props.branchPattern ?? tag ?? null)}; ${environment} deploys only from v* release tags: set tagPattern only (${fix})`,
        );
      }
      return;
    }
    const what = describeResource("GitHub environment", args.name, environment);
    // The provider's default is true: repository admins skip every protection rule.
    if (bool(props.canAdminsBypass) !== false)
      report(`${what}: admins can bypass its protection rules; set canAdminsBypass: false (${fix})`);
    if (bool(obj(props.deploymentBranchPolicy)?.customBranchPolicies) !== true) {
      report(
        `${what}: any branch or tag may deploy to it; set deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true } and its deployment policies (${fix})`,
      );
    }
    if (environment !== "stable") return;
    const teams = list(props.reviewers).flatMap((r) => list(obj(r)?.teams));
    if (teams.length === 0)
      report(
        `${what}: no team must approve a stable deployment; set reviewers: [{ teams: [<release managers' team id>] }] (${fix})`,
      );
    if (bool(props.preventSelfReview) !== true)
      report(
        `${what}: whoever pushed the release tag may approve its publication; set preventSelfReview: true (${fix})`,
      );
  }),
};
