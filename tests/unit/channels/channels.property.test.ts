import assert from "node:assert/strict";
import fc from "fast-check";
import {
  CHANNELS,
  classifyTag,
  dockerHubImmutableTagRules,
  ecrTagIsImmutable,
  ecrTagMutability,
  compileWildcard,
  ecrFilterProblems,
  IMMUTABLE_TAG_SHAPES,
  MAX_TAG_LENGTH,
  matchesWildcard,
  tagsFor,
  type Channel,
  type ImmutableShape,
  type ReleaseInput,
} from "../../../lib/channels";

const num = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
const core = fc.tuple(num, num, num).map(([a, b, c]) => `${a}.${b}.${c}`);
const betaNumber = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER - 1 }));
const betaVersion = fc.tuple(core, betaNumber).map(([v, n]) => `${v}-beta.${n}`);
const date = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2999-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replaceAll("-", ""));
const sha = fc.stringMatching(/^[0-9a-f]{7,40}$/);
const published = fc.array(fc.oneof(core, betaVersion), { maxLength: 12 });

const release: fc.Arbitrary<[Channel, ReleaseInput]> = fc.oneof(
  fc
    .record({ version: core, date, sha, publishedVersions: published })
    .map((r) => ["nightly", r] as [Channel, ReleaseInput]),
  fc.record({ version: betaVersion, publishedVersions: published }).map((r) => ["beta", r] as [Channel, ReleaseInput]),
  fc.record({ version: core, publishedVersions: published }).map((r) => ["stable", r] as [Channel, ReleaseInput]),
);
const signatureTag = fc
  .tuple(fc.stringMatching(/^[0-9a-f]{64}$/), fc.constantFrom("sig", "att", "sbom"))
  .map(([hex, kind]) => `sha256-${hex}.${kind}`);

const ecr = ecrTagMutability();
/** The one immutable shape a tag has. */
const shapeOf = (tag: string): ImmutableShape => {
  const shapes = (Object.keys(IMMUTABLE_TAG_SHAPES) as ImmutableShape[]).filter((s) =>
    new RegExp(IMMUTABLE_TAG_SHAPES[s]).test(tag),
  );
  assert.equal(shapes.length, 1, `${tag} has shapes ${shapes.join(", ")}`);
  return shapes[0]!;
};
const hubRules = dockerHubImmutableTagRules().map((r) => new RegExp(r));
const hubImmutable = (tag: string) => hubRules.some((r) => r.test(tag));

describe("channels: properties", () => {
  it("classification, ECR mutability and Docker Hub rules agree on every tag any channel pushes", () => {
    fc.assert(
      fc.property(release, ([channel, input]) => {
        const tags = tagsFor(channel, input);
        for (const tag of tags.immutable) {
          assert.equal(classifyTag(tag), "immutable", tag);
          // ECR refuses to overwrite exactly the shapes it has a filter for; release tags rest on the workflows' check.
          assert.equal(ecrTagIsImmutable(ecr, tag), ecr.enforcedByEcr.includes(shapeOf(tag)), `ECR ${tag}`);
          // Docker Hub: only what retention keeps forever (releases) is immutable; betas and nightlies must stay prunable.
          assert.equal(hubImmutable(tag), channel === "stable", `Hub ${tag}`);
          assert.ok(tag.length <= MAX_TAG_LENGTH, tag);
        }
        for (const tag of tags.moving) {
          assert.equal(classifyTag(tag), "moving", tag);
          assert.equal(ecrTagIsImmutable(ecr, tag), false, `ECR ${tag}`);
          assert.equal(hubImmutable(tag), false, `Hub ${tag}`);
        }
        assert.ok(tags.immutable.length >= 1);
      }),
      { numRuns: 500 },
    );
  });

  it("gives ECR only filters the AWS provider accepts", () => {
    for (const f of ecr.imageTagMutabilityExclusionFilters) assert.deepEqual(ecrFilterProblems(f.filter), [], f.filter);
  });

  it("keeps cosign signature tags mutable everywhere", () => {
    fc.assert(
      fc.property(signatureTag, (tag) => {
        assert.equal(classifyTag(tag), "signature");
        assert.equal(ecrTagIsImmutable(ecr, tag), false);
        assert.equal(hubImmutable(tag), false);
      }),
      { numRuns: 200 },
    );
  });

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
