import assert from "node:assert/strict";
import {
  compareStack,
  countTagClasses,
  formatDifference,
  parseDump,
  renderAdoptTable,
  renderDump,
  type AdoptReport,
  type ExistingState,
} from "../../../lib/adopt";
import type { PlanDocument, PlanResource } from "../../../lib/plan/model";
import { AWS, DOCKERHUB, GITHUB } from "../../../lib/resource-types";

const STACK_URN = "urn:pulumi:test::demo::pulumi:pulumi:Stack::demo-test";
const GITHUB_PROVIDER = "urn:pulumi:test::demo::pulumi:providers:github::demo-github";
/** The stand-in id the offline plan gives the team demo-release-managers. */
const PLAN_TEAM_ID = 5_480_229;

function resource(type: string, name: string, inputs: Record<string, unknown>, provider?: string): PlanResource {
  return {
    urn: `urn:pulumi:test::demo::${type}::${name}`,
    type,
    name,
    parent: STACK_URN,
    inputs,
    read: false,
    custom: true,
    ...(provider !== undefined ? { provider } : {}),
  };
}

const POLICY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"}]}';
const RULES = { deletion: true, pullRequest: { requiredApprovingReviewCount: 1, requireCodeOwnerReview: true } };

const DOC: PlanDocument = {
  project: "demo",
  stack: "test",
  outputs: {},
  resources: [
    { urn: STACK_URN, type: "pulumi:pulumi:Stack", name: "demo-test", inputs: {}, read: false, custom: false },
    { ...resource("pulumi:providers:github", "demo-github", {}), urn: GITHUB_PROVIDER },
    resource(DOCKERHUB.repository, "hub-repo", {
      namespace: "demoorg",
      name: "demo",
      description: "The demo server",
      isPrivate: false,
      immutableTagRules: ["^v1$", "^v2$"],
      allowDelete: false,
    }),
    resource(DOCKERHUB.team, "hub-team-admin", { org: "demoorg", name: "demo-admins", description: "Admins" }),
    resource(DOCKERHUB.team, "hub-team-triager", { org: "demoorg", name: "demo-triagers", description: "Triagers" }),
    resource(DOCKERHUB.teamMembers, "hub-members-admin", {
      org: "demoorg",
      team: "demo-admins",
      members: ["ada0", "cleo0"],
    }),
    resource(DOCKERHUB.teamPermission, "hub-perm-admin", {
      namespace: "demoorg",
      repository: "demo",
      team: "demo-admins",
      permission: "read",
    }),
    resource(
      GITHUB.team,
      "gh-team-admin",
      { name: "demo-admins", description: "Admins", privacy: "closed" },
      GITHUB_PROVIDER,
    ),
    resource(
      GITHUB.team,
      "gh-team-triager",
      { name: "demo-triagers", description: "Triagers", privacy: "closed" },
      GITHUB_PROVIDER,
    ),
    resource(GITHUB.teamMembers, "gh-members-admin", {
      teamSlug: "demo-admins",
      members: [
        { username: "Ada", role: "maintainer" },
        { username: "brian", role: "member" },
      ],
    }),
    resource(GITHUB.teamRepository, "gh-repo-admin", {
      teamId: "demo-admins",
      repository: "demo",
      permission: "admin",
    }),
    resource(GITHUB.membership, "gh-member-ada", { username: "ada" }),
    resource(GITHUB.environment, "gh-env-stable", {
      repository: "demo",
      environment: "stable",
      canAdminsBypass: false,
      preventSelfReview: true,
      reviewers: [{ teams: [PLAN_TEAM_ID] }],
      deploymentBranchPolicy: { customBranchPolicies: true, protectedBranches: false },
    }),
    resource(GITHUB.deploymentPolicy, "gh-policy-stable", {
      repository: "demo",
      environment: "stable",
      tagPattern: "v*",
    }),
    resource(GITHUB.environmentVariable, "gh-var-role", {
      repository: "demo",
      environment: "stable",
      variableName: "AWS_ROLE_ARN",
      value: "arn:aws:iam::111122223333:role/demo-release-stable",
    }),
    resource(GITHUB.ruleset, "gh-ruleset-main", {
      name: "main: reviewed",
      repository: "demo",
      target: "branch",
      enforcement: "active",
      conditions: { refName: { includes: ["refs/heads/main"], excludes: [] } },
      rules: RULES,
      bypassActors: [{ actorId: PLAN_TEAM_ID, actorType: "Team", bypassMode: "always" }],
    }),
    resource(GITHUB.file, "gh-file-a", { file: "a.yml", content: "a" }),
    resource(GITHUB.file, "gh-file-b", { file: "b.yml", content: "b" }),
    resource(AWS.repository, "ecr-demo", {
      name: "demo/demo",
      imageTagMutability: "MUTABLE_WITH_EXCLUSION",
      imageTagMutabilityExclusionFilters: [
        { filter: "*-beta.*", filterType: "WILDCARD" },
        { filter: "nightly-*", filterType: "WILDCARD" },
      ],
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: "AES256" }],
    }),
    resource(AWS.lifecyclePolicy, "ecr-demo-lifecycle", { repository: "demo/demo", policy: '{"rules":[]}' }),
    resource(AWS.oidcProvider, "oidc", {
      url: "https://token.actions.githubusercontent.com",
      clientIdLists: ["sts.amazonaws.com"],
    }),
    resource(AWS.role, "role-stable", {
      name: "demo-release-stable",
      description: "Pushes stable images",
      maxSessionDuration: 3600,
      assumeRolePolicy: POLICY,
    }),
    resource(AWS.role, "role-beta", { name: "demo-release-beta", description: "", assumeRolePolicy: POLICY }),
    resource(AWS.rolePolicy, "role-stable-push", { role: "demo-release-stable", name: "push", policy: POLICY }),
  ],
};

