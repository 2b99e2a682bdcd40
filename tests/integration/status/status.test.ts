/**
 * `release-infra status` against real registries: Debian's docker-registry
 * standing in for Docker Hub (Basic auth, then the token flow Docker Hub
 * uses) and moto for ECR, read the way the command reads them (the registry
 * API's tag list and HEADs; ECR's ListImages through the AWS SDK, configured
 * from the environment). The command itself runs once in its own process,
 * for the table and for --json.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CreateRepositoryCommand, ECRClient, PutImageCommand } from "@aws-sdk/client-ecr";
import { cliArgs } from "../../../cli/launch";
import { DISAGREE_EXIT_CODE, readRegistryStatus, statusExitCode } from "../../../cli/status";
import { renderStatusTable, type RegistryStatus } from "../../../lib/status/registry-status";
import { sharedMoto, type MotoServer } from "../../support/moto";
import { RegistrySeeder, startRegistry, type RegistryAuth, type RegistryServer } from "../../support/registry";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const AWS_VARIABLES = [
  "AWS_ENDPOINT_URL_ECR",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_PROFILE",
  "AWS_MAX_ATTEMPTS",
] as const;

/** The demo stack, in moto's account; `channels` is YAML for release-infra:channels. */
function stackFile(channels: string): string {
  return `config:
  release-infra:project: { name: demo, displayName: Demo }
  release-infra:github: { org: demo-org, repository: demo, deployer: ada }
  release-infra:registries:
    ecr: { accountId: "${ACCOUNT}", region: ${REGION} }
    dockerhub: { namespace: demoorg }
  release-infra:images:
    - { name: demo, description: The demo server }
  release-infra:channels: ${channels}
  release-infra:people:
    - { github: ada, dockerhub: ada0, role: admin }
    - { github: brian, dockerhub: brian0, role: admin }
`;
}

