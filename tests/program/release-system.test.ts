import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { baseConfig, ofType, runProgram } from "../support/program";
import { getEngine } from "../support/engine";

const SYSTEM = "urn:pulumi:test::release-infra::release:index:ReleaseSystem::demo";
const ACCESS = "urn:pulumi:test::release-infra::release:index:ReleaseSystem$release:github:Access::demo-access";

/** Eight people, two admins: the guard's reference stack. */
function eightPeople(): Record<string, unknown> {
  const c = baseConfig();
  c.people = ["ada", "brian", "cleo", "dmitri", "erin", "fatima", "gus", "hana"].map((github, i) => ({
    github,
    role: i < 2 ? "admin" : i < 4 ? "release-manager" : "maintainer",
  }));
  return c;
}

describe("ReleaseSystem under mocks", () => {
  it("registers exactly the access resources, named by natural keys, under the right parents", async () => {
    const { resources } = await runProgram(baseConfig());
    const counts: Record<string, number> = {};
    // The registries and the repository protections have their own specs (registry.test.ts, github-repository.test.ts).
    const access = resources.filter(
      (x) =>
        !/release:aws:|release:github:Repository|release:dockerhub:|release:index:RegistryReads|pulumi:providers:aws/.test(
          x.urn,
        ),
    );
    for (const r of access) counts[r.type] = (counts[r.type] ?? 0) + 1;
    assert.deepEqual(counts, {
      "pulumi:pulumi:StackReference": 1,
      "release:index:ReleaseSystem": 1,
      "pulumi:providers:github": 1,
      "release:github:Access": 1,
      // No Membership: organization membership is not managed by default.
      "github:index/team:Team": 4,
      "github:index/teamMembers:TeamMembers": 4,
      "github:index/teamRepository:TeamRepository": 4,
    });

    const teams = ofType(resources, "github:index/team:Team");
    assert.deepEqual(teams.get("demo-access-team-release-manager")?.inputs, {
      name: "demo-release-managers",
      description:
        "Demo release-managers: Cuts beta and stable releases (pushes v* tags), approves stable deployments, runs rollbacks. Managed by release-infra.",
      privacy: "closed",
    });
    assert.equal(teams.get("demo-access-team-admin")?.parentUrn, ACCESS);

    const members = ofType(resources, "github:index/teamMembers:TeamMembers");
    assert.deepEqual(members.get("demo-access-members-admin")?.inputs, {
      teamSlug: "demo-admins",
      // Nobody is an organization owner: the first by login is the maintainer GitHub would make.
      members: [
        { username: "ada", role: "maintainer" },
        { username: "brian", role: "member" },
      ],
    });

    const perms = ofType(resources, "github:index/teamRepository:TeamRepository");
    assert.deepEqual(
      [...perms.values()].map((r) => [r.name, r.inputs.teamId, r.inputs.repository, r.inputs.permission]),
      [
        ["demo-access-repo-admin", "demo-admins", "demo", "admin"],
        ["demo-access-repo-release-manager", "demo-release-managers", "demo", "maintain"],
        ["demo-access-repo-maintainer", "demo-maintainers", "demo", "push"],
        ["demo-access-repo-triager", "demo-triagers", "demo", "triage"],
      ],
    );

    const provider = ofType(resources, "pulumi:providers:github").get("demo-github");
    assert.ok(provider);
    assert.equal(provider.parentUrn, SYSTEM);
    assert.equal(provider.inputs.owner, "demo-org");
    // Provider inputs travel as strings.
    assert.equal(provider.inputs.writeDelayMs, "1000");
    assert.equal(ofType(resources, "release:github:Access").get("demo-access")?.parentUrn, SYSTEM);
  });

  it("registers no TeamMembers for a role nobody holds (the team still exists)", async () => {
    const c = baseConfig();
    c.people = (c.people as { role: string }[]).filter((p) => p.role !== "triager");
    const { resources } = await runProgram(c);
    assert.ok(ofType(resources, "github:index/team:Team").has("demo-access-team-triager"));
    assert.ok(!ofType(resources, "github:index/teamMembers:TeamMembers").has("demo-access-members-triager"));
  });

  it("wires the repository protections to the access teams, the CI roles and the Docker Hub token", async () => {
    const token = "dckr_oat_SECRET0123";
    const { resources } = await runProgram(baseConfig(), { secrets: { dockerhubToken: token } });
    const ruleset = ofType(resources, "github:index/repositoryRuleset:RepositoryRuleset").get(
      "demo-repository-ruleset-release-tags",
    )!;
    const teamId = ofType(resources, "github:index/team:Team").get("demo-access-team-release-manager")!;
    assert.ok(teamId.urn.length > 0);
    assert.equal((ruleset.inputs.bypassActors as { actorType: string }[])[0]?.actorType, "Team");
    const roleArn = ofType(resources, "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable").get(
      "demo-repository-stable-var-AWS_ROLE_ARN",
    )!;
    assert.equal(roleArn.inputs.value, "arn:aws:iam::111122223333:role/demo-release-stable");
    const secrets = [...ofType(resources, "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret").values()];
    assert.deepEqual(secrets.map((s) => s.name).sort(), [
      "demo-repository-beta-secret-DOCKERHUB_TOKEN",
      "demo-repository-nightly-secret-DOCKERHUB_TOKEN",
      "demo-repository-stable-secret-DOCKERHUB_TOKEN",
    ]);
    for (const s of secrets) {
      assert.deepEqual(s.secretPaths, ["value"]);
      assert.equal(s.rawInputs.value, token);
    }
    for (const r of resources) assert.ok(!JSON.stringify(r.inputs).includes(token), `${r.name} shows the token`);
  });

  it("creates each environment before the CI role and the workflow files that name it (G4)", async () => {
    const { resources } = await runProgram(baseConfig());
    const envs = ofType(resources, "github:index/repositoryEnvironment:RepositoryEnvironment");
    const roles = ofType(resources, "aws:iam/role:Role");
    for (const channel of ["nightly", "beta", "stable"]) {
      const env = envs.get(`demo-repository-env-${channel}`)!;
      assert.ok(
        roles.get(`demo-ecr-ci-${channel}`)!.options.dependsOn.includes(env.urn),
        `role ${channel} after its environment`,
      );
      for (const file of ofType(resources, "github:index/repositoryFile:RepositoryFile").values()) {
        assert.ok(file.options.dependsOn.includes(env.urn), `${file.name} after ${channel}`);
      }
      // The ARN the environment carries is the role's real ARN.
      const variable = ofType(resources, "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable").get(
        `demo-repository-${channel}-var-AWS_ROLE_ARN`,
      )!;
      assert.equal(
        variable.inputs.value,
        `arn:aws:iam::111122223333:role/${String(roles.get(`demo-ecr-ci-${channel}`)!.inputs.name)}`,
      );
    }
  });

  it("exports the access list the next run's guard reads", async () => {
    const { outputs } = await runProgram(baseConfig());
    const access = outputs.access as { person: string; grant: string }[];
    // 5 people x 2 GitHub grants (team, repository; no organization role), plus a Docker Hub team for the 3 with a Docker ID.
    assert.equal(access.length, 13);
    assert.deepEqual(
      access.filter((g) => g.person === "ada").map((g) => g.grant),
      ["dockerhub:team:demo-admins", "github:repo:demo-org/demo:admin", "github:team:demo-admins"],
    );
  });

  it("composes the Docker Hub organization, with the overview read from the image's readme file", async () => {
    const c = baseConfig();
    c.images = [{ name: "demo", description: "The demo server", readme: "docs/dockerhub/cortex.md" }];
    const { resources } = await runProgram(c);
    assert.equal(ofType(resources, "release:dockerhub:Organization").get("demo-dockerhub")?.parentUrn, SYSTEM);
    const repo = ofType(resources, "pulumi-nodejs:dynamic/dockerhub:Repository").get("demo-dockerhub-repo-demo");
    assert.ok(repo, "no Docker Hub repository for the image");
    assert.equal(repo.inputs.fullDescription, readFileSync("docs/dockerhub/cortex.md", "utf8"));
  });

  it("reports a readme file that cannot be read as a config problem, registering nothing", async () => {
    const c = baseConfig();
    c.images = [{ name: "demo", readme: "docs/missing.md" }];
    await assert.rejects(runProgram(c), (err: unknown) => {
      assert.ok(err instanceof pulumi.RunError);
      assert.match(
        err.message,
        /^the stack configuration has 1 problem; nothing was changed:\n {2}- release-infra:images\[0\]\.readme: "docs\/missing\.md" cannot be read/,
      );
      return true;
    });
    assert.deepEqual(getEngine().resources, []);
  });

  it("registers nothing when config is invalid, and names every problem", async () => {
    const c = baseConfig();
    const people = c.people;
    people[2]!.role = "owner";
    people.push({ github: "ada", role: "maintainer" });
    c.images = [{ name: "Bad Name" }];
    c.channels = { nightly: { schedule: "0 4 * * *", images: ["ghost"] } };
    await assert.rejects(runProgram(c), (err: unknown) => {
      assert.ok(err instanceof pulumi.RunError);
      const text = err.message;
      assert.match(text, /^the stack configuration has 5 problems; nothing was changed:/);
      for (const path of [
        "release-infra:images[0].name",
        "release-infra:channels.nightly.schedule",
        "release-infra:people[2].role",
        "release-infra:people[5].github",
        "release-infra:channels.nightly.images[0]",
      ]) {
        assert.ok(text.includes(`  - ${path}: `), `${path} in\n${text}`);
      }
      return true;
    });
    assert.deepEqual(getEngine().resources, []);
  });

  it("fails when 3 of 8 people would be removed, registering nothing but the self reference", async () => {
    const before = await runProgram(eightPeople());
    const c = eightPeople();
    c.people = (c.people as unknown[]).slice(0, 5);
    await assert.rejects(runProgram(c, { previousOutputs: before.outputs }), (err: unknown) => {
      assert.ok(err instanceof pulumi.RunError);
      assert.match(err.message, /^this change would remove 6 of the 16 grants deployed now \(37\.5%\)/);
      assert.match(err.message, /removed from 3 people:\n {4}fatima: .*\n {4}gus: .*\n {4}hana: /);
      assert.match(err.message, /pulumi config set --path safety\.allowMassRemoval true/);
      return true;
    });
    assert.deepEqual(
      getEngine().resources.map((r) => r.type),
      ["pulumi:pulumi:StackReference"],
    );
  });

  it("lets the same removal through with safety.allowMassRemoval", async () => {
    const before = await runProgram(eightPeople());
    const c = eightPeople();
    c.people = (c.people as unknown[]).slice(0, 5);
    c.safety = { allowMassRemoval: true };
    const after = await runProgram(c, { previousOutputs: before.outputs });
    assert.equal((after.outputs.access as unknown[]).length, 10);
  });

  it("lets a small removal through (2 of 8)", async () => {
    const before = await runProgram(eightPeople());
    const c = eightPeople();
    c.people = (c.people as unknown[]).slice(0, 6);
    const after = await runProgram(c, { previousOutputs: before.outputs });
    assert.equal((after.outputs.access as unknown[]).length, 12);
  });

  it("keeps the GitHub token secret from config to provider, and out of every output", async () => {
    const token = "ghp_0123456789abcdefSECRET";
    const { resources, outputs, secretOutputs } = await runProgram(baseConfig(), { secrets: { githubToken: token } });
    const provider = ofType(resources, "pulumi:providers:github").get("demo-github")!;
    assert.deepEqual(provider.secretPaths, ["token"]);
    assert.equal(provider.rawInputs.token, token);
    assert.equal(provider.inputs.token, "[secret]");
    assert.deepEqual(secretOutputs, []);
    assert.ok(!JSON.stringify(outputs).includes(token));
    for (const r of resources) assert.ok(!JSON.stringify(r.inputs).includes(token), `${r.name} leaks the token`);
  });
});
