/**
 * The registry reads before anything is registered (components/registry-reads.ts),
 * with real registries behind the invokes: the mock engine's call handler
 * answers `docker.getRegistryImage` from Debian's docker-registry standing in
 * for Docker Hub (Basic auth here, the token flow below) and from moto for ECR,
 * `aws.ecr.getAuthorizationToken` and `aws.ecr.getImages` from moto
 * (tests/support/registry-calls.ts). The program runs as `pulumi preview`
 * runs it (the engine is in preview mode).
 */
import assert from "node:assert/strict";
import { CreateRepositoryCommand, ECRClient, PutImageCommand } from "@aws-sdk/client-ecr";
import * as pulumi from "@pulumi/pulumi";
import { evaluateProgram, type Evaluation } from "../../../cli/plan/evaluate";
import { releaseProgram } from "../../../components/program";
import { ecrRepositoryWhere, missingPinTargetMessage, ociRepositoryWhere } from "../../../lib/pins/messages";
import { DOCKER_HUB_REGISTRY_URL } from "../../../lib/pins/targets";
import { DOCKER, DOCKER_FUNCTIONS } from "../../../lib/resource-types";
import { getEngine } from "../../support/engine";
import { sharedMoto, type MotoServer } from "../../support/moto";
import { baseConfig, ofType, toConfigMap, type Fixture } from "../../support/program";
import { registryCalls } from "../../support/registry-calls";
import { RegistrySeeder, startRegistry, type RegistryServer } from "../../support/registry";
import { rejection } from "../../support/rejection";

const ACCOUNT = "123456789012"; // moto's account
const REGION = "eu-west-1";
const HUB_REPOSITORY = "demoorg/demo";
const MOVING = "pulumi-nodejs:dynamic/retag:MovingTags";
const VARIABLES = ["DOCKERHUB_USERNAME", "DOCKERHUB_TOKEN"] as const;
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";

/** What a failed run may have registered: the read, and nothing that changes anything. */
const READ_ONLY_TYPES = new Set([
  "pulumi:pulumi:StackReference",
  "release:index:RegistryReads",
  DOCKER.provider,
  "pulumi:providers:aws",
]);

interface Seeded {
  readonly hub: Record<string, string>;
  readonly ecr: Record<string, string>;
  readonly tools: { readonly buildkit: string; readonly binfmt: string };
}

const EMULATED_ARM = { "linux/arm64": "emulate" };

/**
 * A stack whose ECR account is moto's: stable pinned to `pin` and, unless
 * `tools` is false, tool images pinned to what the registry holds.
 */
function stack(seeded: Seeded, channels: Record<string, unknown>, tools = true): Fixture {
  const c = baseConfig();
  c.registries = { ecr: { accountId: ACCOUNT, region: REGION }, dockerhub: { namespace: "demoorg" } };
  c.channels = channels;
  // arm64 under QEMU, so that the workflows run both tool images.
  c.workflows = { platformRunners: EMULATED_ARM };
  if (tools) {
    c.workflows = {
      platformRunners: EMULATED_ARM,
      toolImages: {
        binfmt: `tonistiigi/binfmt:latest@${seeded.tools.binfmt}`,
        buildkit: `moby/buildkit:buildx-stable-1@${seeded.tools.buildkit}`,
      },
    };
  }
  return c;
}

