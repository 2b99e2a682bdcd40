import { UserError } from "../errors";
import { GITHUB_OIDC_HOST } from "./github-oidc";

/*
 * ARNs and names the policies refer to. Inputs are validated here because an ARN
 * that is built from a malformed name (one holding `*`, say) would silently widen
 * a policy's scope.
 */

const REGION = /^[a-z]{2}(?:-gov)?-[a-z]+-\d$/;
const ACCOUNT_ID = /^\d{12}$/;
// The CreateRepository API's pattern and length limits:
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html
const ECR_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const ECR_REPOSITORY_NAME_MIN = 2;
const ECR_REPOSITORY_NAME_MAX = 256;
const PARTITION = "(?:aws|aws-cn|aws-us-gov)";
const ECR_REPOSITORY_ARN = new RegExp(
  `^arn:${PARTITION}:ecr:[a-z]{2}(?:-gov)?-[a-z]+-\\d:\\d{12}:repository/(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$`,
);
const GITHUB_OIDC_PROVIDER_ARN = new RegExp(
  `^arn:${PARTITION}:iam::\\d{12}:oidc-provider/${GITHUB_OIDC_HOST.replaceAll(".", "\\.")}$`,
);

/** AWS partitions this project can target. */
export type AwsPartition = "aws" | "aws-cn" | "aws-us-gov";

/**
 * The partition a region belongs to (China and GovCloud regions have their own;
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
 */
export function partitionOfRegion(region: string): AwsPartition {
  if (!REGION.test(region))
    throw new UserError(`${JSON.stringify(region)} is not an AWS region code such as "us-east-1"`, { path: "region" });
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** Whether `name` is a valid ECR repository name (`project/image` paths included). */
export function isEcrRepositoryName(name: string): boolean {
  return (
    name.length >= ECR_REPOSITORY_NAME_MIN && name.length <= ECR_REPOSITORY_NAME_MAX && ECR_REPOSITORY_NAME.test(name)
  );
}

/** Returns `name` unchanged, or throws when ECR would refuse it as a repository name. */
export function assertEcrRepositoryName(name: string, field = "repositoryName"): string {
  if (!isEcrRepositoryName(name)) {
    throw new UserError(
      `${JSON.stringify(name)} is not an ECR repository name; use 2 to 256 lowercase letters and digits, separated by single ".", "_", "-" or "/"`,
      { path: field },
    );
  }
  return name;
}

/** Returns `accountId` unchanged, or throws when it is not a 12-digit AWS account id. */
export function assertAwsAccountId(accountId: string, field = "accountId"): string {
  if (!ACCOUNT_ID.test(accountId))
    throw new UserError(`${JSON.stringify(accountId)} is not an AWS account id; use 12 digits`, { path: field });
  return accountId;
}

/** The ECR registry host of an account in a region, e.g. `111122223333.dkr.ecr.us-east-1.amazonaws.com`. */
export function ecrRegistryHost(region: string, accountId: string): string {
  return `${accountId}.dkr.ecr.${region}.${partitionOfRegion(region) === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}`;
}

/**
 * The ARN of an ECR repository.
 * @example ecrRepositoryArn("us-east-1", "111122223333", "cortex/cortex")
 *   // "arn:aws:ecr:us-east-1:111122223333:repository/cortex/cortex"
 */
export function ecrRepositoryArn(region: string, accountId: string, repositoryName: string): string {
  const partition = partitionOfRegion(region);
  assertAwsAccountId(accountId);
  assertEcrRepositoryName(repositoryName);
  return `arn:${partition}:ecr:${region}:${accountId}:repository/${repositoryName}`;
}

/** Whether `arn` names exactly one ECR repository (no wildcards). */
export function isEcrRepositoryArn(arn: string): boolean {
  return ECR_REPOSITORY_ARN.test(arn);
}

/**
 * The ARN IAM gives the GitHub Actions OIDC provider in an account: IAM names OIDC
 * providers after their host, so it is known before the provider exists.
 */
export function githubOidcProviderArn(accountId: string, partition: AwsPartition = "aws"): string {
  assertAwsAccountId(accountId);
  return `arn:${partition}:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

/** Whether `arn` is the GitHub Actions OIDC provider of some account. */
export function isGithubOidcProviderArn(arn: string): boolean {
  return GITHUB_OIDC_PROVIDER_ARN.test(arn);
}
