/**
 * The user errors of `prune dockerhub`, `prune ecr`, `plan --previous` and
 * `retention`, as a user meets them: the real CLI in its own process, with
 * only PATH and a bare HOME from this machine, against the emulator of the
 * documented Docker Hub API and closed ports. Each exits 1 with a message that
 * names the input and says the fix, without a stack trace and without the
 * words "unexpected failure", which mean a bug.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { cliArgs } from "../../cli/launch";
import { DAY_MS } from "../../lib/retention/policy";
import { DockerHubEmulator } from "../support/dockerhub-emulator";
import { early } from "../support/early";

const ROOT = path.resolve(__dirname, "..", "..");
const ORG = "demoorg";
const ORG_TOKEN = "dckr_oat_demo-org-token";
const OWNER = "owner";
const OWNER_TOKEN = "dckr_pat_owner-token";

/** A stack whose images are `images`, on Docker Hub in {@link ORG}. */
const stack = (images: readonly string[]) => `config:
  release-infra:project: { name: demo, displayName: Demo }
  release-infra:github: { org: demo-org, repository: demo, deployer: ada }
  release-infra:registries:
    ecr: { accountId: "111122223333", region: eu-west-1 }
    dockerhub: { namespace: ${ORG} }
  release-infra:images: [${images.map((name) => `{ name: ${name} }`).join(", ")}]
  release-infra:people:
    - { github: ada, dockerhub: ada0, role: admin }
    - { github: brian, dockerhub: brian0, role: admin }
`;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** One bad input: what it is, and what the message must name. */
interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** The input the message names: a flag, a file, a variable, a config path. */
  readonly input: RegExp;
  /** The fix it says. */
  readonly fix: RegExp;
  /** What the report on standard output says, for a run that printed one. */
  readonly stdout?: RegExp;
}

/** A valid lifecycle policy: one rule, which expires nothing in an empty repository. */
const POLICY = {
  rules: [
    {
      rulePriority: 1,
      description: "Expire untagged images after 1 day",
      selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
      action: { type: "expire" },
    },
  ],
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "user-errors-"));
const home = path.join(tmp, "home");
const project = path.join(tmp, "project");
let files = 0;
/** Writes `text` to a new file in the temporary directory; its path. */
const file = (name: string, text: string) => {
  files += 1;
  const at = path.join(tmp, `${String(files)}-${name}`);
  fs.writeFileSync(at, text);
  return at;
};

/** The CLI with PATH, a HOME without AWS or Docker config, and `env`. */
function cli(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgs(ROOT, args), {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: home, AWS_EC2_METADATA_DISABLED: "true", ...env },
    });
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

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => {
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return port;
}

