import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  DockerHubClient,
  HubConflictError,
  HubNetworkError,
  HubServerError,
  HubValidationError,
} from "../../../providers/dockerhub/client";
import { ORG, ORG_TOKEN, startHarness, thrown, type Harness } from "./harness";

/** A 127.0.0.1 port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return port;
}

describe("Docker Hub client: retries and faults", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    h.emulator.seedRepository(ORG, "api", { description: "API" });
  });
  afterEach(async () => {
    await h.close();
  });

  it("retries a burst of 5xx answers with growing backoff, then returns the answer", async () => {
    h.emulator.failNext(3, 503, { route: "repository.get" });
    const repo = await h.client.getRepository(ORG, "api");
    assert.equal(repo.description, "API");
    assert.equal(h.emulator.countRequests({ route: "repository.get" }), 4);
    assert.equal(h.client.stats.retries, 3);
    // Equal jitter with random() = 0.5: 3/4 of base * 2^attempt (base 1 ms, ceiling 8 ms).
    assert.deepEqual(h.sleeps, [0.75, 1.5, 3]);
  });

  it("raises HubServerError naming the request and Docker Hub's answer once retries are exhausted", async () => {
    h.emulator.failNext(10, 502, { route: "repository.get" });
    const error = await thrown(() => h.client.getRepository(ORG, "api"));
    assert.ok(error instanceof HubServerError, String(error));
    assert.equal(error.status, 502);
    assert.equal(error.method, "GET");
    assert.equal(error.path, `/v2/namespaces/${ORG}/repositories/api`);
    assert.match(error.message, /GET \/v2\/namespaces\/cortex\/repositories\/api answered 502/);
    assert.match(error.message, /502 Bad Gateway/);
    assert.match(error.message, /after 4 attempts/);
    assert.equal(h.emulator.countRequests({ route: "repository.get" }), 4);
  });

  it("retries a request that timed out and returns the next answer", async () => {
    // Warm up with the patient client: a process's first fetch loads its HTTP stack,
    // which can take longer than the short timeout under test.
    await h.client.listRepositories(ORG);
    const client = h.clientWith({ timeoutMs: 80 });
    await client.listRepositories(ORG);
    h.emulator.delayNext(1, 400, { route: "repository.get" });
    const repo = await client.getRepository(ORG, "api");
    assert.equal(repo.name, "api");
    assert.equal(h.emulator.countRequests({ route: "repository.get" }), 2);
    assert.equal(client.stats.retries, 1);
  });

  it("raises HubNetworkError(timeout) when every attempt times out", async () => {
    await h.client.listRepositories(ORG);
    const client = h.clientWith({ maxRetries: 1, timeoutMs: 60 });
    await client.getRepository(ORG, "api");
    h.emulator.delayNext(2, 400, { route: "repository.get" });
    const error = await thrown(() => client.getRepository(ORG, "api"));
    assert.ok(error instanceof HubNetworkError, String(error));
    assert.equal(error.reason, "timeout");
    assert.equal(error.status, undefined);
    assert.match(error.message, /no answer within 60 ms after 2 attempts/);
  });

  it("raises HubNetworkError(connection) when nothing listens", async () => {
    const client = new DockerHubClient({
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      identifier: ORG,
      secret: ORG_TOKEN,
      maxRetries: 2,
      retryBaseDelayMs: 0,
      sleep: () => Promise.resolve(),
    });
    const error = await thrown(() => client.listTags(ORG, "api"));
    assert.ok(error instanceof HubNetworkError, String(error));
    assert.equal(error.reason, "connection");
    assert.equal(error.path, "/v2/auth/token");
    assert.equal(client.stats.requests["POST auth.token"], 3);
  });

  it("resolves a create whose connection dropped after the write, without a duplicate", async () => {
    await h.client.listRepositories(ORG);
    h.emulator.dropAfterWrite(1, { route: "repositories.create" });
    const created = await h.client.createRepository({
      namespace: ORG,
      name: "worker",
      description: "Worker",
      isPrivate: false,
    });
    assert.equal(created.name, "worker");
    assert.equal(created.description, "Worker");
    assert.deepEqual(h.emulator.repositoryNames(ORG).sort(), ["api", "worker"]);
    // First POST applied then dropped, second POST refused as a duplicate, one GET to confirm.
    assert.equal(h.emulator.countRequests({ route: "repositories.create" }), 2);
    assert.equal(h.emulator.countRequests({ route: "repository.get" }), 1);
  });

  it("reports a conflict, not success, when the repository found after a dropped create has other settings", async () => {
    h.emulator.dropAfterWrite(1, { route: "repositories.create" });
    const error = await thrown(() =>
      h.client.createRepository({ namespace: ORG, name: "api", description: "Something else", isPrivate: false }),
    );
    assert.ok(error instanceof HubConflictError, String(error));
    assert.match(error.message, /repository cortex\/api already exists with a different description/);
    assert.equal(h.emulator.repository(ORG, "api")?.description, "API");
  });

  it("does not reconcile a duplicate create that nothing made ambiguous", async () => {
    const error = await thrown(() =>
      h.client.createRepository({ namespace: ORG, name: "api", description: "API", isPrivate: false }),
    );
    assert.ok(error instanceof HubValidationError, String(error));
    assert.deepEqual(error.fields.name, ["Repository with this Name already exists."]);
    assert.equal(h.emulator.countRequests({ route: "repository.get" }), 0);
  });

  it("resolves a create whose first attempt got a 5xx after the server applied nothing", async () => {
    h.emulator.failNext(1, 500, { route: "repositories.create" });
    const created = await h.client.createRepository({ namespace: ORG, name: "web", isPrivate: true });
    assert.equal(created.isPrivate, true);
    assert.equal(h.emulator.countRequests({ route: "repositories.create" }), 2);
    assert.deepEqual(h.emulator.repositoryNames(ORG).sort(), ["api", "web"]);
  });

  it("treats the 404 after a dropped tag delete as the delete having happened", async () => {
    h.emulator.seedTags(ORG, "api", ["1.0.0", "nightly"]);
    h.emulator.dropAfterWrite(1, { route: "tag.delete" });
    await h.client.deleteTag(ORG, "api", "nightly");
    assert.deepEqual(h.emulator.repository(ORG, "api")?.tags, ["1.0.0"]);
    assert.equal(h.emulator.countRequests({ route: "tag.delete" }), 2);
  });

  it("resolves dropped team, member and permission writes by reading them back", async () => {
    h.emulator.addUser("bob");
    h.emulator.addOrgMembers(ORG, ["bob"]);
    h.emulator.dropAfterWrite(1, { route: "teams.create" });
    const team = await h.client.createTeam(ORG, { name: "maintainers", description: "Core maintainers" });
    assert.equal(h.emulator.team(ORG, "maintainers")?.id, team.id);

    h.emulator.dropAfterWrite(1, { route: "team-members.add" });
    await h.client.addTeamMember(ORG, "maintainers", "bob");
    assert.deepEqual(h.emulator.team(ORG, "maintainers")?.members, ["bob"]);

    h.emulator.dropAfterWrite(1, { route: "team-permissions.create" });
    const permission = await h.client.setTeamPermission(ORG, "api", team.id, "write");
    assert.equal(permission.permission, "write");
    assert.deepEqual(h.emulator.repository(ORG, "api")?.teamPermissions, { [team.id]: "write" });
    assert.equal(h.emulator.countRequests({ route: "team-permissions.create" }), 2);
    assert.equal(h.emulator.countRequests({ route: "team-permission.get" }), 1);
  });

  it("does not retry a 4xx", async () => {
    const error = await thrown(() => h.client.getRepository(ORG, "missing"));
    assert.equal((error as { status?: number }).status, 404);
    assert.equal(h.emulator.countRequests({ route: "repository.get" }), 1);
    assert.equal(h.client.stats.retries, 0);
  });
});