function existing(): ExistingState {
  return {
    version: 1,
    stack: "test",
    readAt: "2026-11-28T12:00:00.000Z",
    dockerhub: {
      namespace: "demoorg",
      repositories: [
        {
          name: "demo",
          description: "an old description",
          fullDescription: "",
          isPrivate: false,
          immutableTags: { enabled: true, rules: ["^v2$", "^v1$"] },
          tags: { total: 3, moving: 1, immutable: 1, signature: 0, other: 1 },
        },
        { name: "legacy", description: "", isPrivate: true },
      ],
      teams: [
        { id: 1, name: "demo-admins", description: "Admins", members: ["ada0", "bob0"], invited: ["cleo0"] },
        { id: 2, name: "website", description: "", members: ["zoe0"], invited: [] },
      ],
      permissions: [
        { repository: "demo", team: "demo-admins", permission: "write" },
        { repository: "demo", team: "website", permission: "read" },
      ],
    },
    github: {
      org: "demo-org",
      repository: "demo",
      members: [
        { login: "ada", role: "admin" },
        { login: "zoe", role: "member" },
      ],
      teams: [
        {
          id: 101,
          slug: "demo-admins",
          name: "demo-admins",
          description: "Admins",
          privacy: "secret",
          members: [
            { login: "ada", role: "maintainer" },
            { login: "zoe", role: "member" },
          ],
        },
        {
          id: 103,
          slug: "demo-release-managers",
          name: "demo-release-managers",
          description: "",
          privacy: "closed",
          members: [],
        },
      ],
      teamRepositories: [{ team: "demo-admins", permission: "admin" }],
      environments: [
        {
          name: "stable",
          canAdminsBypass: true,
          preventSelfReview: true,
          waitTimer: 0,
          reviewers: [{ type: "Team", id: 103, name: "demo-release-managers" }],
          deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
          policies: [
            { name: "v*", type: "tag" },
            { name: "main", type: "branch" },
          ],
          variables: [{ name: "AWS_ROLE_ARN", value: "arn:aws:iam::111122223333:role/demo-release-stable" }],
        },
      ],
      rulesets: [
        {
          id: 42,
          name: "main: reviewed",
          sourceType: "Repository",
          target: "branch",
          enforcement: "active",
          conditions: { ref_name: { include: ["refs/heads/main"], exclude: [] } },
          rules: [
            { type: "deletion" },
            { type: "required_linear_history" },
            {
              type: "pull_request",
              parameters: {
                required_approving_review_count: 2,
                require_code_owner_review: true,
                dismiss_stale_reviews_on_push: false,
              },
            },
          ],
          bypassActors: [{ actorId: 103, actorType: "Team", bypassMode: "always" }],
        },
        {
          id: 77,
          name: "org baseline",
          sourceType: "Organization",
          target: "branch",
          enforcement: "evaluate",
          conditions: {},
          rules: [{ type: "deletion" }],
          bypassActors: [],
        },
      ],
    },
    aws: {
      accountId: "111122223333",
      region: "eu-west-1",
      repositories: [
        {
          name: "demo/demo",
          imageTagMutability: "MUTABLE_WITH_EXCLUSION",
          exclusionFilters: [
            { filter: "nightly-*", filterType: "WILDCARD" },
            { filter: "*-beta.*", filterType: "WILDCARD" },
          ],
          scanOnPush: false,
          encryptionType: "AES256",
          lifecyclePolicy: '{ "rules": [ ] }',
        },
        {
          name: "website/site",
          imageTagMutability: "MUTABLE",
          exclusionFilters: [],
          scanOnPush: false,
          encryptionType: "AES256",
        },
      ],
      oidcProvider: {
        arn: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
        url: "token.actions.githubusercontent.com",
        clientIds: ["sts.amazonaws.com"],
        thumbprints: [],
      },
      roles: [
        {
          name: "demo-release-stable",
          arn: "arn:aws:iam::111122223333:role/demo-release-stable",
          description: "Pushes stable images",
          maxSessionDuration: 3600,
          // The same document, other key order and whitespace: IAM keeps the text it was given.
          assumeRolePolicy:
            '{\n  "Statement": [{ "Resource": "*", "Action": "ecr:GetAuthorizationToken", "Effect": "Allow" }],\n  "Version": "2012-10-17"\n}',
          inlinePolicies: [
            { name: "push", document: POLICY },
            { name: "debug", document: POLICY },
          ],
          attachedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        },
      ],
    },
  };
}

