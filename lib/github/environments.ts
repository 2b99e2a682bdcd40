/*
 * Deployment environments `nightly`, `beta`, `stable` (rule G4), their
 * deployment policies, variables and secret slots (rules S2, W9).
 */
import type { Role } from "../access/roles";
import { CHANNELS, type Channel } from "../channels";
import { compileTagScheme, type TagModel } from "../channels/model";
import { DEFAULT_TAG_SCHEME, type TagScheme } from "../channels/scheme";

/**
 * The most digits each part of a release version may have for the beta and
 * stable environments to accept its tag: major 2, minor 3, patch 3, so up to
 * `99.999.999`. A tag beyond them is refused by the environment (its jobs fail
 * before they read a secret), which fails safe; raising a bound adds policies.
 */
export const TAG_POLICY_MAX_DIGITS = { major: 2, minor: 3, patch: 3 } as const;

/** The highest version the tag policies accept, `99.999.999`. */
export const TAG_POLICY_MAX_VERSION = [
  TAG_POLICY_MAX_DIGITS.major,
  TAG_POLICY_MAX_DIGITS.minor,
  TAG_POLICY_MAX_DIGITS.patch,
]
  .map((digits) => "9".repeat(digits))
  .join(".");

/** One fnmatch pattern of a tag policy; the environment accepts a tag matching any of them. */
export interface TagPolicyPattern {
  /** The digit counts it accepts, as a picture: `x.yy.zzz` is 1-digit major, 2-digit minor, 3-digit patch. */
  readonly digits: string;
  readonly pattern: string;
}

/**
 * One number of a version, as the channel model writes it (`0|[1-9][0-9]*`,
 * lib/channels/shapes.ts) with exactly `digits` digits. In fnmatch `[0-9]` is
 * one character and nothing means "one or more digits", so each length is its
 * own pattern; a leading `[1-9]` keeps refusing leading zeros, as the shapes do.
 */
function numberPattern(digits: number): string {
  return digits === 1 ? "[0-9]" : `[1-9]${"[0-9]".repeat(digits - 1)}`;
}

function range(max: number): number[] {
  return Array.from({ length: max }, (_, i) => i + 1);
}

/** Every `X.Y.Z` within {@link TAG_POLICY_MAX_DIGITS}, one pattern per digit count. */
function versionCorePatterns(): TagPolicyPattern[] {
  const { major, minor, patch } = TAG_POLICY_MAX_DIGITS;
  return range(major).flatMap((x) =>
    range(minor).flatMap((y) =>
      range(patch).map((z) => ({
        digits: ["x".repeat(x), "y".repeat(y), "z".repeat(z)].join("."),
        pattern: [x, y, z].map(numberPattern).join("."),
      })),
    ),
  );
}

/**
 * The tag policies of the beta and stable environments: the channels' git tags
 * are `v` + the version (versionFromGitTag, lib/channels/tags.ts), stable
 * `vX.Y.Z` and beta `vX.Y.Z-beta.N` (IMMUTABLE_TAG_SHAPES `release` and
 * `beta`). GitHub matches deployment policies with Ruby's `File.fnmatch`
 * (./fnmatch.ts), where `*` is any run of characters but `/`: a stable policy
 * `v[0-9]*.[0-9]*.[0-9]*` would also accept `v1.5.0-beta.2`. So:
 *
 * - stable enumerates the digit counts: `v[0-9].[0-9].[0-9]`,
 *   `v[0-9].[1-9][0-9].[0-9]`, ... (2 x 3 x 3 = 18 patterns). It accepts
 *   exactly the stable tags within {@link TAG_POLICY_MAX_DIGITS}: no wildcard
 *   is left that could take `-beta.N` or anything else.
 * - beta is each of those followed by `-beta.[0-9]*` (18 patterns). Its one
 *   `*` comes after the literal `-beta.`, which no stable tag (digits and dots
 *   after the `v`) and no nightly version (its only `-` is followed by
 *   `nightly`) contains, so it never accepts another channel's tag. It does
 *   accept non-tags such as `v1.5.0-beta.2rc` or `v1.5.0-beta.02`, which no
 *   channel pushes; only release managers can push `v*` tags (the tag
 *   ruleset) and the beta workflow starts only on `vX.Y.Z-beta.N`.
 *
 * Each pattern is one RepositoryEnvironmentDeploymentPolicy, keyed by its
 * digit picture (`tag-stable-x.yy.zzz`), so raising a bound only adds policies.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/deployments-and-environments#deployment-branches-and-tags
 */
export function stableTagPolicies(model: TagModel): TagPolicyPattern[] {
  return versionCorePatterns().map(({ digits, pattern }) => ({
    digits,
    pattern: `${model.scheme.gitTagPrefix}${pattern}`,
  }));
}
/** See {@link stableTagPolicies}: the same, followed by the scheme's pre-release form (`-rc[0-9]*`, `-beta.[0-9]*`). */
export function betaTagPolicies(model: TagModel): TagPolicyPattern[] {
  const { identifier, separator } = model.scheme.prerelease;
  return versionCorePatterns().map(({ digits, pattern }) => ({
    digits,
    pattern: `${model.scheme.gitTagPrefix}${pattern}-${identifier}${separator}[0-9]*`,
  }));
}
const DEFAULT_MODEL = compileTagScheme(DEFAULT_TAG_SCHEME);
/** The default scheme's stable tag policies (`v` + `X.Y.Z`). */
export const STABLE_TAG_POLICIES: readonly TagPolicyPattern[] = stableTagPolicies(DEFAULT_MODEL);
/** The default scheme's beta tag policies (`v` + `X.Y.Z-beta.N`). */
export const BETA_TAG_POLICIES: readonly TagPolicyPattern[] = betaTagPolicies(DEFAULT_MODEL);

/** One custom deployment branch or tag policy. */
export interface DeploymentPolicyPlan {
  /** Stable key within the environment, used in the logical name: `branch-dev`, `tag-stable-x.yy.zzz`. */
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
  /** @default DEFAULT_TAG_SCHEME */
  readonly tagScheme?: TagScheme;
}

/** The Docker Hub token secret the workflows read (`secrets.DOCKERHUB_TOKEN`). */
export const DOCKERHUB_TOKEN_SECRET = "DOCKERHUB_TOKEN";

const model = (input: EnvironmentInput) => compileTagScheme(input.tagScheme ?? DEFAULT_TAG_SCHEME);

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
      return betaTagPolicies(model(input)).map(({ digits, pattern }) => ({
        key: `tag-beta-${digits}`,
        kind: "tag",
        pattern,
      }));
    case "stable":
      return stableTagPolicies(model(input)).map(({ digits, pattern }) => ({
        key: `tag-stable-${digits}`,
        kind: "tag",
        pattern,
      }));
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