function describeReads(auth: "basic" | "token"): void {
  describe(`with Docker Hub as docker-registry 2.8 (${auth === "basic" ? "Basic auth" : "the token flow"}) and ECR as moto`, function () {
    this.timeout(60_000);
    let moto: MotoServer;
    let hub: RegistryServer;
    let seeder: RegistrySeeder;
    let ecr: ECRClient;
    let seeded: Seeded;
    const saved = VARIABLES.map((name) => [name, process.env[name]] as const);

    const run = (config: Fixture): Promise<Evaluation> =>
      evaluateProgram(getEngine(), releaseProgram, {
        config: toConfigMap(config).map,
        call: registryCalls(getEngine(), {
          dockerHub: hub,
          ecr: { endpoint: moto.endpoint, region: REGION },
        }),
      });

    /** Pushes one image to Docker Hub and, unless `hubOnly`, the same bytes to ECR (the workflows push one digest to both). */
    async function push(ecrRepository: string, tags: readonly string[], seed: string, where: "both" | "hub" | "ecr") {
      const digest = await seeder.pushImage(`${HUB_REPOSITORY}-staging`, ["staging"], seed);
      const { body } = await seeder.manifestOf(`${HUB_REPOSITORY}-staging`, "staging");
      if (where !== "ecr") await seeder.pushImage(HUB_REPOSITORY, tags, seed);
      if (where !== "hub") {
        for (const tag of tags) {
          await ecr.send(
            new PutImageCommand({
              repositoryName: ecrRepository,
              imageTag: tag,
              imageManifest: body.toString("utf8"),
              imageManifestMediaType: OCI_INDEX,
              imageDigest: digest,
            }),
          );
        }
      }
      return digest;
    }

    before(async () => {
      moto = await sharedMoto();
      hub = await startRegistry({ auth });
      seeder = new RegistrySeeder(hub);
      ecr = new ECRClient({
        endpoint: moto.endpoint,
        region: REGION,
        credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
        maxAttempts: 1,
      });
      for (const repositoryName of ["demo/demo", "demo/beta/demo"])
        await ecr.send(new CreateRepositoryCommand({ repositoryName }));
      const hubDigests: Record<string, string> = {};
      const ecrDigests: Record<string, string> = {};
      for (const [version, where] of [
        ["1.4.7", "hub"],
        ["1.4.8", "ecr"],
        ["1.4.9", "both"],
      ] as const) {
        const digest = await push("demo/demo", [version], version, where);
        if (where !== "ecr") hubDigests[version] = digest;
        if (where !== "hub") ecrDigests[version] = digest;
      }
      const newest = await push("demo/demo", ["1.5.0", "1.5", "1", "stable", "latest"], "1.5.0", "both");
      hubDigests["1.5.0"] = newest;
      ecrDigests["1.5.0"] = newest;
      for (const n of [1, 2, 3, 4]) {
        const tags = [`1.6.0-beta.${String(n)}`, ...(n === 4 ? ["beta"] : [])];
        await push("demo/beta/demo", tags, `beta ${String(n)}`, "both");
      }
      const buildkit = await seeder.pushImage("moby/buildkit", ["buildx-stable-1"], "buildkit");
      const binfmt = await seeder.pushImage("tonistiigi/binfmt", ["latest"], "binfmt");
      seeded = { hub: hubDigests, ecr: ecrDigests, tools: { buildkit, binfmt } };
      process.env.DOCKERHUB_USERNAME = hub.username;
      process.env.DOCKERHUB_TOKEN = hub.password;
    });
    after(async () => {
      ecr.destroy();
      for (const [name, value] of saved) {
        if (value === undefined) Reflect.deleteProperty(process.env, name);
        else process.env[name] = value;
      }
      await hub.stop();
      await moto.stop();
    });

    it("a valid pin shows both registries' digests in the outputs and goes on to declare the pin", async () => {
      const { resources, outputs } = await run(stack(seeded, { stable: { pin: "1.4.9" } }));
      const reads = outputs.registryReads as {
        pins: Record<string, { digest: string | null; reference: string }>;
        toolImages: Record<string, { digest: string | null; pinned: boolean }>;
      };
      assert.deepEqual(reads.pins["pin-stable-demo-ecr"], {
        reference: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/demo/demo:1.4.9`,
        digest: seeded.ecr["1.4.9"],
        status: "read",
        channel: "stable",
        image: "demo",
      });
      assert.equal(reads.pins["pin-stable-demo-dockerhub"]?.digest, seeded.hub["1.4.9"]);
      assert.equal(reads.pins["pin-stable-demo-dockerhub"]?.reference, "demoorg/demo:1.4.9");
      assert.equal(reads.toolImages.buildkit?.digest, seeded.tools.buildkit);
      assert.equal(ofType(resources, MOVING).size, 2);
      // Every registry read went through the explicit docker provider.
      const imageReads = getEngine().calls.filter((c) => c.token === DOCKER_FUNCTIONS.getRegistryImage);
      assert.ok(imageReads.length >= 4);
      for (const call of imageReads)
        assert.match(
          call.provider ?? "",
          /release:index:RegistryReads\$pulumi:providers:docker::demo-registry-reads-docker::/,
        );
    });

    it("keeps both logins secret: the provider's registryAuth is a secret, and neither password is in the plan or the outputs", async () => {
      const { resources, outputs } = await run(stack(seeded, { stable: { pin: "1.4.9" } }));
      const provider = ofType(resources, DOCKER.provider).get("demo-registry-reads-docker")!;
      assert.deepEqual(provider.secretPaths, ["registryAuth"]);
      assert.equal(provider.inputs.registryAuth, "[secret]");
      assert.equal(provider.inputs.disableDockerDaemonCheck, "true");
      const logins = JSON.parse(String(provider.rawInputs.registryAuth)) as {
        address: string;
        username: string;
        password: string;
      }[];
      assert.deepEqual(
        logins.map((l) => [l.address, l.username]),
        [
          ["registry-1.docker.io", hub.username],
          [`https://${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`, "AWS"],
        ],
      );
      const ecrPassword = logins[1]!.password;
      assert.ok(ecrPassword.length > 0);
      const shown = JSON.stringify({ inputs: resources.map((r) => r.inputs), outputs });
      for (const secret of [hub.password, ecrPassword]) assert.ok(!shown.includes(secret), "a password leaked");
    });

    it("a pin to a version missing on Docker Hub fails with the retag provider's message and registers nothing else", async () => {
      const error = await rejection(() => run(stack(seeded, { stable: { pin: "1.4.8" } })));
      assert.ok(error instanceof pulumi.RunError);
      const where = ociRepositoryWhere(DOCKER_HUB_REGISTRY_URL, HUB_REPOSITORY);
      assert.equal(
        error.message,
        [
          "the registries refuse one thing this stack pins or runs; nothing was changed:",
          `  - ${missingPinTargetMessage(where, "1.4.8", ["1.4", "1", "stable", "latest"])}`,
        ].join("\n"),
      );
      assert.deepEqual(
        getEngine()
          .resources.filter((r) => !READ_ONLY_TYPES.has(r.type))
          .map((r) => r.type),
        [],
      );
    });

    it("a pin to a version missing in ECR fails the same way, naming the ECR repository", async () => {
      const error = await rejection(() => run(stack(seeded, { stable: { pin: "1.4.7" } })));
      const where = ecrRepositoryWhere({ region: REGION, registryId: ACCOUNT }, "demo/demo");
      assert.ok(
        error.message.includes(missingPinTargetMessage(where, "1.4.7", ["1.4", "1", "stable", "latest"])),
        error.message,
      );
      assert.ok(!error.message.includes("registry-1.docker.io"), "Docker Hub has 1.4.7");
      assert.deepEqual(
        getEngine()
          .resources.filter((r) => !READ_ONLY_TYPES.has(r.type))
          .map((r) => r.type),
        [],
      );
    });

    it("a beta retention no longer keeps in ECR fails with planPin's reason and the newest version to pin", async () => {
      const error = await rejection(() =>
        run(stack(seeded, { beta: { pin: "1.6.0-beta.1", retention: { keepLast: 2 } } })),
      );
      assert.match(
        error.message,
        /^ {2}- ECR repository demo\/beta\/demo \(123456789012, eu-west-1\): channels\.beta\.pin: 1\.6\.0-beta\.1 is older than the newest 2 betas retention keeps \(channels\.beta\.retention\.keepLast\), and the registries may remove it at any time; pin a version retention keeps, such as 1\.6\.0-beta\.4; nothing was changed$/m,
      );
      // The one it names passes.
      const { resources } = await run(stack(seeded, { beta: { pin: "1.6.0-beta.4", retention: { keepLast: 2 } } }));
      assert.equal(ofType(resources, MOVING).size, 2);
    });

    it("refuses a tool image left to its action's moving tag, giving the pin to copy; accepts it when the config says so", async () => {
      const error = await rejection(() => run(stack(seeded, {}, false)));
      const buildkit = `moby/buildkit:buildx-stable-1@${seeded.tools.buildkit}`;
      const binfmt = `tonistiigi/binfmt:latest@${seeded.tools.binfmt}`;
      assert.match(error.message, /^the registries refuse 2 things this stack pins or runs; nothing was changed:$/m);
      assert.ok(error.message.includes(`workflows.toolImages.buildkit: "${buildkit}"`), error.message);
      assert.ok(error.message.includes(`workflows.toolImages.binfmt: "${binfmt}"`), error.message);
      assert.match(
        error.message,
        /release-infra:workflows\.toolImages\.buildkit is not set, so every release build runs docker\/setup-buildx-action's default BuildKit image moby\/buildkit:buildx-stable-1/,
      );

      const c = stack(seeded, {}, false);
      c.workflows = { platformRunners: EMULATED_ARM, allowUnpinnedToolImages: true };
      const { outputs } = await run(c);
      const tools = (outputs.registryReads as { toolImages: Record<string, unknown> }).toolImages;
      assert.deepEqual(tools.buildkit, {
        reference: "moby/buildkit:buildx-stable-1",
        digest: seeded.tools.buildkit,
        status: "read",
        pinned: false,
        allowedUnpinned: true,
      });
    });

    it("refuses a tool image pinned to a digest its registry does not have", async () => {
      const c = stack(seeded, {});
      const absent = `sha256:${"0".repeat(64)}`;
      c.workflows = { toolImages: { buildkit: `moby/buildkit:v0.20.0@${absent}` }, allowUnpinnedToolImages: true };
      const error = await rejection(() => run(c));
      assert.match(
        error.message,
        /release-infra:workflows\.toolImages\.buildkit: moby\/buildkit:v0\.20\.0@sha256:0{64} does not exist in its registry/,
      );
    });

    if (auth === "token") {
      it("logs in to Docker Hub's token service with DOCKERHUB_USERNAME, for the scope the registry's challenge names", async () => {
        const from = hub.tokenRequests.length;
        await run(stack(seeded, { stable: { pin: "1.4.9" } }));
        const requests = hub.tokenRequests.slice(from);
        assert.ok(
          requests.some(
            (r) => r.granted && r.username === hub.username && r.scopes.includes(`repository:${HUB_REPOSITORY}:pull`),
          ),
          JSON.stringify(requests),
        );
      });

      it("a Docker Hub login the token service refuses fails the pin as unreadable, without the password", async () => {
        process.env.DOCKERHUB_TOKEN = "not-the-token";
        try {
          const error = await rejection(() => run(stack(seeded, { stable: { pin: "1.4.9" } })));
          assert.match(
            error.message,
            /registry registry-1\.docker\.io, repository demoorg\/demo: cannot read demoorg\/demo:1\.4\.9 \(.*got bad response from registry: 401 Unauthorized\)/,
          );
          assert.ok(!error.message.includes("not-the-token"));
        } finally {
          process.env.DOCKERHUB_TOKEN = hub.password;
        }
      });
    }
  });
}

describe("pulumi preview reads each pin's target and each tool image before it registers anything", () => {
  describeReads("basic");
  describeReads("token");
});
