import assert from "node:assert/strict";
import fc from "fast-check";
import { tagsFor } from "../../../lib/channels";
import { nightlyPlanScript, taggedPlanScript } from "../../../lib/workflows/scripts/plan";
import { imageRefsScript, moveTagsScript } from "../../../lib/workflows/scripts/publish";
import { rollbackScript } from "../../../lib/workflows/scripts/rollback";
import { FakeRunner } from "./fake-tools";

const HEAD = "ab12cd3ef4567890ab12cd3ef4567890ab12cd3e";
const DIGEST_A = `sha256:${"a".repeat(64)}`;
const DIGEST_B = `sha256:${"b".repeat(64)}`;
const ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com/cortex";
const HUB = "docker.io/cortexproject/cortex";

const small = fc.integer({ min: 0, max: 3 });
const core = fc.tuple(small, small, small).map(([a, b, c]) => `${a}.${b}.${c}`);
const beta = fc.tuple(core, fc.integer({ min: 0, max: 3 })).map(([c, n]) => `${c}-beta.${n}`);
const words = (text: string | undefined) => (text === undefined || text === "" ? [] : text.split(" "));

describe("generated release scripts", () => {
  let runner: FakeRunner;
  before(() => {
    runner = new FakeRunner();
  });
  after(() => {
    runner.dispose();
  });

  const planTagged = (
    channel: "beta" | "stable",
    version: string,
    published: readonly string[],
    extra: Record<string, string> = {},
  ) =>
    runner.run(taggedPlanScript(channel), {
      GIT_TAG: `v${version}`,
      RELEASE_BRANCH: channel === "beta" ? "dev" : "main",
      PIN: "",
      FAKE_HEAD: HEAD,
      FAKE_TAGS: [...published, version].map((v) => `v${v}`).join("\n"),
      FAKE_ON_BRANCH: "yes",
      ...extra,
    });

  it("stable plan pushes and moves the same tags as the channel model", () => {
    fc.assert(
      fc.property(core, fc.array(fc.oneof(core, beta), { maxLength: 6 }), (version, published) => {
        const run = planTagged("stable", version, published);
        assert.equal(run.status, 0, run.stderr);
        const expected = tagsFor("stable", { version, publishedVersions: published });
        assert.deepEqual(words(run.outputs.tags), expected.immutable);
        assert.deepEqual(words(run.outputs.moving), expected.moving);
        assert.equal(run.outputs.sha, HEAD);
      }),
      { numRuns: 15 },
    );
  });

  it("beta plan pushes and moves the same tags as the channel model", () => {
    fc.assert(
      fc.property(beta, fc.array(fc.oneof(core, beta), { maxLength: 6 }), (version, published) => {
        const run = planTagged("beta", version, published);
        assert.equal(run.status, 0, run.stderr);
        const expected = tagsFor("beta", { version, publishedVersions: published });
        assert.deepEqual(words(run.outputs.tags), expected.immutable);
        assert.deepEqual(words(run.outputs.moving), expected.moving);
      }),
      { numRuns: 10 },
    );
  });

  it("a backport moves only the tags of its own line", () => {
    const run = planTagged("stable", "1.4.9", ["1.4.8", "1.5.0"]);
    assert.deepEqual(words(run.outputs.moving), ["1.4"]);
  });

  it("tagged plans refuse a tag of the wrong shape or off the release branch", () => {
    const wrongShape = planTagged("stable", "1.5.0-beta.1", []);
    assert.notEqual(wrongShape.status, 0);
    assert.match(wrongShape.stdout, /::error title=Not a stable release tag::/);
    const offBranch = planTagged("stable", "1.5.0", [], { FAKE_ON_BRANCH: "no" });
    assert.notEqual(offBranch.status, 0);
    assert.match(offBranch.stdout, /not on main/);
  });

  it("notes a pinned channel in the summary", () => {
    const run = planTagged("stable", "1.5.0", [], { PIN: "1.4.2" });
    assert.match(run.summary, /pinned to `1.4.2`/);
  });

  describe("nightly plan", () => {
    const planNightly = (tags: readonly string[]) =>
      runner.run(nightlyPlanScript(), {
        ECR_REPOSITORIES: ECR,
        PIN: "",
        FAKE_HEAD: HEAD,
        FAKE_TAGS: tags.map((tag) => `v${tag}`).join("\n"),
        FAKE_DATE: "20261128",
      });
    beforeEach(() => {
      runner.reset();
    });

    it("targets the version dev is heading for", () => {
      const cases: readonly [readonly string[], string][] = [
        [[], "0.1.0"],
        [["1.4.2"], "1.5.0"],
        [["1.4.2", "1.5.0-beta.1"], "1.5.0"],
        [["1.5.0-beta.2", "1.5.0"], "1.6.0"],
        [["1.4.0", "2.0.0-beta.1", "1.5.0-beta.3"], "2.0.0"],
      ];
      for (const [tags, version] of cases) assert.equal(planNightly(tags).outputs.version, version, tags.join(","));
    });

    it("pushes the channel model's nightly tags and builds a commit not yet built", () => {
      const run = planNightly(["1.4.2"]);
      assert.equal(run.status, 0, run.stderr);
      const expected = tagsFor("nightly", { version: "1.5.0", date: "20261128", sha: HEAD.slice(0, 7) });
      assert.deepEqual(words(run.outputs.tags), expected.immutable);
      assert.deepEqual(words(run.outputs.moving), expected.moving);
      assert.equal(run.outputs.skip, "false");
    });

    it("skips when the nightly tag already carries the commit", () => {
      runner.publish(`${ECR}:nightly`, DIGEST_A, { "org.opencontainers.image.revision": HEAD });
      const run = planNightly(["1.4.2"]);
      assert.equal(run.outputs.skip, "true");
      assert.match(run.summary, /skipped/);
      runner.publish(`${ECR}:nightly`, DIGEST_A, { "org.opencontainers.image.revision": "0".repeat(40) });
      assert.equal(planNightly(["1.4.2"]).outputs.skip, "false");
    });

    it("leaves out an immutable tag that already exists", () => {
      runner.publish(`${ECR}:nightly-20261128`, DIGEST_A);
      assert.deepEqual(words(planNightly(["1.4.2"]).outputs.tags), [`1.5.0-nightly.20261128.${HEAD.slice(0, 7)}`]);
    });
  });

  it("lists every repository with every tag", () => {
    const run = runner.run(imageRefsScript(), { REPOSITORIES: `${ECR} ${HUB}`, TAGS: "1.5.0 1.5.0-x" });
    assert.deepEqual(run.outputs.refs?.split("\n"), [
      `${ECR}:1.5.0`,
      `${ECR}:1.5.0-x`,
      `${HUB}:1.5.0`,
      `${HUB}:1.5.0-x`,
    ]);
  });

  it("moves tags by digest and checks the result", () => {
    runner.reset();
    const run = runner.run(moveTagsScript(), { DIGEST: DIGEST_A, REPOSITORIES: `${ECR} ${HUB}`, MOVING: "1.5 stable" });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.creates, [
      `create ${ECR}:1.5 ${ECR}@${DIGEST_A}`,
      `create ${ECR}:stable ${ECR}@${DIGEST_A}`,
      `create ${HUB}:1.5 ${HUB}@${DIGEST_A}`,
      `create ${HUB}:stable ${HUB}@${DIGEST_A}`,
    ]);
    assert.notEqual(runner.run(moveTagsScript(), { DIGEST: "", REPOSITORIES: ECR, MOVING: "stable" }).status, 0);
  });

  describe("rollback", () => {
    const script = rollbackScript([
      { channel: "nightly", repositories: [ECR] },
      { channel: "beta", repositories: [ECR, HUB] },
      { channel: "stable", repositories: [ECR, HUB] },
    ]);
    beforeEach(() => {
      runner.reset();
    });

    it("re-points every moving tag of the channel at the version's digest in each registry", () => {
      runner.publish(`${ECR}:1.4.2`, DIGEST_A);
      runner.publish(`${HUB}:1.4.2`, DIGEST_B);
      const run = runner.run(script, { CHANNEL: "stable", VERSION: "v1.4.2" });
      assert.equal(run.status, 0, run.stderr);
      const moving = tagsFor("stable", { version: "1.4.2" }).moving;
      assert.deepEqual(run.creates, [
        ...moving.map((tag) => `create ${ECR}:${tag} ${ECR}@${DIGEST_A}`),
        ...moving.map((tag) => `create ${HUB}:${tag} ${HUB}@${DIGEST_B}`),
      ]);
      assert.match(run.summary, /### Rollback of stable to 1\.4\.2/);
      assert.ok(run.summary.includes(`| \`${HUB}:latest\` | \`${DIGEST_B}\` |`), run.summary);
    });

    it("refuses a version missing from any registry and changes nothing", () => {
      runner.publish(`${ECR}:1.4.2`, DIGEST_A);
      const run = runner.run(script, { CHANNEL: "stable", VERSION: "1.4.2" });
      assert.notEqual(run.status, 0);
      assert.match(
        run.stdout,
        /::error title=Version not found::1\.4\.2 does not exist in docker\.io\/cortexproject\/cortex:1\.4\.2/,
      );
      assert.match(run.summary, /refused/);
      assert.deepEqual(run.creates, []);
    });

    it("refuses a version of another channel and an unknown channel", () => {
      const beta = runner.run(script, { CHANNEL: "stable", VERSION: "1.5.0-beta.1" });
      assert.notEqual(beta.status, 0);
      assert.match(beta.stdout, /is not a stable version/);
      assert.notEqual(runner.run(script, { CHANNEL: "edge", VERSION: "1.0.0" }).status, 0);
    });

    it("accepts a dated nightly tag", () => {
      runner.publish(`${ECR}:nightly-20261128`, DIGEST_A);
      const run = runner.run(script, { CHANNEL: "nightly", VERSION: "nightly-20261128" });
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(run.creates, [`create ${ECR}:nightly ${ECR}@${DIGEST_A}`]);
    });
  });
});
