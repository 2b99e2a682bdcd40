import assert from "node:assert/strict";
import { dockerHubImmutableTagRules } from "../../lib/channels";
import { compileTagScheme } from "../../lib/channels/model";
import { DEFAULT_MODEL, traefik } from "../support/tag-schemes";
import {
  actionsTokenPermissions,
  AWS_TYPES,
  branchRulesets,
  channelEnvironments,
  DOCKERHUB_TYPES,
  dockerHubCiToken,
  dockerHubImmutableTags,
  dockerHubRepositoryDeletion,
  dockerHubTeamPermissions,
  noCredentialVariables,
  registryCredentialsInEnvironments,
  releaseTagRuleset,
  statefulResourcesProtected,
} from "../../policy/policies";
import { GITHUB_TYPES } from "../../policy/github-types";
import { validateResource } from "./harness";

const BRANCH_RULESET = {
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
  },
};
const TAG_RULESET = {
  name: "release tags",
  target: "tag",
  enforcement: "active",
  conditions: { refName: { includes: ["refs/tags/v*"], excludes: [] } },
  bypassActors: [{ actorId: 5704135, actorType: "Team", bypassMode: "always" }],
  rules: { creation: true, update: true, deletion: true },
};
const HUB_REPOSITORY = {
  namespace: "cortexproject",
  name: "cortex",
  immutableTagRules: dockerHubImmutableTagRules(DEFAULT_MODEL),
  allowDelete: false,
};

