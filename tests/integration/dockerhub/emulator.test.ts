/**
 * The emulator itself is as strict as the documented service: these specs speak raw
 * HTTP to it, so a lenient emulator cannot hide a client bug.
 */
import assert from "node:assert/strict";
import { ORG, ORG_TOKEN, OUTSIDER, OUTSIDER_TOKEN, OWNER, OWNER_TOKEN, startHarness, type Harness } from "./harness";

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

describe("Docker Hub emulator: documented behaviour", () => {
  let h: Harness;
  let token: string;

  async function call(
    method: string,
    path: string,
    options: { body?: unknown; bearer?: string | null } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    const bearer = options.bearer === undefined ? token : options.bearer;
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    const response = await fetch(new URL(path, h.emulator.url), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>),
    };
  }

  async function login(identifier: string, secret: string): Promise<string> {
    const answer = await call("POST", "/v2/auth/token", { body: { identifier, secret }, bearer: null });
    assert.equal(answer.status, 200);
    return answer.body.access_token as string;
  }

  beforeEach(async () => {
    h = await startHarness();
    token = await login(ORG, ORG_TOKEN);
  });
  afterEach(async () => {
    await h.close();
  });

  it("issues a JWT whose exp is ten minutes out, and answers 401 once it has passed", async () => {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { exp: number };
    assert.equal(payload.exp, Math.floor(h.clock.now() / 1000) + 600);
    assert.equal((await call("GET", `/v2/orgs/${ORG}/groups`)).status, 200);
    h.clock.advance(600_000);
    const expired = await call("GET", `/v2/orgs/${ORG}/groups`);
    assert.equal(expired.status, 401);
    assert.equal(expired.body.detail, "Token has expired.");
  });

  it("answers 401 without a token or with a forged one, and 400 naming missing login fields", async () => {
    assert.equal((await call("POST", `/v2/orgs/${ORG}/groups`, { body: { name: "abc" }, bearer: null })).status, 401);
    assert.equal((await call("GET", `/v2/orgs/${ORG}/groups`, { bearer: `${token.slice(0, -2)}xx` })).status, 401);
    const missing = await call("POST", "/v2/auth/token", { body: { identifier: ORG }, bearer: null });
    assert.equal(missing.status, 400);
    assert.deepEqual(Object.keys(missing.body.fields as object), ["secret"]);
  });

  it("pages by 10 by default, caps page_size at 100, links absolutely, and 404s past the last page", async () => {
    for (let i = 0; i < 205; i += 1) h.emulator.seedRepository(ORG, `r${String(i).padStart(3, "0")}`);
    const first = await call("GET", `/v2/namespaces/${ORG}/repositories`);
    assert.equal(first.body.count, 205);
    assert.equal((first.body.results as unknown[]).length, 10);
    assert.equal(first.body.next, `${h.emulator.url}/v2/namespaces/${ORG}/repositories?page=2&page_size=10`);
    assert.equal(first.body.previous, null);

    const big = await call("GET", `/v2/namespaces/${ORG}/repositories?page_size=500&page=3`);
    assert.equal((big.body.results as unknown[]).length, 5);
    assert.equal(big.body.next, null);
    const previous = new URL(String(big.body.previous));
    assert.equal(`${previous.origin}${previous.pathname}`, `${h.emulator.url}/v2/namespaces/${ORG}/repositories`);
    assert.equal(previous.searchParams.get("page"), "2");
    assert.equal(previous.searchParams.get("page_size"), "100");

    assert.equal((await call("GET", `/v2/namespaces/${ORG}/repositories?page_size=100&page=4`)).status, 404);
    assert.equal((await call("GET", `/v2/namespaces/${ORG}/repositories?page=0`)).status, 404);
  });

  it("answers an empty first page for an empty list", async () => {
    const empty = await call("GET", `/v2/namespaces/${ORG}/repositories`);
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body, { count: 0, next: null, previous: null, results: [] });
  });

  it("rejects an unknown ordering with the documented fields/text body", async () => {
    const answer = await call("GET", `/v2/namespaces/${ORG}/repositories?ordering=size`);
    assert.equal(answer.status, 400);
    assert.match(String(answer.body.text), /ordering/);
    assert.ok("ordering" in (answer.body.fields as object));
  });

  it("hides another organization's private repository as 404 and forbids writes there with 403", async () => {
    h.emulator.seedRepository(ORG, "secret-repo", { isPrivate: true });
    h.emulator.seedRepository(ORG, "public-repo");
    const outsider = await login(OUTSIDER, OUTSIDER_TOKEN);
    assert.equal(
      (await call("GET", `/v2/namespaces/${ORG}/repositories/secret-repo`, { bearer: outsider })).status,
      404,
    );
    assert.equal(
      (await call("GET", `/v2/namespaces/${ORG}/repositories/public-repo`, { bearer: outsider })).status,
      200,
    );
    assert.equal(
      (await call("PATCH", `/v2/repositories/${ORG}/public-repo/`, { bearer: outsider, body: { description: "x" } }))
        .status,
      403,
    );
    const listed = await call("GET", `/v2/namespaces/${ORG}/repositories`, { bearer: null });
    assert.deepEqual(
      (listed.body.results as { name: string }[]).map((repo) => repo.name),
      ["public-repo"],
    );
  });

  it("sends X-RateLimit headers on every answer and Retry-After or X-Retry-After on a 429", async () => {
    h.emulator.setRateLimit({ limit: 1, windowMs: 60_000, retryAfter: "both" });
    const ok = await call("GET", `/v2/orgs/${ORG}/groups`);
    assert.equal(ok.headers.get("x-ratelimit-limit"), "1");
    assert.equal(ok.headers.get("x-ratelimit-remaining"), "0");
    const limited = await call("GET", `/v2/orgs/${ORG}/groups`);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), "60");
    assert.equal(limited.headers.get("x-retry-after"), String(Math.ceil((h.clock.now() + 60_000) / 1000)));
    assert.equal(limited.body.detail, "Rate limit exceeded");
  });

  it("answers 404 for an unknown route and 405 for a wrong method", async () => {
    assert.equal((await call("GET", "/v2/nothing-here")).status, 404);
    assert.equal((await call("PUT", `/v2/namespaces/${ORG}/repositories`)).status, 405);
  });

  it("creates with 201, deletes teams with 204 and repositories with 202", async () => {
    const repo = await call("POST", `/v2/namespaces/${ORG}/repositories`, {
      body: { name: "api", namespace: ORG, is_private: false },
    });
    assert.equal(repo.status, 201);
    const team = await call("POST", `/v2/orgs/${ORG}/groups/`, { body: { name: "maintainers" } });
    assert.equal(team.status, 201);
    assert.equal(typeof team.body.id, "number");
    assert.equal((await call("DELETE", `/v2/orgs/${ORG}/groups/maintainers/`)).status, 204);
    // The legacy route refuses the organization's token; an owner's personal access token may.
    const owner = await login(OWNER, OWNER_TOKEN);
    assert.equal((await call("DELETE", `/v2/repositories/${ORG}/api/`)).status, 403);
    assert.equal((await call("DELETE", `/v2/repositories/${ORG}/api/`, { bearer: owner })).status, 202);
  });

  it("answers a legacy route without its trailing slash with 301, unless told not to (the switch, both ways)", async () => {
    h.emulator.seedRepository(ORG, "api");
    const owner = await login(OWNER, OWNER_TOKEN);
    const redirected = await fetch(new URL(`/v2/repositories/${ORG}/api`, h.emulator.url), {
      method: "DELETE",
      headers: { authorization: `Bearer ${owner}` },
      redirect: "manual",
    });
    assert.equal(redirected.status, 301);
    assert.equal(redirected.headers.get("location"), `/v2/repositories/${ORG}/api/`);
    assert.ok(h.emulator.repository(ORG, "api") !== undefined, "nothing was deleted");

    const lenient = await startHarness({ emulator: { contract: { legacySlashRedirect: false } } });
    try {
      lenient.emulator.seedRepository(ORG, "api");
      const token = (await (
        await fetch(new URL("/v2/auth/token", lenient.emulator.url), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ identifier: OWNER, secret: OWNER_TOKEN }),
        })
      ).json()) as { access_token: string };
      const answer = await fetch(new URL(`/v2/repositories/${ORG}/api`, lenient.emulator.url), {
        method: "DELETE",
        headers: { authorization: `Bearer ${token.access_token}` },
        redirect: "manual",
      });
      assert.equal(answer.status, 202);
    } finally {
      await lenient.close();
    }
  });

  it("logs every request, including a dropped one, which has no status", async () => {
    h.emulator.seedRepository(ORG, "api");
    h.emulator.clearRequestLog();
    const owner = await login(OWNER, OWNER_TOKEN);
    h.emulator.clearRequestLog();
    h.emulator.dropAfterWrite(1);
    await assert.rejects(() => call("DELETE", `/v2/repositories/${ORG}/api/`, { bearer: owner }));
    assert.deepEqual(h.emulator.requests, [
      {
        method: "DELETE",
        path: `/v2/repositories/${ORG}/api/`,
        query: "",
        route: "repository.delete",
        status: undefined,
      },
    ]);
    assert.equal(h.emulator.repository(ORG, "api"), undefined);
  });
});
