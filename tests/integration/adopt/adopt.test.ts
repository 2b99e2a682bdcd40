/**
 * `release-infra adopt` end to end in-process: the real program's plan for a
 * small stack, read against the Docker Hub emulator, moto (ECR and IAM) and
 * recorded GitHub answers; then the same through a saved dump (--save, --from).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  CreateRepositoryCommand,
  ECRClient,
  PutLifecyclePolicyCommand,
  type ECRClientConfig,
} from "@aws-sdk/client-ecr";
import {
  AttachRolePolicyCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { runAdopt, type AdoptDeps, type AdoptFlags } from "../../../cli/adopt/command";
import { AdoptError } from "../../../cli/adopt/errors";
import type { PlannedStack } from "../../../cli/plan/run";
import type { AdoptReport } from "../../../lib/adopt";
import { parseConfigObject } from "../../../lib/config";
import type { PlanDocument, PlanResource } from "../../../lib/plan/model";
import { AWS, DOCKERHUB, GITHUB } from "../../../lib/resource-types";
import { TEST_PROJECT, TEST_STACK } from "../../support/engine";
import { sharedMoto, type MotoServer } from "../../support/moto";
import { baseConfig, runProgram } from "../../support/program";
import { OWNER, OWNER_TOKEN, startHarness, type Harness } from "../dockerhub/harness";
import { GITHUB_TEST_TOKEN, startGitHubServer, type GitHubServer } from "./github-server";

const NAMESPACE = "demoorg";
/** moto's account (MOTO_ACCOUNT_ID's default): the stack's registries.ecr.accountId, so ARNs and registry ids match. */
const ACCOUNT = "123456789012";
const DEMO_OAT = "dckr_oat_demoorg-kn0wn-S3CRET-5150";
const CREDENTIALS = [
  { identifier: NAMESPACE, secret: DEMO_OAT },
  { identifier: OWNER, secret: OWNER_TOKEN },
];

/** The offline plan of tests/support/program.ts's baseConfig, as `planStack` would make it. */
async function demoPlan(): Promise<PlannedStack> {
  const raw = baseConfig();
  raw.registries = { ...raw.registries, ecr: { accountId: ACCOUNT, region: "eu-west-1" } };
  const parsed = parseConfigObject(raw);
  if (!parsed.ok) throw new Error("baseConfig is invalid");
  const evaluation = await runProgram(raw);
  const doc: PlanDocument = {
    project: TEST_PROJECT,
    stack: TEST_STACK,
    outputs: {},
    resources: evaluation.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      ...(r.parentUrn !== undefined ? { parent: r.parentUrn } : {}),
      inputs: r.inputs,
      read: r.read,
      custom: r.custom,
      ...(r.options.provider !== undefined ? { provider: r.options.provider.split("::").slice(0, -1).join("::") } : {}),
    })),
  };
  return { doc, config: parsed.config };
}

function declared(doc: PlanDocument, type: string, field: string, value: string): PlanResource {
  const found = doc.resources.find((r) => r.type === type && r.inputs[field] === value);
  if (found === undefined) throw new Error(`the plan declares no ${type} with ${field} ${value}`);
  return found;
}
const input = (r: PlanResource, field: string) => String(r.inputs[field]);