describe("policy pack: GitHub rules G1-G6", () => {
  it("g1 passes the planned branch ruleset", async () => {
    assert.deepEqual(await validateResource(branchRulesets, { type: GITHUB_TYPES.ruleset, props: BRANCH_RULESET }), {
      violations: [],
    });
  });

  it("g1 reports force pushes, missing reviews and a bypass actor on the default branch", async () => {
    const props = {
      ...BRANCH_RULESET,
      bypassActors: [{ actorId: 1, actorType: "RepositoryRole", bypassMode: "always" }],
      rules: { deletion: true },
    };
    const outcome = await validateResource(branchRulesets, { type: GITHUB_TYPES.ruleset, name: "rs", props });
    const what = 'GitHub ruleset "rs" (main: reviewed changes only)';
    assert.deepEqual(outcome.violations, [
      `${what}: force pushes are allowed; set rules.nonFastForward: true (declare it from planRulesets() (lib/github))`,
      `${what}: changes need no approved pull request; set rules.pullRequest.requiredApprovingReviewCount to at least 1 (declare it from planRulesets() (lib/github))`,
      `${what}: 1 bypass actor(s) on the default branch main; remove bypassActors: with rulesets, even admins are bound unless listed there`,
    ]);
  });

  it("g1 takes the default branch from the policy config", async () => {
    const props = { ...BRANCH_RULESET, bypassActors: [{ actorId: 1, actorType: "Team", bypassMode: "always" }] };
    assert.deepEqual(
      await validateResource(branchRulesets, { type: GITHUB_TYPES.ruleset, props }, { defaultBranch: "trunk" }),
      { violations: [] },
    );
  });

  it("g2 passes a Team-only tag ruleset and reports open rules and other actors", async () => {
    assert.deepEqual(await validateResource(releaseTagRuleset, { type: GITHUB_TYPES.ruleset, props: TAG_RULESET }), {
      violations: [],
    });
    const props = {
      ...TAG_RULESET,
      bypassActors: [{ actorId: 5, actorType: "OrganizationAdmin", bypassMode: "always" }],
      rules: { creation: true },
    };
    const outcome = await validateResource(releaseTagRuleset, { type: GITHUB_TYPES.ruleset, name: "tags", props });
    assert.deepEqual(outcome.violations, [
      'GitHub ruleset "tags" (release tags): anyone with write access may move and delete release tags; set rules.update: true, rules.deletion: true (declare it from planRulesets() (lib/github))',
      'GitHub ruleset "tags" (release tags): bypass actors of type OrganizationAdmin; only the release managers\' Team may bypass (declare it from planRulesets() (lib/github))',
    ]);
  });

  it("g3 reports write tokens that can approve pull requests", async () => {
    assert.deepEqual(
      await validateResource(actionsTokenPermissions, {
        type: GITHUB_TYPES.workflowPermissions,
        props: { repository: "cortex", defaultWorkflowPermissions: "read", canApprovePullRequestReviews: false },
      }),
      { violations: [] },
    );
    const outcome = await validateResource(actionsTokenPermissions, {
      type: GITHUB_TYPES.workflowPermissions,
      name: "actions",
      props: { repository: "cortex", defaultWorkflowPermissions: "write" },
    });
    assert.deepEqual(outcome.violations, [
      'GitHub Actions permissions "actions" (cortex): defaultWorkflowPermissions is "write"; set defaultWorkflowPermissions: "read" (jobs ask for more)',
      'GitHub Actions permissions "actions" (cortex): canApprovePullRequestReviews is not false, so a workflow could approve its own pull request; set canApprovePullRequestReviews: false',
    ]);
  });

  it("g4 passes the planned stable environment and reports one admins can bypass without reviewers", async () => {
    const stable = {
      repository: "cortex",
      environment: "stable",
      canAdminsBypass: false,
      preventSelfReview: true,
      reviewers: [{ teams: [5704135] }],
      deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
    };
    assert.deepEqual(await validateResource(channelEnvironments, { type: GITHUB_TYPES.environment, props: stable }), {
      violations: [],
    });
    const outcome = await validateResource(channelEnvironments, {
      type: GITHUB_TYPES.environment,
      name: "env",
      props: { repository: "cortex", environment: "stable" },
    });
    const fix = "(declare it from planEnvironments() (lib/github))";
    assert.deepEqual(outcome.violations, [
      `GitHub environment "env" (stable): admins can bypass its protection rules; set canAdminsBypass: false ${fix}`,
      `GitHub environment "env" (stable): any branch or tag may deploy to it; set deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true } and its deployment policies ${fix}`,
      `GitHub environment "env" (stable): no team must approve a stable deployment; set reviewers: [{ teams: [<release managers' team id>] }] ${fix}`,
      `GitHub environment "env" (stable): whoever pushed the release tag may approve its publication; set preventSelfReview: true ${fix}`,
    ]);
  });

  it("g4 reports a branch deployment policy on stable, not on nightly", async () => {
    const nightly = await validateResource(channelEnvironments, {
      type: GITHUB_TYPES.deploymentPolicy,
      props: { environment: "nightly", branchPattern: "dev" },
    });
    assert.deepEqual(nightly, { violations: [] });
    const outcome = await validateResource(channelEnvironments, {
      type: GITHUB_TYPES.deploymentPolicy,
      name: "dp",
      props: { environment: "stable", branchPattern: "main" },
    });
    assert.deepEqual(outcome.violations, [
      'GitHub deployment policy "dp" (environment stable): deploys from "main"; stable deploys only from v* release tags: set tagPattern only (declare it from planEnvironments() (lib/github))',
    ]);
  });

  it("g6 passes a protected ECR repository and reports an unprotected one", async () => {
    assert.deepEqual(
      await validateResource(statefulResourcesProtected, {
        type: AWS_TYPES.ecrRepository,
        props: { name: "cortex/cortex" },
        protect: true,
      }),
      { violations: [] },
    );
    const outcome = await validateResource(statefulResourcesProtected, {
      type: AWS_TYPES.ecrRepository,
      name: "ecr",
      props: { name: "cortex/cortex" },
    });
    assert.deepEqual(outcome.violations, [
      'ECR repository "ecr" (cortex/cortex): not protected, so a refactor or a removed config entry would delete every pushed image; declare it with the resource options { protect: true, retainOnDelete: true }',
    ]);
  });
});

