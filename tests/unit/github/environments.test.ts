import assert from "node:assert/strict";
import fc from "fast-check";
import { IMMUTABLE_TAG_SHAPES, tagsFor, versionFromGitTag } from "../../../lib/channels";
import { planEnvironments, type EnvironmentPlan } from "../../../lib/github";
import {
  BETA_TAG_POLICIES,
  STABLE_TAG_POLICIES,
  TAG_POLICY_MAX_DIGITS,
  TAG_POLICY_MAX_VERSION,
  type TagPolicyPattern,
} from "../../../lib/github/environments";
import { fnmatch } from "../../../lib/github/fnmatch";

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

/** Whether an environment with these tag patterns lets `tag` deploy: GitHub ORs its policies. */
const accepts = (policy: readonly TagPolicyPattern[], tag: string): boolean =>
  policy.some(({ pattern }) => fnmatch(pattern, tag));

/** A version number with 1 to `maxDigits` digits, each length equally likely, no leading zero. */
const versionNumber = (maxDigits: number): fc.Arbitrary<number> =>
  fc
    .integer({ min: 1, max: maxDigits })
    .chain((digits) => fc.integer({ min: digits === 1 ? 0 : 10 ** (digits - 1), max: 10 ** digits - 1 }));

/** A stable version within the policies' bounds, checked against the channel model's own shape. */
const stableVersion = fc
  .tuple(
    versionNumber(TAG_POLICY_MAX_DIGITS.major),
    versionNumber(TAG_POLICY_MAX_DIGITS.minor),
    versionNumber(TAG_POLICY_MAX_DIGITS.patch),
  )
  .map((parts) => parts.join("."));
const betaVersion = fc
  .tuple(stableVersion, fc.oneof(fc.nat({ max: 20 }), fc.nat()))
  .map(([version, n]) => `${version}-beta.${String(n)}`);

const RELEASE_RE = new RegExp(IMMUTABLE_TAG_SHAPES.release);
const BETA_RE = new RegExp(IMMUTABLE_TAG_SHAPES.beta);

/** The git tag the channel model takes for `version` (`v` + the version), checked both ways. */
function gitTag(channel: "beta" | "stable", version: string): string {
  assert.ok((channel === "stable" ? RELEASE_RE : BETA_RE).test(version), `${version} is not a ${channel} version`);
  assert.deepEqual(tagsFor(channel, { version }).immutable, [version]);
  const tag = `v${version}`;
  assert.equal(versionFromGitTag(tag), version);
  return tag;
}

const withinBounds = (version: string): boolean => {
  const [major, minor, patch] = version.split(/[.-]/, 3).map((n) => n.length);
  return (
    major! <= TAG_POLICY_MAX_DIGITS.major &&
    minor! <= TAG_POLICY_MAX_DIGITS.minor &&
    patch! <= TAG_POLICY_MAX_DIGITS.patch
  );
};

/** Whether `tag` is a stable release tag within the bounds, by the channel model's shape. */
const isStableTag = (tag: string): boolean =>
  tag.startsWith("v") && RELEASE_RE.test(tag.slice(1)) && withinBounds(tag.slice(1));

/**
 * What the beta policy is meant to accept, written as a regular expression
 * over the same shape: an in-bounds stable core, `-beta.`, a digit, then
 * anything but `/` (its one `*`).
 */
const isBetaPolicyTag = (tag: string): boolean => {
  const match = /^v([^-/]*)-beta\.[0-9][^/]*$/.exec(tag);
  return match !== null && isStableTag(`v${match[1]!}`);
};

