/*
 * Shared organizations: by default the stack grants only this project's teams
 * and repository access, reads who is an owner instead of deciding it, and
 * never demotes one. The GitHub organization is what `github.getMembership`
 * answers (`orgRoles`; anyone else gets GitHub's 404).
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { CallError, offlineRegistryReads } from "../../cli/plan/calls";
import { evaluateProgram } from "../../cli/plan/evaluate";
import type { CallHandler, RecordedResource } from "../../cli/plan/mock-runtime";
import { releaseProgram } from "../../components/program";
import { DOCKERHUB, GITHUB, GITHUB_FUNCTIONS } from "../../lib/resource-types";
import { getEngine } from "../support/engine";
import { baseConfig, ofType, runProgram, toConfigMap, type Fixture } from "../support/program";

type Grant = { person: string; grant: string };

/** baseConfig with membership settings and, optionally, one more maintainer with a Docker ID. */
function stack(github: Record<string, unknown> = {}, withFatima = false): Fixture {
  const c = baseConfig();
  c.github = { ...c.github, ...github };
  if (withFatima) c.people = [...c.people, { github: "fatima", dockerhub: "fatima0", role: "maintainer" }];
  return c;
}

const MANAGED = { orgMembership: "managed" };
const OWNERS = { orgMembership: "managed", adminsAreOrgOwners: true };

function membershipRoles(resources: readonly RecordedResource[]): Record<string, unknown> {
  const roles: Record<string, unknown> = {};
  for (const r of ofType(resources, GITHUB.membership).values()) roles[String(r.inputs.username)] = r.inputs.role;
  return roles;
}

function teamMembers(resources: readonly RecordedResource[], role: string): unknown {
  return ofType(resources, GITHUB.teamMembers).get(`demo-access-members-${role}`)?.inputs.members;
}

/** Resources of `after` whose inputs differ from `before`'s, and those only one of them has, by name. */
function changes(before: readonly RecordedResource[], after: readonly RecordedResource[]) {
  const old = new Map(before.map((r) => [r.name, r]));
  const now = new Map(after.map((r) => [r.name, r]));
  return {
    added: [...now.keys()].filter((n) => !old.has(n)),
    removed: [...old.keys()].filter((n) => !now.has(n)),
    changed: [...now.values()]
      .filter((r) => old.has(r.name) && JSON.stringify(old.get(r.name)!.inputs) !== JSON.stringify(r.inputs))
      .map((r) => r.name)
      .sort(),
  };
}

const lostGrants = (before: unknown, after: unknown): string[] => {
  const keep = new Set((after as Grant[]).map((g) => `${g.person} ${g.grant}`));
  return (before as Grant[]).map((g) => `${g.person} ${g.grant}`).filter((g) => !keep.has(g));
};

