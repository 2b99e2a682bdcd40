import assert from "node:assert/strict";
import { compileTagScheme } from "../../../lib/channels/model";
import { renderMoving } from "../../../lib/channels/release";
import { imageRefsScript, moveTagsScript, publishIndexScript } from "../../../lib/workflows/scripts/publish";
import { rollbackEnv, rollbackScript } from "../../../lib/workflows/scripts/rollback";
import { TAG_SCHEMES } from "../../support/tag-schemes";
import { FakeRunner } from "./fake-tools";

const DIGEST_A = `sha256:${"a".repeat(64)}`;
const DIGEST_B = `sha256:${"b".repeat(64)}`;
const ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com/cortex";
const HUB = "docker.io/cortexproject/cortex";

describe("generated release scripts", () => {
  let runner: FakeRunner;
  before(() => {
    runner = new FakeRunner();
  });
  after(() => {
    runner.dispose();
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

  describe("publish: one index per image from the platforms' digests", () => {
    const refs = [`${ECR}:1.5.0`, `${HUB}:1.5.0`].join("\n");
    const env = (digests: string, extra: Record<string, string> = {}) => ({
      SOURCE: ECR,
      DIGESTS: digests,
      REFS: refs,
      ANNOTATIONS: "index:org.opencontainers.image.revision=abc\nindex:org.opencontainers.image.version=1.5.0",
      ...extra,
    });

    it("creates the index from every platform's digest under every reference, and hands on the one digest", () => {
      runner.reset();
      const run = runner.run(publishIndexScript(), env(`${DIGEST_A}\n${DIGEST_B}`));
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(run.creates, [
        `create ${ECR}:1.5.0 ${ECR}@${DIGEST_A} ${ECR}@${DIGEST_B}`,
        `create ${HUB}:1.5.0 ${ECR}@${DIGEST_A} ${ECR}@${DIGEST_B}`,
      ]);
      assert.match(run.outputs.digest ?? "", /^sha256:[0-9a-f]{64}$/);
      assert.ok(![DIGEST_A, DIGEST_B].includes(run.outputs.digest!));
      assert.equal(run.summary.trim().split("\n").length, 2);
    });

    it("tags nothing when a platform handed over no digest or something else", () => {
      for (const digests of [`${DIGEST_A}\n`, `${DIGEST_A}\nlatest`, "", `${DIGEST_A}\nsha256:abc`]) {
        runner.reset();
        const run = runner.run(publishIndexScript(), env(digests));
        assert.notEqual(run.status, 0, digests);
        assert.deepEqual(run.creates, [], digests);
        assert.equal(run.outputs.digest, undefined);
      }
    });

    it("fails when a reference does not read back as the index it was given", () => {
      runner.reset();
      const run = runner.run(publishIndexScript(), env(DIGEST_A, { FAKE_TAMPER: `${HUB}:1.5.0` }));
      assert.notEqual(run.status, 0);
      assert.match(run.stdout, /points at sha256:0{64}, not sha256:/);
      assert.equal(run.outputs.digest, undefined);
    });
  });

  describe("rollback", () => {
    const model = compileTagScheme(TAG_SCHEMES.default!);
    const script = rollbackScript();
    const channelsEnv = rollbackEnv(model, [
      { channel: "nightly", repositories: [ECR] },
      { channel: "beta", repositories: [ECR, HUB] },
      { channel: "stable", repositories: [ECR, HUB] },
    ]);
    const rollback = (env: Record<string, string>) => runner.run(script, { ...channelsEnv, ...env });
    beforeEach(() => {
      runner.reset();
    });

    it("re-points every moving tag of the channel at the version's digest in each registry", () => {
      runner.publish(`${ECR}:1.4.2`, DIGEST_A);
      runner.publish(`${HUB}:1.4.2`, DIGEST_B);
      const run = rollback({ CHANNEL: "stable", VERSION: "v1.4.2" });
      assert.equal(run.status, 0, run.stderr);
      const moving = renderMoving(model, "stable", model.parseVersion("stable", "1.4.2"));
      assert.deepEqual(run.creates, [
        ...moving.map((tag) => `create ${ECR}:${tag} ${ECR}@${DIGEST_A}`),
        ...moving.map((tag) => `create ${HUB}:${tag} ${HUB}@${DIGEST_B}`),
      ]);
      assert.match(run.summary, /### Rollback of stable to 1\.4\.2/);
      assert.ok(run.summary.includes(`| \`${HUB}:latest\` | \`${DIGEST_B}\` |`), run.summary);
    });

    it("refuses a version missing from any registry and changes nothing", () => {
      runner.publish(`${ECR}:1.4.2`, DIGEST_A);
      const run = rollback({ CHANNEL: "stable", VERSION: "1.4.2" });
      assert.notEqual(run.status, 0);
      assert.match(
        run.stdout,
        /::error title=Version not found::1\.4\.2 does not exist in docker\.io\/cortexproject\/cortex:1\.4\.2/,
      );
      assert.match(run.summary, /refused/);
      assert.deepEqual(run.creates, []);
    });

    it("refuses a version of another channel and an unknown channel", () => {
      const beta = rollback({ CHANNEL: "stable", VERSION: "1.5.0-beta.1" });
      assert.notEqual(beta.status, 0);
      assert.match(beta.stdout, /is not a stable version/);
      assert.notEqual(rollback({ CHANNEL: "edge", VERSION: "1.0.0" }).status, 0);
    });

    it("accepts a dated nightly tag", () => {
      runner.publish(`${ECR}:nightly-20261128`, DIGEST_A);
      const run = rollback({ CHANNEL: "nightly", VERSION: "nightly-20261128" });
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(run.creates, [`create ${ECR}:nightly ${ECR}@${DIGEST_A}`]);
    });
  });
});

describe("rollback under cortex.cpp's scheme", () => {
  it("finds a beta at its beta-<version> tag and moves no tag the scheme lacks", () => {
    const runner = new FakeRunner();
    try {
      const model = compileTagScheme(TAG_SCHEMES.cortex!);
      runner.publish(`${HUB}:beta-1.0.9-rc8`, DIGEST_A);
      const env = rollbackEnv(model, [
        { channel: "beta", repositories: [HUB] },
        { channel: "stable", repositories: [HUB] },
      ]);
      const beta = runner.run(rollbackScript(), { ...env, CHANNEL: "beta", VERSION: "1.0.9-rc8" });
      assert.equal(beta.status, 0, beta.stdout + beta.stderr);
      assert.deepEqual(beta.creates, []);
      runner.publish(`${HUB}:1.0.12`, DIGEST_B);
      const stable = runner.run(rollbackScript(), { ...env, CHANNEL: "stable", VERSION: "v1.0.12" });
      assert.equal(stable.status, 0, stable.stdout + stable.stderr);
      assert.deepEqual(stable.creates, [`create ${HUB}:latest ${HUB}@${DIGEST_B}`]);
    } finally {
      runner.dispose();
    }
  });
});
