import assert from "node:assert/strict";
import { CHANNELS, ecrTagMutability, matchesWildcard } from "../../../lib/channels";
import { BUILD_CACHE_WILDCARD, buildCacheTag, isBuildCacheTag, platformSlug } from "../../../lib/channels/cache";
import { compileTagScheme, tagSchemeProblems } from "../../../lib/channels/model";
import { PLATFORM, PLATFORMS } from "../../../lib/config/patterns";
import { retentionSelectors } from "../../../lib/retention/selectors";
import { cortex, TAG_SCHEMES } from "../../support/tag-schemes";

const ALL_CACHE_TAGS = CHANNELS.flatMap((channel) => PLATFORMS.map((platform) => buildCacheTag(channel, platform)));

describe("channels: build cache tags", () => {
  it("names one tag per channel and platform, for every platform the config accepts", () => {
    for (const platform of PLATFORMS) assert.match(platform, PLATFORM);
    assert.equal(buildCacheTag("nightly", "linux/arm64"), "buildcache-nightly-arm64");
    assert.equal(buildCacheTag("stable", "linux/arm/v7"), "buildcache-stable-arm-v7");
    assert.equal(platformSlug("linux/amd64"), "amd64");
    assert.equal(new Set(ALL_CACHE_TAGS).size, ALL_CACHE_TAGS.length);
    for (const tag of ALL_CACHE_TAGS) {
      assert.ok(isBuildCacheTag(tag), tag);
      assert.ok(matchesWildcard(BUILD_CACHE_WILDCARD, tag), tag);
      assert.ok(tag.length <= 128, tag);
    }
    assert.ok(!isBuildCacheTag("buildcache-nightly"));
    assert.ok(!isBuildCacheTag("buildcache-dev-amd64"));
  });

  for (const [name, scheme] of Object.entries(TAG_SCHEMES)) {
    it(`keeps every cache tag of the ${name} scheme mutable in ECR, out of every retention count and classified as cache`, () => {
      const model = compileTagScheme(scheme);
      const { imageTagMutabilityExclusionFilters } = ecrTagMutability(model);
      const selectors = retentionSelectors(model);
      for (const tag of ALL_CACHE_TAGS) {
        assert.equal(model.classify(tag).kind, "cache", tag);
        for (const { filter } of imageTagMutabilityExclusionFilters)
          assert.ok(!matchesWildcard(filter, tag), `${filter} ${tag}`);
        for (const group of ["protect", "beta", "nightly"] as const)
          assert.ok(!selectors.matchers[group].some((test) => test(tag)), `${group} ${tag}`);
        assert.ok(
          selectors.matchers.cache.some((test) => test(tag)),
          tag,
        );
      }
    });
  }

  it("refuses a scheme whose tags could be a cache tag, naming an example", () => {
    const moving = tagSchemeProblems({ ...cortex, stable: { ...cortex.stable, moving: ["buildcache-stable-amd64"] } });
    assert.deepEqual(
      moving.map((p) => p.path),
      ["stable.moving[0]"],
    );
    assert.match(moving[0]!.message, /\(build cache tags\)'s \(both can be "buildcache-stable-amd64"\)/);
    const legacy = tagSchemeProblems({ ...cortex, legacy: [{ pattern: "*-nightly-*", retain: "nightly" }] });
    assert.deepEqual(
      legacy.map((p) => p.path),
      ["legacy[0].pattern"],
    );
    assert.match(legacy[0]!.message, /build cache tag "buildcache-nightly-/);
  });
});