/** Runs `work` over `items`, `limit` at a time, results in order. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

const NIGHTLIES = Array.from({ length: 10 }, (_, i) => `nightly-202610${String(i + 1).padStart(2, "0")}`);
const RELEASES = ["1.0.0", "1.0.1", "1.0.2", "1.0.3", "1.0.4", "1.0.5"];

const started = early(async () => {
  fs.mkdirSync(home);
  fs.mkdirSync(project);
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(project, "Pulumi.yaml"));
  fs.writeFileSync(path.join(project, "Pulumi.demo.yaml"), stack(["demo"]));
  fs.writeFileSync(path.join(project, "Pulumi.capped.yaml"), stack(["capped"]));
  fs.writeFileSync(path.join(project, "Pulumi.failing.yaml"), stack(["failing"]));

  const hub = await DockerHubEmulator.start();
  hub.addUser(OWNER, { secret: OWNER_TOKEN });
  hub.addOrg(ORG, { owners: [OWNER] });
  hub.addOrgAccessToken(ORG, ORG_TOKEN);
  // 10 of 13 tags expired: over the default cap of half.
  hub.seedRepository(ORG, "capped");
  hub.seedTags(ORG, "capped", NIGHTLIES, 40 * DAY_MS);
  hub.seedTags(ORG, "capped", ["latest", "1.0.0", "nightly-20261127"]);
  // 3 of 9 expired, within the cap; Docker Hub refuses each deletion.
  hub.seedRepository(ORG, "failing");
  hub.seedTags(ORG, "failing", NIGHTLIES.slice(0, 3), 40 * DAY_MS);
  hub.seedTags(ORG, "failing", RELEASES);
  hub.failNext(3, 422, { route: "tag.delete" });

  const port = await closedPort();
  const both = {
    DOCKERHUB_API_URL: hub.url,
    DOCKERHUB_ORG: ORG,
    DOCKERHUB_ORG_TOKEN: ORG_TOKEN,
    DOCKERHUB_USERNAME: OWNER,
    DOCKERHUB_TOKEN: OWNER_TOKEN,
  };
  const aws = { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "example", AWS_MAX_ATTEMPTS: "1" };
  const dir = ["--dir", project];
  const hubPrune = ["prune", "dockerhub", ...dir, "--stack", "demo"];
  const simulate = ["retention", "simulate", ...dir, "--stack", "demo"];
  const policy = file("policy.json", JSON.stringify(POLICY));
  const images = file("images.json", JSON.stringify({ imageDetails: [] }));
  const evaluate = (p: string, i: string) => ["retention", "evaluate", "--policy", p, "--images", i];
  const corrupt = file("corrupt.json", "{not json");
  const plan = (previous: string) => [
    "plan",
    ...dir,
    "--stack",
    "demo",
    "--out",
    path.join(tmp, "out"),
    "--previous",
    previous,
  ];
  const prev = (outputs: unknown) => file("previous.json", JSON.stringify({ outputs }));
  const at = (digest: unknown, pushedAt: unknown = "2026-11-28T03:17:00Z") =>
    file("images.json", JSON.stringify({ imageDetails: [{ imageDigest: digest, imagePushedAt: pushedAt }] }));
  const digest = `sha256:${"a".repeat(64)}`;

  const cases: Case[] = [
    // prune dockerhub
    {
      name: "prune dockerhub: an organization token Docker Hub refuses (401)",
      args: hubPrune,
      env: { ...both, DOCKERHUB_ORG_TOKEN: "dckr_oat_wrong" },
      input: /DOCKERHUB_ORG and DOCKERHUB_ORG_TOKEN: the login was refused: .*answered 401/,
      fix: /check both values: the token may be mistyped, expired or revoked/,
    },
    {
      name: "prune dockerhub: a personal access token Docker Hub refuses (401)",
      args: hubPrune,
      env: { DOCKERHUB_API_URL: hub.url, DOCKERHUB_USERNAME: OWNER, DOCKERHUB_TOKEN: "dckr_pat_wrong" },
      input: /DOCKERHUB_USERNAME and DOCKERHUB_TOKEN: the login was refused/,
      fix: /check both values/,
    },
    {
      name: "prune dockerhub: an API nothing answers on (a closed port)",
      args: hubPrune,
      env: { ...both, DOCKERHUB_API_URL: `http://127.0.0.1:${port}` },
      input: /DOCKERHUB_API_URL: Docker Hub did not answer while reading demoorg\/demo/,
      fix: /check the network, and DOCKERHUB_API_URL/,
    },
    {
      name: "prune dockerhub: an API URL that is not a URL",
      args: hubPrune,
      env: { ...both, DOCKERHUB_API_URL: "hub.docker.com" },
      input: /DOCKERHUB_API_URL must be an http\(s\) URL/,
      fix: /such as https:\/\/hub\.docker\.com/,
    },
    {
      name: "prune dockerhub: no credentials",
      args: hubPrune,
      input: /DOCKERHUB_ORG and DOCKERHUB_ORG_TOKEN/,
      fix: /set DOCKERHUB_USERNAME and DOCKERHUB_TOKEN/,
    },
    {
      name: "prune dockerhub: half a credential pair",
      args: hubPrune,
      env: { DOCKERHUB_ORG: ORG },
      input: /DOCKERHUB_ORG_TOKEN is not set/,
      fix: /set DOCKERHUB_ORG and DOCKERHUB_ORG_TOKEN together/,
    },
    {
      name: "prune dockerhub --apply with only the organization's token, which cannot delete tags",
      args: [...hubPrune, "--apply"],
      env: { DOCKERHUB_API_URL: hub.url, DOCKERHUB_ORG: ORG, DOCKERHUB_ORG_TOKEN: ORG_TOKEN },
      input: /the prune needs tag\.delete/,
      fix: /it needs a personal access token of level repo:admin/,
    },
    {
      name: "prune dockerhub --apply over the cap",
      args: ["prune", "dockerhub", ...dir, "--stack", "capped", "--apply"],
      env: both,
      input: /the prune did not finish: the cap refused 1 repository/,
      fix: /rerun with the --max-delete-share each refusal names/,
      stdout: /refused: would delete 10 of the 13 tags of demoorg\/capped \(76\.9%\), .*--max-delete-share 0\.77$/m,
    },
    {
      name: "prune dockerhub --apply whose deletions Docker Hub refuses",
      args: ["prune", "dockerhub", ...dir, "--stack", "failing", "--apply"],
      env: both,
      input: /the prune did not finish: 3 tag deletions failed/,
      fix: /rerun the same command to finish the failed deletions/,
      stdout: /^deleted 0 tags in 1 repository; kept 6, blocked 0, failed 3;/m,
    },
    {
      name: "prune dockerhub --max-delete-share above 1",
      args: [...hubPrune, "--max-delete-share", "1.5"],
      env: both,
      input: /--max-delete-share <share>' argument '1\.5' is invalid/,
      fix: /use a share from 0 to 1/,
    },
    {
      name: "prune dockerhub --concurrency 0",
      args: [...hubPrune, "--concurrency", "0"],
      env: both,
      input: /--concurrency <n>' argument '0' is invalid/,
      fix: /use a whole number from 1 to 32/,
    },
    {
      name: "prune dockerhub: a stack that has no file",
      args: ["prune", "dockerhub", ...dir, "--stack", "nope"],
      env: both,
      input: /no stack file Pulumi\.nope\.yaml/,
      fix: /stacks here: capped, demo, failing/,
    },
    // prune ecr
    {
      name: "prune ecr: no AWS credentials",
      args: ["prune", "ecr", ...dir, "--stack", "demo"],
      input: /AWS credentials: none found/,
      fix: /set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, for account 111122223333/,
    },
    {
      name: "prune ecr: an endpoint nothing answers on",
      args: ["prune", "ecr", ...dir, "--stack", "demo"],
      env: { ...aws, AWS_ENDPOINT_URL_ECR: `http://127.0.0.1:${port}` },
      input: /registries\.ecr\.region: ECR did not answer \(ECONNREFUSED/,
      fix: /check the network, and AWS_ENDPOINT_URL_ECR/,
    },
    {
      name: "prune ecr: an endpoint that is not a URL",
      args: ["prune", "ecr", ...dir, "--stack", "demo"],
      env: { ...aws, AWS_ENDPOINT_URL_ECR: "not a url" },
      input: /AWS_ENDPOINT_URL_ECR: the ECR endpoint is not a URL/,
      fix: /to a URL such as https:\/\/api\.ecr\.us-east-1\.amazonaws\.com, or unset it/,
    },
    {
      name: "prune ecr --max-delete-share that is no number",
      args: ["prune", "ecr", ...dir, "--stack", "demo", "--max-delete-share", "half"],
      input: /--max-delete-share <share>' argument 'half' is invalid/,
      fix: /use a share from 0 to 1/,
    },
    // plan --previous
    ...(
      [
        ["that is not JSON", corrupt, /: is not JSON/],
        ["that is JSON null", file("null.json", "null"), /: has no "outputs" map/],
        ["whose outputs are a list", prev([]), /: has no "outputs" map/],
        ["whose access output is not a list of grants", prev({ access: 5 }), /: outputs\.access: .*not a list/],
        ["whose pins output is not a map", prev({ pins: ["1.0.0"] }), /: outputs\.pins: .*not a map/],
        ["that does not exist", path.join(tmp, "missing.json"), /: not found/],
        ["that is a directory", tmp, /: is a directory/],
      ] as const
    ).map(([what, previous, problem]): Case => ({
      name: `plan --previous ${what}`,
      args: plan(previous),
      input: new RegExp(`--previous ${literal(previous)}${problem.source}`),
      fix: /pass the plan\.json an earlier `release-infra plan` wrote/,
    })),
    // retention simulate
    ...(
      [
        ["--days", "99999999"],
        ["--days", "-5"],
        ["--days", "NaN"],
        ["--days", "1.5"],
        ["--beta-every", "0"],
        ["--stable-every", "366"],
        ["--image-size-mb", "1e9"],
      ] as const
    ).map(([flag, value]): Case => ({
      name: `retention simulate ${flag} ${value}`,
      args: [...simulate, flag, value],
      input: new RegExp(`option '${flag} <[a-z]+>' argument '${literal(value)}' is invalid`),
      fix: new RegExp(`${flag} must be a whole number from 1 to \\d+`),
    })),
    ...["notadate", "-271821-04-20T00:00:00Z", "275760-09-13T00:00:00Z", "1969-12-31T23:59:59Z"].map((value): Case => ({
      name: `retention simulate --start ${value}`,
      args: [...simulate, "--start", value],
      input: new RegExp(`option '--start <time>' argument '${literal(value)}' is invalid`),
      fix: /use an ISO 8601 time from 1970 to 9999/,
    })),
    {
      name: "retention simulate: a stack that has no file",
      args: ["retention", "simulate", ...dir, "--stack", "nope"],
      input: /no stack file Pulumi\.nope\.yaml/,
      fix: /stacks here: /,
    },
    // retention evaluate
    {
      name: "retention evaluate --policy that is not JSON",
      args: evaluate(corrupt, images),
      input: new RegExp(`--policy ${literal(corrupt)}: is not JSON`),
      fix: /aws ecr get-lifecycle-policy/,
    },
    {
      name: "retention evaluate --policy that is not a policy",
      args: evaluate(file("not-policy.json", JSON.stringify({ rules: "all" })), images),
      input: /--policy .*not-policy\.json: is not a valid lifecycle policy/,
      fix: /aws ecr get-lifecycle-policy[^\n]*\n {2}- rules: must be a non-empty array of rules/,
    },
    {
      name: "retention evaluate --policy that is a list",
      args: evaluate(file("list.json", "[]"), images),
      input: /--policy .*list\.json: is not a valid lifecycle policy/,
      fix: /- \(the document\): a lifecycle policy is an object with a `rules` array/,
    },
    {
      name: "retention evaluate --policy that does not exist",
      args: evaluate(path.join(tmp, "none.json"), images),
      input: /--policy .*none\.json: not found/,
      fix: /release-infra retention compile/,
    },
    {
      name: "retention evaluate --policy that is a directory",
      args: evaluate(tmp, images),
      input: new RegExp(`--policy ${literal(tmp)}: is a directory`),
      fix: /aws ecr get-lifecycle-policy/,
    },
    {
      name: "retention evaluate --images of the wrong shape",
      args: evaluate(policy, at(3)),
      input: /--images .*: imageDetails\[0\]\.imageDigest: must be a digest like "sha256:<hex>", got 3/,
      fix: /aws ecr describe-images --repository-name <name> --output json/,
    },
    {
      name: "retention evaluate --images that is a JSON string",
      args: evaluate(policy, file("string.json", '"imageDetails"')),
      input: /--images .*string\.json: imageDetails: is missing/,
      fix: /aws ecr describe-images/,
    },
    {
      name: "retention evaluate --images that is not JSON",
      args: evaluate(policy, corrupt),
      input: /--images .*corrupt\.json: is not JSON/,
      fix: /aws ecr describe-images/,
    },
    {
      name: "retention evaluate --images with a push time past what a date holds",
      args: evaluate(policy, at(digest, 1e20)),
      input: /--images .*: imageDetails\[0\]\.imagePushedAt: must be an ISO 8601 time/,
      fix: /aws ecr describe-images/,
    },
    {
      name: "retention evaluate --now that is no time",
      args: [...evaluate(policy, images), "--now", "yesterday"],
      input: /option '--now <time>' argument 'yesterday' is invalid/,
      fix: /use an ISO 8601 time from 1970 to 9999/,
    },
    {
      name: "retention evaluate --format xml",
      args: [...evaluate(policy, images), "--format", "xml"],
      input: /option '--format <format>' argument 'xml' is invalid/,
      fix: /Allowed choices are json, table/,
    },
    {
      name: "retention evaluate without --policy",
      args: ["retention", "evaluate", "--images", images],
      input: /required option '--policy <file>'/,
      fix: /not specified/,
    },
    {
      name: "retention compile --image the stack lacks",
      args: ["retention", "compile", ...dir, "--stack", "demo", "--image", "nope"],
      input: /no image "nope" in stack demo/,
      fix: /images: demo$/m,
    },
  ];

  const [runs, zeroImages, dryRun] = await Promise.all([
    pool(cases, 4, (c) => cli(c.args, c.env)),
    cli([...evaluate(policy, images), "--format", "table"]),
    cli(hubPrune, both),
  ]);
  await hub.close();
  return { cases, runs, zeroImages, dryRun };
});

/** `text` as a regular expression that matches it literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("release-infra's user errors (the CLI in its own process)", function () {
  this.timeout(180_000);
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("exit 1 for every bad input, naming the input and the fix, with no stack trace and no 'unexpected failure'", async () => {
    const { cases, runs } = await started();
    assert.ok(cases.length >= 40, `${cases.length} cases`);
    const wrong = cases.flatMap((c, i) => {
      const run = runs[i]!;
      const problems = [
        ...(run.status === 1 ? [] : [`exit ${String(run.status)}`]),
        ...(c.input.test(run.stderr) ? [] : [`no ${String(c.input)}`]),
        ...(c.fix.test(run.stderr) ? [] : [`no ${String(c.fix)}`]),
        ...(c.stdout === undefined || c.stdout.test(run.stdout) ? [] : [`stdout lacks ${String(c.stdout)}`]),
        ...(/^ {4}at /m.test(run.stderr) ? ["a stack trace"] : []),
        ...(/unexpected failure/.test(run.stderr + run.stdout) ? ["'unexpected failure'"] : []),
      ];
      return problems.length === 0 ? [] : [`${c.name}: ${problems.join(", ")}\n${run.stderr}${run.stdout}`];
    });
    assert.deepEqual(wrong, []);
  });

  it("marks each deletion Docker Hub refused as failed in the table, with why", async () => {
    const { cases, runs } = await started();
    const run = runs[cases.findIndex((c) => c.args.includes("failing"))]!;
    const failed = run.stdout.split("\n").filter((row) => /^demoorg\/failing\s+\S+\s+failed\s/.test(row));
    assert.deepEqual(
      failed.map((row) => row.split(/\s+/)[1]),
      NIGHTLIES.slice(0, 3),
    );
    for (const row of failed) assert.match(row, /; not deleted: Docker Hub refused .*answered 422/);
    assert.doesNotMatch(run.stdout, /^demoorg\/failing\s+\S+\s+delete\s/m);
  });

  it("evaluates a repository with no images (exit 0), and dry-runs a stack whose repository is not on Docker Hub", async () => {
    const { zeroImages, dryRun } = await started();
    assert.equal(zeroImages.status, 0, zeroImages.stderr);
    assert.match(zeroImages.stdout, /^0 expired, 0 kept$/m);
    assert.equal(dryRun.status, 0, dryRun.stderr);
    assert.match(dryRun.stdout, /demoorg\/demo: does not exist on Docker Hub; nothing to prune/);
  });
});
