/**
 * The registry reads under the offline engine (cli/plan/calls.ts
 * `offlineRegistryReads`): what is read, through which provider, and that
 * the offline plan answers only from the config and says so. Against real
 * registries: tests/integration/pins/preview-reads.test.ts.
 */
import assert from "node:assert/strict";
import { evaluateProgram } from "../../cli/plan/evaluate";
import { offlineCalls } from "../../cli/plan/calls";
import { releaseProgram } from "../../components/program";
import { registryReadsSection } from "../../lib/plan/registry-reads";
import { AWS_FUNCTIONS, DOCKER, DOCKER_FUNCTIONS } from "../../lib/resource-types";
import { getEngine } from "../support/engine";
import { baseConfig, ofType, runProgram, toConfigMap } from "../support/program";

const DIGEST = `sha256:${"c".repeat(64)}`;

describe("the registry reads of the program, offline", () => {
  it("reads a pin's target through the explicit providers, and shows it as not read, refusing nothing", async () => {
    const c = baseConfig();
    c.channels = { stable: { pin: "1.4.9" } };
    const { resources, outputs } = await runProgram(c);
    const aws = ofType(resources, "pulumi:providers:aws").get("demo-registry-reads-aws")!;
    assert.equal(aws.inputs.region, "eu-west-1");
    assert.equal(aws.inputs.allowedAccountIds, '["111122223333"]');
    const docker = ofType(resources, DOCKER.provider).get("demo-registry-reads-docker")!;
    assert.equal(docker.inputs.disableDockerDaemonCheck, "true");
    assert.equal(docker.parentUrn, "urn:pulumi:test::release-infra::release:index:RegistryReads::demo-registry-reads");
    const reads = outputs.registryReads as { pins: Record<string, { digest: unknown; status: string }> };
    assert.deepEqual(Object.keys(reads.pins), ["pin-stable-demo-dockerhub", "pin-stable-demo-ecr"]);
    for (const read of Object.values(reads.pins)) {
      assert.equal(read.digest, null);
      assert.match(read.status, /^not read: .*offline plan, which reads no registry/);
    }
    assert.equal(ofType(resources, "pulumi-nodejs:dynamic/retag:MovingTags").size, 2);
  });

  it("asks ECR for its login and tags, and Docker Hub for the pinned version, by the names the provider resolves", async () => {
    const c = baseConfig();
    c.channels = { stable: { pin: "1.4.9" } };
    const { map } = toConfigMap(c);
    await evaluateProgram(getEngine(), releaseProgram, { config: map, call: offlineCalls() });
    const calls = getEngine().calls.filter((x) => x.token !== "github:index/getMembership:getMembership");
    const summary = calls.map((x) => [x.token, x.inputs.name ?? x.inputs.repositoryName ?? x.inputs.registryId]);
    // ECR's own name is asked only with ECR's login, which the offline engine does not give.
    assert.deepEqual(summary.sort(), [
      [AWS_FUNCTIONS.getAuthorizationToken, "111122223333"],
      [AWS_FUNCTIONS.getImages, "demo/demo"],
      [DOCKER_FUNCTIONS.getRegistryImage, "demoorg/demo:1.4.9"],
      // arm64 builds on its native runner, so QEMU's binfmt image is not read.
      [DOCKER_FUNCTIONS.getRegistryImage, "moby/buildkit:buildx-stable-1"],
    ]);
    for (const call of calls) {
      const via = call.token.startsWith("docker:") ? "pulumi:providers:docker" : "pulumi:providers:aws";
      assert.match(
        call.provider ?? "",
        new RegExp(`RegistryReads\\$${via.replace(/[:$]/g, "\\$&")}::demo-registry-reads-`),
      );
    }
  });

  it("answers a tool image pinned by digest from the config, and needs no ECR login without a pin", async () => {
    const c = baseConfig();
    c.images = [{ name: "demo", platforms: ["linux/amd64"] }];
    c.workflows = { toolImages: { buildkit: `moby/buildkit:v0.20.0@${DIGEST}` } };
    const { resources, outputs } = await runProgram(c);
    assert.equal(ofType(resources, "pulumi:providers:aws").has("demo-registry-reads-aws"), false);
    assert.deepEqual((outputs.registryReads as { toolImages: unknown }).toolImages, {
      buildkit: { reference: `moby/buildkit:v0.20.0@${DIGEST}`, digest: DIGEST, status: "read", pinned: true },
    });
  });

  it("gives the docker provider Docker Hub's login from the environment as a secret, never in the plan", async () => {
    const saved = [process.env.DOCKERHUB_USERNAME, process.env.DOCKERHUB_TOKEN] as const;
    const token = "dckr_pat_never-in-the-plan";
    Object.assign(process.env, { DOCKERHUB_USERNAME: "releasebot", DOCKERHUB_TOKEN: token });
    try {
      const { map } = toConfigMap(baseConfig());
      const { resources, outputs } = await evaluateProgram(getEngine(), releaseProgram, {
        config: map,
        call: offlineCalls(),
      });
      const docker = ofType(resources, DOCKER.provider).get("demo-registry-reads-docker")!;
      assert.deepEqual(docker.secretPaths, ["registryAuth"]);
      assert.deepEqual(JSON.parse(String(docker.rawInputs.registryAuth)), [
        { address: "registry-1.docker.io", username: "releasebot", password: token },
      ]);
      assert.ok(!JSON.stringify({ inputs: resources.map((r) => r.inputs), outputs }).includes(token));
    } finally {
      for (const [name, value] of [
        ["DOCKERHUB_USERNAME", saved[0]],
        ["DOCKERHUB_TOKEN", saved[1]],
      ] as const) {
        if (value === undefined) Reflect.deleteProperty(process.env, name);
        else process.env[name] = value;
      }
    }
  });

  it("plan.md says plainly what the offline plan could not resolve, and what pulumi preview does about it", async () => {
    const { outputs } = await runProgram(baseConfig());
    const text = registryReadsSection({ project: "demo", stack: "test", resources: [], outputs }).join("\n");
    assert.match(
      text,
      /^\| buildkit \| `moby\/buildkit:buildx-stable-1` \| \*\*no\*\*: `pulumi preview` refuses it until `workflows\.toolImages\.buildkit` pins it by digest \(it prints the digest to pin\) \| not resolved: this plan reads no registry \|$/m,
    );
    assert.match(text, /This plan is offline: it answers from the config alone/);
  });
});
