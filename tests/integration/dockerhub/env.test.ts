import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clientFromEnv, HubConfigurationError } from "../../../providers/dockerhub/client";
import { startStandalone } from "../../support/dockerhub-emulator/standalone";

describe("Docker Hub client: configuration from the environment", () => {
  it("with nothing set, names both credential pairs and what each should hold", () => {
    assert.throws(
      () => clientFromEnv({}),
      (error: unknown) =>
        error instanceof HubConfigurationError &&
        /set DOCKERHUB_USERNAME and DOCKERHUB_TOKEN \(a Docker Hub user .* personal access token/.test(error.message) &&
        /set DOCKERHUB_ORG and DOCKERHUB_ORG_TOKEN \(the organization's name and an organization access token/.test(
          error.message,
        ),
    );
  });

  it("names only the missing half of a pair, and treats blank as missing", () => {
    assert.throws(
      () => clientFromEnv({ DOCKERHUB_USERNAME: "cortex", DOCKERHUB_TOKEN: "  " }),
      (error: unknown) =>
        error instanceof HubConfigurationError &&
        error.message.startsWith("DOCKERHUB_TOKEN is not set") &&
        !error.message.includes("DOCKERHUB_ORG"),
    );
    assert.throws(
      () => clientFromEnv({ DOCKERHUB_USERNAME: "ada", DOCKERHUB_TOKEN: "dckr_pat_x", DOCKERHUB_ORG: "acme" }),
      /^HubConfigurationError: DOCKERHUB_ORG_TOKEN is not set/,
    );
  });

  it("shares one client, and so one login per credential, between callers in a process", () => {
    const env = {
      DOCKERHUB_ORG: "acme",
      DOCKERHUB_ORG_TOKEN: "dckr_oat_shared",
      DOCKERHUB_API_URL: "http://127.0.0.1:9",
    };
    assert.equal(clientFromEnv(env), clientFromEnv({ ...env }));
    assert.notEqual(clientFromEnv(env), clientFromEnv({ ...env, DOCKERHUB_ORG_TOKEN: "dckr_oat_other" }));
    // Tuned clients (tests' clocks and retries) are never shared.
    assert.notEqual(clientFromEnv(env, { maxRetries: 0 }), clientFromEnv(env, { maxRetries: 0 }));
  });

  it("rejects a DOCKERHUB_API_URL that is not http(s)", () => {
    assert.throws(
      () =>
        clientFromEnv({
          DOCKERHUB_USERNAME: "cortex",
          DOCKERHUB_TOKEN: "dckr_oat_x",
          DOCKERHUB_API_URL: "hub.docker.com",
        }),
      /DOCKERHUB_API_URL must be an http\(s\) URL/,
    );
  });

  it("drives the standalone emulator with the variables it prints", async () => {
    const { emulator, instructions } = await startStandalone(["--org", "acme", "--token", "dckr_oat_standalone"], {});
    try {
      const env = Object.fromEntries(
        instructions
          .map((line) => /^\s+export (\w+)=(.+)$/.exec(line))
          .filter((match) => match !== null)
          .map((match) => [match[1], match[2]]),
      ) as Record<string, string>;
      assert.deepEqual(Object.keys(env).sort(), [
        "DOCKERHUB_API_URL",
        "DOCKERHUB_ORG",
        "DOCKERHUB_ORG_TOKEN",
        "DOCKERHUB_TOKEN",
        "DOCKERHUB_USERNAME",
      ]);
      assert.equal(env.DOCKERHUB_API_URL, emulator.url);
      const client = clientFromEnv(env);
      const repo = await client.createRepository({ namespace: "acme", name: "hello", isPrivate: false });
      assert.equal(repo.namespace, "acme");
      assert.equal(client.stats.logins, 1);
      // The overview route is a legacy one: the owner's personal access token logs in for it.
      await client.updateRepository("acme", "hello", { description: "hi" });
      assert.equal(client.stats.logins, 2);
    } finally {
      await emulator.close();
    }
  });

  it("seeds the standalone emulator from a file and arms its faults", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hub-seed-"));
    const file = join(dir, "seed.json");
    writeFileSync(
      file,
      JSON.stringify({
        repositories: [
          {
            name: "cortex",
            tags: [
              { name: "nightly-20200101", ageDays: 300 },
              { name: "old", withoutDigest: true },
            ],
          },
        ],
      }),
    );
    const { emulator, instructions } = await startStandalone(
      ["--org", "acme", "--seed", file, "--fail", "1:503:tags.list"],
      {},
    );
    try {
      assert.ok(instructions.some((line) => line.includes("Armed faults: 1:503:tags.list")));
      const env = Object.fromEntries(
        instructions
          .map((line) => /^\s+export (\w+)=(.+)$/.exec(line))
          .filter((m) => m !== null)
          .map((m) => [m[1], m[2]]),
      ) as Record<string, string>;
      const tags = await clientFromEnv(env, { retryBaseDelayMs: 1 }).listTags("acme", "cortex");
      assert.deepEqual(tags.map((t) => [t.name, t.digest === undefined]).sort(), [
        ["nightly-20200101", false],
        ["old", true],
      ]);
      assert.equal(emulator.countRequests({ route: "tags.list" }), 2, "the armed 503, then the retry");
      await assert.rejects(() => startStandalone(["--fail", "three"], {}), /--fail takes N:STATUS\[:ROUTE\]/);
    } finally {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses an invalid standalone port", async () => {
    await assert.rejects(() => startStandalone(["--port", "http"], {}), /port must be an integer 0-65535/);
  });
});