describe("GitHub access in an organization shared with other projects", () => {
  it("manages no organization membership by default: no Membership, no github:org grant", async () => {
    const { resources, outputs } = await runProgram(baseConfig(), { orgRoles: { ada: "admin", erin: "member" } });
    assert.equal(ofType(resources, GITHUB.membership).size, 0);
    assert.deepEqual(
      (outputs.access as Grant[]).filter((g) => g.grant.startsWith("github:org:")),
      [],
    );
    assert.equal(ofType(resources, GITHUB.teamMembers).size, 4);
  });

  it("puts someone who is not in the organization in their team, for GitHub to invite", async () => {
    // fatima is neither a member nor invited: getMembership answers 404.
    const { resources } = await runProgram(stack({}, true), { orgRoles: { ada: "member", dmitri: "member" } });
    assert.deepEqual(teamMembers(resources, "maintainer"), [
      { username: "dmitri", role: "maintainer" },
      { username: "fatima", role: "member" },
    ]);
    assert.equal(ofType(resources, GITHUB.membership).size, 0);
  });

  it("reads every person's organization role with github.getMembership through the stack's GitHub provider", async () => {
    const { map } = toConfigMap(baseConfig());
    await evaluateProgram(getEngine(), releaseProgram, { config: map });
    const calls = getEngine().calls.filter((c) => c.token === GITHUB_FUNCTIONS.getMembership);
    assert.deepEqual(
      calls.map((c) => c.inputs),
      ["ada", "brian", "cleo", "dmitri", "erin"].map((username) => ({ organization: "demo-org", username })),
    );
    const provider = ofType(getEngine().resources, "pulumi:providers:github").get("demo-github")!;
    for (const call of calls) assert.ok(call.provider?.startsWith(`${provider.urn}::`), call.provider);
  });

  it("with orgMembership managed, makes everyone a member, admins included", async () => {
    const { resources, outputs } = await runProgram(stack(MANAGED));
    assert.deepEqual(membershipRoles(resources), {
      ada: "member",
      brian: "member",
      cleo: "member",
      dmitri: "member",
      erin: "member",
    });
    assert.ok((outputs.access as Grant[]).some((g) => g.person === "ada" && g.grant === "github:org:demo-org:member"));
  });

  it("makes admins organization owners only with adminsAreOrgOwners", async () => {
    const { resources, outputs } = await runProgram(stack(OWNERS));
    assert.deepEqual(membershipRoles(resources), {
      ada: "admin",
      brian: "admin",
      cleo: "member",
      dmitri: "member",
      erin: "member",
    });
    const orgGrants = (outputs.access as Grant[]).filter((g) => g.grant.startsWith("github:org:"));
    assert.deepEqual(
      orgGrants.filter((g) => g.grant.endsWith(":admin")).map((g) => g.person),
      ["ada", "brian"],
    );
  });

  for (const [label, github] of [
    ["without", MANAGED],
    ["with", OWNERS],
  ] as const) {
    it(`never demotes an existing owner, whatever their role (managed, ${label} adminsAreOrgOwners)`, async () => {
      // brian (admin) and erin (triager) own the organization already, cleo is only invited.
      const orgRoles = { brian: "admin", erin: "admin", cleo: "member" };
      const { resources } = await runProgram(stack(github), { orgRoles });
      const roles = membershipRoles(resources);
      assert.equal(roles.brian, "admin");
      assert.equal(roles.erin, "admin");
      assert.equal(roles.cleo, "member");
      assert.equal(roles.ada, label === "with" ? "admin" : "member");
    });
  }

  it("declares an existing owner a maintainer of their team, as GitHub makes owners", async () => {
    const { resources } = await runProgram(baseConfig(), { orgRoles: { brian: "admin", erin: "admin" } });
    assert.deepEqual(teamMembers(resources, "admin"), [
      { username: "ada", role: "member" },
      { username: "brian", role: "maintainer" },
    ]);
    assert.deepEqual(teamMembers(resources, "triager"), [{ username: "erin", role: "maintainer" }]);
  });

  it("fails the run, naming the person, when a role cannot be read (anything but GitHub's 404)", async () => {
    const { map } = toConfigMap(baseConfig());
    // Only the role reads fail; the registry reads get the offline plan's answers.
    const forbidden: CallHandler = (token, inputs) => {
      if (token !== GITHUB_FUNCTIONS.getMembership) return offlineRegistryReads(token, inputs);
      throw new CallError(
        "invocation of github:index/getMembership:getMembership returned an error: GET https://api.github.com/orgs/demo-org/memberships/ada: 403 Resource protected by organization SAML enforcement []",
      );
    };
    await assert.rejects(evaluateProgram(getEngine(), releaseProgram, { config: map, call: forbidden }), (e) => {
      assert.ok(e instanceof pulumi.RunError);
      assert.match(
        e.message,
        /^cannot read the role of ada in the GitHub organization demo-org \(github\.getMembership: .*403/,
      );
      assert.match(e.message, /rather than guess, since a guess could demote an owner/);
      return true;
    });
    const types = getEngine().resources.map((r) => r.type);
    assert.ok(!types.includes(GITHUB.teamMembers), "team members registered with unread roles");
  });

  it("offboarding removes only the person's team grants: their team member lists change, nothing else", async () => {
    const orgRoles = { ada: "admin", dmitri: "member", fatima: "member" };
    const before = await runProgram(stack({}, true), { orgRoles });
    const after = await runProgram(stack(), { orgRoles });
    assert.deepEqual(changes(before.resources, after.resources), {
      added: [],
      removed: [],
      changed: ["demo-access-members-maintainer", "demo-dockerhub-members-maintainer"],
    });
    assert.deepEqual(teamMembers(after.resources, "maintainer"), [{ username: "dmitri", role: "maintainer" }]);
    assert.deepEqual(lostGrants(before.outputs.access, after.outputs.access), [
      "fatima dockerhub:team:demo-maintainers",
      "fatima github:repo:demo-org/demo:push",
      "fatima github:team:demo-maintainers",
    ]);
  });

  it("offboarding on Docker Hub changes only the team's member list: no resource there holds organization membership", async () => {
    const before = await runProgram(stack({}, true));
    const after = await runProgram(stack());
    const hub = (resources: readonly RecordedResource[]) =>
      resources.filter((r) => r.type.includes("dynamic/dockerhub"));
    const types = new Set(hub(before.resources).map((r) => r.type));
    assert.deepEqual([...types].sort(), Object.values(DOCKERHUB).sort());
    assert.deepEqual(changes(hub(before.resources), hub(after.resources)), {
      added: [],
      removed: [],
      changed: ["demo-dockerhub-members-maintainer"],
    });
    const members = (r: readonly RecordedResource[]) =>
      ofType(r, DOCKERHUB.teamMembers).get("demo-dockerhub-members-maintainer")?.inputs.members;
    assert.deepEqual(members(before.resources), ["fatima0"]);
    assert.deepEqual(members(after.resources), []);
  });

  it("refuses to switch a deployed stack to unmanaged while it holds memberships, naming each to drop from the state", async () => {
    const managed = await runProgram(stack(MANAGED));
    await assert.rejects(runProgram(baseConfig(), { previousOutputs: managed.outputs }), (e) => {
      assert.ok(e instanceof pulumi.RunError);
      assert.match(
        e.message,
        /^release-infra:github\.orgMembership is "unmanaged", but the last deployment manages the GitHub organization membership of 5 people \(ada, brian, cleo, dmitri, erin\); deleting those memberships would remove them from the organization demo-org; nothing was changed\./,
      );
      // The URNs the engine gives the memberships: the type chain of every parent (the SDK's
      // mock monitor keeps only the nearest parent's, so it is spelled out here).
      const chain = "release:index:ReleaseSystem$release:github:Access$github:index/membership:Membership";
      for (const r of ofType(managed.resources, GITHUB.membership).values())
        assert.ok(
          e.message.includes(`    pulumi state delete 'urn:pulumi:test::release-infra::${chain}::${r.name}'\n`),
          r.name,
        );
      assert.match(e.message, /To keep managing them: pulumi config set --path github\.orgMembership managed\n/);
      return true;
    });
    assert.deepEqual(
      getEngine().resources.map((r) => r.type),
      ["pulumi:pulumi:StackReference"],
    );
  });

  it("with orgMembership managed, offboarding also deletes the person's Membership (the whole organization)", async () => {
    const before = await runProgram(stack(MANAGED, true));
    const after = await runProgram(stack(MANAGED));
    assert.deepEqual(changes(before.resources, after.resources).removed, ["demo-access-member-fatima"]);
    assert.ok(lostGrants(before.outputs.access, after.outputs.access).includes("fatima github:org:demo-org:member"));
  });
});
