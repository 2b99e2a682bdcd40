import assert from "node:assert/strict";
import {
  channelPushPolicy,
  channelTrustPolicy,
  checkIamPolicy,
  crossAccountPullPolicy,
  type PolicyDocument,
  type PolicyFindingCode,
  type PolicyKind,
} from "../../../lib/aws";
import { AUD_KEY, PROVIDER_ARN, REPO_ARNS, SUB_KEY, addStatement, patchStatement } from "./fixtures";

const TRUST = channelTrustPolicy({
  providerArn: PROVIDER_ARN,
  org: "cortexproject",
  repository: "cortex",
  channel: "nightly",
});
const PUSH = channelPushPolicy({ repositoryArns: REPO_ARNS });
const PULL = crossAccountPullPolicy({ accountIds: ["222233334444"] });
const SUB = "repo:cortexproject/cortex:environment:nightly";
const AUD = "sts.amazonaws.com";

/** Asserts the checker reports `code` (under `rule`) for `doc`, and only codes listed in `also`. */
function assertCaught(
  doc: PolicyDocument,
  kind: PolicyKind,
  code: PolicyFindingCode,
  also: PolicyFindingCode[] = [],
): void {
  const findings = checkIamPolicy(doc, kind);
  const codes = findings.map((f) => f.code);
  assert.ok(codes.includes(code), `expected ${code}, got ${JSON.stringify(codes)}`);
  for (const c of codes) assert.ok(c === code || also.includes(c), `unexpected ${c} in ${JSON.stringify(findings)}`);
  const rule = kind === "trust" ? "A2" : "A3";
  assert.ok(findings.every((f) => f.rule === rule && f.message.length > 0 && f.statement.length > 0));
}

