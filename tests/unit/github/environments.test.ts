import assert from "node:assert/strict";
import { BETA_TAG_POLICY, planEnvironments, STABLE_TAG_POLICY, type EnvironmentPlan } from "../../../lib/github";

const plan = planEnvironments({
  defaultBranch: "main",
  devBranch: "dev",
  ecrRegistry: "111122223333.dkr.ecr.eu-west-1.amazonaws.com",
  dockerhubNamespace: "demoorg",
  channelImages: { nightly: ["server"], beta: ["server", "cli"], stable: ["server", "cli"] },
});
const env = (channel: EnvironmentPlan["channel"]): EnvironmentPlan => {
  const found = plan.find((e) => e.channel === channel);
  assert.ok(found, `no environment ${channel}`);
  return found;
};

/**
 * Ruby's File.fnmatch without flags, as GitHub documents for deployment
 * policies: `*` any run of characters except `/`, `?` one, `[...]` a class.
 */
function fnmatch(pattern: string, name: string): boolean {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i);
      re += pattern.slice(i, end + 1);
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`${re}$`).test(name);
}

describe("deployment environments (G4)", () => {
  it("declares nightly, beta and stable, in that order", () => {
    assert.deepEqual(
      plan.map((e) => e.channel),
      ["nightly", "beta", "stable"],
    );
  });

  it("stable: release managers must approve, no self-review, admins cannot bypass", () => {
    const stable = env("stable");
    assert.deepEqual(stable.reviewerRoles, ["release-manager"]);
    assert.equal(stable.preventSelfReview, true);
    assert.equal(stable.canAdminsBypass, false);
  });

  it("nightly and beta need no approval, but admins cannot bypass their policies either", () => {
    for (const channel of ["nightly", "beta"] as const) {
      assert.deepEqual(env(channel).reviewerRoles, []);
      assert.equal(env(channel).canAdminsBypass, false);
    }
  });

  it("deploys nightly from the dev and default branches, beta and stable only from their tags", () => {
    assert.deepEqual(env("nightly").deploymentPolicies, [
      { key: "branch-dev", kind: "branch", pattern: "dev" },
      { key: "branch-main", kind: "branch", pattern: "main" },
    ]);
    assert.deepEqual(env("beta").deploymentPolicies, [{ key: "tag-beta", kind: "tag", pattern: BETA_TAG_POLICY }]);
    assert.deepEqual(env("stable").deploymentPolicies, [
      { key: "tag-stable", kind: "tag", pattern: STABLE_TAG_POLICY },
    ]);
  });

  it("tag policies admit release tags of their channel and refuse other tags", () => {
    for (const tag of ["v1.5.0", "v10.20.300"]) assert.ok(fnmatch(STABLE_TAG_POLICY, tag), tag);
    for (const tag of ["v1.5.0-beta.2", "v12.0.0-beta.10"]) assert.ok(fnmatch(BETA_TAG_POLICY, tag), tag);
    for (const tag of ["latest", "v1", "v1.5", "1.5.0", "vnext", "release/v1.5.0"]) {
      assert.ok(!fnmatch(STABLE_TAG_POLICY, tag), `stable admits ${tag}`);
      assert.ok(!fnmatch(BETA_TAG_POLICY, tag), `beta admits ${tag}`);
    }
    for (const tag of ["v1.5.0", "v1.5.0-rc.1", "v1.5.0-beta"])
      assert.ok(!fnmatch(BETA_TAG_POLICY, tag), `beta admits ${tag}`);
  });

  it("documents fnmatch's limit: the stable policy also admits pre-release tags (the tag ruleset and reviewers guard them)", () => {
    assert.ok(fnmatch(STABLE_TAG_POLICY, "v1.5.0-beta.2"));
  });

  it("sets the variables the workflows read, per channel", () => {
    assert.deepEqual(env("nightly").variables, [
      { name: "AWS_ROLE_ARN", value: { kind: "aws-role-arn" } },
      { name: "DOCKERHUB_USERNAME", value: { kind: "literal", value: "demoorg" } },
      { name: "ECR_REGISTRY", value: { kind: "literal", value: "111122223333.dkr.ecr.eu-west-1.amazonaws.com" } },
      { name: "IMAGES", value: { kind: "literal", value: "server" } },
    ]);
    assert.deepEqual(env("beta").variables.find((v) => v.name === "IMAGES")?.value, {
      kind: "literal",
      value: "server cli",
    });
  });

  it("keeps the Docker Hub token an environment secret in every environment (S2)", () => {
    for (const e of plan) assert.deepEqual(e.secretNames, ["DOCKERHUB_TOKEN"]);
  });
});
