import assert from "node:assert/strict";
import { checkIamPolicy, parsePolicyDocument } from "../../lib/aws";
import { ecrTagMutability } from "../../lib/channels";
import { compileTagScheme } from "../../lib/channels/model";
import { cortex, DEFAULT_MODEL } from "../support/tag-schemes";
import { compileLifecyclePolicy, DEFAULT_RETENTION, renderLifecyclePolicy } from "../../lib/retention";
import { baseConfig, ofType, runProgram, type Fixture } from "../support/program";

const T = {
  repo: "aws:ecr/repository:Repository",
  lifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  repoPolicy: "aws:ecr/repositoryPolicy:RepositoryPolicy",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  oidc: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
};

function twoImages(): Fixture {
  const c = baseConfig();
  c.images = [{ name: "demo" }, { name: "demo-tools" }];
  c.channels = { nightly: { images: ["demo"] } };
  return c;
}

describe("ECR registry under mocks", () => {
  it("gives each channel its own protected, retained repository of each image it builds, with the channel model's tag mutability", async () => {
    const { resources } = await runProgram(twoImages());
    const repos = ofType(resources, T.repo);
    // Stable keeps <project>/<image> and its logical name; nightly builds only "demo".
    assert.deepEqual(
      [...repos.values()].map((r) => [r.name, r.inputs.name]),
      [
        ["demo-ecr-nightly--demo", "demo/nightly/demo"],
        ["demo-ecr-beta--demo", "demo/beta/demo"],
        ["demo-ecr-demo", "demo/demo"],
        ["demo-ecr-beta--demo-tools", "demo/beta/demo-tools"],
        ["demo-ecr-demo-tools", "demo/demo-tools"],
      ],
    );
    const repo = repos.get("demo-ecr-demo")!;
    const mutability = ecrTagMutability(DEFAULT_MODEL);
    assert.deepEqual(repo.inputs, {
      name: "demo/demo",
      imageTagMutability: mutability.imageTagMutability,
      imageTagMutabilityExclusionFilters: mutability.imageTagMutabilityExclusionFilters,
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: "AES256" }],
      forceDelete: false,
    });
    for (const r of repos.values()) {
      assert.equal(r.options.protect, true, `${r.name} protect`);
      assert.equal(r.options.retainOnDelete, true, `${r.name} retainOnDelete`);
      assert.match(r.parentUrn ?? "", /release:aws:ImageRepository::demo-ecr-((nightly|beta)--)?demo(-tools)?$/);
    }
  });

  it("manages the account-wide scanning configuration only when the config asks for it", async () => {
    const T_SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";
    assert.equal(ofType((await runProgram(baseConfig())).resources, T_SCANNING).size, 0);
    const c = baseConfig();
    c.registries = { ...c.registries, ecr: { ...(c.registries.ecr as object), scanning: "enhanced" } };
    const scanning = [...ofType((await runProgram(c)).resources, T_SCANNING).values()];
    assert.deepEqual(
      scanning.map((r) => r.inputs.scanType),
      ["ENHANCED"],
    );
  });

  it("removing an image from config drops its repository from the program, and the retained repository stays in AWS", async () => {
    const before = await runProgram(twoImages());
    const after = await runProgram(baseConfig());
    const gone = [...ofType(before.resources, T.repo).values()].filter(
      (r) => !ofType(after.resources, T.repo).has(r.name),
    );
    assert.deepEqual(
      gone.map((r) => r.name),
      // twoImages() builds demo-tools on beta and stable only.
      ["demo-ecr-beta--demo-tools", "demo-ecr-demo-tools"],
    );
    // retainOnDelete: the engine removes it from state only; protect: an explicit destroy is refused.
    assert.ok(gone.every((r) => r.options.retainOnDelete && r.options.protect));
  });

  it("puts the compiled lifecycle policy on every repository, rules sorted", async () => {
    const { resources } = await runProgram(baseConfig());
    const policy = ofType(resources, T.lifecycle).get("demo-ecr-demo-lifecycle")!;
    assert.equal(
      policy.inputs.policy,
      renderLifecyclePolicy(compileLifecyclePolicy({ ...DEFAULT_RETENTION }, DEFAULT_MODEL)),
    );
    const rules = (JSON.parse(policy.inputs.policy) as { rules: { rulePriority: number }[] }).rules;
    assert.deepEqual(
      rules.map((r) => r.rulePriority),
      [...rules.map((r) => r.rulePriority)].sort((a, b) => a - b),
    );
  });

  it("follows the configured tag scheme: cortex.cpp's selectors in the lifecycle policy, its filters on the repository", async () => {
    const c = baseConfig();
    c.tagScheme = cortex;
    const { resources } = await runProgram(c);
    const policy = JSON.parse(String(ofType(resources, T.lifecycle).get("demo-ecr-demo-lifecycle")!.inputs.policy)) as {
      rules: { selection: { tagPatternList?: string[] } }[];
    };
    assert.deepEqual(
      policy.rules.map((r) => r.selection.tagPatternList?.[0]),
      ["buildcache-*", "latest", "beta-*", "sha-*", "nightly-*-*"],
    );
    assert.deepEqual(
      ofType(resources, T.repo).get("demo-ecr-demo")!.inputs.imageTagMutabilityExclusionFilters,
      ecrTagMutability(compileTagScheme(cortex)).imageTagMutabilityExclusionFilters,
    );
  });

  it("follows configured retention", async () => {
    const c = baseConfig();
    c.channels = { beta: { retention: { keepLast: 5 } }, nightly: { retention: { maxAgeDays: 3 } } };
    const { resources } = await runProgram(c);
    const text = String(ofType(resources, T.lifecycle).get("demo-ecr-demo-lifecycle")!.inputs.policy);
    assert.match(text, /"countNumber": 5/);
    assert.match(text, /"countNumber": 3/);
  });

  it("adds a pull policy, replication and a pull-through cache only when configured", async () => {
    const plain = await runProgram(baseConfig());
    for (const t of [
      T.repoPolicy,
      "aws:ecr/replicationConfiguration:ReplicationConfiguration",
      "aws:ecr/pullThroughCacheRule:PullThroughCacheRule",
    ]) {
      assert.equal(ofType(plain.resources, t).size, 0, t);
    }
    const c = baseConfig();
    c.registries = {
      ecr: {
        accountId: "111122223333",
        region: "eu-west-1",
        pullAccounts: ["444455556666"],
        replicationRegions: ["us-east-1"],
        dockerhubCacheCredentialArn:
          "arn:aws:secretsmanager:eu-west-1:111122223333:secret:ecr-pullthroughcache/hub-AbCdEf",
      },
      dockerhub: { namespace: "demoorg" },
    };
    const { resources } = await runProgram(c);
    const pull = ofType(resources, T.repoPolicy).get("demo-ecr-demo-pull")!;
    assert.deepEqual(checkIamPolicy(parsePolicyDocument(String(pull.inputs.policy)), "repository"), []);
    assert.deepEqual(
      ofType(resources, "aws:ecr/replicationConfiguration:ReplicationConfiguration").get("demo-ecr-replication")
        ?.inputs,
      {
        replicationConfiguration: { rules: [{ destinations: [{ region: "us-east-1", registryId: "111122223333" }] }] },
      },
    );
    assert.deepEqual(
      ofType(resources, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule").get("demo-ecr-dockerhub-cache")?.inputs,
      {
        ecrRepositoryPrefix: "docker-hub",
        upstreamRegistryUrl: "registry-1.docker.io",
        credentialArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:ecr-pullthroughcache/hub-AbCdEf",
      },
    );
  });

  it("pins the AWS provider to the configured account", async () => {
    const { resources } = await runProgram(baseConfig());
    const provider = ofType(resources, "pulumi:providers:aws").get("demo-ecr-aws")!;
    assert.equal(provider.inputs.allowedAccountIds, '["111122223333"]');
    assert.equal(provider.inputs.region, "eu-west-1");
    for (const r of ofType(resources, T.repo).values())
      assert.match(r.options.provider ?? "", /pulumi:providers:aws::demo-ecr-aws::/);
  });

  it("creates one protected GitHub OIDC provider and one role per channel that passes rules A2 and A3", async () => {
    const { resources } = await runProgram(twoImages());
    const oidc = ofType(resources, T.oidc).get("demo-ecr-ci-github-oidc")!;
    assert.deepEqual(oidc.inputs, {
      url: "https://token.actions.githubusercontent.com",
      clientIdLists: ["sts.amazonaws.com"],
    });
    assert.equal(oidc.options.protect, true);

    const roles = ofType(resources, T.role);
    assert.deepEqual([...roles.keys()], ["demo-ecr-ci-nightly", "demo-ecr-ci-beta", "demo-ecr-ci-stable"]);
    for (const [channel, role] of [...roles.values()].map((r) => [r.name.replace("demo-ecr-ci-", ""), r] as const)) {
      assert.equal(role.inputs.name, `demo-release-${channel}`);
      const trust = parsePolicyDocument(String(role.inputs.assumeRolePolicy));
      assert.deepEqual(checkIamPolicy(trust, "trust"), []);
      assert.match(String(role.inputs.assumeRolePolicy), new RegExp(`"repo:demo-org/demo:environment:${channel}"`));
      assert.ok(
        role.options.dependsOn.some((u) => u.endsWith("::demo-ecr-ci-github-oidc")),
        "role after the provider",
      );
      const push = ofType(resources, T.rolePolicy).get(`demo-ecr-ci-${channel}-push`)!;
      assert.deepEqual(checkIamPolicy(parsePolicyDocument(String(push.inputs.policy)), "permissions"), []);
    }
    // Each role may push to its own channel's repositories only: stable's tags are out of
    // reach of the nightly and beta roles, whatever their tag.
    const pushable = (channel: string) =>
      [
        ...String(ofType(resources, T.rolePolicy).get(`demo-ecr-ci-${channel}-push`)!.inputs.policy).matchAll(
          /repository\/([a-z0-9/._-]+)"/g,
        ),
      ]
        .map((m) => m[1])
        .sort();
    assert.deepEqual(pushable("nightly"), ["demo/nightly/demo"]);
    assert.deepEqual(pushable("beta"), ["demo/beta/demo", "demo/beta/demo-tools"]);
    assert.deepEqual(pushable("stable"), ["demo/demo", "demo/demo-tools"]);
  });

  it("reuses an existing OIDC provider by ARN and trusts the immutable subject when ids are configured", async () => {
    const c = baseConfig();
    c.registries = {
      ecr: {
        accountId: "111122223333",
        region: "eu-west-1",
        oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
      },
      dockerhub: { namespace: "demoorg" },
    };
    c.github = { ...c.github, orgId: 1234, repositoryId: 5678 };
    const { resources } = await runProgram(c);
    assert.equal(ofType(resources, T.oidc).size, 0);
    const trust = String(ofType(resources, T.role).get("demo-ecr-ci-stable")!.inputs.assumeRolePolicy);
    assert.match(trust, /"repo:demo-org@1234\/demo@5678:environment:stable"/);
    assert.match(trust, /"repo:demo-org\/demo:environment:stable"/);
  });

  it("exports the registry, role ARNs and each repository's retention in words", async () => {
    const { outputs } = await runProgram(baseConfig());
    assert.equal(outputs.ecrRegistry, "111122223333.dkr.ecr.eu-west-1.amazonaws.com");
    assert.deepEqual(outputs.ciRoleArns, {
      nightly: "arn:aws:iam::111122223333:role/demo-release-nightly",
      beta: "arn:aws:iam::111122223333:role/demo-release-beta",
      stable: "arn:aws:iam::111122223333:role/demo-release-stable",
    });
    const repos = outputs.repositories as Record<string, { ecr: string; retention: string[] }>;
    assert.equal(repos.demo?.ecr, "111122223333.dkr.ecr.eu-west-1.amazonaws.com/demo/demo");
    assert.ok(repos.demo.retention.includes("keeps the newest 20 beta images (`{version}`) tagged `*.*.*-beta.*`"));
  });
});
