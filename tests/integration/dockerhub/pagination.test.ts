import assert from "node:assert/strict";
import { HubResponseError } from "../../../providers/dockerhub/client";
import { ORG, startHarness, thrown, type Harness } from "./harness";

const SIZES = [0, 1, 100, 101, 250];

/** Requests a complete listing of `n` items needs at 100 per page (one even when empty). */
const pagesFor = (n: number): number => Math.max(1, Math.ceil(n / 100));

describe("Docker Hub client: pagination", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  for (const n of SIZES) {
    it(`lists all ${n} tags, newest first, in ${pagesFor(n)} request(s) of page_size=100`, async () => {
      h.emulator.seedRepository(ORG, "api");
      const seeded = h.emulator.seedTags(ORG, "api", n);
      const tags = await h.client.listTags(ORG, "api");
      assert.deepEqual(
        tags.map((tag) => tag.name),
        seeded,
      );
      const pages = h.emulator.requests.filter((entry) => entry.route === "tags.list");
      assert.equal(pages.length, pagesFor(n));
      assert.ok(pages.every((entry) => new URLSearchParams(entry.query).get("page_size") === "100"));
    });

    it(`lists all ${n} repositories of a namespace`, async () => {
      const names = Array.from({ length: n }, (_, i) => `repo-${String(i).padStart(3, "0")}`);
      for (const name of names) h.emulator.seedRepository(ORG, name);
      const repositories = await h.client.listRepositories(ORG);
      assert.deepEqual(
        repositories.map((repo) => repo.name),
        names,
      );
      assert.equal(h.emulator.countRequests({ route: "repositories.list" }), pagesFor(n));
    });
  }

  it("lists every member of a 250-member team and every team of a 101-team organization", async () => {
    const members = Array.from({ length: 250 }, (_, i) => `user${i}`);
    h.emulator.seedTeam(ORG, "everyone", { members });
    for (let i = 0; i < 100; i += 1) h.emulator.seedTeam(ORG, `team-${String(i).padStart(3, "0")}`);
    assert.deepEqual(
      (await h.client.listTeamMembers(ORG, "everyone")).map((member) => member.username),
      members,
    );
    assert.equal((await h.client.listTeams(ORG)).length, 101);
    assert.equal(h.emulator.countRequests({ route: "team-members.list" }), 3);
    assert.equal(h.emulator.countRequests({ route: "teams.list" }), 2);
  });

  it("refuses to follow a next link to another origin (the bearer token would go with it)", async () => {
    h.emulator.seedRepository(ORG, "api");
    h.emulator.seedTags(ORG, "api", 150);
    h.emulator.setPublicUrl("http://hub.example.invalid");
    const error = await thrown(() => h.client.listTags(ORG, "api"));
    assert.ok(error instanceof HubResponseError, String(error));
    assert.match(error.message, /refusing to follow a link outside http:\/\/127\.0\.0\.1:\d+/);
    assert.equal(h.emulator.countRequests({ route: "tags.list" }), 1);
  });
});
