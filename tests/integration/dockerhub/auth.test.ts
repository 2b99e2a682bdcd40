import assert from "node:assert/strict";
import { HubAuthError, HubCredentialError } from "../../../providers/dockerhub/client";
import { ORG, OUTSIDER, OUTSIDER_TOKEN, OWNER, OWNER_TOKEN, startHarness, thrown, type Harness } from "./harness";

const TEN_MINUTES = 600_000;

describe("Docker Hub client: authentication", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    h.emulator.seedRepository(ORG, "api");
  });
  afterEach(async () => {
    await h.close();
  });

  it("raises HubAuthError on bad credentials after one login attempt, without retrying", async () => {
    const client = h.clientWith({ secret: "dckr_oat_wrong" });
    const error = await thrown(() => client.getRepository(ORG, "api"));
    assert.ok(error instanceof HubAuthError, String(error));
    assert.equal(error.status, 401);
    assert.equal(error.path, "/v2/auth/token");
    assert.match(error.message, /Incorrect authentication credentials/);
    assert.equal(h.emulator.countRequests(), 1);
    assert.equal(client.stats.retries, 0);
    assert.deepEqual(h.sleeps, []);
  });

  it("logs in with an organization access token or with a user's personal access token", async () => {
    assert.equal((await h.client.getRepository(ORG, "api")).name, "api");
    const owner = h.clientWith({ identifier: OWNER, secret: OWNER_TOKEN });
    assert.equal((await owner.getRepository(ORG, "api")).name, "api");
  });

  it("surfaces 403 for a user who may not manage the organization as HubAuthError, naming what would do", async () => {
    const outsider = h.clientWith({ identifier: OUTSIDER, secret: OUTSIDER_TOKEN });
    const error = await thrown(() => outsider.updateRepository(ORG, "api", { description: "mine" }));
    assert.ok(error instanceof HubAuthError, String(error));
    assert.equal(error.status, 403);
    assert.match(error.message, /repository\.update needs a personal access token of level repo:admin/);
    assert.equal(outsider.stats.logins, 1);
  });

  it("refuses before any request an operation no given credential may call", async () => {
    const owner = h.clientWith({ identifier: OWNER, secret: OWNER_TOKEN });
    const error = await thrown(() => owner.createTeam(ORG, { name: "release" }));
    assert.ok(error instanceof HubCredentialError, String(error));
    assert.match(error.message, /can teams\.create: it needs an organization access token with scope-group-edit/);
    assert.equal(h.emulator.countRequests(), 0);
  });

  it("reuses one token until shortly before it expires, then logs in once more", async () => {
    await h.client.getRepository(ORG, "api");
    h.clock.advance(TEN_MINUTES - 60_000);
    await h.client.listTags(ORG, "api");
    assert.equal(h.client.stats.logins, 1);
    // Inside the 30 s skew before `exp`: renewed before the server could reject it.
    h.clock.advance(40_000);
    await h.client.listTags(ORG, "api");
    assert.equal(h.client.stats.logins, 2);
    assert.equal(h.emulator.requests.filter((entry) => entry.status === 401).length, 0);
  });

  it("logs in again once when a token it believed valid is refused", async () => {
    await h.client.getRepository(ORG, "api");
    h.emulator.revokeTokens();
    await h.client.getRepository(ORG, "api");
    assert.equal(h.client.stats.logins, 2);
    assert.equal(h.client.stats.reauthentications, 1);
    assert.deepEqual(
      h.emulator.requests.map((entry) => `${entry.route} ${entry.status}`),
      ["auth.token 200", "repository.get 200", "repository.get 401", "auth.token 200", "repository.get 200"],
    );
  });

  it("fails with HubAuthError when the fresh token is refused too", async () => {
    await h.client.getRepository(ORG, "api");
    h.emulator.failNext(2, 401, { route: "repository.get" });
    const error = await thrown(() => h.client.getRepository(ORG, "api"));
    assert.ok(error instanceof HubAuthError, String(error));
    assert.equal(h.client.stats.logins, 2);
    assert.equal(h.emulator.countRequests({ route: "repository.get" }), 3);
  });

  it("shares one login between concurrent calls", async () => {
    await Promise.all([
      h.client.getRepository(ORG, "api"),
      h.client.listTags(ORG, "api"),
      h.client.listRepositories(ORG),
      h.client.listTeams(ORG),
    ]);
    assert.equal(h.client.stats.logins, 1);
    assert.equal(h.emulator.countRequests({ route: "auth.token" }), 1);
  });
});
