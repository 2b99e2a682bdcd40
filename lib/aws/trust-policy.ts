import { isGithubOidcProviderArn } from "./arn";
import { UserError } from "../errors";
import { GITHUB_OIDC_AUD_KEY, GITHUB_OIDC_SUB_KEY, STS_AUDIENCE } from "./github-oidc";
import { githubEnvironmentSubjects, type EnvironmentSubjectArgs } from "./github-subject";
import { POLICY_VERSION, type PolicyDocument } from "./policy-document";

/** Arguments of {@link channelTrustPolicy}. */
export interface ChannelTrustPolicyArgs extends EnvironmentSubjectArgs {
  /** ARN of the account's GitHub Actions OIDC provider (see `githubOidcProviderArn`). */
  readonly providerArn: string;
}

/**
 * The trust policy of one channel's CI role (rule A2): only jobs of
 * `org/repository` running in the `channel` environment may assume it.
 *
 * Both claims sit under one plain `StringEquals`. A `sub` list there matches any
 * one of its values (the name and immutable forms), and each value is a literal:
 * `StringLike` would let a stray `*` widen the trust, and the `ForAllValues:` set
 * operator is true when the key is absent, so a token without the claim would pass
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
 */
export function channelTrustPolicy(args: ChannelTrustPolicyArgs): PolicyDocument {
  if (!isGithubOidcProviderArn(args.providerArn)) {
    throw new UserError(
      `${JSON.stringify(args.providerArn)} is not the ARN of a GitHub Actions OIDC provider (arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com)`,
      { path: "channelTrustPolicy.providerArn" },
    );
  }
  const subjects = githubEnvironmentSubjects(args, "channelTrustPolicy");
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Sid: "GitHubActionsEnvironment",
        Effect: "Allow",
        Principal: { Federated: args.providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [GITHUB_OIDC_AUD_KEY]: STS_AUDIENCE,
            [GITHUB_OIDC_SUB_KEY]: subjects,
          },
        },
      },
    ],
  };
}
