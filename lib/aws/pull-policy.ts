import { assertAwsAccountId } from "./arn";
import { UserError } from "../errors";
import { POLICY_VERSION, type PolicyDocument } from "./policy-document";

/**
 * Read-only image access, the actions of AWS's pull examples
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html).
 * The pulling account still grants its own principals `ecr:GetAuthorizationToken`;
 * that action cannot be granted by a repository policy.
 */
export const ECR_PULL_ACTIONS = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
] as const;

/** Arguments of {@link crossAccountPullPolicy}. */
export interface CrossAccountPullPolicyArgs {
  /** The accounts allowed to pull; at least one, 12 digits each. */
  readonly accountIds: readonly string[];
  /** Partition of the accounts. @default "aws" */
  readonly partition?: "aws" | "aws-cn" | "aws-us-gov";
}

/**
 * The repository policy that lets other accounts pull (and only pull). The accounts
 * are named by their root principal, which delegates to each account's own IAM:
 * principals there still need an identity policy allowing the pull.
 * Emit it only when cross-account pull is configured; an empty list is refused.
 */
export function crossAccountPullPolicy(args: CrossAccountPullPolicyArgs): PolicyDocument {
  if (args.accountIds.length === 0) {
    throw new UserError("is empty; create no repository policy when no other account pulls", {
      path: "crossAccountPullPolicy.accountIds",
    });
  }
  args.accountIds.forEach((id, i) => assertAwsAccountId(id, `crossAccountPullPolicy.accountIds[${i}]`));
  const partition = args.partition ?? "aws";
  const principals = [...new Set(args.accountIds)].sort().map((id) => `arn:${partition}:iam::${id}:root`);
  return {
    Version: POLICY_VERSION,
    Statement: [
      { Sid: "CrossAccountPull", Effect: "Allow", Principal: { AWS: principals }, Action: [...ECR_PULL_ACTIONS] },
    ],
  };
}
