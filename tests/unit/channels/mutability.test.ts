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
import { compileTagScheme } from "../../../lib/channels/model";
import { describeEcrImmutability, exampleTags } from "../../../lib/channels/mutability";
import { DEFAULT_TAG_SCHEME } from "../../../lib/channels/scheme";
import { cortex, DEFAULT_MODEL, TAG_SCHEMES } from "../../support/tag-schemes";

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
  it("stays within ECR's filter limits for every scheme: at most 5 filters, each 1-128 of [A-Za-z0-9._*-] with at most 2 *", () => {
    for (const [name, scheme] of Object.entries(TAG_SCHEMES)) {
      const m = ecrTagMutability(compileTagScheme(scheme));
      assert.ok(m.imageTagMutabilityExclusionFilters.length >= 1, name);
      assert.ok(m.imageTagMutabilityExclusionFilters.length <= ECR_MAX_MUTABILITY_FILTERS, name);
      for (const f of m.imageTagMutabilityExclusionFilters) {
        assert.deepEqual(ecrFilterProblems(f.filter), [], f.filter);
        assert.match(f.filter, ECR_MUTABILITY_FILTER_RE);
        assert.ok(wildcardCount(f.filter) <= ECR_MAX_FILTER_WILDCARDS, f.filter);
        assert.equal(f.filterType, "WILDCARD");
      }
    }
  });

  it("refuses what the AWS provider refuses: three wildcards, other characters, over 128 characters", () => {
    assert.deepEqual(ecrFilterProblems("*.*.*"), ['"*.*.*" has 3 wildcards; ECR allows at most 2']);
    assert.equal(ecrFilterProblems("v*/x").length, 1);
    assert.equal(ecrFilterProblems("a".repeat(129)).length, 1);
    assert.equal(ecrFilterProblems("").length, 1);
    assert.deepEqual(ecrFilterProblems("a".repeat(128)), []);
  });

  it("says which immutable shapes ECR enforces and which rest on the workflows' check alone, by template", () => {
    const m = ecrTagMutability(DEFAULT_MODEL);
    assert.deepEqual(
      m.enforcedByEcr.map((s) => [s.channel, s.template, s.filter]),
      [
        ["beta", "{version}", "*-beta.*"],
        ["nightly", "{next}-nightly.{date}.{short}", "*-nightly.*"],
        ["nightly", "nightly-{date}", "nightly-*"],
        ["nightly", "sha-{sha}", "sha-*"],
      ],
    );
    assert.deepEqual(
      m.workflowOnly.map((s) => [s.channel, s.template, s.filter]),
      [["stable", "{version}", undefined]],
    );
    assert.deepEqual(
      m.imageTagMutabilityExclusionFilters.map((f) => f.filter),
      ["*-beta.*", "*-nightly.*", "nightly-*", "sha-*"],
    );
    assert.deepEqual(describeEcrImmutability(m), [
      "ECR refuses to overwrite beta tags `{version}` (`*-beta.*`), nightly tags `{next}-nightly.{date}.{short}` (`*-nightly.*`), nightly tags `nightly-{date}` (`nightly-*`), nightly commit tags `sha-{sha}` (`sha-*`); every other tag is mutable",
      "release tags `{version}`: ECR would accept an overwrite (no filter within its limits of 5 filters of 2 wildcards tells them from moving tags); only the release workflows' check that a version tag does not exist yet protects them",
    ]);
  });

  it("writes each filter once, and beyond 5 drops the least specific, reporting their shapes as workflow-only", () => {
    const cortexSettings = ecrTagMutability(compileTagScheme(cortex));
    assert.deepEqual(
      cortexSettings.imageTagMutabilityExclusionFilters.map((f) => f.filter),
      ["beta-*-rc*", "nightly-*-*", "sha-*"],
    );
    const many = compileTagScheme({
      ...DEFAULT_TAG_SCHEME,
      nightly: {
        ...DEFAULT_TAG_SCHEME.nightly,
        tags: ["a-{date}", "bb-{date}", "ccc-{date}", "dddd-{date}", "eeeee-{date}"],
      },
    });
    const m = ecrTagMutability(many);
    assert.deepEqual(
      m.imageTagMutabilityExclusionFilters.map((f) => f.filter),
      ["*-beta.*", "ccc-*", "dddd-*", "eeeee-*", "sha-*"],
    );
    assert.deepEqual(
      m.workflowOnly.map((s) => s.template),
      ["{version}", "a-{date}", "bb-{date}"],
    );
    assert.equal(ecrTagIsImmutable(m, "a-20261128"), false);
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

  it("makes beta, nightly, dated and commit tags immutable in ECR, release tags not, and moving and cosign tags mutable", () => {
    const m = ecrTagMutability(DEFAULT_MODEL);
    for (const tag of ["1.5.0-beta.2", "1.5.0-nightly.20261128.ab12cd3", "nightly-20261128", `sha-${"a".repeat(40)}`]) {
      assert.equal(ecrTagIsImmutable(m, tag), true, tag);
    }
    // No filter within ECR's limits tells 1.5.0 from the moving 1.5: the workflows' check guards it.
    assert.equal(ecrTagIsImmutable(m, "1.5.0"), false);
    for (const tag of ["nightly", "beta", "stable", "latest", "1", "1.5", `sha256-${"0".repeat(64)}.sig`]) {
      assert.equal(ecrTagIsImmutable(m, tag), false, tag);
    }
  });

  it("gives Docker Hub rules that match release tags (kept forever) and never a moving tag or a prunable beta or nightly", () => {
    const rules = dockerHubImmutableTagRules(DEFAULT_MODEL).map((r) => new RegExp(r));
    const immutable = (tag: string) => rules.some((r) => r.test(tag));
    assert.ok(immutable("1.5.0"));
    assert.ok(!immutable("nightly-20261128"));
    assert.ok(!immutable("1.5.0-beta.2"));
    assert.ok(!immutable("1.5.0-nightly.20261128.ab12cd3"));
    assert.ok(!immutable("1.5"));
    assert.ok(!immutable("latest"));
    assert.ok(!immutable("nightly"));
  });

  it("gives example tags of every class for each scheme: one per immutable shape, every moving tag, a signature", () => {
    for (const [name, scheme] of Object.entries(TAG_SCHEMES)) {
      const model = compileTagScheme(scheme);
      const examples = exampleTags(model);
      assert.deepEqual(
        examples.immutable.map((e) => e.shape.id),
        model.immutable.map((s) => s.id),
        name,
      );
      for (const e of examples.immutable) {
        const cls = model.classify(e.tag);
        assert.ok(cls.kind === "immutable" && cls.shape.id === e.shape.id, `${name}: ${e.tag}`);
      }
      for (const tag of examples.moving) assert.equal(model.classify(tag).kind, "moving", `${name}: ${tag}`);
      assert.equal(model.classify(examples.signature).kind, "signature");
    }
  });
});
