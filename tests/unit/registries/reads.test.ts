import assert from "node:assert/strict";
import { offlineRegistryReads } from "../../../cli/plan/calls";
import { NOT_READ } from "../../../cli/plan/mock-runtime";
import { parseConfigObject, type ReleaseConfig } from "../../../lib/config";
import {
  formatReadProblems,
  isMissingImage,
  judgeRegistryReads,
  planRegistryReads,
  usedTools,
  type RegistryReadResults,
} from "../../../lib/registries/reads";
import { AWS_FUNCTIONS, DOCKER_FUNCTIONS } from "../../../lib/resource-types";
import { baseConfig, type Fixture } from "../../support/program";

const DIGEST = `sha256:${"a".repeat(64)}`;
const OTHER = `sha256:${"b".repeat(64)}`;
const NOW = new Date("2026-12-01T00:00:00Z");

function config(edit: (c: Fixture) => void = () => undefined): ReleaseConfig {
  const c = baseConfig();
  edit(c);
  const parsed = parseConfigObject(c);
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
  return parsed.config;
}

const nothingRead: RegistryReadResults = { pinDigests: {}, ecrTags: {}, tools: {} };

describe("the registry reads (lib/registries/reads.ts)", () => {
  it("reads each pin's version tag in both registries, by the names the docker provider resolves", () => {
    const plan = planRegistryReads(config((c) => (c.channels = { stable: { pin: "1.4.9" } })));
    assert.deepEqual(
      plan.pins.map((p) => [p.target.name, p.reference, p.where]),
      [
        [
          "pin-stable-demo-ecr",
          "111122223333.dkr.ecr.eu-west-1.amazonaws.com/demo/demo:1.4.9",
          "ECR repository demo/demo (111122223333, eu-west-1)",
        ],
        ["pin-stable-demo-dockerhub", "demoorg/demo:1.4.9", "registry registry-1.docker.io, repository demoorg/demo"],
      ],
    );
    assert.deepEqual(plan.ecr, {
      region: "eu-west-1",
      registryId: "111122223333",
      host: "111122223333.dkr.ecr.eu-west-1.amazonaws.com",
    });
  });

  it("needs no ECR login without a pin, and reads only the tools the workflows use", () => {
    const amd64 = config((c) => (c.images = [{ name: "demo", platforms: ["linux/amd64"] }]));
    assert.equal(planRegistryReads(amd64).ecr, undefined);
    assert.deepEqual(usedTools(amd64), ["buildkit"]);
    const pinned = { toolImages: { buildkit: `moby/buildkit:v0.20.0@${DIGEST}` } };
    // arm64 builds on its native runner: no QEMU.
    assert.deepEqual(planRegistryReads(config((c) => (c.workflows = pinned))).tools, [
      { tool: "buildkit", reference: `moby/buildkit:v0.20.0@${DIGEST}`, pinnedDigest: DIGEST },
    ]);
    const plan = planRegistryReads(
      config((c) => (c.workflows = { ...pinned, platformRunners: { "linux/arm64": "emulate" } })),
    );
    assert.deepEqual(plan.tools, [
      { tool: "binfmt", reference: "tonistiigi/binfmt:latest" },
      { tool: "buildkit", reference: `moby/buildkit:v0.20.0@${DIGEST}`, pinnedDigest: DIGEST },
    ]);
  });

  it("refuses nothing the engine did not answer, and says so in the output", () => {
    const c = config((x) => (x.channels = { stable: { pin: "1.4.9" } }));
    const verdict = judgeRegistryReads(c, planRegistryReads(c), nothingRead, NOW);
    assert.deepEqual(verdict.problems, []);
    assert.equal(verdict.output.pins["pin-stable-demo-ecr"]?.digest, null);
    assert.match(verdict.output.pins["pin-stable-demo-ecr"].status, /^not read: .*offline plan/);
    assert.deepEqual(Object.keys(verdict.output.toolImages), ["buildkit"]);
  });

  it("an unreadable target fails the pin, naming the reference and the reason", () => {
    const c = config((x) => (x.channels = { stable: { pin: "1.4.9" } }));
    const verdict = judgeRegistryReads(
      c,
      planRegistryReads(c),
      {
        ...nothingRead,
        pinDigests: { "pin-stable-demo-dockerhub": { status: "failed", detail: "dial tcp: timeout" } },
      },
      NOW,
    );
    assert.deepEqual(verdict.problems, [
      "registry registry-1.docker.io, repository demoorg/demo: cannot read demoorg/demo:1.4.9 (dial tcp: timeout), so the pin of stable cannot be checked; nothing was changed",
    ]);
  });

  it("judges ECR's tags: a stable release is kept forever, a tag held by the pin counts as kept", () => {
    const c = config((x) => (x.channels = { beta: { pin: "1.5.0-beta.1", retention: { keepLast: 1 } } }));
    const plan = planRegistryReads(c);
    const tags = { "1.5.0-beta.1": DIGEST, "1.5.0-beta.2": OTHER };
    const results = (extra: Record<string, string>): RegistryReadResults => ({
      pinDigests: { "pin-beta-demo-ecr": { status: "found", value: DIGEST } },
      ecrTags: { "pin-beta-demo-ecr": { status: "found", value: { ...tags, ...extra } } },
      tools: {},
    });
    assert.match(
      judgeRegistryReads(c, plan, results({}), NOW).problems[0] ?? "",
      /channels\.beta\.pin: 1\.5\.0-beta\.1 is older than the newest 1 betas retention keeps/,
    );
    // In place: the pinned image already holds `beta`.
    assert.deepEqual(judgeRegistryReads(c, plan, results({ beta: DIGEST }), NOW).problems, []);
  });

  it("warns when the two registries hold different images under the pinned version", () => {
    const c = config((x) => (x.channels = { stable: { pin: "1.4.9" } }));
    const verdict = judgeRegistryReads(
      c,
      planRegistryReads(c),
      {
        pinDigests: {
          "pin-stable-demo-ecr": { status: "found", value: DIGEST },
          "pin-stable-demo-dockerhub": { status: "found", value: OTHER },
        },
        ecrTags: { "pin-stable-demo-ecr": { status: "found", value: { "1.4.9": DIGEST } } },
        tools: {},
      },
      NOW,
    );
    assert.deepEqual(verdict.problems, []);
    assert.deepEqual(verdict.warnings, [
      `the pin of stable/demo points ECR at ${DIGEST} and Docker Hub at ${OTHER}: the two registries hold different images under the same version tag`,
    ]);
  });

  it("an accepted unpinned tool image that cannot be read is a warning, not a refusal", () => {
    const c = config((x) => (x.workflows = { allowUnpinnedToolImages: true }));
    const verdict = judgeRegistryReads(
      c,
      planRegistryReads(c),
      { ...nothingRead, tools: { buildkit: { status: "failed", detail: "no daemon" } } },
      NOW,
    );
    assert.deepEqual(verdict.problems, []);
    assert.match(
      verdict.warnings[0] ?? "",
      /toolImages\.buildkit .*its digest could not be read \(reading it failed: no daemon\)/,
    );
  });

  it("knows the provider's words for a missing image, and lists every problem in one message", () => {
    assert.ok(
      isMissingImage(
        "Got error when attempting to fetch image version demo/demo:1.4.8 from registry: got bad response from registry: 404 Not Found",
      ),
    );
    assert.ok(!isMissingImage("got bad response from registry: 401 Unauthorized"));
    assert.equal(
      formatReadProblems(["a", "b"]),
      "the registries refuse 2 things this stack pins or runs; nothing was changed:\n  - a\n  - b",
    );
  });

  it("the offline plan answers only what the config decides: a pinned digest, nothing else", () => {
    assert.deepEqual(offlineRegistryReads(DOCKER_FUNCTIONS.getRegistryImage, { name: `moby/buildkit@${DIGEST}` }), {
      id: DIGEST,
      name: `moby/buildkit@${DIGEST}`,
      sha256Digest: DIGEST,
      insecureSkipVerify: false,
    });
    assert.equal(offlineRegistryReads(DOCKER_FUNCTIONS.getRegistryImage, { name: "moby/buildkit:latest" }), NOT_READ);
    assert.equal(offlineRegistryReads(AWS_FUNCTIONS.getImages, { repositoryName: "demo/demo" }), NOT_READ);
    assert.equal(offlineRegistryReads(AWS_FUNCTIONS.getAuthorizationToken, {}), NOT_READ);
    assert.equal(offlineRegistryReads("aws:iam/getRole:getRole", {}), undefined);
  });
});
