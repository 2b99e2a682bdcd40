import assert from "node:assert/strict";
import {
  dockerHubImmutableTagRules,
  ECR_MAX_MUTABILITY_FILTERS,
  ECR_MUTABILITY_FILTER_RE,
  ecrTagIsImmutable,
  ecrTagMutability,
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
  it("stays within ECR's filter limits", () => {
    const m = ecrTagMutability();
    assert.ok(m.imageTagMutabilityExclusionFilters.length >= 1);
    assert.ok(m.imageTagMutabilityExclusionFilters.length <= ECR_MAX_MUTABILITY_FILTERS);
    for (const f of m.imageTagMutabilityExclusionFilters) {
      assert.match(f.filter, ECR_MUTABILITY_FILTER_RE);
      assert.equal(f.filterType, "WILDCARD");
    }
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

  it("makes version and dated tags immutable and moving and cosign tags mutable in ECR", () => {
    const m = ecrTagMutability();
    for (const tag of ["1.5.0", "1.5.0-beta.2", "1.5.0-nightly.20261128.ab12cd3", "nightly-20261128"]) {
      assert.equal(ecrTagIsImmutable(m, tag), true, tag);
    }
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
