import assert from "node:assert/strict";
import fc from "fast-check";
import { githubSchema } from "../../../lib/config/schema";
import { GITHUB_ACTIONS_APP_ID, planRulesets, RELEASE_TAG_REF_PATTERN, type RulesetPlan } from "../../../lib/github";
import { RULESET_NAME_MAX_LENGTH } from "../../../lib/github/rulesets";

const plan = planRulesets({ defaultBranch: "main", devBranch: "dev", requiredStatusChecks: ["test", "lint"] });
/** Whether the config schema accepts `name` as a branch (`release-infra:github.defaultBranch`). */
const isBranch = (name: string): boolean => githubSchema.shape.defaultBranch.safeParse(name).success;

/** Branch names the config accepts, biased towards the longest (the schema allows 244 characters). */
const branchName = fc
  .oneof(fc.integer({ min: 1, max: 244 }), fc.integer({ min: 70, max: 244 }), fc.constant(244))
  .chain((length) =>
    fc.string({
      // Mostly plain characters, so that few names hit the schema's "..", "//" and ".lock" rules.
      unit: fc.oneof(
        { arbitrary: fc.constantFrom("a", "Z", "0", "9", "_", "-"), weight: 20 },
        { arbitrary: fc.constantFrom(".", "/"), weight: 1 },
      ),
      minLength: length,
      maxLength: length,
    }),
  )
  .filter(isBranch);

const names = (defaultBranch: string, devBranch: string): string[] =>
  planRulesets({ defaultBranch, devBranch, requiredStatusChecks: [] }).map((r) => r.name);

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

  it("keeps every ruleset name within the provider's 100 characters, for the longest branch names the config accepts", () => {
    assert.equal(RULESET_NAME_MAX_LENGTH, 100);
    const longest = "a".repeat(244);
    assert.ok(isBranch(longest) && !isBranch(`${longest}a`), "the schema's branch limit moved; revisit the names");
    const [name] = names(longest, "dev");
    assert.equal(name, `${"a".repeat(68)}~${name!.slice(69, 77)}: reviewed changes only`);
    assert.match(name, /~[0-9a-f]{8}: reviewed changes only$/);
    assert.equal(name.length, RULESET_NAME_MAX_LENGTH);
  });

  it("keeps a name that fits unchanged, up to exactly 100 characters", () => {
    const fits = "b".repeat(RULESET_NAME_MAX_LENGTH - ": reviewed changes only".length);
    assert.deepEqual(
      names(fits, `${fits}c`).map((n) => n.length),
      [100, 100, "release tags: release managers only".length],
    );
    assert.equal(names(fits, "dev")[0], `${fits}: reviewed changes only`);
    assert.match(names(fits, `${fits}c`)[1]!, /^b{68}~[0-9a-f]{8}: reviewed changes only$/);
  });

  it("names are deterministic, at most 100 characters and distinct for distinct branches (property)", () => {
    fc.assert(
      fc.property(branchName, branchName, (defaultBranch, devBranch) => {
        fc.pre(defaultBranch !== devBranch);
        const first = names(defaultBranch, devBranch);
        assert.deepEqual(names(defaultBranch, devBranch), first);
        for (const name of first) {
          assert.ok(name.length >= 1 && name.length <= RULESET_NAME_MAX_LENGTH, `${String(name.length)}: ${name}`);
        }
        assert.equal(new Set(first).size, first.length, first.join(" | "));
      }),
    );
  });

  it("tells apart long branches that share the kept prefix", () => {
    const prefix = "release/".padEnd(240, "x");
    const branches = ["a", "b", "c", "d"].map((end) => `${prefix}${end}`);
    for (const b of branches) assert.ok(isBranch(b), b);
    const all = branches.map((b) => names(b, "dev")[0]!);
    assert.equal(new Set(all).size, all.length);
    for (const name of all) assert.ok(name.startsWith(prefix.slice(0, 68)) && name.length === 100, name);
  });
});
