import { isEcrRepositoryArn } from "./arn";
import { UserError } from "../errors";
import { POLICY_VERSION, type PolicyDocument } from "./policy-document";

/**
 * What a CI job needs to push an image, sign it and move tags, per repository
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html).
 * `GetDownloadUrlForLayer` is added to AWS's list because buildx pulls existing
 * layers and registry cache, and a retag (`BatchGetImage` then `PutImage`) needs both.
 *
 * `ecr:DescribeImages` and `ecr:ListImages` are deliberately absent: a workflow
 * that must know whether a tag already exists (the nightly skip, the rollback
 * target) asks `BatchGetImage`, which reports `ImageNotFound` in its `failures`,
 * or the registry API (`docker buildx imagetools inspect`), which is also
 * `BatchGetImage`. Listing adds nothing a push job needs.
 */
export const ECR_PUSH_ACTIONS = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:BatchGetImage",
  "ecr:CompleteLayerUpload",
  "ecr:GetDownloadUrlForLayer",
  "ecr:InitiateLayerUpload",
  "ecr:PutImage",
  "ecr:UploadLayerPart",
] as const;

/**
 * `docker login` to ECR. The action has no resource-level permissions, so `*` is the
 * only resource it can be granted on
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html).
 */
export const ECR_AUTH_ACTION = "ecr:GetAuthorizationToken";

/** Arguments of {@link channelPushPolicy}. */
export interface ChannelPushPolicyArgs {
  /** ARNs of the channel's ECR repositories (see `ecrRepositoryArn`); at least one. */
  readonly repositoryArns: readonly string[];
}

/**
 * The inline permission policy of one channel's CI role (rule A3): log in to the
 * registry, and push to (and read from) exactly the channel's repositories. No
 * delete, no policy or settings change, no wildcard action or repository.
 * Repository ARNs are de-duplicated and sorted so the document is stable.
 */
export function channelPushPolicy(args: ChannelPushPolicyArgs): PolicyDocument {
  if (args.repositoryArns.length === 0) {
    throw new UserError("is empty; a channel role needs at least one repository to push to", {
      path: "channelPushPolicy.repositoryArns",
    });
  }
  args.repositoryArns.forEach((arn, i) => {
    if (!isEcrRepositoryArn(arn)) {
      throw new UserError(
        `${JSON.stringify(arn)} is not the ARN of one ECR repository (arn:aws:ecr:<region>:<account>:repository/<name>, no wildcards)`,
        { path: `channelPushPolicy.repositoryArns[${i}]` },
      );
    }
  });
  const resources = [...new Set(args.repositoryArns)].sort();
  return {
    Version: POLICY_VERSION,
    Statement: [
      { Sid: "RegistryLogin", Effect: "Allow", Action: ECR_AUTH_ACTION, Resource: "*" },
      { Sid: "PushChannelImages", Effect: "Allow", Action: [...ECR_PUSH_ACTIONS], Resource: resources },
    ],
  };
}
