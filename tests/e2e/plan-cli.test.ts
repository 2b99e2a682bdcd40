import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { accessGrants } from "../../lib/access/grants";
import { parseConfigMap } from "../../lib/config";
import { parseStackFile } from "../../lib/plan";
import { UserError } from "../../cli/errors";
import { cliArgs } from "../../cli/launch";
import { PLAN_RECORD } from "../../cli/plan/output-dir";
import { runPlan } from "../../cli/plan/run";
import { early } from "../support/early";

const ROOT = path.resolve(__dirname, "..", "..");

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in its own process, as a user would. */
function cli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgs(ROOT, args), { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (status) => {
      resolve({ status, stdout, stderr });
    });
  });
}

/** A project dir holding Pulumi.yaml and one stack file. */
function project(dir: string, stack: string, stackText: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.cpSync(path.join(ROOT, "docs"), path.join(dir, "docs"), { recursive: true });
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stackText);
  return dir;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-e2e-"));
const prodText = fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8");

// Each run is a whole process (seconds to load the SDK): all start together, early.
const started = early(async () => {
  const badDir = project(
    path.join(tmp, "bad"),
    "bad",
    prodText
      .replace("role: release-manager, name: Bob", "role: owner, name: Bob")
      .replace('schedule: "17 20 * * *"', 'schedule: "0 3 * * *"')
      .replace("keepLast: 20", "keepLast: 0"),
  );
  // The last deployment: the prod stack's access, computed by the same pure code.
  const deployed = parseConfigMap(parseStackFile(prodText, "Pulumi.prod.yaml").config);
  if (!deployed.ok) throw new Error("Pulumi.prod.yaml is invalid");
  const previous = path.join(tmp, "previous.json");
  fs.writeFileSync(previous, JSON.stringify({ outputs: { access: accessGrants(deployed.config) } }));
  // Three people fewer than deployed, and a secure value the plan must never print.
  const guardDir = project(
    path.join(tmp, "guard"),
    "g",
    prodText
      .replace(/^ {4}- \{ github: (dave|erin|frank)-example.*\n/gm, "")
      .replace("config:\n", "config:\n  release-infra:githubToken:\n    secure: v1:c2VjcmV0LWNpcGhlcnRleHQ=\n"),
  );

  // The prod plan goes where a user keeps files of their own, and where an earlier plan wrote a file this one does not.
  const prodOut = path.join(tmp, "prod");
  fs.mkdirSync(path.join(prodOut, "files", "cortex.cpp"), { recursive: true });
  fs.writeFileSync(path.join(prodOut, "NOTES.md"), "mine\n");
  fs.writeFileSync(path.join(prodOut, "files", "cortex.cpp", "mine.yml"), "mine\n");
  fs.writeFileSync(path.join(prodOut, "files", "cortex.cpp", "retired.yml"), "an earlier plan's\n");
  fs.writeFileSync(
    path.join(prodOut, PLAN_RECORD),
    JSON.stringify({ files: ["files/cortex.cpp/retired.yml", "plan.json", "plan.md"] }),
  );
  // A plan directory holding a plan.md no plan wrote.
  const takenOut = path.join(tmp, "taken");
  fs.mkdirSync(takenOut);
  fs.writeFileSync(path.join(takenOut, "plan.md"), "my own notes\n");

  const [prod, bad, guard, taken] = await Promise.all([
    cli(["plan", "--stack", "prod", "--out", prodOut]),
    cli(["plan", "--dir", badDir, "--stack", "bad", "--out", path.join(badDir, "out")]),
    cli(["plan", "--dir", guardDir, "--stack", "g", "--out", path.join(guardDir, "out"), "--previous", previous]),
    cli(["plan", "--stack", "prod", "--out", takenOut]),
  ]);
  return { prod, bad, guard, taken };
});

describe("release-infra plan (end to end)", function () {
  this.timeout(90_000);
  const runs: Record<string, Run> = {};

  before(async () => {
    Object.assign(runs, await started());
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("plans the prod stack from Pulumi.prod.yaml and writes plan.json and plan.md", () => {
    const r = runs.prod!;
    assert.equal(r.status, 0, r.stderr);

    const plan = JSON.parse(fs.readFileSync(path.join(tmp, "prod", "plan.json"), "utf8")) as {
      project: string;
      stack: string;
      resources: { type: string; name: string; parent?: string; inputs: Record<string, unknown> }[];
      outputs: { access: { person: string; grant: string }[] };
    };
    const created = plan.resources.filter(
      (x) => !x.type.startsWith("release:") && x.type !== "pulumi:pulumi:StackReference",
    ).length;
    assert.match(r.stdout, new RegExp(`^planned stack prod: ${created} resources; wrote \\d+ files to `));
    assert.equal(plan.project, "release-infra");
    assert.equal(plan.stack, "prod");
    const teams = plan.resources.filter((x) => x.type === "github:index/team:Team").map((x) => x.inputs.name);
    assert.deepEqual(teams, ["cortex-admins", "cortex-maintainers", "cortex-release-managers", "cortex-triagers"]);
    const members = plan.resources.find((x) => x.name === "cortex-access-members-release-manager");
    assert.ok(members);
    assert.deepEqual(members.inputs.members, [
      // No organization owner in the team: the first by login is its maintainer.
      { role: "maintainer", username: "bob-example" },
      { role: "member", username: "carol-example" },
    ]);
    assert.match(members.parent ?? "", /release:github:Access::cortex-access$/);
    // 8 people x 2 GitHub grants (team, repository: organization membership is not managed), plus a Docker Hub team for the 5 with a Docker ID.
    assert.equal(plan.outputs.access.length, 21);
    assert.ok(!plan.resources.some((x) => x.type === "github:index/membership:Membership"));

    const md = fs.readFileSync(path.join(tmp, "prod", "plan.md"), "utf8");
    assert.match(md, /^# Release plan: release-infra, stack `prod`/);
    assert.match(md, /\| cortex-release-managers \| maintain on cortex\.cpp \| bob-example, carol-example \|/);
    // No organization membership by default, and what an offline plan cannot know about owners.
    assert.match(md, /### Organization members\n\nNot managed by this stack \(`github\.orgMembership: unmanaged`\)/);
    assert.match(md, /cannot read anyone's current organization role \(`github\.getMembership`\)/);
    // Docker Hub teams, and how people outside the organization get in.
    assert.match(
      md,
      /### Docker Hub teams\n\n\| team \| members \|\n\|---\|---\|\n(\| .+\n)*\| cortex-release-managers \| bobexample, carolexample \|/,
    );
    assert.match(
      md,
      /is invited to it and to their team by `pulumi up`.*`dockerhubPendingInvitations`.*cannot tell who is a member already/,
    );
    // Settings in words: no serialized provider code, no raw JSON.
    assert.ok(!md.includes("__provider") && !md.includes("exports.handler"));
    assert.match(
      md,
      /^- `cortex-dockerhub-members-admin`: pulumi-nodejs:dynamic\/dockerhub:TeamMembers, dynamic provider: dockerhub$/m,
    );
    assert.match(md, /^ {2}- policy: IAM policy\n {4}- RegistryLogin: Allow ecr:GetAuthorizationToken on `\*`$/m);
    assert.match(md, /^- scan on push: yes; encryption: AES256$/m);
    assert.doesNotMatch(md.slice(md.indexOf("## Registries"), md.indexOf("## Adopting")), /\{"|\[\{/);
    // What to know first, and what to import when it exists already.
    assert.match(md, /^## Before `pulumi up`$/m);
    assert.match(md, /^## Adopting what already exists$/m);
    assert.ok(fs.existsSync(path.join(tmp, "prod", "import.json")));
  });

  it("replaces only what an earlier plan wrote in --out, leaving the user's files alone and saying so", () => {
    const r = runs.prod!;
    assert.equal(r.status, 0, r.stderr);
    const out = path.join(tmp, "prod");
    assert.equal(fs.readFileSync(path.join(out, "NOTES.md"), "utf8"), "mine\n");
    assert.equal(fs.readFileSync(path.join(out, "files", "cortex.cpp", "mine.yml"), "utf8"), "mine\n");
    assert.ok(!fs.existsSync(path.join(out, "files", "cortex.cpp", "retired.yml")), "the earlier plan's file is gone");
    assert.match(r.stderr, /^note: left alone 1 file in .*prod that no plan wrote: files\/cortex\.cpp\/mine\.yml$/m);
    const record = JSON.parse(fs.readFileSync(path.join(out, PLAN_RECORD), "utf8")) as { files: string[] };
    assert.ok(record.files.includes("files/cortex.cpp/.github/workflows/release-stable.yml"));
    assert.ok(!record.files.includes("files/cortex.cpp/mine.yml"));
  });

  it("refuses to overwrite a file in --out that no plan wrote: exit 1, no stack trace, nothing written", () => {
    const r = runs.taken!;
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /refusing to write the plan to .*taken: it would overwrite plan\.md \(/);
    assert.doesNotMatch(r.stderr, /unexpected failure|\n\s+at /);
    assert.equal(fs.readFileSync(path.join(tmp, "taken", "plan.md"), "utf8"), "my own notes\n");
    assert.deepEqual(fs.readdirSync(path.join(tmp, "taken")), ["plan.md"]);
  });

  it("exits non-zero with every config problem and writes no plan", () => {
    const r = runs.bad!;
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^release-infra: the stack configuration has 3 problems; nothing was changed:/);
    assert.match(
      r.stderr,
      /- release-infra:people\[2\]\.role: "owner" is not a role; use one of admin, release-manager, maintainer, triager/,
    );
    assert.match(r.stderr, /- release-infra:channels\.nightly\.schedule: "0 3 \* \* \*" runs at minute 0/);
    assert.match(r.stderr, /- release-infra:channels\.beta\.retention\.keepLast: 0 is too small/);
    assert.ok(!fs.existsSync(path.join(tmp, "bad", "out", "plan.json")));
  });

  it("runs the mass-removal guard against --previous outputs (3 of 8 people removed)", () => {
    const r = runs.guard!;
    assert.equal(r.status, 1);
    assert.match(r.stderr, /this change would remove 8 of the 21 grants deployed now \(38\.1%\)/);
    assert.match(
      r.stderr,
      /dave-example: dockerhub:team:cortex-maintainers, github:repo:menloresearch\/cortex\.cpp:push, github:team:cortex-maintainers\n/,
    );
    // The stack's secure value never reaches any output, error text included.
    assert.ok(!r.stderr.includes("c2VjcmV0LWNpcGhlcnRleHQ=") && !r.stdout.includes("c2VjcmV0LWNpcGhlcnRleHQ="));
  });

  it("names the stacks it can see when the stack file is missing", async () => {
    await assert.rejects(runPlan({ dir: ROOT, stack: "staging", out: path.join(tmp, "none") }), (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.match(err.message, /^no stack file Pulumi\.staging\.yaml in .*; stacks here: prod$/);
      return true;
    });
  });
});
