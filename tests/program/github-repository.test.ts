import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { evaluateProgram, type Evaluation } from "../../cli/plan/evaluate";
import type { RecordedResource } from "../../cli/plan/mock-runtime";
import { GitHubRepository, type GitHubRepositoryArgs } from "../../components/github/repository";
import { planRepository } from "../../lib/github";
import { BETA_TAG_POLICIES, STABLE_TAG_POLICIES } from "../../lib/github/environments";
import { getEngine } from "../support/engine";
import { ofType } from "../support/program";
import { ECR_REGISTRY, releaseConfig, WORKFLOWS } from "../unit/github/fixtures";

const COMPONENT = "urn:pulumi:test::release-infra::release:github:Repository::repo";
const TOKEN = "dckr_oat_0123456789SECRET";
const ARNS = {
  nightly: "arn:aws:iam::111122223333:role/demo-nightly",
  beta: "arn:aws:iam::111122223333:role/demo-beta",
  stable: "arn:aws:iam::111122223333:role/demo-stable",
};

/** Resource options the recording engine does not keep, read off each registration request. */
interface Registration {
  readonly dependencies: readonly string[];
  readonly retainOnDelete: boolean;
  readonly deletedWith: string;
}
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getDependenciesList(): string[];
  getRetainondelete(): boolean;
  getDeletedwith(): string;
}
interface Monitor {
  registerResource(req: RegisterRequest, callback: unknown): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { settings: { monitor: Monitor } } };

const registrations = new Map<string, Registration>();
let restore: (() => void) | undefined;

function must<T>(value: T | undefined, what: string): T {
  assert.ok(value !== undefined, `${what} is not registered`);
  return value;
}

/**
 * The resource of one delivery (`default-branch`, `dev-branch`) named `...-<suffix>`: its
 * logical name carries the digest of the files, so any content change makes new resources.
 */
function delivered<T extends { name: string }>(
  resources: ReadonlyMap<string, T>,
  key: string,
  suffix: string,
): T | undefined {
  const found = [...resources.values()].filter(
    (r) =>
      r.name.startsWith(`repo-${key}-`) &&
      r.name.endsWith(`-${suffix}`) &&
      /^[0-9a-f]{12}$/.test(r.name.slice(`repo-${key}-`.length, `repo-${key}-`.length + 12)),
  );
  assert.ok(found.length <= 1, `${String(found.length)} resources of ${key} end in ${suffix}`);
  return found[0];
}

function urnOf(r: RecordedResource | undefined): string {
  return must(r, "resource").urn;
}

interface Run extends Evaluation {
  /** Registration options by `type::name`. */
  readonly registered: ReadonlyMap<string, Registration>;
}

async function run(
  args: Partial<Omit<GitHubRepositoryArgs, "plan">> = {},
  github: Record<string, unknown> = {},
  pins?: Partial<Record<"nightly" | "beta" | "stable", string>>,
): Promise<Run> {
  registrations.clear();
  const config = releaseConfig((raw) => {
    Object.assign(raw.github, github);
  });
  const plan = planRepository(config, {
    workflows: WORKFLOWS,
    ecrRegistry: ECR_REGISTRY,
    ...(pins === undefined ? {} : { pins }),
  });
  const evaluation = await evaluateProgram(
    getEngine(),
    () => {
      const repo = new GitHubRepository("repo", {
        plan,
        teamIds: { "release-manager": "4242" },
        awsRoleArns: ARNS,
        ...args,
      });
      return { pullRequests: repo.pullRequests };
    },
    { config: {} },
  );
  return { ...evaluation, registered: new Map(registrations) };
}

