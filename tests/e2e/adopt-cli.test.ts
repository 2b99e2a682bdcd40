/**
 * `release-infra adopt` as a user runs it, in its own process, on a stack of
 * its own: offline from a saved dump, and the user errors (exit 1, no stack trace).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cliArgs } from "../../cli/launch";
import type { AdoptReport } from "../../lib/adopt";
import { GITHUB } from "../../lib/resource-types";
import { early } from "../support/early";

const ROOT = path.resolve(__dirname, "..", "..");
const DUMP = path.join(ROOT, "tests", "integration", "adopt", "fixtures", "demo-dump.json");

/** The stack the dump was read for (tests/support/program.ts's baseConfig). */
const STACK = `config:
  release-infra:project: { name: demo, displayName: Demo }
  release-infra:github: { org: demo-org, repository: demo, deployer: ada }
  release-infra:registries:
    ecr: { accountId: "111122223333", region: eu-west-1 }
    dockerhub: { namespace: demoorg }
  release-infra:images:
    - { name: demo, description: The demo server }
  release-infra:people:
    - { github: ada, dockerhub: ada0, role: admin }
    - { github: brian, dockerhub: brian0, role: admin }
    - { github: cleo, dockerhub: cleo0, role: release-manager }
    - { github: dmitri, role: maintainer }
    - { github: erin, role: triager }
`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI with only PATH and HOME from the environment: no credential of the machine leaks in. */
function cli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
    const child = spawn(process.execPath, cliArgs(ROOT, args), { cwd: ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => {
      resolve({ status, stdout, stderr });
    });
  });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-e2e-"));
const project = path.join(tmp, "project");
const importFile = path.join(tmp, "import.json");
const bad = path.join(tmp, "bad.json");

const started = early(async () => {
  fs.mkdirSync(project);
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(project, "Pulumi.yaml"));
  fs.writeFileSync(path.join(project, "Pulumi.demo.yaml"), STACK);
  fs.writeFileSync(bad, JSON.stringify({ version: 1, stack: "demo" }));
  const adopt = (...args: string[]) => cli(["adopt", "--dir", project, "--stack", "demo", ...args]);
  const [fromDump, badDump, noCredentials] = await Promise.all([
    adopt("--from", DUMP, "--json", "--import-file", importFile),
    adopt("--from", bad),
    adopt(),
  ]);
  return { fromDump, badDump, noCredentials };
});

describe("release-infra adopt (the command)", function () {
  this.timeout(60_000);
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("compares a stack with a saved dump offline, exit 0, and writes the import file", async () => {
    const { fromDump } = await started();
    assert.equal(fromDump.status, 0, fromDump.stderr);
    const report = JSON.parse(fromDump.stdout) as AdoptReport & { summary: Record<string, number> };
    assert.equal(report.stack, "demo");
    const admins = report.entries.find((e) => e.type === GITHUB.team && e.key === "demo-admins");
    assert.equal(admins?.status, "changed");
    assert.ok(report.unmanaged.some((u) => u.kind === "repository" && u.key === "demoorg/website"));
    assert.ok(report.summary.create! > 0 && report.summary.changed! > 0);
    const written = JSON.parse(fs.readFileSync(importFile, "utf8")) as { resources: { id: string }[] };
    assert.deepEqual(written.resources.map((r) => r.id).sort(), report.imports.map((c) => c.id).sort());
    assert.ok(written.resources.some((r) => r.id === "demo-admins"));
    assert.ok(written.resources.some((r) => r.id === "demo/demo"));
  });

  it("a bad dump exits 1 with each problem's path and the fix, no stack trace", async () => {
    const { badDump } = await started();
    assert.equal(badDump.status, 1);
    assert.match(
      badDump.stderr,
      /^release-infra: --from .*bad\.json is not a dump adopt can read \(version 1\):\n {2}- readAt: /,
    );
    assert.match(badDump.stderr, /Write it again with release-infra adopt --stack <name> --save .*bad\.json\.\n$/);
    assert.doesNotMatch(badDump.stderr, /\n\s+at /);
  });

  it("without credentials exits 1 naming the variables to set", async () => {
    const { noCredentials } = await started();
    assert.equal(noCredentials.status, 1);
    assert.match(noCredentials.stderr, /GITHUB_TOKEN/);
    assert.match(noCredentials.stderr, /DOCKERHUB_ORG and DOCKERHUB_ORG_TOKEN/);
    assert.doesNotMatch(noCredentials.stderr, /\n\s+at /);
  });
});