describe("aws: policy checker", () => {
  it("finds nothing wrong with the generated documents", () => {
    assert.deepEqual(checkIamPolicy(TRUST, "trust"), []);
    assert.deepEqual(checkIamPolicy(PUSH, "permissions"), []);
    assert.deepEqual(checkIamPolicy(PULL, "repository"), []);
  });

  it("names the statement at fault by Sid, by index without one, and the document for the version", () => {
    const findings = checkIamPolicy(
      { Version: "2008-10-17", Statement: [...PUSH.Statement, { Effect: "Allow", Action: "ecr:*", Resource: "*" }] },
      "permissions",
    );
    assert.deepEqual(
      findings.map((f) => [f.statement, f.code]),
      [
        ["document", "version"],
        ["#2", "wildcard-action"],
        ["#2", "wildcard-resource"],
      ],
    );
  });

  describe("trust policies (A2)", () => {
    const withCondition = (condition: Record<string, Record<string, string | string[]>>) =>
      patchStatement(TRUST, { Condition: condition });

    const cases: [string, PolicyDocument, PolicyFindingCode, PolicyFindingCode[]?][] = [
      ["a missing sub", withCondition({ StringEquals: { [AUD_KEY]: AUD } }), "missing-sub"],
      ["a missing aud", withCondition({ StringEquals: { [SUB_KEY]: SUB } }), "missing-aud"],
      ["another audience", withCondition({ StringEquals: { [AUD_KEY]: "example.com", [SUB_KEY]: SUB } }), "aud-value"],
      ["no condition at all", patchStatement(TRUST, { Condition: undefined }), "missing-sub", ["missing-aud"]],
      [
        "an org-wide sub",
        withCondition({ StringEquals: { [AUD_KEY]: AUD }, StringLike: { [SUB_KEY]: "repo:cortexproject/*" } }),
        "wildcard-sub",
        ["sub-operator", "missing-sub"],
      ],
      [
        "a repository-wide sub",
        withCondition({ StringEquals: { [AUD_KEY]: AUD, [SUB_KEY]: "repo:cortexproject/cortex:*" } }),
        "wildcard-sub",
      ],
      [
        "a ? in sub",
        withCondition({ StringEquals: { [AUD_KEY]: AUD, [SUB_KEY]: "repo:cortexproject/cortex:environment:n?ghtly" } }),
        "wildcard-sub",
      ],
      [
        "StringLike on an exact sub",
        withCondition({ StringEquals: { [AUD_KEY]: AUD }, StringLike: { [SUB_KEY]: SUB } }),
        "sub-operator",
        ["missing-sub"],
      ],
      [
        "ForAllValues on sub",
        withCondition({ StringEquals: { [AUD_KEY]: AUD }, "ForAllValues:StringEquals": { [SUB_KEY]: SUB } }),
        "set-operator",
        ["missing-sub"],
      ],
      [
        "ForAnyValue on sub",
        withCondition({ StringEquals: { [AUD_KEY]: AUD }, "ForAnyValue:StringLike": { [SUB_KEY]: SUB } }),
        "set-operator",
        ["missing-sub"],
      ],
      [
        "ForAllValues on aud",
        withCondition({ "ForAllValues:StringEquals": { [AUD_KEY]: AUD }, StringEquals: { [SUB_KEY]: SUB } }),
        "set-operator",
        ["missing-aud"],
      ],
      [
        "StringLike on aud",
        withCondition({ StringLike: { [AUD_KEY]: AUD }, StringEquals: { [SUB_KEY]: SUB } }),
        "aud-operator",
        ["missing-aud"],
      ],
      [
        "IfExists on sub",
        withCondition({ StringEquals: { [AUD_KEY]: AUD }, StringEqualsIfExists: { [SUB_KEY]: SUB } }),
        "sub-operator",
        ["missing-sub"],
      ],
      [
        "a branch sub instead of an environment",
        withCondition({ StringEquals: { [AUD_KEY]: AUD, [SUB_KEY]: "repo:cortexproject/cortex:ref:refs/heads/main" } }),
        "sub-not-environment",
      ],
      ["a principal of *", patchStatement(TRUST, { Principal: "*" }), "trust-principal"],
      [
        "another identity provider",
        patchStatement(TRUST, { Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/gitlab.com" } }),
        "trust-principal",
      ],
      [
        "an account principal next to the provider",
        patchStatement(TRUST, { Principal: { Federated: PROVIDER_ARN, AWS: "arn:aws:iam::222233334444:root" } }),
        "trust-principal",
      ],
      [
        "NotPrincipal",
        patchStatement(TRUST, { NotPrincipal: { AWS: "arn:aws:iam::222233334444:root" } }),
        "not-principal",
      ],
      [
        "sts:AssumeRole",
        patchStatement(TRUST, { Action: ["sts:AssumeRoleWithWebIdentity", "sts:AssumeRole"] }),
        "trust-action",
      ],
      ["sts:*", patchStatement(TRUST, { Action: "sts:*" }), "wildcard-action"],
      ["NotAction", patchStatement(TRUST, { Action: undefined, NotAction: "sts:AssumeRole" }), "not-action"],
    ];
    for (const [what, doc, code, also] of cases) {
      it(`catches ${what} (${code})`, () => {
        assertCaught(doc, "trust", code, also);
      });
    }

    it("matches condition keys case-insensitively, as IAM does", () => {
      assertCaught(
        withCondition({
          StringEquals: { [AUD_KEY]: AUD },
          StringLike: { "Token.Actions.GitHubUserContent.com:Sub": "repo:cortexproject/*" },
        }),
        "trust",
        "wildcard-sub",
        ["sub-operator", "missing-sub"],
      );
    });

    it("accepts the immutable subject form", () => {
      assert.deepEqual(
        checkIamPolicy(
          withCondition({
            StringEquals: { [AUD_KEY]: AUD, [SUB_KEY]: [SUB, "repo:cortexproject@1/cortex@2:environment:nightly"] },
          }),
          "trust",
        ),
        [],
      );
    });

    it("ignores Deny statements, which only take access away", () => {
      assert.deepEqual(
        checkIamPolicy(addStatement(TRUST, { Effect: "Deny", Principal: "*", Action: "*" }), "trust"),
        [],
      );
    });
  });

  describe("permission policies (A3)", () => {
    const push = PUSH.Statement[1]!;
    const cases: [string, PolicyDocument, PolicyFindingCode, PolicyFindingCode[]?][] = [
      ["ecr:*", patchStatement(PUSH, { Action: "ecr:*" }, 1), "wildcard-action"],
      ["*", patchStatement(PUSH, { Action: "*" }, 1), "wildcard-action"],
      [
        "a partial wildcard",
        patchStatement(PUSH, { Action: [...(push.Action as string[]), "ecr:Batch*"] }, 1),
        "wildcard-action",
      ],
      [
        "image deletion",
        patchStatement(PUSH, { Action: [...(push.Action as string[]), "ecr:BatchDeleteImage"] }, 1),
        "delete-action",
      ],
      ["repository deletion", patchStatement(PUSH, { Action: "ecr:DeleteRepository" }, 1), "delete-action"],
      ["lower-case delete", patchStatement(PUSH, { Action: "ecr:batchdeleteimage" }, 1), "delete-action"],
      ["a repository policy change", patchStatement(PUSH, { Action: "ecr:SetRepositoryPolicy" }, 1), "policy-action"],
      ["a lifecycle policy change", patchStatement(PUSH, { Action: "ecr:PutLifecyclePolicy" }, 1), "policy-action"],
      [
        "IAM access keys",
        addStatement(PUSH, { Effect: "Allow", Action: "iam:CreateAccessKey", Resource: "*" }),
        "iam-action",
        ["wildcard-resource"],
      ],
      [
        "role chaining",
        addStatement(PUSH, {
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Resource: "arn:aws:iam::111122223333:role/admin",
        }),
        "iam-action",
      ],
      ["a settings change", patchStatement(PUSH, { Action: "ecr:PutImageTagMutability" }, 1), "unexpected-action"],
      ["push actions on *", patchStatement(PUSH, { Resource: "*" }, 1), "wildcard-resource"],
      [
        "push actions on every repository",
        patchStatement(PUSH, { Resource: "arn:aws:ecr:us-east-1:111122223333:repository/*" }, 1),
        "wildcard-resource",
      ],
      [
        "GetAuthorizationToken sharing * with a push action",
        patchStatement(PUSH, { Action: ["ecr:GetAuthorizationToken", "ecr:PutImage"] }, 0),
        "wildcard-resource",
      ],
      ["no Resource", patchStatement(PUSH, { Resource: undefined }, 1), "missing-resource"],
      [
        "NotResource",
        patchStatement(
          PUSH,
          { Resource: undefined, NotResource: "arn:aws:ecr:us-east-1:111122223333:repository/other" },
          1,
        ),
        "not-resource",
      ],
      ["NotAction", patchStatement(PUSH, { Action: undefined, NotAction: "ecr:BatchDeleteImage" }, 1), "not-action"],
    ];
    for (const [what, doc, code, also] of cases) {
      it(`catches ${what} (${code})`, () => {
        assertCaught(doc, "permissions", code, also);
      });
    }
  });

  describe("repository policies (cross-account pull)", () => {
    const cases: [string, PolicyDocument, PolicyFindingCode][] = [
      ["a public principal", patchStatement(PULL, { Principal: "*" }), "public-principal"],
      ["AWS: *", patchStatement(PULL, { Principal: { AWS: "*" } }), "public-principal"],
      ["push access", patchStatement(PULL, { Action: ["ecr:BatchGetImage", "ecr:PutImage"] }), "unexpected-action"],
      ["deletion", patchStatement(PULL, { Action: ["ecr:BatchGetImage", "ecr:BatchDeleteImage"] }), "delete-action"],
      ["a policy read", patchStatement(PULL, { Action: ["ecr:GetRepositoryPolicy"] }), "policy-action"],
      ["ecr:*", patchStatement(PULL, { Action: "ecr:*" }), "wildcard-action"],
    ];
    for (const [what, doc, code] of cases) {
      it(`catches ${what} (${code})`, () => {
        assertCaught(doc, "repository", code);
      });
    }
  });
});