const compare = (state: ExistingState = existing()): AdoptReport =>
  compareStack(DOC, state, {
    planTeamSlug: (id) => (id === PLAN_TEAM_ID ? "demo-release-managers" : undefined),
    imports: { accountId: "111122223333", region: "eu-west-1" },
  });

const byName = (report: AdoptReport) => new Map(report.entries.map((e) => [e.name, e]));

describe("adopt: comparing a plan with what exists", () => {
  it("says of each declared resource whether it is unchanged, changed or to create", () => {
    const statuses = Object.fromEntries(compare().entries.map((e) => [e.name, e.status]));
    assert.deepEqual(statuses, {
      "hub-repo": "changed",
      "hub-team-admin": "unchanged",
      "hub-team-triager": "create",
      "hub-members-admin": "changed",
      "hub-perm-admin": "changed",
      "gh-team-admin": "changed",
      "gh-team-triager": "create",
      "gh-members-admin": "changed",
      "gh-repo-admin": "unchanged",
      "gh-member-ada": "changed",
      "gh-env-stable": "changed",
      "gh-policy-stable": "unchanged",
      "gh-var-role": "unchanged",
      "gh-ruleset-main": "changed",
      "ecr-demo": "changed",
      "ecr-demo-lifecycle": "unchanged",
      oidc: "unchanged",
      "role-stable": "unchanged",
      "role-beta": "create",
      "role-stable-push": "unchanged",
    });
  });

  it("lists the differing fields, order of sets ignored, members with invitations counted", () => {
    const entries = byName(compare());
    assert.deepEqual(entries.get("hub-repo")?.differences, [
      { field: "description", existing: "an old description", desired: "The demo server" },
    ]);
    assert.deepEqual(entries.get("hub-repo")?.notes, ["3 tags: 1 moving, 1 immutable, 0 signature, 1 other"]);
    // cleo0 is invited: not a difference; bob0 would be removed.
    assert.deepEqual(entries.get("hub-members-admin")?.differences, [
      { field: "members", existing: ["ada0", "bob0", "cleo0"], desired: ["ada0", "cleo0"] },
    ]);
    assert.deepEqual(entries.get("hub-members-admin")?.notes, ["invited, not accepted yet: cleo0"]);
    assert.deepEqual(entries.get("hub-perm-admin")?.differences, [
      { field: "permission", existing: "write", desired: "read" },
    ]);
    assert.deepEqual(entries.get("gh-team-admin")?.differences, [
      { field: "privacy", existing: "secret", desired: "closed" },
    ]);
    // Logins compare case-insensitively, as GitHub does.
    assert.deepEqual(entries.get("gh-members-admin")?.differences.map(formatDifference), [
      "members: +brian (member), -zoe (member)",
    ]);
    assert.deepEqual(entries.get("gh-member-ada")?.differences, [
      { field: "role", existing: "admin", desired: "member" },
    ]);
    assert.deepEqual(entries.get("ecr-demo")?.differences, [
      { field: "imageScanningConfiguration.scanOnPush", existing: false, desired: true },
    ]);
  });

  it("maps the plan's stand-in team ids to slugs, so reviewers and bypass actors compare with GitHub's ids", () => {
    const entries = byName(compare());
    assert.deepEqual(entries.get("gh-env-stable")?.differences, [
      { field: "canAdminsBypass", existing: true, desired: false },
    ]);
    assert.deepEqual(
      entries.get("gh-ruleset-main")?.differences.map((d) => d.field),
      ["rules.pullRequest.requiredApprovingReviewCount", "rules.requiredLinearHistory"],
    );
    assert.equal(
      formatDifference(entries.get("gh-ruleset-main")!.differences[0]!),
      "rules.pullRequest.requiredApprovingReviewCount: 2 -> 1",
    );
  });

  it("lists what exists and is not declared as left alone", () => {
    assert.deepEqual(
      compare().unmanaged.map((u) => `${u.service} ${u.kind} ${u.key}${u.note !== undefined ? ` (${u.note})` : ""}`),
      [
        "dockerhub repository demoorg/legacy",
        "dockerhub team demoorg/website (1 member)",
        "dockerhub team permission demoorg/demo:website (read)",
        "github team demo-release-managers (0 members)",
        "github organization member zoe (member)",
        "github deployment policy stable:branch:main (it also allows deployments)",
        "github ruleset org baseline (inherited from organization)",
        "aws ECR repository website/site",
        "aws IAM role policy demo-release-stable:debug (an inline policy the stack does not declare)",
        "aws IAM attached policy demo-release-stable:arn:aws:iam::aws:policy/AdministratorAccess (a managed policy attached by hand)",
      ],
    );
  });

  it("imports exactly the existing resources whose create would fail, with lib/plan/imports.ts's ids", () => {
    const imports = compare().imports;
    assert.deepEqual(
      imports.map((c) => [c.type, c.name, c.id, c.provider ?? ""]),
      [
        [GITHUB.team, "gh-team-admin", "demo-admins", "urn:pulumi:test::demo::pulumi:providers:github::demo-github"],
        [GITHUB.environmentVariable, "gh-var-role", "demo:stable:AWS_ROLE_ARN", ""],
        [AWS.repository, "ecr-demo", "demo/demo", ""],
        [AWS.oidcProvider, "oidc", "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", ""],
        [AWS.role, "role-stable", "demo-release-stable", ""],
      ],
    );
  });

  it("with nothing there, everything is created and nothing imported", () => {
    const empty = existing();
    const report = compare({
      ...empty,
      dockerhub: { namespace: "demoorg", repositories: [], teams: [], permissions: [] },
      github: { ...empty.github, members: [], teams: [], teamRepositories: [], environments: [], rulesets: [] },
      aws: { ...empty.aws, repositories: [], oidcProvider: null, roles: [] },
    });
    assert.ok(report.entries.every((e) => e.status === "create"));
    assert.deepEqual(report.imports, []);
    assert.deepEqual(report.unmanaged, []);
  });

  it("counts the declared types it does not read instead of guessing", () => {
    assert.deepEqual(compare().notCompared, [
      {
        service: "github",
        type: GITHUB.file,
        count: 2,
        why: "generated workflows: pulumi up opens a pull request with them",
      },
    ]);
  });

  it("renders a table per service with the import steps, providers first", () => {
    const table = renderAdoptTable(compare(), existing(), "out/import.json");
    assert.match(table, /^Docker Hub: namespace demoorg$/m);
    assert.match(
      table,
      /^ {2}changed {4}repository demoorg\/demo +description: "an old description" -> "The demo server"; 3 tags: 1 moving/m,
    );
    assert.match(table, /^ {2}create {5}team demoorg\/demo-triagers$/m);
    assert.match(table, /^ {2}not managed \(pulumi up leaves these alone\):\n {4}repository demoorg\/legacy$/m);
    assert.match(table, /^ {2}not read: 2 github:index\/repositoryFile:RepositoryFile \(generated workflows/m);
    assert.match(table, /^8 unchanged, 9 changed, 3 to create; 10 not managed, left alone$/m);
    assert.match(
      table,
      /^ {2}1\. pulumi up --stack test --target 'urn:pulumi:test::demo::pulumi:providers:github::demo-github'\n {2}2\. pulumi import --stack test --file out\/import\.json --generate-code=false\n {2}3\. pulumi up --stack test$/m,
    );
  });
});

describe("adopt: the table's cells", () => {
  it("cuts long texts and says JSON documents differ instead of printing them", () => {
    assert.equal(
      formatDifference({ field: "description", existing: "Admins", desired: "x".repeat(60) }),
      `description: "Admins" -> "${"x".repeat(47)}..." (60 characters)`,
    );
    assert.equal(
      formatDifference({ field: "policy", existing: '{"a":1}', desired: '{"a":2}' }),
      "policy: differs (the documents are in --json)",
    );
    assert.equal(formatDifference({ field: "rules.x", existing: true, desired: undefined }), "rules.x: true -> none");
  });

  it("counts the plain creates of a kind past ten instead of listing them", () => {
    const policies = Array.from({ length: 13 }, (_, i) =>
      resource(GITHUB.deploymentPolicy, `p${i}`, { environment: "beta", tagPattern: `v${i}` }),
    );
    const report = compareStack({ ...DOC, resources: policies }, existing(), {
      planTeamSlug: () => undefined,
      imports: { accountId: "111122223333", region: "eu-west-1" },
    });
    const table = renderAdoptTable(report, existing(), "import.json");
    assert.match(table, /^ {2}create {5}deployment policy beta:tag:v9$/m);
    assert.doesNotMatch(table, /beta:tag:v10$/m);
    assert.match(table, /^ {2}create {5}\.\.\. and 3 more of kind deployment policy$/m);
  });
});

describe("adopt: the dump file", () => {
  it("round-trips through renderDump and parseDump unchanged", () => {
    const parsed = parseDump(renderDump(existing()));
    assert.deepEqual(parsed, { ok: true, dump: existing() });
  });

  it("reports every problem of a bad file with its path", () => {
    const bad = existing() as unknown as {
      dockerhub: { repositories: Record<string, unknown>[] };
      aws: Record<string, unknown>;
    };
    bad.dockerhub.repositories[0]!.isPrivate = "no";
    delete bad.aws.roles;
    const parsed = parseDump(JSON.stringify(bad));
    assert.ok(!parsed.ok);
    assert.deepEqual(
      parsed.problems.map((p) => p.split(":")[0]),
      ["dockerhub.repositories[0].isPrivate", "aws.roles"],
    );
  });

  it("refuses another version and text that is not JSON", () => {
    assert.deepEqual(parseDump(JSON.stringify({ ...existing(), version: 2 })), {
      ok: false,
      problems: ["version: expected 1, found 2"],
    });
    const notJson = parseDump("{");
    assert.ok(!notJson.ok && notJson.problems[0]!.startsWith("not JSON: "));
  });

  it("counts tags by the channel model's classes", () => {
    assert.deepEqual(countTagClasses(["latest", "1.4.0", "nightly", `sha256-${"a".repeat(64)}.sig`, "my-branch"]), {
      total: 5,
      moving: 2,
      immutable: 1,
      signature: 1,
      other: 1,
    });
  });
});