function describeStatus(auth: RegistryAuth): void {
  describe(`with Docker Hub as docker-registry 2.8 (${auth === "basic" ? "Basic auth" : "the token flow"}) and ECR as moto`, function () {
    this.timeout(60_000);
    let moto: MotoServer;
    let hub: RegistryServer;
    let seeder: RegistrySeeder;
    let ecr: ECRClient;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "status-"));
    const digests: Record<string, string> = {};
    let env: Record<string, string>;
    const saved = AWS_VARIABLES.map((name) => [name, process.env[name]] as const);

    /** One image, the same bytes in both registries unless `where` says one. */
    async function push(
      repositories: { ecr: string; hub: string },
      tags: readonly string[],
      seed: string,
      where = "both",
    ) {
      const digest = await seeder.pushImage("staging/demo", ["staging"], seed);
      const { body } = await seeder.manifestOf("staging/demo", "staging");
      if (where !== "ecr") await seeder.pushImage(repositories.hub, tags, seed);
      if (where !== "hub") {
        for (const tag of tags) {
          await ecr.send(
            new PutImageCommand({
              repositoryName: repositories.ecr,
              imageTag: tag,
              imageManifest: body.toString("utf8"),
              imageManifestMediaType: OCI_INDEX,
              imageDigest: digest,
            }),
          );
        }
      }
      digests[seed] = digest;
    }

    const read = (stack: string): Promise<RegistryStatus> =>
      readRegistryStatus({ dir, stack, dockerhubRegistry: hub.baseUrl, env });

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
      env = { DOCKERHUB_USERNAME: hub.username, DOCKERHUB_TOKEN: hub.password };
      // The command's ECR client is configured from the environment only, as under a real run.
      Object.assign(process.env, {
        AWS_ENDPOINT_URL_ECR: moto.endpoint,
        AWS_ACCESS_KEY_ID: "testing",
        AWS_SECRET_ACCESS_KEY: "testing",
        AWS_MAX_ATTEMPTS: "1",
      });
      for (const name of ["AWS_SESSION_TOKEN", "AWS_PROFILE"]) Reflect.deleteProperty(process.env, name);
      for (const repositoryName of ["demo/demo", "demo/beta/demo", "demo/nightly/demo"])
        await ecr.send(new CreateRepositoryCommand({ repositoryName }));
      const stable = { ecr: "demo/demo", hub: "demoorg/demo" };
      const beta = { ecr: "demo/beta/demo", hub: "demoorg/demo" };
      await push(stable, ["1.4.9", "1.4"], "1.4.9");
      await push(stable, ["1.5.0", "1.5", "1", "stable", "latest"], "1.5.0");
      await push(beta, ["1.6.0-beta.1"], "1.6.0-beta.1");
      // `beta` moved in ECR only: the two registries disagree.
      await push(beta, ["1.6.0-beta.2", "beta"], "1.6.0-beta.2", "ecr");
      await push(beta, ["beta"], "1.6.0-beta.1", "hub");
      fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
      fs.writeFileSync(path.join(dir, "Pulumi.demo.yaml"), stackFile("{}"));
      fs.writeFileSync(path.join(dir, "Pulumi.pinned.yaml"), stackFile('{ stable: { pin: "1.4.9" } }'));
    });
    after(async () => {
      for (const [name, value] of saved) {
        if (value === undefined) Reflect.deleteProperty(process.env, name);
        else process.env[name] = value;
      }
      ecr.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
      await hub.stop();
      await moto.stop();
    });

    it("names the version and digest of every moving tag in both registries, and flags where they disagree", async () => {
      const status = await read("demo");
      const stable = status.channels.find((c) => c.channel === "stable")!;
      assert.deepEqual(
        stable.tags.map((t) => [t.tag, t.ecr?.version, t.dockerhub?.version, t.agree, t.pin]),
        [
          ["1", "1.5.0", "1.5.0", true, "not pinned"],
          ["1.4", "1.4.9", "1.4.9", true, "not pinned"],
          ["1.5", "1.5.0", "1.5.0", true, "not pinned"],
          ["latest", "1.5.0", "1.5.0", true, "not pinned"],
          ["stable", "1.5.0", "1.5.0", true, "not pinned"],
        ],
      );
      assert.equal(stable.tags.find((t) => t.tag === "latest")?.ecr?.digest, digests["1.5.0"]);
      const beta = status.channels.find((c) => c.channel === "beta")!;
      assert.deepEqual(beta.tags, [
        {
          tag: "beta",
          ecr: { digest: digests["1.6.0-beta.2"], version: "1.6.0-beta.2" },
          dockerhub: { digest: digests["1.6.0-beta.1"], version: "1.6.0-beta.1" },
          agree: false,
          pin: "not pinned",
        },
      ]);
      // No nightly was pushed: its moving tag is missing in both, which is agreement.
      const nightly = status.channels.find((c) => c.channel === "nightly")!;
      assert.deepEqual(
        nightly.tags.map((t) => [t.tag, t.ecr, t.dockerhub, t.agree]),
        [["nightly", null, null, true]],
      );
      assert.equal(status.agree, false);
      assert.equal(statusExitCode(status), DISAGREE_EXIT_CODE);
      const table = renderStatusTable(status);
      assert.match(
        table,
        /^ {2}beta {2}1\.6\.0-beta\.2 sha256:[0-9a-f]{12} {2}1\.6\.0-beta\.1 sha256:[0-9a-f]{12} {2}NO {5}-$/m,
      );
      assert.match(table, /the registries DISAGREE/);
    });

    if (auth === "basic") {
      it("prints the table, and --json for scripts, as a command, exiting 3 while they disagree; a pin shows as not held", async () => {
        const run = (args: string[]) =>
          new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
            const child = spawn(
              process.execPath,
              cliArgs(ROOT, ["status", "--dir", dir, "--dockerhub-registry", hub.baseUrl, ...args]),
              {
                cwd: ROOT,
                env: {
                  PATH: process.env.PATH ?? "",
                  HOME: process.env.HOME ?? "",
                  AWS_ENDPOINT_URL_ECR: moto.endpoint,
                  AWS_ACCESS_KEY_ID: "testing",
                  AWS_SECRET_ACCESS_KEY: "testing",
                  AWS_MAX_ATTEMPTS: "1",
                  ...env,
                },
              },
            );
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
            child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
            child.on("error", reject);
            child.on("close", (status) => {
              resolve({ status, stdout, stderr });
            });
          });
        const [table, json] = await Promise.all([run(["--stack", "pinned"]), run(["--stack", "pinned", "--json"])]);
        assert.equal(table.status, DISAGREE_EXIT_CODE, table.stderr);
        assert.match(table.stdout, /^stable demo \(ECR demo\/demo, Docker Hub demoorg\/demo; pin: 1\.4\.9\)$/m);
        assert.match(
          table.stdout,
          /^ {2}latest +1\.5\.0 sha256:[0-9a-f]{12} +1\.5\.0 sha256:[0-9a-f]{12} +yes +not held$/m,
        );
        assert.equal(json.status, DISAGREE_EXIT_CODE, json.stderr);
        const report = JSON.parse(json.stdout) as RegistryStatus;
        assert.equal(report.stack, "pinned");
        assert.equal(report.pinsHeld, false);
        assert.deepEqual(
          report.channels
            .find((c) => c.channel === "stable")!
            .tags.filter((t) => t.pin !== "not pinned")
            .map((t) => [t.tag, t.pin]),
          [
            ["1", "not held"],
            ["1.4", "held"],
            ["latest", "not held"],
            ["stable", "not held"],
          ],
        );
        assert.ok(!json.stdout.includes(hub.password) && !table.stdout.includes(hub.password));
      });
    }

    it("reports a registry it cannot read instead of guessing, and counts it as disagreement", async () => {
      const status = await readRegistryStatus({
        dir,
        stack: "demo",
        dockerhubRegistry: hub.baseUrl,
        env: { DOCKERHUB_USERNAME: hub.username, DOCKERHUB_TOKEN: "not-the-token" },
      });
      for (const c of status.channels) assert.match(c.dockerhub.error ?? "", /refused|401/);
      assert.equal(status.agree, false);
      assert.ok(!JSON.stringify(status).includes("not-the-token"));
    });
  });
}

describe("release-infra status", () => {
  describeStatus("basic");
  describeStatus("token");
});
