import assert from "node:assert/strict";
import {
  classifyTag,
  movingTagsForBeta,
  movingTagsForStable,
  nightlyDate,
  tagsFor,
  versionFromGitTag,
} from "../../../lib/channels";
import { UserError } from "../../../lib/errors";

describe("channels: tagsFor", () => {
  it("gives a nightly its dated tag, its version tag and the moving nightly tag", () => {
    assert.deepEqual(tagsFor("nightly", { version: "1.5.0", date: "20261128", sha: "ab12cd3" }), {
      immutable: ["nightly-20261128", "1.5.0-nightly.20261128.ab12cd3"],
      moving: ["nightly"],
    });
  });

  it("moves every stable tag for the highest release", () => {
    assert.deepEqual(tagsFor("stable", { version: "1.5.0", publishedVersions: ["1.4.9", "1.5.0-beta.2"] }), {
      immutable: ["1.5.0"],
      moving: ["1.5", "1", "stable", "latest"],
    });
  });

  it("moves only X.Y for a backport after a higher minor", () => {
    assert.deepEqual(movingTagsForStable("1.4.9", ["1.4.8", "1.5.0"]), ["1.4"]);
  });

  it("moves X.Y and X but not latest for a backport on an older major", () => {
    assert.deepEqual(movingTagsForStable("1.9.3", ["1.9.2", "2.0.0"]), ["1.9", "1"]);
  });

  it("moves nothing for a patch older than a published patch of the same minor", () => {
    assert.deepEqual(movingTagsForStable("1.4.7", ["1.4.8"]), []);
  });

  it("ignores pre-releases when deciding stable scopes", () => {
    assert.deepEqual(movingTagsForStable("1.5.3", ["1.6.0-beta.1"]), ["1.5", "1", "stable", "latest"]);
  });

  it("moves beta only when no higher beta is published", () => {
    assert.deepEqual(movingTagsForBeta("1.5.0-beta.2", ["1.5.0-beta.1"]), ["beta"]);
    assert.deepEqual(movingTagsForBeta("1.4.10-beta.1", ["1.5.0-beta.2"]), []);
    assert.deepEqual(tagsFor("beta", { version: "1.5.0-beta.2" }), { immutable: ["1.5.0-beta.2"], moving: ["beta"] });
  });

  it("rejects a leading v and names the field", () => {
    assert.throws(
      () => tagsFor("stable", { version: "v1.5.0" }),
      (e: unknown) => e instanceof UserError && e.path === "release.version" && /without it/.test(e.message),
    );
  });

  it("rejects a pre-release on the stable channel and a non-beta on the beta channel", () => {
    assert.throws(() => tagsFor("stable", { version: "1.5.0-beta.1" }), /stable releases are X.Y.Z/);
    assert.throws(() => tagsFor("beta", { version: "1.5.0-rc.1" }), /X.Y.Z-beta.N/);
    assert.throws(() => tagsFor("beta", { version: "1.5.0" }), /X.Y.Z-beta.N/);
  });

  it("names the bad published version by index", () => {
    assert.throws(
      () => movingTagsForStable("1.5.0", ["1.4.0", "latest"]),
      (e: unknown) => e instanceof UserError && e.path === "release.publishedVersions[1]",
    );
  });

  it("rejects nightlies without a calendar date or a hex commit", () => {
    assert.throws(
      () => tagsFor("nightly", { version: "1.5.0", sha: "ab12cd3" }),
      (e: unknown) => e instanceof UserError && e.path === "release.date",
    );
    assert.throws(
      () => tagsFor("nightly", { version: "1.5.0", date: "20260230", sha: "ab12cd3" }),
      /not a calendar date/,
    );
    assert.throws(
      () => tagsFor("nightly", { version: "1.5.0", date: "20261128", sha: "AB12CD3" }),
      (e: unknown) => e instanceof UserError && e.path === "release.sha",
    );
  });

  it("rejects build metadata and non-canonical versions", () => {
    assert.throws(() => tagsFor("stable", { version: "1.5.0+build.1" }), /build metadata/);
    assert.throws(() => tagsFor("stable", { version: "=1.5.0" }), /not a semantic version/);
  });
});

describe("channels: dates, git tags and classification", () => {
  it("formats nightly dates in UTC", () => {
    assert.equal(nightlyDate(new Date("2026-11-28T23:30:00-05:00")), "20261129");
  });

  it("turns git tags into versions", () => {
    assert.equal(versionFromGitTag("v1.5.0"), "1.5.0");
    assert.equal(versionFromGitTag("refs/tags/v1.5.0-beta.2"), "1.5.0-beta.2");
    assert.throws(
      () => versionFromGitTag("release-1.5"),
      (e: unknown) => e instanceof UserError && e.path === "gitTag",
    );
  });

  it("classifies each kind of tag", () => {
    const cases: [string, string][] = [
      ["1.5.0", "immutable"],
      ["1.5.0-beta.2", "immutable"],
      ["1.5.0-nightly.20261128.ab12cd3", "immutable"],
      ["nightly-20261128", "immutable"],
      ["nightly", "moving"],
      ["beta", "moving"],
      ["stable", "moving"],
      ["latest", "moving"],
      ["1", "moving"],
      ["1.5", "moving"],
      [`sha256-${"ab".repeat(32)}.sig`, "signature"],
      [`sha256-${"ab".repeat(32)}.att`, "signature"],
      [`sha256-${"ab".repeat(32)}.sbom`, "signature"],
      ["01.5.0", "other"],
      ["main", "other"],
      ["1.5.0-rc.1", "other"],
    ];
    for (const [tag, want] of cases) assert.equal(classifyTag(tag), want, tag);
  });
});