describe("adopt against the Docker Hub emulator, moto and recorded GitHub answers", function () {
  this.timeout(60_000);
  let plan: PlannedStack;
  let hub: Harness;
  let moto: MotoServer;
  let github: GitHubServer;
  let ecr: ECRClient;
  let iam: IAMClient;
  let tmp: string;

  before(async () => {
    [plan, hub, moto, github] = await Promise.all([demoPlan(), startHarness(), sharedMoto(), startGitHubServer()]);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-"));
    const aws: ECRClientConfig = {
      endpoint: moto.endpoint,
      region: "eu-west-1",
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
      maxAttempts: 1,
    };
    ecr = new ECRClient(aws);
    iam = new IAMClient(aws);
    await seedDockerHub(hub, plan.doc);
    await seedAws(ecr, iam, plan.doc);
  });

  after(async () => {
    ecr.destroy();
    iam.destroy();
    await Promise.all([hub.close(), github.close(), moto.stop()]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const deps = (overrides: Partial<AdoptDeps> = {}): AdoptDeps & { output: () => string } => {
    let text = "";
    return {
      env: { GITHUB_TOKEN: GITHUB_TEST_TOKEN, GITHUB_API_URL: github.url },
      plan: () => Promise.resolve(plan),
      dockerhub: () => hub.clientWith({ credentials: CREDENTIALS }),
      aws: () => ({ ecr, iam }),
      now: () => new Date("2026-11-28T12:00:00Z"),
      stdout: { write: (t: string) => (text += t) },
      ...overrides,
      output: () => text,
    };
  };
  const flags = (extra: Partial<AdoptFlags> = {}): AdoptFlags => ({
    stack: TEST_STACK,
    dir: ".",
    json: true,
    importFile: path.join(tmp, "import.json"),
    ...extra,
  });
  const entry = (report: AdoptReport, type: string, key: string) => {
    const found = report.entries.find((e) => e.type === type && e.key === key);
    if (found === undefined) throw new Error(`no entry ${type} ${key}`);
    return found;
  };

  let live: { report: AdoptReport; json: string };

  it("reads all three services and says what is unchanged, changed, created and left alone", async () => {
    const d = deps();
    const save = path.join(tmp, "dump.json");
    assert.equal(await runAdopt(flags({ save }), d), 0);
    live = { json: d.output(), report: JSON.parse(d.output()) as AdoptReport };
    const { report } = live;

    const repo = entry(report, DOCKERHUB.repository, `${NAMESPACE}/demo`);
    assert.equal(repo.status, "changed");
    assert.deepEqual(repo.differences[0], {
      field: "description",
      existing: "an older description",
      desired: "The demo server",
    });
    assert.deepEqual(repo.notes, ["5 tags: 2 moving, 1 immutable, 1 signature, 1 other"]);
    assert.equal(entry(report, DOCKERHUB.team, `${NAMESPACE}/demo-admins`).status, "unchanged");
    const admins = entry(report, DOCKERHUB.teamMembers, `${NAMESPACE}/demo-admins`);
    assert.deepEqual([admins.status, admins.notes], ["unchanged", ["invited, not accepted yet: brian0"]]);
    assert.deepEqual(entry(report, DOCKERHUB.teamMembers, `${NAMESPACE}/demo-release-managers`).differences, [
      { field: "members", existing: ["zed0"], desired: ["cleo0"] },
    ]);
    assert.equal(entry(report, DOCKERHUB.teamPermission, `${NAMESPACE}/demo:demo-admins`).status, "unchanged");
    assert.equal(entry(report, DOCKERHUB.team, `${NAMESPACE}/demo-triagers`).status, "create");

    const ghAdmins = entry(report, GITHUB.team, "demo-admins");
    assert.deepEqual(
      ghAdmins.differences.map((d) => d.field),
      ["description"],
    );
    assert.equal(entry(report, GITHUB.teamRepository, "demo-admins:demo").status, "unchanged");
    const stable = entry(report, GITHUB.environment, "stable");
    // The plan's stand-in id of demo-release-managers and GitHub's id 103 are the same reviewer.
    assert.deepEqual(
      stable.differences.map((d) => d.field),
      ["canAdminsBypass"],
    );
    assert.equal(entry(report, GITHUB.deploymentPolicy, "stable:tag:v[0-9].[0-9].[0-9]").status, "unchanged");
    assert.equal(entry(report, GITHUB.environmentVariable, "stable:AWS_ROLE_ARN").status, "unchanged");
    assert.equal(entry(report, GITHUB.environment, "beta").status, "create");
    const ruleset = entry(report, GITHUB.ruleset, "main: reviewed changes only");
    assert.deepEqual(
      ruleset.differences.map((d) => d.field),
      ["rules.pullRequest.requiredApprovingReviewCount", "rules.requiredLinearHistory"],
    );

    const ecrRepo = entry(report, AWS.repository, "demo/demo");
    assert.deepEqual(ecrRepo.differences, [
      { field: "imageScanningConfiguration.scanOnPush", existing: false, desired: true },
    ]);
    assert.equal(entry(report, AWS.lifecyclePolicy, "demo/demo").status, "unchanged");
    assert.equal(entry(report, AWS.oidcProvider, "token.actions.githubusercontent.com").status, "unchanged");
    assert.equal(entry(report, AWS.role, "demo-release-stable").status, "unchanged");
    assert.equal(entry(report, AWS.rolePolicy, "demo-release-stable:push").status, "unchanged");
    assert.equal(entry(report, AWS.role, "demo-release-beta").status, "create");

    // Who of the organization the stack declares is the access model's business; zoe is in no config.
    assert.ok(report.unmanaged.some((u) => u.kind === "organization member" && u.key === "zoe"));
    assert.deepEqual(
      report.unmanaged.filter((u) => u.kind !== "organization member").map((u) => `${u.service} ${u.kind} ${u.key}`),
      [
        "dockerhub repository demoorg/legacy",
        "dockerhub team demoorg/website",
        "dockerhub team permission demoorg/demo:website",
        "github team website",
        "github team repository permission website:demo",
        "github environment github-pages",
        "github deployment policy stable:branch:main",
        "github environment variable stable:OLD_REGISTRY",
        "github ruleset org baseline",
        "aws ECR repository other/app",
        "aws IAM role policy demo-release-stable:debug",
        `aws IAM attached policy demo-release-stable:arn:aws:iam::${ACCOUNT}:policy/hand-made`,
      ],
    );
  });

  it("imports what exists of what fails to create, and writes the import file for exactly those", () => {
    const { report } = live;
    assert.deepEqual(report.imports.map((c) => `${c.type} ${c.id}`).sort(), [
      `${AWS.repository} demo/demo`,
      `${AWS.oidcProvider} arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
      `${AWS.role} demo-release-stable`,
      `${GITHUB.environmentVariable} demo:stable:AWS_ROLE_ARN`,
      `${GITHUB.team} demo-admins`,
      `${GITHUB.team} demo-release-managers`,
    ]);
    const file = JSON.parse(fs.readFileSync(path.join(tmp, "import.json"), "utf8")) as {
      nameTable: Record<string, string>;
      resources: { id: string; provider?: string }[];
    };
    assert.deepEqual(file.resources.map((r) => r.id).sort(), report.imports.map((c) => c.id).sort());
    for (const r of file.resources)
      if (r.provider !== undefined) assert.ok(file.nameTable[r.provider]?.startsWith("urn:pulumi:"));
  });

  it("saves no credential, and --from the saved dump gives the same report without calling anything", async () => {
    const dump = fs.readFileSync(path.join(tmp, "dump.json"), "utf8");
    for (const secret of [DEMO_OAT, OWNER_TOKEN, GITHUB_TEST_TOKEN])
      assert.ok(!dump.includes(secret), "a token in the dump");
    const requests = github.requests.length;
    hub.emulator.clearRequestLog();
    const d = deps({ env: {}, dockerhub: () => assert.fail("no Docker Hub client"), aws: () => assert.fail("no AWS") });
    assert.equal(await runAdopt(flags({ from: path.join(tmp, "dump.json") }), d), 0);
    assert.equal(d.output(), live.json);
    assert.equal(github.requests.length, requests);
    assert.equal(hub.emulator.countRequests(), 0);
  });

  it("the table groups by service and ends with the import steps", async () => {
    const d = deps();
    await runAdopt(flags({ json: false, from: path.join(tmp, "dump.json") }), d);
    const table = d.output();
    assert.match(table, /^Docker Hub: namespace demoorg$/m);
    assert.match(table, /^GitHub: organization demo-org, repository demo-org\/demo$/m);
    assert.match(table, /^AWS: account 123456789012, region eu-west-1$/m);
    assert.match(
      table,
      /^ {2}changed {4}ECR repository demo\/demo +imageScanningConfiguration\.scanOnPush: false -> true$/m,
    );
    assert.match(table, /^ {2}2\. pulumi import --stack test --file .*import\.json --generate-code=false$/m);
  });

  it("names every missing credential by its variables before any request", async () => {
    const requests = github.requests.length;
    await assert.rejects(
      () => runAdopt(flags(), deps({ env: {}, dockerhub: undefined })),
      (err: unknown) =>
        err instanceof AdoptError &&
        /GitHub: set GITHUB_TOKEN to a token with the read:org and repo scopes/.test(err.message) &&
        /Docker Hub: set DOCKERHUB_USERNAME and DOCKERHUB_TOKEN .*; or set DOCKERHUB_ORG and DOCKERHUB_ORG_TOKEN/.test(
          err.message,
        ) &&
        /--from FILE/.test(err.message),
    );
    assert.equal(github.requests.length, requests);
  });

  it("refuses an organization token alone: the team permissions need an owner's personal access token", async () => {
    await assert.rejects(
      () => runAdopt(flags(), deps({ dockerhub: () => hub.clientWith({ identifier: NAMESPACE, secret: DEMO_OAT }) })),
      /Docker Hub: team-permission\.get needs a personal access token of level repo:admin/,
    );
  });

  it("AWS without credentials names the variables to set", async () => {
    const noCredentials = async () => {
      const error = new Error("Could not load credentials from any providers");
      error.name = "CredentialsProviderError";
      return Promise.reject(error);
    };
    const client = { region: "eu-west-1", endpoint: moto.endpoint, credentials: noCredentials, maxAttempts: 1 };
    const clients = { ecr: new ECRClient(client), iam: new IAMClient(client) };
    try {
      await assert.rejects(
        () => runAdopt(flags(), deps({ aws: () => clients })),
        /no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, for account 123456789012/,
      );
    } finally {
      clients.ecr.destroy();
      clients.iam.destroy();
    }
  });

  it("a bad --from file is a user error with its path, the problem and the fix", async () => {
    const bad = path.join(tmp, "bad.json");
    const dump = JSON.parse(fs.readFileSync(path.join(tmp, "dump.json"), "utf8")) as { github: { teams: unknown } };
    dump.github.teams = "none";
    fs.writeFileSync(bad, JSON.stringify(dump));
    await assert.rejects(
      () => runAdopt(flags({ from: bad }), deps()),
      (err: unknown) =>
        err instanceof AdoptError &&
        err.message.startsWith(`--from ${bad} is not a dump adopt can read (version 1):\n  - github.teams: `) &&
        err.message.endsWith(`Write it again with release-infra adopt --stack <name> --save ${bad}.`),
    );
    await assert.rejects(
      () => runAdopt(flags({ from: path.join(tmp, "missing.json") }), deps()),
      /no such file; write one with/,
    );
  });

  it("refuses a dump read for another organization than the stack's", async () => {
    const other = path.join(tmp, "other.json");
    const dump = JSON.parse(fs.readFileSync(path.join(tmp, "dump.json"), "utf8")) as { github: { org: string } };
    dump.github.org = "someone-else";
    fs.writeFileSync(other, JSON.stringify(dump));
    await assert.rejects(
      () => runAdopt(flags({ from: other }), deps()),
      /was read for another setup than stack test: GitHub organization someone-else \(the stack: demo-org\)/,
    );
  });
});

/** The namespace as a project might have it: some of the config's teams and repository, and things of its own. */
async function seedDockerHub(h: Harness, doc: PlanDocument): Promise<void> {
  const { emulator } = h;
  emulator.addOrg(NAMESPACE, { owners: [OWNER] });
  emulator.addOrgAccessToken(NAMESPACE, DEMO_OAT);
  emulator.addUser("brian0");
  const repo = declared(doc, DOCKERHUB.repository, "name", "demo");
  emulator.seedRepository(NAMESPACE, "demo", {
    description: "an older description",
    immutableTags: { enabled: true, rules: (repo.inputs.immutableTagRules as string[] | undefined) ?? [] },
  });
  emulator.seedTags(NAMESPACE, "demo", ["latest", "nightly", "1.2.0", `sha256-${"b".repeat(64)}.sig`, "feature-x"]);
  emulator.seedRepository(NAMESPACE, "legacy");
  const admins = declared(doc, DOCKERHUB.team, "name", "demo-admins");
  const adminsId = emulator.seedTeam(NAMESPACE, "demo-admins", {
    description: input(admins, "description"),
    members: ["ada0"],
  });
  emulator.seedTeam(NAMESPACE, "demo-release-managers", {
    description: input(declared(doc, DOCKERHUB.team, "name", "demo-release-managers"), "description"),
    members: ["zed0"],
  });
  const websiteId = emulator.seedTeam(NAMESPACE, "website", { members: ["zoe0"] });
  const client = h.clientWith({ credentials: CREDENTIALS });
  await client.invite(NAMESPACE, "demo-admins", ["brian0"]);
  await client.setTeamPermission(NAMESPACE, "demo", adminsId, "read");
  await client.setTeamPermission(NAMESPACE, "demo", websiteId, "write");
}

/** The account with one repository of the stack's (scanning off), its lifecycle policy, the OIDC provider and one CI role. */
async function seedAws(ecr: ECRClient, iam: IAMClient, doc: PlanDocument): Promise<void> {
  const repo = declared(doc, AWS.repository, "name", "demo/demo");
  await ecr.send(
    new CreateRepositoryCommand({
      repositoryName: "demo/demo",
      imageTagMutability: "MUTABLE_WITH_EXCLUSION",
      imageTagMutabilityExclusionFilters: (repo.inputs.imageTagMutabilityExclusionFilters as { filter: string }[]).map(
        (f) => ({ filter: f.filter, filterType: "WILDCARD" }),
      ),
      imageScanningConfiguration: { scanOnPush: false },
    }),
  );
  await ecr.send(
    new PutLifecyclePolicyCommand({
      repositoryName: "demo/demo",
      lifecyclePolicyText: input(declared(doc, AWS.lifecyclePolicy, "repository", "demo/demo"), "policy"),
    }),
  );
  await ecr.send(new CreateRepositoryCommand({ repositoryName: "other/app" }));
  await iam.send(
    new CreateOpenIDConnectProviderCommand({
      Url: "https://token.actions.githubusercontent.com",
      ClientIDList: ["sts.amazonaws.com"],
      ThumbprintList: ["6938fd4d98bab03faadb97b34396831e3780aea1"],
    }),
  );
  const role = declared(doc, AWS.role, "name", "demo-release-stable");
  await iam.send(
    new CreateRoleCommand({
      RoleName: "demo-release-stable",
      AssumeRolePolicyDocument: input(role, "assumeRolePolicy"),
      Description: input(role, "description"),
      MaxSessionDuration: 3600,
    }),
  );
  const push = declared(doc, AWS.rolePolicy, "role", "demo-release-stable");
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: "demo-release-stable",
      PolicyName: "push",
      PolicyDocument: input(push, "policy"),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: "demo-release-stable",
      PolicyName: "debug",
      PolicyDocument: input(push, "policy"),
    }),
  );
  const { Policy } = await iam.send(
    new CreatePolicyCommand({ PolicyName: "hand-made", PolicyDocument: input(push, "policy") }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: "demo-release-stable", PolicyArn: Policy?.Arn }));
}
