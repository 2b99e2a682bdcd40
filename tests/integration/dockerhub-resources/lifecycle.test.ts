/**
 * The Docker Hub resources' whole lifecycle, through the providers' own
 * methods (as the engine calls them) against the emulator of the documented
 * Docker Hub API: create, no-op, update, drift, replace, delete.
 */
import assert from "node:assert/strict";
import { dockerHubImmutableTagRules } from "../../../lib/channels/mutability";
import { DEFAULT_MODEL } from "../../support/tag-schemes";
import {
  repositoryProvider,
  teamMembersProvider,
  teamPermissionProvider,
  teamProvider,
} from "../../../providers/dockerhub";
import { checked, ORG, rejection, startResourceEnv, TOKEN, type ResourceEnv } from "./env";

type Bag = Record<string, unknown>;

const RULES = dockerHubImmutableTagRules(DEFAULT_MODEL);
const README = "# Cortex\n\nHorizontally scalable Prometheus storage.\n";

/** Every value a provider method returned, to prove no credential is among them. */
const returned: unknown[] = [];
function keep<T>(value: T): T {
  returned.push(value);
  return value;
}

describe("Docker Hub resources against the emulator", () => {
  let env: ResourceEnv;

  beforeEach(async () => {
    env = await startResourceEnv();
  });
  afterEach(async () => {
    await env.close();
  });

  describe("dockerhub:Repository", () => {
    const inputs = (overrides: Bag = {}) =>
      checked(repositoryProvider, {
        namespace: ORG,
        name: "cortex",
        description: "Prometheus storage",
        fullDescription: README,
        immutableTagRules: RULES,
        ...overrides,
      });

    it("creates the repository with its descriptions and immutable version tags, and a same-input diff is a no-op", async () => {
      const news = await inputs();
      const created = keep(await repositoryProvider.create(news));
      assert.equal(created.id, "cortex/cortex");
      const live = env.emulator.repository(ORG, "cortex");
      assert.ok(live);
      assert.equal(live.description, "Prometheus storage");
      assert.equal(live.fullDescription, README);
      assert.equal(live.isPrivate, false);
      assert.deepEqual(live.immutableTags, { enabled: true, rules: RULES });
      assert.deepEqual(created.outs, {
        namespace: ORG,
        name: "cortex",
        description: "Prometheus storage",
        fullDescription: README,
        isPrivate: false,
        immutableTagRules: RULES,
        allowDelete: false,
      });

      const diff = keep(await repositoryProvider.diff!(created.id, created.outs as Bag, await inputs()));
      assert.deepEqual(diff, { changes: false });
    });

    it("updates descriptions, visibility and rules in place", async () => {
      const created = await repositoryProvider.create(await inputs());
      const news = await inputs({
        description: "Cortex",
        fullDescription: "# new",
        isPrivate: true,
        immutableTagRules: RULES.slice(0, 2),
      });
      assert.deepEqual(await repositoryProvider.diff!(created.id, created.outs as Bag, news), { changes: true });
      const updated = keep(await repositoryProvider.update!(created.id, created.outs as Bag, news));
      const live = env.emulator.repository(ORG, "cortex");
      assert.ok(live);
      assert.equal(live.description, "Cortex");
      assert.equal(live.fullDescription, "# new");
      assert.equal(live.isPrivate, true);
      assert.deepEqual(live.immutableTags, { enabled: true, rules: RULES.slice(0, 2) });
      assert.deepEqual(await repositoryProvider.diff!(created.id, updated.outs as Bag, news), { changes: false });
    });

    it("read sees drift made by hand, so refresh and the next diff report it", async () => {
      const created = await repositoryProvider.create(await inputs());
      await env.hub.updateRepository(ORG, "cortex", { description: "edited by hand" });
      await env.hub.setImmutableTags(ORG, "cortex", { enabled: false, rules: [] });
      const read = keep(await repositoryProvider.read!(created.id, created.outs as Bag));
      assert.equal(read.id, "cortex/cortex");
      assert.equal((read.props as Bag).description, "edited by hand");
      assert.deepEqual((read.props as Bag).immutableTagRules, []);
      assert.deepEqual(await repositoryProvider.diff!(created.id, read.props as Bag, await inputs()), {
        changes: true,
      });
    });

    it("reports every tag immutable (no rules, enabled) as the rule .* so it is drift too", async () => {
      const created = await repositoryProvider.create(await inputs());
      await env.hub.setImmutableTags(ORG, "cortex", { enabled: true, rules: [] });
      const read = await repositoryProvider.read!(created.id, created.outs as Bag);
      assert.deepEqual((read.props as Bag).immutableTagRules, [".*"]);
    });

    it("leaves an overview it does not manage alone", async () => {
      env.emulator.seedRepository(ORG, "cortex", { fullDescription: "kept" });
      const news = await checked(repositoryProvider, {
        namespace: ORG,
        name: "cortex",
        description: "d",
        immutableTagRules: RULES,
      });
      const created = await repositoryProvider.create(news);
      assert.equal(env.emulator.repository(ORG, "cortex")?.fullDescription, "kept");
      assert.equal("fullDescription" in (created.outs as Bag), false);
      assert.deepEqual(await repositoryProvider.diff!(created.id, created.outs as Bag, news), { changes: false });
    });

    it("replaces on a namespace or name change", async () => {
      const created = await repositoryProvider.create(await inputs());
      assert.deepEqual(
        await repositoryProvider.diff!(created.id, created.outs as Bag, await inputs({ name: "cortex2" })),
        { changes: true, replaces: ["name"] },
      );
    });

    it("refuses to delete unless allowDelete, saying how to allow it, and keeps the repository", async () => {
      const created = await repositoryProvider.create(await inputs());
      const error = await rejection(() => repositoryProvider.delete!(created.id, created.outs as Bag));
      assert.match(error.message, /refusing to delete Docker Hub repository cortex\/cortex/);
      assert.match(error.message, /allowDelete: true/);
      assert.notEqual(env.emulator.repository(ORG, "cortex"), undefined);
    });

    it("deletes when allowed; deleting again, and reading, find it gone without failing", async () => {
      const created = await repositoryProvider.create(await inputs({ allowDelete: true }));
      await repositoryProvider.delete!(created.id, created.outs as Bag);
      assert.equal(env.emulator.repository(ORG, "cortex"), undefined);
      await repositoryProvider.delete!(created.id, created.outs as Bag);
      assert.deepEqual(await repositoryProvider.read!(created.id, created.outs as Bag), { id: "" });
    });

    it("a create whose immutable-tag step fails leaves no repository behind", async () => {
      env.emulator.failNext(1, 403, { route: "repository.immutable-tags" });
      const error = await rejection(async () => repositoryProvider.create(await inputs()));
      assert.match(error.message, /creating Docker Hub repository cortex\/cortex failed/);
      assert.match(error.message, /deleted again/);
      assert.deepEqual(env.emulator.repositoryNames(ORG), []);
    });

    it("adopts an existing repository, and a failed adoption keeps it with its old settings", async () => {
      env.emulator.seedRepository(ORG, "cortex", { description: "old", fullDescription: "old readme" });
      env.emulator.failNext(1, 403, { route: "repository.immutable-tags" });
      const error = await rejection(async () => repositoryProvider.create(await inputs()));
      assert.match(error.message, /existed before, so it was kept/);
      const live = env.emulator.repository(ORG, "cortex");
      assert.ok(live);
      assert.equal(live.description, "old");
      assert.equal(live.fullDescription, "old readme");

      const adopted = await repositoryProvider.create(await inputs());
      assert.equal((adopted.outs as Bag).description, "Prometheus storage");
      assert.deepEqual(env.emulator.repository(ORG, "cortex")?.immutableTags, { enabled: true, rules: RULES });
    });
  });

  describe("dockerhub:Team", () => {
    const inputs = (overrides: Bag = {}) =>
      checked(teamProvider, { org: ORG, name: "cortex-maintainers", description: "Maintainers", ...overrides });

    it("creates, updates the description, sees drift, and replaces on rename", async () => {
      const created = keep(await teamProvider.create(await inputs()));
      const team = env.emulator.team(ORG, "cortex-maintainers");
      assert.deepEqual(created.outs, {
        org: ORG,
        name: "cortex-maintainers",
        description: "Maintainers",
        teamId: team?.id,
      });
      assert.deepEqual(await teamProvider.diff!(created.id, created.outs as Bag, await inputs()), { changes: false });

      const news = await inputs({ description: "Reviewers" });
      assert.deepEqual(await teamProvider.diff!(created.id, created.outs as Bag, news), { changes: true });
      const updated = keep(await teamProvider.update!(created.id, created.outs as Bag, news));
      assert.equal(env.emulator.team(ORG, "cortex-maintainers")?.description, "Reviewers");

      await env.hub.updateTeam(ORG, "cortex-maintainers", { description: "by hand" });
      const read = keep(await teamProvider.read!(created.id, updated.outs as Bag));
      assert.equal((read.props as Bag).description, "by hand");
      assert.deepEqual(await teamProvider.diff!(created.id, read.props as Bag, news), { changes: true });

      assert.deepEqual(
        await teamProvider.diff!(created.id, read.props as Bag, await inputs({ name: "cortex-reviewers" })),
        { changes: true, replaces: ["name"] },
      );
      // Names are unique regardless of case: the old team must go first.
      assert.deepEqual(
        await teamProvider.diff!(created.id, read.props as Bag, await inputs({ name: "Cortex-Maintainers" })),
        {
          changes: true,
          replaces: ["name"],
          deleteBeforeReplace: true,
        },
      );
    });

    it("deletes, and deleting or reading a team already gone succeeds", async () => {
      const created = await teamProvider.create(await inputs());
      await teamProvider.delete!(created.id, created.outs as Bag);
      assert.equal(env.emulator.team(ORG, "cortex-maintainers"), undefined);
      await teamProvider.delete!(created.id, created.outs as Bag);
      assert.deepEqual(await teamProvider.read!(created.id, created.outs as Bag), { id: "" });
    });
  });

  describe("dockerhub:TeamMembers", () => {
    beforeEach(() => {
      // Organization members already; teams hold only members (the invitation test below starts from outside).
      env.emulator.addOrgMembers(ORG, ["alice01", "bob0001", "carol01", "mallory"]);
    });
    const inputs = (members: string[]) => checked(teamMembersProvider, { org: ORG, team: "cortex-admins", members });

    it("invites a person not yet in the organization, shows them as pending, and cancels the invitation on offboarding", async () => {
      env.emulator.seedTeam(ORG, "cortex-admins", { members: ["alice01"] });
      env.emulator.addUser("newbie1");
      env.emulator.addUser("ghost01");
      const created = keep(await teamMembersProvider.create(await inputs(["alice01", "ghost01", "newbie1"])));
      assert.deepEqual((created.outs as Bag).pending, ["ghost01", "newbie1"]);
      assert.deepEqual(
        env.emulator.pendingInvites(ORG).sort((a, b) => a.invitee.localeCompare(b.invitee)),
        [
          { invitee: "ghost01", team: "cortex-admins" },
          { invitee: "newbie1", team: "cortex-admins" },
        ],
      );
      // Pending counts as declared: a refreshed diff of the same list is empty.
      const read = keep(await teamMembersProvider.read!(created.id, created.outs as Bag));
      assert.deepEqual((read.props as Bag).members, ["alice01", "ghost01", "newbie1"]);
      assert.deepEqual(
        await teamMembersProvider.diff!(created.id, read.props as Bag, await inputs(["alice01", "ghost01", "newbie1"])),
        { changes: false },
      );
      // newbie1 accepts and joins the team; ghost01 is offboarded before accepting: the invitation goes.
      env.emulator.acceptInvite(ORG, "newbie1");
      const updated = await teamMembersProvider.update!(
        created.id,
        read.props as Bag,
        await inputs(["alice01", "newbie1"]),
      );
      assert.deepEqual((updated.outs as Bag).pending, []);
      assert.deepEqual(env.emulator.pendingInvites(ORG), []);
      assert.deepEqual([...(env.emulator.team(ORG, "cortex-admins")?.members ?? [])].sort(), ["alice01", "newbie1"]);
    });

    it("adds people who are organization members directly and invites nobody", async () => {
      env.emulator.seedTeam(ORG, "cortex-admins", { members: [] });
      await teamMembersProvider.create(await inputs(["alice01", "bob0001"]));
      assert.deepEqual(env.emulator.pendingInvites(ORG), []);
      assert.deepEqual([...(env.emulator.team(ORG, "cortex-admins")?.members ?? [])].sort(), ["alice01", "bob0001"]);
    });

    it("is authoritative: adds the missing, removes the extra, and undoes hand-made changes on update", async () => {
      env.emulator.seedTeam(ORG, "cortex-admins", { members: ["mallory", "alice01"] });
      const news = await inputs(["bob0001", "alice01", "alice01"]);
      assert.deepEqual(news.members, ["alice01", "bob0001"]);
      const created = keep(await teamMembersProvider.create(news));
      assert.deepEqual([...(env.emulator.team(ORG, "cortex-admins")?.members ?? [])].sort(), ["alice01", "bob0001"]);
      assert.deepEqual(
        await teamMembersProvider.diff!(created.id, created.outs as Bag, await inputs(["bob0001", "alice01"])),
        { changes: false },
      );

      await env.hub.addTeamMember(ORG, "cortex-admins", "mallory");
      const read = keep(await teamMembersProvider.read!(created.id, created.outs as Bag));
      assert.deepEqual((read.props as Bag).members, ["alice01", "bob0001", "mallory"]);
      const next = await inputs(["alice01", "carol01"]);
      assert.deepEqual(await teamMembersProvider.diff!(created.id, read.props as Bag, next), { changes: true });
      await teamMembersProvider.update!(created.id, read.props as Bag, next);
      assert.deepEqual([...(env.emulator.team(ORG, "cortex-admins")?.members ?? [])].sort(), ["alice01", "carol01"]);
      assert.deepEqual(
        await teamMembersProvider.diff!(
          created.id,
          read.props as Bag,
          await checked(teamMembersProvider, { org: ORG, team: "cortex-other", members: [] }),
        ),
        {
          changes: true,
          replaces: ["team"],
        },
      );
    });

    it("offboarding removes the person from the team only: they stay a member of the organization", async () => {
      env.emulator.seedTeam(ORG, "cortex-admins", { members: [] });
      const created = keep(await teamMembersProvider.create(await inputs(["alice01", "bob0001"])));
      await teamMembersProvider.update!(created.id, created.outs as Bag, await inputs(["alice01"]));
      assert.deepEqual(env.emulator.team(ORG, "cortex-admins")?.members, ["alice01"]);
      assert.ok((await env.hub.listOrgMembers(ORG)).includes("bob0001"));
      await teamMembersProvider.delete!(created.id, { ...(created.outs as Bag), members: ["alice01"] });
      assert.deepEqual(env.emulator.team(ORG, "cortex-admins")?.members, []);
      assert.ok((await env.hub.listOrgMembers(ORG)).includes("alice01"));
    });

    it("a create that fails part-way restores the members the team had", async () => {
      env.emulator.seedTeam(ORG, "cortex-admins", { members: ["mallory"] });
      env.emulator.failNext(1, 403, { route: "team-member.remove" });
      const error = await rejection(async () => teamMembersProvider.create(await inputs(["alice01", "bob0001"])));
      assert.match(error.message, /members it had before were restored/);
      assert.deepEqual(env.emulator.team(ORG, "cortex-admins")?.members, ["mallory"]);
    });

    it("delete removes the managed members; a team already gone counts as done", async () => {
      env.emulator.seedTeam(ORG, "cortex-admins");
      const created = await teamMembersProvider.create(await inputs(["alice01"]));
      await teamMembersProvider.delete!(created.id, created.outs as Bag);
      assert.deepEqual(env.emulator.team(ORG, "cortex-admins")?.members, []);
      await teamMembersProvider.delete!(created.id, created.outs as Bag);
      await env.hub.deleteTeam(ORG, "cortex-admins");
      await teamMembersProvider.delete!(created.id, created.outs as Bag);
      assert.deepEqual(await teamMembersProvider.read!(created.id, created.outs as Bag), { id: "" });
    });
  });

  describe("dockerhub:RepositoryTeamPermission", () => {
    const inputs = (permission: string, team = "cortex-maintainers") =>
      checked(teamPermissionProvider, { namespace: ORG, repository: "cortex", team, permission });

    it("looks the team id up, grants, changes the grant in place, sees drift and deletes idempotently", async () => {
      env.emulator.seedRepository(ORG, "cortex");
      const teamIdValue = env.emulator.seedTeam(ORG, "cortex-maintainers");
      const created = keep(await teamPermissionProvider.create(await inputs("write")));
      assert.equal(created.id, "cortex/cortex/cortex-maintainers");
      assert.deepEqual(created.outs, {
        namespace: ORG,
        repository: "cortex",
        team: "cortex-maintainers",
        permission: "write",
        teamId: teamIdValue,
      });
      assert.deepEqual(env.emulator.repository(ORG, "cortex")?.teamPermissions, { [teamIdValue]: "write" });
      assert.deepEqual(await teamPermissionProvider.diff!(created.id, created.outs as Bag, await inputs("write")), {
        changes: false,
      });

      const updated = keep(
        await teamPermissionProvider.update!(created.id, created.outs as Bag, await inputs("admin")),
      );
      assert.equal((updated.outs as Bag).permission, "admin");
      assert.deepEqual(env.emulator.repository(ORG, "cortex")?.teamPermissions, { [teamIdValue]: "admin" });

      await env.hub.updateTeamPermission(ORG, "cortex", teamIdValue, "read");
      const read = keep(await teamPermissionProvider.read!(created.id, updated.outs as Bag));
      assert.equal((read.props as Bag).permission, "read");
      assert.deepEqual(await teamPermissionProvider.diff!(created.id, read.props as Bag, await inputs("admin")), {
        changes: true,
      });
      assert.deepEqual(
        await teamPermissionProvider.diff!(created.id, read.props as Bag, await inputs("admin", "cortex-admins")),
        { changes: true, replaces: ["team"] },
      );

      await teamPermissionProvider.delete!(created.id, read.props as Bag);
      assert.deepEqual(env.emulator.repository(ORG, "cortex")?.teamPermissions, {});
      await teamPermissionProvider.delete!(created.id, read.props as Bag);
      assert.deepEqual(await teamPermissionProvider.read!(created.id, read.props as Bag), { id: "" });
    });

    it("names the missing team instead of granting nothing", async () => {
      env.emulator.seedRepository(ORG, "cortex");
      const error = await rejection(async () => teamPermissionProvider.create(await inputs("read")));
      assert.match(error.message, /team cortex\/cortex-maintainers does not exist/);
    });
  });

  after(() => {
    // Every output, read and diff the specs above collected: none carries the token.
    assert.ok(returned.length > 10);
    const text = JSON.stringify(returned);
    assert.equal(text.includes(TOKEN), false);
    assert.equal(/dckr_(oat|pat)_/.test(text), false);
  });
});