describe("policy pack: Docker Hub rules D1-D3", () => {
  it("d2 passes the channel model's rules", async () => {
    assert.deepEqual(
      await validateResource(dockerHubImmutableTags, { type: DOCKERHUB_TYPES.repository, props: HUB_REPOSITORY }),
      { violations: [] },
    );
  });

  it("d2 reports a rule matching moving tags and the missing release rule", async () => {
    const outcome = await validateResource(dockerHubImmutableTags, {
      type: DOCKERHUB_TYPES.repository,
      name: "hub",
      props: { ...HUB_REPOSITORY, immutableTagRules: ["latest|stable"] },
    });
    const fix = `use the tag scheme's rules (dockerHubImmutableTagRules(model): ${JSON.stringify(dockerHubImmutableTagRules(DEFAULT_MODEL))})`;
    assert.deepEqual(outcome.violations, [
      `Docker Hub repository "hub" (cortex): immutableTagRules[0] "latest|stable" matches the moving tag "stable"; moving tags must stay mutable so releases and rollbacks can re-point them; ${fix}`,
      `Docker Hub repository "hub" (cortex): no immutableTagRules entry matches the release tag "1.5.0", so a push could overwrite a release; ${fix}`,
    ]);
  });

  it("d2 judges by the tag scheme in its config: Traefik's v-prefixed release and moving tags", async () => {
    const model = compileTagScheme(traefik);
    const hub = (immutableTagRules: string[]) => ({
      type: DOCKERHUB_TYPES.repository,
      name: "hub",
      props: { ...HUB_REPOSITORY, immutableTagRules },
    });
    assert.deepEqual(
      await validateResource(dockerHubImmutableTags, hub(dockerHubImmutableTagRules(model)), { tagScheme: traefik }),
      { violations: [] },
    );
    const outcome = await validateResource(
      dockerHubImmutableTags,
      hub([...dockerHubImmutableTagRules(DEFAULT_MODEL), "v[0-9]+([.][0-9]+)*"]),
      { tagScheme: traefik },
    );
    assert.deepEqual(
      outcome.violations.map((v) => v.replace(/; use the tag scheme's rules .*$/, "")),
      [
        'Docker Hub repository "hub" (cortex): immutableTagRules[1] "v[0-9]+([.][0-9]+)*" matches the moving tag "v1.5"; moving tags must stay mutable so releases and rollbacks can re-point them',
      ],
    );
  });

  it("d2 reports a rule freezing signature tags", async () => {
    const outcome = await validateResource(dockerHubImmutableTags, {
      type: DOCKERHUB_TYPES.repository,
      name: "hub",
      props: { ...HUB_REPOSITORY, immutableTagRules: [...dockerHubImmutableTagRules(DEFAULT_MODEL), "sha256-.*"] },
    });
    assert.equal(outcome.violations.length, 1);
    assert.match(
      outcome.violations[0]!,
      /^Docker Hub repository "hub" \(cortex\): immutableTagRules match the signature tag "sha256-0+\.sig", which cosign rewrites on every re-sign/,
    );
  });

  it("d3 passes the role table's grants and reports more than the role holds", async () => {
    const grant = (team: string, permission: string) => ({
      type: DOCKERHUB_TYPES.teamPermission,
      name: "perm",
      props: { namespace: "cortexproject", repository: "cortex", team, permission },
    });
    for (const [team, permission] of [
      ["cortex-admins", "read"],
      ["cortex-release-managers", "admin"],
      ["cortex-maintainers", "write"],
      ["cortex-triagers", "read"],
    ] as const) {
      assert.deepEqual(
        await validateResource(dockerHubTeamPermissions, grant(team, permission)),
        { violations: [] },
        team,
      );
    }
    assert.deepEqual((await validateResource(dockerHubTeamPermissions, grant("cortex-admins", "admin"))).violations, [
      'Docker Hub team permission "perm" (team "cortex-admins" on cortex): permission admin exceeds what role admin holds (read, lib/access/roles.ts); set permission: "read"',
    ]);
    assert.deepEqual((await validateResource(dockerHubTeamPermissions, grant("ops", "read"))).violations, [
      'Docker Hub team permission "perm" (team "ops" on cortex): the team is no role\'s team (<prefix>-admins|release-managers|maintainers|triagers); grant Docker Hub access through a role in release-infra:people',
    ]);
    assert.deepEqual((await validateResource(dockerHubTeamPermissions, grant("cortex-triagers", "owner"))).violations, [
      'Docker Hub team permission "perm" (team "cortex-triagers" on cortex): permission "owner" is not one of read, write, admin; grant the role table\'s permission',
    ]);
  });

  it("d3 refuses repository deletion unless the policy config allows it", async () => {
    const deletable = {
      type: DOCKERHUB_TYPES.repository,
      name: "hub",
      props: { ...HUB_REPOSITORY, allowDelete: true },
    };
    assert.deepEqual(
      await validateResource(dockerHubRepositoryDeletion, { type: DOCKERHUB_TYPES.repository, props: HUB_REPOSITORY }),
      { violations: [] },
    );
    const refused = await validateResource(dockerHubRepositoryDeletion, deletable);
    assert.equal(refused.violations.length, 1);
    assert.match(
      refused.violations[0]!,
      /^Docker Hub repository "hub" \(cortex\): allowDelete is true, so Pulumi may delete the repository and every image in it; /,
    );
    assert.deepEqual(
      await validateResource(dockerHubRepositoryDeletion, deletable, { allowRepositoryDeletion: true }),
      { violations: [] },
    );
  });

  it("d1 reports a personal access token as CI's Docker Hub token", async () => {
    const secret = (value: string) => ({
      type: GITHUB_TYPES.environmentSecret,
      name: "s",
      props: { repository: "cortex", environment: "stable", secretName: "DOCKERHUB_TOKEN", value },
    });
    assert.deepEqual(await validateResource(dockerHubCiToken, secret("dckr_oat_example")), { violations: [] });
    const outcome = await validateResource(dockerHubCiToken, secret("dckr_pat_example"));
    assert.equal(outcome.violations.length, 1);
    assert.match(
      outcome.violations[0]!,
      /^GitHub environment secret "s" \(DOCKERHUB_TOKEN in stable\): holds a personal access token, which acts as a person; /,
    );
  });
});

describe("policy pack: secrets rules S1-S2", () => {
  it("s1 passes plain settings and reports a token kept as a variable", async () => {
    const variable = (variableName: string, value: string) => ({
      type: GITHUB_TYPES.environmentVariable,
      name: "v",
      props: { repository: "cortex", environment: "beta", variableName, value },
    });
    assert.deepEqual(await validateResource(noCredentialVariables, variable("DOCKERHUB_USERNAME", "cortexproject")), {
      violations: [],
    });
    assert.deepEqual(
      await validateResource(
        noCredentialVariables,
        variable("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/cortex-release-beta"),
      ),
      { violations: [] },
    );
    const byName = await validateResource(noCredentialVariables, variable("DOCKERHUB_TOKEN", "x"));
    assert.deepEqual(byName.violations, [
      'GitHub environment variable "v" (DOCKERHUB_TOKEN): a variable is stored and shown in plain text, and this one is named as a credential; make it a secret of the channel\'s environment (github.ActionsEnvironmentSecret) fed from pulumi config set --secret',
    ]);
    const byValue = await validateResource(noCredentialVariables, variable("LOGIN", "dckr_oat_abc"));
    assert.match(
      byValue.violations[0] ?? "",
      /\(LOGIN\): a variable is stored and shown in plain text, and this one holds a credential; /,
    );
  });

  it("s2 reports a registry credential as a repository secret, not another repository secret", async () => {
    assert.deepEqual(
      await validateResource(registryCredentialsInEnvironments, {
        type: GITHUB_TYPES.repositorySecret,
        props: { repository: "cortex", secretName: "CODECOV_UPLOAD", value: "x" },
      }),
      { violations: [] },
    );
    const outcome = await validateResource(registryCredentialsInEnvironments, {
      type: GITHUB_TYPES.repositorySecret,
      name: "s",
      props: { repository: "cortex", secretName: "DOCKERHUB_TOKEN", value: "x" },
    });
    assert.deepEqual(outcome.violations, [
      'GitHub repository secret "s" (DOCKERHUB_TOKEN): holds a registry credential any workflow of the repository can read; delete it and set it as the channel environment\'s secret (github.ActionsEnvironmentSecret, as GitHubRepository does with dockerhubTokens)',
    ]);
    const org = await validateResource(registryCredentialsInEnvironments, {
      type: GITHUB_TYPES.organizationSecret,
      name: "o",
      props: { secretName: "PUSH", value: "AKIAABCDEFGHIJKLMNOP" },
    });
    assert.equal(org.violations.length, 1);
  });
});
