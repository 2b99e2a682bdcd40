import assert from "node:assert/strict";
import {
  ecrRepositoryArn,
  githubOidcProviderArn,
  githubOidcProviderSpec,
  isEcrRepositoryArn,
  isEcrRepositoryName,
  isGithubOidcProviderArn,
} from "../../../lib/aws";
import { UserError } from "../../../lib/errors";

describe("aws: ARNs and names", () => {
  it("builds repository ARNs in the region's partition", () => {
    assert.equal(
      ecrRepositoryArn("us-east-1", "111122223333", "cortex/cortex"),
      "arn:aws:ecr:us-east-1:111122223333:repository/cortex/cortex",
    );
    assert.equal(
      ecrRepositoryArn("cn-north-1", "111122223333", "cortex"),
      "arn:aws-cn:ecr:cn-north-1:111122223333:repository/cortex",
    );
    assert.equal(
      ecrRepositoryArn("us-gov-west-1", "111122223333", "cortex"),
      "arn:aws-us-gov:ecr:us-gov-west-1:111122223333:repository/cortex",
    );
  });

  it("recognizes the ARNs it builds and nothing wider", () => {
    assert.ok(isEcrRepositoryArn(ecrRepositoryArn("eu-west-1", "111122223333", "a.b_c-d/e")));
    assert.ok(!isEcrRepositoryArn("arn:aws:ecr:eu-west-1:111122223333:repository/*"));
    assert.ok(!isEcrRepositoryArn("arn:aws:ecr:eu-west-1:111122223333:repository/cortex/"));
  });

  it("accepts ECR's repository names and refuses the rest", () => {
    for (const ok of ["cortex", "cortex/cortex", "a.b/c_d/e-f", "ab"]) assert.ok(isEcrRepositoryName(ok), ok);
    for (const bad of ["a", "Cortex", "cortex/", "/cortex", "cor--tex", "cortex*", "a".repeat(257), "cortex//x"]) {
      assert.ok(!isEcrRepositoryName(bad), bad);
    }
  });

  it("refuses bad parts with an error naming the field", () => {
    const field = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof UserError ? e.path : "not an input error";
      }
      return "no error";
    };
    assert.equal(
      field(() => ecrRepositoryArn("us-east-1", "1111", "cortex")),
      "accountId",
    );
    assert.equal(
      field(() => ecrRepositoryArn("useast1", "111122223333", "cortex")),
      "region",
    );
    assert.equal(
      field(() => ecrRepositoryArn("us-east-1", "111122223333", "cortex/*")),
      "repositoryName",
    );
  });

  it("names the GitHub OIDC provider after its host, as IAM does", () => {
    const arn = githubOidcProviderArn("111122223333");
    assert.equal(arn, "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com");
    assert.ok(isGithubOidcProviderArn(arn));
    assert.ok(isGithubOidcProviderArn(githubOidcProviderArn("111122223333", "aws-us-gov")));
    assert.ok(
      !isGithubOidcProviderArn(
        "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com.evil.example",
      ),
    );
  });

  it("declares the provider with GitHub's issuer and the STS audience only (rule A1)", () => {
    assert.deepEqual(githubOidcProviderSpec(), {
      url: "https://token.actions.githubusercontent.com",
      clientIdLists: ["sts.amazonaws.com"],
    });
  });
});
