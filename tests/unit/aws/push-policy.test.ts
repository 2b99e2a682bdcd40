import assert from "node:assert/strict";
import { ECR_PUSH_ACTIONS, channelPushPolicy, checkIamPolicy } from "../../../lib/aws";
import { REPO_ARNS } from "./fixtures";
import { UserError } from "../../../lib/errors";

describe("aws: channel push policy (rule A3)", () => {
  it("grants registry login on * and the push actions on exactly the channel's repositories", () => {
    assert.deepEqual(channelPushPolicy({ repositoryArns: REPO_ARNS }), {
      Version: "2012-10-17",
      Statement: [
        { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
          Sid: "PushChannelImages",
          Effect: "Allow",
          Action: [
            "ecr:BatchCheckLayerAvailability",
            "ecr:BatchGetImage",
            "ecr:CompleteLayerUpload",
            "ecr:GetDownloadUrlForLayer",
            "ecr:InitiateLayerUpload",
            "ecr:PutImage",
            "ecr:UploadLayerPart",
          ],
          Resource: [
            "arn:aws:ecr:us-east-1:111122223333:repository/cortex/cortex",
            "arn:aws:ecr:us-east-1:111122223333:repository/cortex/cortex-tools",
          ],
        },
      ],
    });
  });

  it("passes the checker", () => {
    assert.deepEqual(checkIamPolicy(channelPushPolicy({ repositoryArns: REPO_ARNS }), "permissions"), []);
  });

  it("lists no listing, delete or policy action", () => {
    for (const action of ECR_PUSH_ACTIONS) assert.doesNotMatch(action, /Describe|List|Delete|Policy|\*/);
  });

  it("is the same document whatever the order or repetition of the ARNs", () => {
    const reordered = channelPushPolicy({ repositoryArns: [REPO_ARNS[1]!, REPO_ARNS[0]!, REPO_ARNS[1]!] });
    assert.deepEqual(reordered, channelPushPolicy({ repositoryArns: REPO_ARNS }));
  });

  it("refuses an empty list and anything but single-repository ARNs", () => {
    assert.throws(() => channelPushPolicy({ repositoryArns: [] }), UserError);
    for (const arn of [
      "*",
      "arn:aws:ecr:us-east-1:111122223333:repository/*",
      "arn:aws:ecr:us-east-1:111122223333:repository/cortex/*",
      "arn:aws:ecr:*:111122223333:repository/cortex",
      "arn:aws:ecr:us-east-1:111122223333:repository/Cortex",
      "arn:aws:s3:::bucket",
    ]) {
      assert.throws(
        () => channelPushPolicy({ repositoryArns: [REPO_ARNS[0]!, arn] }),
        (e: unknown) => e instanceof UserError && e.path === "channelPushPolicy.repositoryArns[1]",
        arn,
      );
    }
  });
});