/** One random edit (insert, replace or delete a character) of a tag. */
const edit = fc.record({
  at: fc.nat(),
  op: fc.constantFrom("insert", "replace", "delete"),
  ch: fc.constantFrom("0", "1", "9", ".", "-", "v", "b", "/", "x"),
});
function applyEdit(tag: string, { at, op, ch }: { at: number; op: string; ch: string }): string {
  const i = at % (tag.length + 1);
  if (op === "insert") return tag.slice(0, i) + ch + tag.slice(i);
  return tag.slice(0, i) + (op === "replace" ? ch : "") + tag.slice(i + 1);
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
    assert.deepEqual(
      env("beta").deploymentPolicies,
      BETA_TAG_POLICIES.map(({ digits, pattern }) => ({ key: `tag-beta-${digits}`, kind: "tag", pattern })),
    );
    assert.deepEqual(
      env("stable").deploymentPolicies,
      STABLE_TAG_POLICIES.map(({ digits, pattern }) => ({ key: `tag-stable-${digits}`, kind: "tag", pattern })),
    );
  });

  it("enumerates 18 stable and 18 beta patterns (major up to 2 digits, minor and patch up to 3), with stable keys", () => {
    assert.deepEqual(TAG_POLICY_MAX_DIGITS, { major: 2, minor: 3, patch: 3 });
    assert.equal(TAG_POLICY_MAX_VERSION, "99.999.999");
    assert.equal(STABLE_TAG_POLICIES.length, 18);
    assert.equal(BETA_TAG_POLICIES.length, 18);
    assert.deepEqual(STABLE_TAG_POLICIES.slice(0, 2), [
      { digits: "x.y.z", pattern: "v[0-9].[0-9].[0-9]" },
      { digits: "x.y.zz", pattern: "v[0-9].[0-9].[1-9][0-9]" },
    ]);
    assert.deepEqual(STABLE_TAG_POLICIES.at(-1), {
      digits: "xx.yyy.zzz",
      pattern: "v[1-9][0-9].[1-9][0-9][0-9].[1-9][0-9][0-9]",
    });
    assert.deepEqual(BETA_TAG_POLICIES[0], { digits: "x.y.z", pattern: "v[0-9].[0-9].[0-9]-beta.[0-9]*" });
    for (const e of plan) {
      const keys = e.deploymentPolicies.map((p) => p.key);
      assert.equal(new Set(keys).size, keys.length, `${e.channel} repeats a policy key`);
    }
    // No wildcard in stable; beta's only `*` follows the literal `-beta.`.
    for (const { pattern } of STABLE_TAG_POLICIES) assert.ok(!/[*?]/.test(pattern), pattern);
    for (const { pattern } of BETA_TAG_POLICIES) assert.ok(/^[^*?]*-beta\.\[0-9\]\*$/.test(pattern), pattern);
  });

  it("stable accepts every stable tag within the bounds, and beta refuses it", () => {
    fc.assert(
      fc.property(stableVersion, (version) => {
        const tag = gitTag("stable", version);
        assert.ok(accepts(STABLE_TAG_POLICIES, tag), `stable refuses ${tag}`);
        assert.ok(!accepts(BETA_TAG_POLICIES, tag), `beta accepts ${tag}`);
      }),
    );
  });

  it("beta accepts every beta tag within the bounds, and stable refuses it", () => {
    fc.assert(
      fc.property(betaVersion, (version) => {
        const tag = gitTag("beta", version);
        assert.ok(accepts(BETA_TAG_POLICIES, tag), `beta refuses ${tag}`);
        assert.ok(!accepts(STABLE_TAG_POLICIES, tag), `stable accepts ${tag}`);
      }),
    );
  });

  it("stable accepts exactly the in-bounds stable tags: an edit of one is refused unless it makes another", () => {
    fc.assert(
      fc.property(stableVersion, edit, (version, e) => {
        const edited = applyEdit(`v${version}`, e);
        assert.equal(accepts(STABLE_TAG_POLICIES, edited), isStableTag(edited), edited);
        assert.equal(accepts(BETA_TAG_POLICIES, edited), isBetaPolicyTag(edited), edited);
      }),
    );
  });

  it("beta accepts exactly `v` + an in-bounds X.Y.Z + `-beta.` + a digit + anything without `/`", () => {
    fc.assert(
      fc.property(betaVersion, edit, (version, e) => {
        const edited = applyEdit(`v${version}`, e);
        assert.equal(accepts(BETA_TAG_POLICIES, edited), isBetaPolicyTag(edited), edited);
        assert.equal(accepts(STABLE_TAG_POLICIES, edited), isStableTag(edited), edited);
      }),
    );
  });

  it("refuses versions beyond the bounds in both environments, failing safe", () => {
    for (const version of ["100.0.0", "1.1000.0", "1.0.1000", "123.456.789"]) {
      assert.ok(!accepts(STABLE_TAG_POLICIES, gitTag("stable", version)), `stable accepts v${version}`);
      assert.ok(!accepts(BETA_TAG_POLICIES, gitTag("beta", `${version}-beta.1`)), `beta accepts v${version}-beta.1`);
    }
    const max = TAG_POLICY_MAX_VERSION;
    assert.ok(accepts(STABLE_TAG_POLICIES, gitTag("stable", max)));
    assert.ok(accepts(BETA_TAG_POLICIES, gitTag("beta", `${max}-beta.${String(Number.MAX_SAFE_INTEGER - 1)}`)));
  });

  it("refuses nightly versions, other pre-releases, partial versions, unprefixed, leading zeros and paths in both", () => {
    const nightly = fc.record({
      version: stableVersion,
      date: fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }),
      sha: fc.stringMatching(/^[0-9a-f]{7,40}$/),
    });
    fc.assert(
      fc.property(nightly, ({ version, date, sha }) => {
        const ymd = date.toISOString().slice(0, 10).replaceAll("-", "");
        for (const tag of tagsFor("nightly", { version, date: ymd, sha }).immutable.map((t) => `v${t}`)) {
          assert.ok(!accepts(STABLE_TAG_POLICIES, tag), `stable accepts ${tag}`);
          assert.ok(!accepts(BETA_TAG_POLICIES, tag), `beta accepts ${tag}`);
        }
      }),
    );
    const refused = [
      "nightly",
      "nightly-20261128",
      "v1.5.0-nightly.20261128.ab12cd3",
      "latest",
      "vnext",
      "v1",
      "v1.5",
      "v1.5.0-rc.1",
      "v1.5.0-beta",
      "v1.5.0-beta.",
      "v1.5.0+build.1",
      "1.5.0",
      "1.5.0-beta.2",
      "V1.5.0",
      "v01.5.0",
      "v1.05.0",
      "v1.5.00",
      "v01.5.0-beta.1",
      "v1.5.0/x",
      "v1.5.0-beta.2/x",
      "release/v1.5.0",
      "v1.5.0.1",
      "v1..0",
    ];
    for (const tag of refused) {
      assert.ok(!accepts(STABLE_TAG_POLICIES, tag), `stable accepts ${tag}`);
      assert.ok(!accepts(BETA_TAG_POLICIES, tag), `beta accepts ${tag}`);
    }
  });

  it("documents what beta's `*` lets through: non-tags after `-beta.<digit>` that no channel pushes", () => {
    for (const tag of ["v1.5.0-beta.01", "v1.5.0-beta.2rc", "v1.5.0-beta.2-beta.3"]) {
      assert.ok(accepts(BETA_TAG_POLICIES, tag), tag);
      assert.ok(!accepts(STABLE_TAG_POLICIES, tag), tag);
      assert.throws(() => tagsFor("beta", { version: versionFromGitTag(tag) }), tag);
    }
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
