import assert from "node:assert/strict";
import fc from "fast-check";
import {
  CHANNELS,
  dockerHubImmutableTagRules,
  ecrTagIsImmutable,
  ecrTagMutability,
  compileWildcard,
  ecrFilterProblems,
  MAX_TAG_LENGTH,
  matchesWildcard,
  tagsFor,
  type Channel,
} from "../../../lib/channels";
import { compileTagScheme, type TagModel } from "../../../lib/channels/model";
import { planNightly, planTaggedRelease } from "../../../lib/channels/release";
import { TAG_SCHEMES } from "../../support/tag-schemes";

const num = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
const core = fc.tuple(num, num, num).map(([a, b, c]) => `${a}.${b}.${c}`);
const signatureTag = fc
  .tuple(fc.stringMatching(/^[0-9a-f]{64}$/), fc.constantFrom("sig", "att", "sbom"))
  .map(([hex, kind]) => `sha256-${hex}.${kind}`);

/** A build of one channel under `model`, tagged by the scheme's release plans. */
function buildTags(
  model: TagModel,
  channel: Channel,
  version: string,
  n: number,
): { immutable: string[]; moving: string[] } {
  const { identifier, separator } = model.scheme.prerelease;
  if (channel === "nightly") {
    const plan = planNightly(model, {
      gitTags: [model.gitTag(version)],
      sha: n.toString(16).padStart(40, "a"),
      date: "20261128",
      run: n,
      images: [{ id: "image", repositories: [] }],
    });
    assert.ok(plan.ok);
    return { immutable: [...plan.images[0]!.tags], moving: [...plan.images[0]!.moving] };
  }
  const v = channel === "beta" ? `${version}-${identifier}${separator}${String(n)}` : version;
  const plan = planTaggedRelease(model, { channel, gitTag: model.gitTag(v), gitTags: [], onReleaseBranch: true });
  assert.ok(plan.ok, v);
  return { immutable: [...plan.tags], moving: [...plan.moving] };
}

describe("channels: properties", () => {
  for (const [name, scheme] of Object.entries(TAG_SCHEMES)) {
    it(`classification, ECR mutability and Docker Hub rules agree on every tag any channel pushes (${name} scheme)`, () => {
      const model = compileTagScheme(scheme);
      const ecr = ecrTagMutability(model);
      const enforced = new Set(ecr.enforcedByEcr.map((s) => s.id));
      const hubRules = dockerHubImmutableTagRules(model).map((r) => new RegExp(r));
      const hubImmutable = (tag: string) => hubRules.some((r) => r.test(tag));
      fc.assert(
        fc.property(fc.constantFrom(...CHANNELS), core, fc.integer({ min: 1, max: 10_000 }), (channel, version, n) => {
          const tags = buildTags(model, channel, version, n);
          for (const tag of tags.immutable) {
            const cls = model.classify(tag);
            assert.equal(cls.kind, "immutable", tag);
            // ECR refuses to overwrite exactly the shapes it has a filter for; the rest rest on the workflows' check.
            assert.equal(ecrTagIsImmutable(ecr, tag), enforced.has(cls.shape.id), `ECR ${tag}`);
            // Docker Hub: only what retention keeps forever (releases) is immutable; betas and nightlies must stay prunable.
            assert.equal(hubImmutable(tag), channel === "stable", `Hub ${tag}`);
            assert.ok(tag.length <= MAX_TAG_LENGTH, tag);
          }
          for (const tag of tags.moving) {
            assert.equal(model.classify(tag).kind, "moving", tag);
            assert.equal(ecrTagIsImmutable(ecr, tag), false, `ECR ${tag}`);
            assert.equal(hubImmutable(tag), false, `Hub ${tag}`);
          }
          assert.ok(tags.immutable.length >= 1);
        }),
        { numRuns: 100 },
      );
      for (const f of ecr.imageTagMutabilityExclusionFilters)
        assert.deepEqual(ecrFilterProblems(f.filter), [], f.filter);
      fc.assert(
        fc.property(signatureTag, (tag) => {
          assert.equal(model.classify(tag).kind, "signature");
          assert.equal(ecrTagIsImmutable(ecr, tag), false);
          assert.equal(hubImmutable(tag), false);
        }),
        { numRuns: 50 },
      );
    });
  }

  it("moves latest for exactly one release among any published set (the highest)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(core, { minLength: 1, maxLength: 10 }), (versions) => {
        const takers = versions.filter((v) =>
          tagsFor("stable", { version: v, publishedVersions: versions }).moving.includes("latest"),
        );
        assert.equal(takers.length, 1);
      }),
      { numRuns: 300 },
    );
  });

  it("matchesWildcard and compileWildcard agree with an independent regex translation", () => {
    const pattern = fc.stringMatching(/^[a-c.*]{0,8}$/);
    const text = fc.stringMatching(/^[a-c.]{0,10}$/);
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        const re = new RegExp(
          `^${p
            .split("*")
            .map((s) => s.replaceAll(".", "\\."))
            .join(".*")}$`,
          "s",
        );
        assert.equal(matchesWildcard(p, t), re.test(t));
        assert.equal(compileWildcard(p)(t), re.test(t));
      }),
      { numRuns: 1000 },
    );
  });

  it("covers every channel", () => {
    assert.deepEqual([...CHANNELS], ["nightly", "beta", "stable"]);
  });
});
