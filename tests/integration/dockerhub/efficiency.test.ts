import assert from "node:assert/strict";
import { ORG, startHarness, type Harness } from "./harness";

describe("Docker Hub client: API calls per operation", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    h.emulator.seedRepository(ORG, "api");
  });
  afterEach(async () => {
    await h.close();
  });

  for (const n of [0, 99, 100, 101, 1000]) {
    const expected = Math.max(1, Math.ceil(n / 100));
    it(`lists ${n} tags with ${expected} list call(s) and one login`, async () => {
      h.emulator.seedTags(ORG, "api", n);
      assert.equal((await h.client.listTags(ORG, "api")).length, n);
      assert.deepEqual(h.client.stats.requests, { "GET tags.list": expected, "POST auth.token": 1 });
      assert.equal(h.emulator.countRequests({ route: "tags.list" }), expected);
    });
  }

  it("spends exactly one request on each write: create repository, set permission, delete tag, add member", async () => {
    h.emulator.seedTags(ORG, "api", ["old"]);
    h.emulator.addUser("bob");
    h.emulator.addOrgMembers(ORG, ["bob"]);
    const teamId = h.emulator.seedTeam(ORG, "maintainers");
    await h.client.listRepositories(ORG);
    h.client.resetStats();
    h.emulator.clearRequestLog();

    await h.client.createRepository({ namespace: ORG, name: "worker", isPrivate: false });
    await h.client.setTeamPermission(ORG, "worker", teamId, "write");
    await h.client.deleteTag(ORG, "api", "old");
    await h.client.addTeamMember(ORG, "maintainers", "bob");
    // The owner's token logs in on its first use (tag.delete needs it; the organization's was logged in above).
    assert.deepEqual(h.client.stats.requests, {
      "DELETE tag.delete": 1,
      "POST auth.token": 1,
      "POST repositories.create": 1,
      "POST team-members.add": 1,
      "POST team-permissions.create": 1,
    });
    assert.equal(h.emulator.requests.length, 5);
  });

  it("logs in exactly once per credential for a run of operations, and once more each after the tokens expire", async () => {
    const teamId = h.emulator.seedTeam(ORG, "maintainers");
    const run = async (round: number): Promise<void> => {
      for (let i = 0; i < 5; i += 1) {
        const name = `r${round}-${i}`;
        await h.client.createRepository({ namespace: ORG, name, isPrivate: false });
        await h.client.updateRepository(ORG, name, { description: `round ${round}` });
        await h.client.setTeamPermission(ORG, name, teamId, "read");
        await h.client.listTags(ORG, name);
      }
      await h.client.listRepositories(ORG);
    };
    // Two credentials: the organization's token and an owner's PAT (for the undocumented routes).
    await run(1);
    assert.equal(h.client.stats.logins, 2);
    h.clock.advance(11 * 60_000);
    await run(2);
    assert.equal(h.client.stats.logins, 4);
    assert.equal(h.emulator.countRequests({ route: "auth.token" }), 4);
    assert.equal(h.client.stats.totalRequests, 4 + 2 * 21);
  });
});
