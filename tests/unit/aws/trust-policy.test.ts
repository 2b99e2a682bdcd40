import assert from "node:assert/strict";
import fc from "fast-check";
import { channelTrustPolicy, checkIamPolicy, type PolicyDocument } from "../../../lib/aws";
import { AUD_KEY, PROVIDER_ARN, SUB_KEY, patchStatement } from "./fixtures";
import { UserError } from "../../../lib/errors";

const BASE = { providerArn: PROVIDER_ARN, org: "cortexproject", repository: "cortex", channel: "stable" };

function subjects(doc: PolicyDocument): unknown {
  return doc.Statement[0]?.Condition?.StringEquals?.[SUB_KEY];
}

// Independent of the implementation's patterns: names built from GitHub's documented alphabets.
const alnum = fc.constantFrom(...Array.from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"));
const org = fc
  .array(fc.string({ unit: alnum, minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join("-"))
  .filter((s) => s.length <= 39);
const repository = fc
  .string({ unit: fc.oneof(alnum, fc.constantFrom(".", "_", "-")), minLength: 1, maxLength: 100 })
  .filter((s) => s !== "." && s !== "..");
const channel = fc.string({ unit: fc.oneof(alnum, fc.constantFrom(".", "_", "-")), minLength: 1, maxLength: 40 });
const githubId = fc.integer({ min: 1, max: 2 ** 40 });

describe("aws: channel trust policy (rule A2)", () => {
  it("trusts only the GitHub OIDC provider, for sts.amazonaws.com and the channel's environment subject", () => {
    assert.deepEqual(channelTrustPolicy(BASE), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "GitHubActionsEnvironment",
          Effect: "Allow",
          Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              [AUD_KEY]: "sts.amazonaws.com",
              [SUB_KEY]: ["repo:cortexproject/cortex:environment:stable"],
            },
          },
        },
      ],
    });
  });

  it("adds the immutable subject to the same StringEquals list when both ids are given", () => {
    const doc = channelTrustPolicy({ ...BASE, orgId: 12345, repositoryId: "67890" });
    assert.deepEqual(subjects(doc), [
      "repo:cortexproject/cortex:environment:stable",
      "repo:cortexproject@12345/cortex@67890:environment:stable",
    ]);
    assert.deepEqual(Object.keys(doc.Statement[0]?.Condition ?? {}), ["StringEquals"]);
    assert.deepEqual(checkIamPolicy(doc, "trust"), []);
  });

  it("refuses one id without the other", () => {
    assert.throws(
      () => channelTrustPolicy({ ...BASE, orgId: 12345 }),
      (e: unknown) => e instanceof UserError && e.path === "channelTrustPolicy.repositoryId",
    );
    assert.throws(
      () => channelTrustPolicy({ ...BASE, repositoryId: 1 }),
      (e: unknown) => e instanceof UserError && e.path === "channelTrustPolicy.orgId",
    );
  });

  it("refuses ids that are not positive integers", () => {
    for (const bad of [0, -1, 1.5, "12a", "*", Number.MAX_SAFE_INTEGER + 2]) {
      assert.throws(() => channelTrustPolicy({ ...BASE, orgId: bad, repositoryId: 1 }), UserError, String(bad));
    }
  });

  it("refuses names that would make the subject a pattern or point at another repository", () => {
    const cases: [keyof typeof BASE, string][] = [
      ["org", "*"],
      ["org", "cortex*"],
      ["org", "cortex/other"],
      ["org", "-cortex"],
      ["org", "a".repeat(40)],
      ["repository", "*"],
      ["repository", "cortex:ref"],
      ["repository", "cortex/x"],
      ["repository", ".."],
      ["repository", ""],
      ["channel", "*"],
      ["channel", "stable:*"],
      ["channel", "sta?le"],
      ["channel", ""],
    ];
    for (const [field, value] of cases) {
      assert.throws(
        () => channelTrustPolicy({ ...BASE, [field]: value }),
        (e: unknown) => e instanceof UserError && e.path === `channelTrustPolicy.${field}`,
        `${field}=${value}`,
      );
    }
  });

  it("refuses a principal that is not a GitHub OIDC provider", () => {
    for (const arn of [
      "arn:aws:iam::111122223333:oidc-provider/accounts.google.com",
      "arn:aws:iam::111122223333:saml-provider/github",
      "arn:aws:iam::*:oidc-provider/token.actions.githubusercontent.com",
      "*",
    ]) {
      assert.throws(() => channelTrustPolicy({ ...BASE, providerArn: arn }), UserError, arn);
    }
  });

  it("property: for any valid org, repository and channel the document passes the checker with exactly the expected subjects", () => {
    fc.assert(
      fc.property(
        org,
        repository,
        channel,
        fc.option(fc.tuple(githubId, githubId), { nil: undefined }),
        (o, r, c, ids) => {
          const doc = channelTrustPolicy({
            providerArn: PROVIDER_ARN,
            org: o,
            repository: r,
            channel: c,
            orgId: ids?.[0],
            repositoryId: ids?.[1],
          });
          const expected = [`repo:${o}/${r}:environment:${c}`];
          if (ids) expected.push(`repo:${o}@${ids[0]}/${r}@${ids[1]}:environment:${c}`);
          assert.deepEqual(subjects(doc), expected);
          assert.deepEqual(checkIamPolicy(doc, "trust"), []);
        },
      ),
    );
  });

  it("property: the checker catches a wildcard subject in place of any generated one", () => {
    fc.assert(
      fc.property(org, repository, channel, fc.constantFrom("org", "repo", "any"), (o, r, c, widen) => {
        const good = channelTrustPolicy({ providerArn: PROVIDER_ARN, org: o, repository: r, channel: c });
        const wide = widen === "org" ? `repo:${o}/*` : widen === "repo" ? `repo:${o}/${r}:*` : "*";
        const bad = patchStatement(good, {
          Condition: { StringEquals: { [AUD_KEY]: "sts.amazonaws.com", [SUB_KEY]: [wide] } },
        });
        assert.ok(checkIamPolicy(bad, "trust").some((f) => f.code === "wildcard-sub" && f.rule === "A2"));
      }),
    );
  });

  it("property: no valid name containing a pattern character is accepted", () => {
    fc.assert(
      fc.property(
        org,
        repository,
        channel,
        fc.constantFrom("*", "?"),
        fc.nat(),
        fc.constantFrom("org", "repository", "channel"),
        (o, r, c, ch, at, field) => {
          const args = { providerArn: PROVIDER_ARN, org: o, repository: r, channel: c };
          const value = args[field];
          const i = at % (value.length + 1);
          const poisoned = { ...args, [field]: value.slice(0, i) + ch + value.slice(i) };
          assert.throws(() => channelTrustPolicy(poisoned), UserError);
        },
      ),
    );
  });
});
