import assert from "node:assert/strict";
import { HubNotFoundError, HubValidationError } from "../../../providers/dockerhub/client";
import { ORG, ORG_TOKEN, OWNER, startHarness, thrown, type Harness } from "./harness";

describe("Docker Hub client: operations", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  describe("repositories", () => {
    it("creates, reads, updates, changes privacy and immutability, lists and deletes", async () => {
      const created = await h.client.createRepository({
        namespace: ORG,
        name: "api",
        description: "API server",
        fullDescription: "# API",
        isPrivate: false,
      });
      assert.deepEqual(
        { ...created, lastUpdated: undefined },
        {
          namespace: ORG,
          name: "api",
          description: "API server",
          fullDescription: "# API",
          isPrivate: false,
          immutableTags: { enabled: false, rules: [] },
          lastUpdated: undefined,
        },
      );

      const updated = await h.client.updateRepository(ORG, "api", { fullDescription: "# API v2" });
      assert.equal(updated.description, "API server");
      assert.equal(updated.fullDescription, "# API v2");

      await h.client.setRepositoryPrivacy(ORG, "api", true);
      await h.client.setImmutableTags(ORG, "api", { enabled: true, rules: ["\\d+\\.\\d+\\.\\d+", "nightly-\\d{8}"] });
      const read = await h.client.getRepository(ORG, "api");
      assert.equal(read.isPrivate, true);
      assert.deepEqual(read.immutableTags, { enabled: true, rules: ["\\d+\\.\\d+\\.\\d+", "nightly-\\d{8}"] });

      await h.client.createRepository({ namespace: ORG, name: "worker", isPrivate: true });
      assert.deepEqual(
        (await h.client.listRepositories(ORG)).map((repo) => repo.name),
        ["api", "worker"],
      );

      await h.client.deleteRepository(ORG, "api");
      assert.equal(h.emulator.repository(ORG, "api"), undefined);
      assert.equal(await h.client.findRepository(ORG, "api"), undefined);
      assert.ok((await thrown(() => h.client.deleteRepository(ORG, "api"))) instanceof HubNotFoundError);
    });
  });

  describe("tags", () => {
    beforeEach(() => {
      h.emulator.seedRepository(ORG, "api");
      h.emulator.seedTags(ORG, "api", ["nightly", "1.5.0", "1.5", "sha256-abc.sig"]);
    });

    it("lists tags with digests and images", async () => {
      const tags = await h.client.listTags(ORG, "api");
      const nightly = tags[0];
      assert.ok(nightly !== undefined);
      assert.equal(nightly.name, "nightly");
      assert.match(nightly.digest ?? "", /^sha256:[0-9a-f]{64}$/);
      assert.deepEqual(
        nightly.images.map((image) => `${image.os ?? ""}/${image.architecture ?? ""} ${image.digest ?? ""}`),
        [`linux/amd64 ${nightly.digest ?? ""}`],
      );
    });

    it("deletes a mutable tag but not an immutable one, and says which tag was refused", async () => {
      await h.client.setImmutableTags(ORG, "api", { enabled: true, rules: ["\\d+\\.\\d+\\.\\d+"] });
      await h.client.deleteTag(ORG, "api", "1.5");
      const error = await thrown(() => h.client.deleteTag(ORG, "api", "1.5.0"));
      assert.ok(error instanceof HubValidationError, String(error));
      assert.deepEqual(error.fields.tag, ["1.5.0"]);
      assert.match(error.message, /tag 1\.5\.0 is immutable/);
      assert.deepEqual(h.emulator.repository(ORG, "api")?.tags, ["nightly", "1.5.0", "sha256-abc.sig"]);
    });

    it("treats every tag as immutable when immutability is on without rules", async () => {
      await h.client.setImmutableTags(ORG, "api", { enabled: true, rules: [] });
      assert.ok((await thrown(() => h.client.deleteTag(ORG, "api", "nightly"))) instanceof HubValidationError);
      await h.client.setImmutableTags(ORG, "api", { enabled: false, rules: [] });
      await h.client.deleteTag(ORG, "api", "nightly");
      assert.ok((await thrown(() => h.client.deleteTag(ORG, "api", "nightly"))) instanceof HubNotFoundError);
    });
  });

  describe("teams and members", () => {
    it("creates, reads, renames, lists and deletes teams", async () => {
      const team = await h.client.createTeam(ORG, { name: "maintainers", description: "Core" });
      assert.equal(team.name, "maintainers");
      assert.equal(team.memberCount, 0);
      assert.deepEqual(await h.client.getTeam(ORG, "maintainers"), team);

      const renamed = await h.client.updateTeam(ORG, "maintainers", {
        name: "core-maintainers",
        description: "Core team",
      });
      assert.equal(renamed.id, team.id);
      assert.equal(await h.client.findTeam(ORG, "maintainers"), undefined);
      assert.deepEqual(
        (await h.client.listTeams(ORG)).map((t) => t.name),
        ["core-maintainers"],
      );

      await h.client.deleteTeam(ORG, "core-maintainers");
      assert.deepEqual(await h.client.listTeams(ORG), []);
    });

    it("adds, lists and removes members; removing a non-member is HubNotFoundError", async () => {
      h.emulator.seedTeam(ORG, "maintainers");
      h.emulator.addUser("bob", { fullName: "Bob Builder" });
      h.emulator.addUser("carol");
      h.emulator.addOrgMembers(ORG, ["bob", "carol"]);
      await h.client.addTeamMember(ORG, "maintainers", "bob");
      await h.client.addTeamMember(ORG, "maintainers", "carol");
      await h.client.addTeamMember(ORG, "maintainers", "bob");
      assert.deepEqual(await h.client.listTeamMembers(ORG, "maintainers"), [
        { username: "bob", fullName: "Bob Builder", type: "User" },
        { username: "carol", fullName: "carol", type: "User" },
      ]);
      await h.client.removeTeamMember(ORG, "maintainers", "bob");
      assert.deepEqual(h.emulator.team(ORG, "maintainers")?.members, ["carol"]);
      assert.ok((await thrown(() => h.client.removeTeamMember(ORG, "maintainers", "bob"))) instanceof HubNotFoundError);
    });

    it("invites, lists and cancels invitations; a direct add of a non-member is refused unless the emulator is told otherwise", async () => {
      h.emulator.seedTeam(ORG, "maintainers");
      h.emulator.addUser("dora");
      assert.ok((await thrown(() => h.client.addTeamMember(ORG, "maintainers", "dora"))) instanceof HubValidationError);
      const [result] = await h.client.invite(ORG, "maintainers", ["dora"]);
      assert.equal(result?.status, "invited");
      assert.deepEqual(
        (await h.client.listInvites(ORG)).map((i) => [i.invitee, i.team]),
        [["dora", "maintainers"]],
      );
      await h.client.cancelInvite(result.invite!.id);
      await h.client.cancelInvite(result.invite!.id);
      assert.deepEqual(await h.client.listInvites(ORG), []);
      assert.deepEqual((await h.client.invite(ORG, "maintainers", [OWNER]))[0]?.status, "existing_org_member");

      const lenient = await startHarness({ emulator: { contract: { teamMembersMustBeOrgMembers: false } } });
      try {
        lenient.emulator.seedTeam(ORG, "maintainers");
        lenient.emulator.addUser("dora");
        await lenient.client.addTeamMember(ORG, "maintainers", "dora");
        assert.deepEqual(lenient.emulator.team(ORG, "maintainers")?.members, ["dora"]);
      } finally {
        await lenient.close();
      }
    });

    it("refuses an organization token a team's repository permission unless the emulator is told OATs may (undocumented)", async () => {
      h.emulator.seedRepository(ORG, "api");
      const teamId = h.emulator.seedTeam(ORG, "maintainers");
      for (const oatOnRepositoryGroups of ["refused", "allowed"] as const) {
        const other = await startHarness({ emulator: { contract: { oatOnRepositoryGroups } } });
        try {
          other.emulator.seedRepository(ORG, "api");
          const id = other.emulator.seedTeam(ORG, "maintainers");
          const token = await fetch(new URL("/v2/auth/token", other.emulator.url), {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ identifier: ORG, secret: ORG_TOKEN }),
          }).then(async (r) => ((await r.json()) as { access_token: string }).access_token);
          const answer = await fetch(new URL(`/v2/repositories/${ORG}/api/groups`, other.emulator.url), {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            body: JSON.stringify({ group_id: id, permission: "read" }),
          });
          assert.equal(answer.status, oatOnRepositoryGroups === "refused" ? 403 : 200, oatOnRepositoryGroups);
        } finally {
          await other.close();
        }
      }
      // The client never sends the organization's token there: the owner's PAT grants it either way.
      await h.client.setTeamPermission(ORG, "api", teamId, "read");
      assert.equal(h.emulator.repository(ORG, "api")?.teamPermissions[teamId], "read");
    });

    it("refuses to add a user that does not exist", async () => {
      h.emulator.seedTeam(ORG, "maintainers");
      const error = await thrown(() => h.client.addTeamMember(ORG, "maintainers", "ghost"));
      assert.ok(error instanceof HubNotFoundError, String(error));
      assert.match(error.message, /user ghost not found/);
    });
  });

  describe("repository team permissions", () => {
    it("grants, reads, changes and revokes a team's permission", async () => {
      h.emulator.seedRepository(ORG, "api");
      const teamId = h.emulator.seedTeam(ORG, "maintainers");
      assert.deepEqual(await h.client.setTeamPermission(ORG, "api", teamId, "read"), {
        teamId,
        teamName: "maintainers",
        permission: "read",
      });
      assert.equal((await h.client.getTeamPermission(ORG, "api", teamId)).permission, "read");

      const again = await thrown(() => h.client.setTeamPermission(ORG, "api", teamId, "admin"));
      assert.ok(again instanceof HubValidationError, String(again));

      assert.equal((await h.client.updateTeamPermission(ORG, "api", teamId, "admin")).permission, "admin");
      await h.client.deleteTeamPermission(ORG, "api", teamId);
      assert.equal(await h.client.findTeamPermission(ORG, "api", teamId), undefined);
    });

    it("drops a deleted team's permissions", async () => {
      h.emulator.seedRepository(ORG, "api");
      const teamId = h.emulator.seedTeam(ORG, "maintainers");
      await h.client.setTeamPermission(ORG, "api", teamId, "write");
      await h.client.deleteTeam(ORG, "maintainers");
      assert.deepEqual(h.emulator.repository(ORG, "api")?.teamPermissions, {});
    });
  });
});
