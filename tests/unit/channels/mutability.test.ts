import assert from "node:assert/strict";
import {
  dockerHubImmutableTagRules,
  ECR_MAX_MUTABILITY_FILTERS,
  ECR_MUTABILITY_FILTER_RE,
  ecrFilterProblems,
  ecrTagIsImmutable,
  ecrTagMutability,
  ECR_MAX_FILTER_WILDCARDS,
  matchesWildcard,
  wildcardCount,
} from "../../../lib/channels";

describe("channels: ECR wildcard matcher", () => {
  it("lets * match any run of characters, dots and the empty run included", () => {
    assert.ok(matchesWildcard("*.*", "1.2.3"));
    assert.ok(matchesWildcard("prod*", "prod"));
    assert.ok(matchesWildcard("prod*", "prod-1.2"));
    assert.ok(matchesWildcard("*", ""));
    assert.ok(matchesWildcard("a*b*c", "aXbYbZc"));
  });

  it("matches the whole tag, not a substring", () => {
    assert.ok(!matchesWildcard("prod", "prod1"));
    assert.ok(!matchesWildcard("*.*.*", "1.5"));
    assert.ok(!matchesWildcard("nightly-*", "nightly"));
    assert.ok(!matchesWildcard("a*b", "ab-c"));
  });

  it("treats regex metacharacters literally", () => {
    assert.ok(matchesWildcard("1.5", "1.5"));
    assert.ok(!matchesWildcard("1.5", "1x5"));
  });

  it("counts wildcards", () => {
    assert.equal(wildcardCount("*.*.*"), 3);
    assert.equal(wildcardCount("latest"), 0);
  });
});

describe("channels: registry mutability settings", () => {
  it("stays within ECR's filter limits: at most 5 filters, each 1-128 of [A-Za-z0-9._*-] with at most 2 *", () => {
    const m = ecrTagMutability();
    assert.ok(m.imageTagMutabilityExclusionFilters.length >= 1);
    assert.ok(m.imageTagMutabilityExclusionFilters.length <= ECR_MAX_MUTABILITY_FILTERS);
    for (const f of m.imageTagMutabilityExclusionFilters) {
      assert.deepEqual(ecrFilterProblems(f.filter), [], f.filter);
      assert.match(f.filter, ECR_MUTABILITY_FILTER_RE);
      assert.ok(wildcardCount(f.filter) <= ECR_MAX_FILTER_WILDCARDS, f.filter);
      assert.equal(f.filterType, "WILDCARD");
    }
  });

  it("refuses what the AWS provider refuses: three wildcards, other characters, over 128 characters", () => {
    assert.deepEqual(ecrFilterProblems("*.*.*"), ['"*.*.*" has 3 wildcards; ECR allows at most 2']);
    assert.equal(ecrFilterProblems("v*/x").length, 1);
    assert.equal(ecrFilterProblems("a".repeat(129)).length, 1);
    assert.equal(ecrFilterProblems("").length, 1);
    assert.deepEqual(ecrFilterProblems("a".repeat(128)), []);
  });

  it("says which immutable shapes ECR enforces and which rest on the workflows' check alone", () => {
    const m = ecrTagMutability();
    assert.deepEqual(m.enforcedByEcr, ["beta", "nightlyVersion", "nightlyDated"]);
    assert.deepEqual(m.workflowOnly, ["release"]);
    assert.deepEqual(
      m.imageTagMutabilityExclusionFilters.map((f) => f.filter),
      ["*-beta.*", "*-nightly.*", "nightly-*"],
    );
  });

  it("cannot be built from the mutable side: *.* would also catch 1.5.0", () => {
    // The reason for MUTABLE_WITH_EXCLUSION: a mutable-side filter for `1.5` is `*.*`,
    // and under IMMUTABLE_WITH_EXCLUSION that would make the release tag mutable.
    const wrong = {
      imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
      imageTagMutabilityExclusionFilters: [{ filter: "*.*", filterType: "WILDCARD" as const }],
    };
    assert.equal(ecrTagIsImmutable(wrong, "1.5.0"), false);
  });

  it("makes beta, nightly and dated tags immutable in ECR, release tags not, and moving and cosign tags mutable", () => {
    const m = ecrTagMutability();
    for (const tag of ["1.5.0-beta.2", "1.5.0-nightly.20261128.ab12cd3", "nightly-20261128"]) {
      assert.equal(ecrTagIsImmutable(m, tag), true, tag);
    }
    // No filter within ECR's limits tells 1.5.0 from the moving 1.5: the workflows' check guards it.
    assert.equal(ecrTagIsImmutable(m, "1.5.0"), false);
    for (const tag of ["nightly", "beta", "stable", "latest", "1", "1.5", `sha256-${"0".repeat(64)}.sig`]) {
      assert.equal(ecrTagIsImmutable(m, tag), false, tag);
    }
  });

  it("gives Docker Hub rules that match release tags (kept forever) and never a moving tag or a prunable beta or nightly", () => {
    const rules = dockerHubImmutableTagRules().map((r) => new RegExp(r));
    const immutable = (tag: string) => rules.some((r) => r.test(tag));
    assert.ok(immutable("1.5.0"));
    assert.ok(!immutable("nightly-20261128"));
    assert.ok(!immutable("1.5.0-beta.2"));
    assert.ok(!immutable("1.5.0-nightly.20261128.ab12cd3"));
    assert.ok(!immutable("1.5"));
    assert.ok(!immutable("latest"));
    assert.ok(!immutable("nightly"));
  });
});