describe("GitHubRepository under mocks", () => {
  // The default component, evaluated once and shared by the tests that only read it.
  let base: Run;
  before(async () => {
    const monitor = state.getStore().settings.monitor;
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
      registrations.set(`${req.getType()}::${req.getName()}`, {
        dependencies: req.getDependenciesList(),
        retainOnDelete: req.getRetainondelete(),
        deletedWith: req.getDeletedwith(),
      });
      return original(req, callback);
    };
    restore = () => {
      monitor.registerResource = original;
    };
    base = await run();
  });
  after(() => {
    restore?.();
  });

  it("registers exactly the repository's resources, every one under the component", async () => {
    const { resources } = await run({ dockerhubTokens: { nightly: pulumi.secret(TOKEN), beta: TOKEN, stable: TOKEN } });
    const counts: Record<string, number> = {};
    for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
    assert.deepEqual(counts, {
      "release:github:Repository": 1,
      "github:index/repositoryRuleset:RepositoryRuleset": 3,
      "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions": 1,
      "github:index/repositoryEnvironment:RepositoryEnvironment": 3,
      // nightly's two branches, then one per tag pattern: 18 for beta, 18 for stable.
      "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy": 38,
      "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable": 12,
      "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret": 3,
      "github:index/branch:Branch": 2,
      "github:index/repositoryFile:RepositoryFile": 4,
      "github:index/repositoryPullRequest:RepositoryPullRequest": 2,
    });
    for (const r of resources.filter((x) => x.type !== "release:github:Repository"))
      assert.equal(r.parentUrn, COMPONENT, r.name);
    // S2: registry credentials never become repository-wide secrets.
    assert.ok(!resources.some((r) => r.type === "github:index/actionsSecret:ActionsSecret"));
  });

  it("declares the rulesets with no bypass on branches and the release managers' numeric team id on tags", () => {
    const rulesets = ofType(base.resources, "github:index/repositoryRuleset:RepositoryRuleset");
    const main = rulesets.get("repo-ruleset-default-branch")?.inputs;
    assert.deepEqual(main, {
      repository: "demo",
      name: "main: reviewed changes only",
      target: "branch",
      enforcement: "active",
      conditions: { refName: { includes: ["refs/heads/main"], excludes: [] } },
      bypassActors: [],
      rules: {
        deletion: true,
        nonFastForward: true,
        pullRequest: {
          requiredApprovingReviewCount: 1,
          requireCodeOwnerReview: true,
          dismissStaleReviewsOnPush: true,
          requireLastPushApproval: true,
        },
        requiredStatusChecks: {
          requiredChecks: [{ context: "test", integrationId: 15368 }],
          strictRequiredStatusChecksPolicy: true,
        },
      },
    });
    assert.deepEqual(rulesets.get("repo-ruleset-dev-branch")?.inputs.conditions, {
      refName: { includes: ["refs/heads/dev"], excludes: [] },
    });
    const tags = must(rulesets.get("repo-ruleset-release-tags"), "tag ruleset").inputs;
    assert.equal(tags.target, "tag");
    assert.deepEqual(tags.bypassActors, [{ actorId: 4242, actorType: "Team", bypassMode: "always" }]);
    assert.deepEqual(tags.rules, { creation: true, update: true, deletion: true });
  });

  it("omits the status check rule when the stack requires no checks", async () => {
    const rulesets = ofType(
      (await run({}, { requiredStatusChecks: [] })).resources,
      "github:index/repositoryRuleset:RepositoryRuleset",
    );
    const rules = rulesets.get("repo-ruleset-default-branch")?.inputs.rules as Record<string, unknown>;
    assert.ok(!("requiredStatusChecks" in rules));
    assert.equal(rules.nonFastForward, true);
  });

  it("sets the Actions token read-only and forbids Actions approving pull requests", () => {
    const perms = ofType(base.resources, "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions");
    assert.deepEqual(perms.get("repo-actions")?.inputs, {
      repository: "demo",
      defaultWorkflowPermissions: "read",
      canApprovePullRequestReviews: false,
    });
  });

  it("protects stable with the release managers' team, keeps environments on delete, and deploys only from allowed refs", () => {
    const { resources, registered } = base;
    const envs = ofType(resources, "github:index/repositoryEnvironment:RepositoryEnvironment");
    assert.deepEqual(envs.get("repo-env-stable")?.inputs, {
      repository: "demo",
      environment: "stable",
      reviewers: [{ teams: [4242] }],
      preventSelfReview: true,
      canAdminsBypass: false,
      deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
    });
    assert.equal(envs.get("repo-env-nightly")?.inputs.reviewers, undefined);
    for (const channel of ["nightly", "beta", "stable"]) {
      assert.equal(
        registered.get(`github:index/repositoryEnvironment:RepositoryEnvironment::repo-env-${channel}`)?.retainOnDelete,
        true,
        channel,
      );
    }
    const policies = ofType(
      resources,
      "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
    );
    assert.deepEqual(
      [...policies.values()].map((p) => [
        p.name,
        p.inputs.environment,
        p.inputs.branchPattern ?? null,
        p.inputs.tagPattern ?? null,
      ]),
      [
        ["repo-nightly-policy-branch-dev", "nightly", "dev", null],
        ["repo-nightly-policy-branch-main", "nightly", "main", null],
        ...BETA_TAG_POLICIES.map(({ digits, pattern }) => [
          `repo-beta-policy-tag-beta-${digits}`,
          "beta",
          null,
          pattern,
        ]),
        ...STABLE_TAG_POLICIES.map(({ digits, pattern }) => [
          `repo-stable-policy-tag-stable-${digits}`,
          "stable",
          null,
          pattern,
        ]),
      ],
    );
    // One resource per pattern: stable's first and last, by their logical names.
    assert.equal(policies.get("repo-stable-policy-tag-stable-x.y.z")?.inputs.tagPattern, "v[0-9].[0-9].[0-9]");
    assert.equal(
      policies.get("repo-stable-policy-tag-stable-xx.yyy.zzz")?.inputs.tagPattern,
      "v[1-9][0-9].[1-9][0-9][0-9].[1-9][0-9][0-9]",
    );
  });

  it("sets each environment's variables, the role ARN of its own channel", () => {
    const vars = ofType(base.resources, "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable");
    assert.deepEqual(vars.get("repo-beta-var-AWS_ROLE_ARN")?.inputs, {
      repository: "demo",
      environment: "beta",
      variableName: "AWS_ROLE_ARN",
      value: ARNS.beta,
    });
    assert.equal(vars.get("repo-stable-var-AWS_ROLE_ARN")?.inputs.value, ARNS.stable);
    assert.equal(vars.get("repo-nightly-var-DOCKERHUB_USERNAME")?.inputs.value, "demoorg");
    assert.equal(vars.get("repo-nightly-var-ECR_REGISTRY")?.inputs.value, ECR_REGISTRY);
    assert.equal(vars.get("repo-stable-var-IMAGES")?.inputs.value, "demo");
  });

  it("keeps the Docker Hub token secret, even when passed plain, and out of every plain input and output", async () => {
    const { resources, outputs, secretOutputs } = await run({ dockerhubTokens: { stable: TOKEN } });
    const secrets = ofType(resources, "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret");
    assert.deepEqual([...secrets.keys()], ["repo-stable-secret-DOCKERHUB_TOKEN"]);
    const secret = secrets.get("repo-stable-secret-DOCKERHUB_TOKEN")!;
    assert.deepEqual(secret.secretPaths, ["value"]);
    assert.equal(secret.rawInputs.value, TOKEN);
    assert.deepEqual(secret.inputs, {
      repository: "demo",
      environment: "stable",
      secretName: "DOCKERHUB_TOKEN",
      value: "[secret]",
    });
    assert.deepEqual(secretOutputs, []);
    assert.ok(!JSON.stringify(outputs).includes(TOKEN));
    for (const r of resources) assert.ok(!JSON.stringify(r.inputs).includes(TOKEN), `${r.name} leaks the token`);
  });

  it("manages no Docker Hub secret without a token", () => {
    const { resources } = base;
    assert.equal(ofType(resources, "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret").size, 0);
  });

  it("creates environments before the variables, secrets, policies and files that name them", async () => {
    const { resources, registered } = await run({ dockerhubTokens: { beta: TOKEN } });
    const envs = ofType(resources, "github:index/repositoryEnvironment:RepositoryEnvironment");
    const depsOf = (r: RecordedResource) => registered.get(`${r.type}::${r.name}`)?.dependencies ?? [];
    const scoped = resources.filter((r) =>
      [
        "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable",
        "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret",
        "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
      ].includes(r.type),
    );
    // 12 variables, 1 secret, 38 deployment policies.
    assert.equal(scoped.length, 51);
    for (const r of scoped) {
      const channel = r.inputs.environment as string;
      assert.ok(
        depsOf(r).includes(urnOf(envs.get(`repo-env-${channel}`))),
        `${r.name} does not wait for environment ${channel}`,
      );
    }
    const files = [...ofType(resources, "github:index/repositoryFile:RepositoryFile").values()];
    assert.equal(files.length, 4);
    for (const file of files) {
      for (const env of envs.values())
        assert.ok(depsOf(file).includes(env.urn), `${file.name} does not wait for ${env.name}`);
    }
  });

  it("proposes the workflows by pull request from a generated branch, into the default and dev branches", () => {
    const { resources, registered } = base;
    const branches = ofType(resources, "github:index/branch:Branch");
    const mainBranch = must(delivered(branches, "default-branch", "branch"), "main's branch").inputs;
    assert.equal(mainBranch.repository, "demo");
    assert.equal(mainBranch.sourceBranch, "main");
    assert.match(String(mainBranch.branch), /^release-infra\/generated-main-[0-9a-f]{12}$/);
    assert.equal(delivered(branches, "dev-branch", "branch")?.inputs.sourceBranch, "dev");

    const files = ofType(resources, "github:index/repositoryFile:RepositoryFile");
    const nightly = must(
      delivered(files, "default-branch", "file-.github/workflows/release-nightly.yml"),
      "nightly workflow file",
    );
    assert.deepEqual(nightly.inputs, {
      repository: "demo",
      branch: mainBranch.branch,
      file: ".github/workflows/release-nightly.yml",
      content: WORKFLOWS[0].content,
      commitMessage: "Update .github/workflows/release-nightly.yml (generated by release-infra)",
      commitAuthor: "release-infra",
      commitEmail: "release-infra@users.noreply.github.com",
      overwriteOnCreate: true,
    });
    // Files go with their branch when a newer set replaces it.
    assert.equal(
      registered.get(`${nightly.type}::${nightly.name}`)?.deletedWith,
      urnOf(delivered(branches, "default-branch", "branch")),
    );

    const prs = ofType(resources, "github:index/repositoryPullRequest:RepositoryPullRequest");
    const pr = must(delivered(prs, "default-branch", "pr"), "main's pull request");
    assert.equal(pr.inputs.owner, "demo-org");
    assert.equal(pr.inputs.baseRepository, "demo");
    assert.equal(pr.inputs.baseRef, "main");
    assert.equal(pr.inputs.headRef, mainBranch.branch);
    assert.equal(pr.inputs.maintainerCanModify, false);
    assert.equal(delivered(prs, "dev-branch", "pr")?.inputs.baseRef, "dev");
    // Opened only after every file of its branch is committed.
    const deps = registered.get(`${pr.type}::${pr.name}`)?.dependencies ?? [];
    for (const file of [...files.values()].filter((f) => /^repo-default-branch-[0-9a-f]{12}-/.test(f.name)))
      assert.ok(deps.includes(file.urn), file.name);
  });

  it("delivers CODEOWNERS only when the stack opts in", async () => {
    const without = ofType(base.resources, "github:index/repositoryFile:RepositoryFile");
    assert.ok(![...without.values()].some((f) => f.inputs.file === ".github/CODEOWNERS"));
    const withIt = ofType(
      (await run({}, { codeowners: { manage: true, extraLines: [] } })).resources,
      "github:index/repositoryFile:RepositoryFile",
    );
    const codeowners = delivered(withIt, "default-branch", "file-.github/CODEOWNERS");
    assert.match(String(codeowners?.inputs.content), /^\/\.github\/workflows\/ @demo-org\/demo-admins$/m);
    assert.ok(delivered(withIt, "dev-branch", "file-.github/CODEOWNERS") !== undefined);
  });

  it("declares a pin variable only for a pinned channel", async () => {
    const none = ofType(base.resources, "github:index/actionsVariable:ActionsVariable");
    assert.equal(none.size, 0);
    const pinned = ofType(
      (await run({}, {}, { beta: "1.5.0-beta.2" })).resources,
      "github:index/actionsVariable:ActionsVariable",
    );
    assert.deepEqual(
      [...pinned.values()].map((v) => [v.name, v.inputs]),
      [["repo-var-BETA_PIN", { repository: "demo", variableName: "BETA_PIN", value: "1.5.0-beta.2" }]],
    );
  });

  it("refuses to run without the team id the plan needs", async () => {
    const plan = planRepository(releaseConfig(), { workflows: WORKFLOWS, ecrRegistry: ECR_REGISTRY });
    await assert.rejects(
      evaluateProgram(getEngine(), () => new GitHubRepository("repo", { plan, teamIds: {}, awsRoleArns: ARNS }), {
        config: {},
      }),
      /needs teamIds\["release-manager"\]/,
    );
  });
});
