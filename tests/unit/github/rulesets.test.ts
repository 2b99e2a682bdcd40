import assert from "node:assert/strict";
import { GITHUB_ACTIONS_APP_ID, planRulesets, RELEASE_TAG_REF_PATTERN, type RulesetPlan } from "../../../lib/github";

const plan = planRulesets({ defaultBranch: "main", devBranch: "dev", requiredStatusChecks: ["test", "lint"] });
const byKey = (key: RulesetPlan["key"], rulesets: readonly RulesetPlan[] = plan): RulesetPlan => {
  const found = rulesets.find((r) => r.key === key);
  assert.ok(found, `no ruleset ${key}`);
  return found;
};

describe("repository rulesets (G1, G2)", () => {
  it("declares one active ruleset for each branch and one for release tags", () => {
    assert.deepEqual(
      plan.map((r) => [r.key, r.target, r.enforcement, r.includes]),
      [
        ["default-branch", "branch", "active", ["refs/heads/main"]],
        ["dev-branch", "branch", "active", ["refs/heads/dev"]],
        ["release-tags", "tag", "active", ["refs/tags/v*"]],
      ],
    );
    assert.equal(RELEASE_TAG_REF_PATTERN, "refs/tags/v*");
  });

  for (const key of ["default-branch", "dev-branch"] as const) {
    it(`${key}: no deletion, no force push, reviewed pull requests, Actions-pinned strict checks, nobody bypasses`, () => {
      const ruleset = byKey(key);
      assert.deepEqual(ruleset.bypassActors, []);
      assert.deepEqual(ruleset.rules, {
        deletion: true,
        nonFastForward: true,
        pullRequest: {
          requiredApprovingReviewCount: 1,
          requireCodeOwnerReview: true,
          dismissStaleReviewsOnPush: true,
          requireLastPushApproval: true,
        },
        requiredStatusChecks: {
          requiredChecks: [
            { context: "test", integrationId: GITHUB_ACTIONS_APP_ID },
            { context: "lint", integrationId: GITHUB_ACTIONS_APP_ID },
          ],
          strictRequiredStatusChecksPolicy: true,
        },
      });
    });
  }

  it("pins required checks to the GitHub Actions app", () => {
    assert.equal(GITHUB_ACTIONS_APP_ID, 15368);
  });

  it("omits the status check rule when no check is required, keeping every other rule", () => {
    const rulesets = planRulesets({ defaultBranch: "main", devBranch: "dev", requiredStatusChecks: [] });
    for (const key of ["default-branch", "dev-branch"] as const) {
      const rules = byKey(key, rulesets).rules;
      assert.ok(!("requiredStatusChecks" in rules), `${key} still has a status check rule`);
      assert.equal(rules.pullRequest?.requireCodeOwnerReview, true);
      assert.equal(rules.nonFastForward, true);
    }
  });

  it("restricts release tag creation, update and deletion; only the release managers' team bypasses, always", () => {
    const tags = byKey("release-tags");
    assert.deepEqual(tags.rules, { creation: true, update: true, deletion: true });
    assert.deepEqual(tags.bypassActors, [{ role: "release-manager", actorType: "Team", bypassMode: "always" }]);
  });

  it("follows configured branch names", () => {
    const rulesets = planRulesets({ defaultBranch: "master", devBranch: "develop", requiredStatusChecks: ["ci"] });
    assert.deepEqual(byKey("default-branch", rulesets).includes, ["refs/heads/master"]);
    assert.deepEqual(byKey("dev-branch", rulesets).includes, ["refs/heads/develop"]);
    assert.equal(byKey("default-branch", rulesets).name, "master: reviewed changes only");
  });
});
