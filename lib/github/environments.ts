/*
 * Deployment environments `nightly`, `beta`, `stable` (rule G4), their
 * deployment policies, variables and secret slots (rules S2, W9).
 */
import type { Role } from "../access/roles";
import { CHANNELS, type Channel } from "../channels";

/**
 * Tag patterns of the environments' deployment policies. GitHub matches them
 * with Ruby's `File.fnmatch` (`*` never crosses a `/`), which has no "digits
 * only" and no negation: `v[0-9]*.[0-9]*.[0-9]*` also matches `v1.5.0-beta.2`.
 * It still refuses anything not shaped like a version; the tag ruleset (only
 * release managers push `v*` tags) and stable's required reviewers close the
 * rest, and the stable workflow itself only starts on `vX.Y.Z`.
 * https://docs.github.com/en/rest/deployments/branch-policies
 */
export const STABLE_TAG_POLICY = "v[0-9]*.[0-9]*.[0-9]*";
export const BETA_TAG_POLICY = "v[0-9]*.[0-9]*.[0-9]*-beta.[0-9]*";

/** One custom deployment branch or tag policy. */
export interface DeploymentPolicyPlan {
  /** Stable key within the environment, used in the logical name: `branch-dev`, `tag-stable`. */
  readonly key: string;
  readonly kind: "branch" | "tag";
  /** fnmatch pattern of branch or tag names. */
  readonly pattern: string;
}

/** Where an environment variable's value comes from. */
export type VariableValuePlan =
  | { readonly kind: "literal"; readonly value: string }
  /** The channel's CI role ARN, known once the role exists. */
  | { readonly kind: "aws-role-arn" };

export interface EnvironmentVariablePlan {
  readonly name: string;
  readonly value: VariableValuePlan;
}

export interface EnvironmentPlan {
  readonly channel: Channel;
  /** Roles whose teams must approve a job in this environment. */
  readonly reviewerRoles: readonly Role[];
  readonly preventSelfReview: boolean;
  readonly canAdminsBypass: boolean;
  readonly deploymentPolicies: readonly DeploymentPolicyPlan[];
  readonly variables: readonly EnvironmentVariablePlan[];
  /**
   * Secrets the workflows read in this environment. Registry credentials live
   * only here, never as repository secrets (S2), so only jobs that run in the
   * environment, and pass its policies, can read them.
   */
  readonly secretNames: readonly string[];
}

export interface EnvironmentInput {
  readonly defaultBranch: string;
  readonly devBranch: string;
  /** Registry host, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com`. */
  readonly ecrRegistry: string;
  /** Docker Hub organization; org access tokens log in with it as the user name. */
  readonly dockerhubNamespace: string;
  /** Image names each channel builds. */
  readonly channelImages: Readonly<Record<Channel, readonly string[]>>;
}

/** The Docker Hub token secret the workflows read (`secrets.DOCKERHUB_TOKEN`). */
export const DOCKERHUB_TOKEN_SECRET = "DOCKERHUB_TOKEN";

function deploymentPolicies(channel: Channel, input: EnvironmentInput): DeploymentPolicyPlan[] {
  switch (channel) {
    case "nightly":
      // Scheduled runs always run on the default branch (the nightly job then
      // checks out dev), and a manual run is started from dev or the default branch.
      return [input.devBranch, input.defaultBranch].map((pattern) => ({
        key: `branch-${pattern}`,
        kind: "branch",
        pattern,
      }));
    case "beta":
      return [{ key: "tag-beta", kind: "tag", pattern: BETA_TAG_POLICY }];
    case "stable":
      return [{ key: "tag-stable", kind: "tag", pattern: STABLE_TAG_POLICY }];
  }
}

/** One environment per channel; only `stable` waits for a release manager's approval. */
export function planEnvironments(input: EnvironmentInput): EnvironmentPlan[] {
  return CHANNELS.map((channel) => {
    const stable = channel === "stable";
    return {
      channel,
      reviewerRoles: stable ? ["release-manager"] : [],
      // The person who pushed the release tag cannot approve its publication.
      preventSelfReview: stable,
      // GitHub's default lets repository admins skip the protection rules.
      canAdminsBypass: false,
      deploymentPolicies: deploymentPolicies(channel, input),
      variables: [
        { name: "AWS_ROLE_ARN", value: { kind: "aws-role-arn" } },
        { name: "DOCKERHUB_USERNAME", value: { kind: "literal", value: input.dockerhubNamespace } },
        { name: "ECR_REGISTRY", value: { kind: "literal", value: input.ecrRegistry } },
        { name: "IMAGES", value: { kind: "literal", value: input.channelImages[channel].join(" ") } },
      ],
      secretNames: [DOCKERHUB_TOKEN_SECRET],
    };
  });
}
