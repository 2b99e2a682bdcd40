import assert from "node:assert/strict";
import { HubRateLimitError } from "../../../providers/dockerhub/client";
import { ORG, startHarness, thrown, type Harness } from "./harness";

describe("Docker Hub client: rate limiting (429)", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  async function limited(retryAfter: "retry-after" | "x-retry-after"): Promise<void> {
    h = await startHarness({ emulator: { rateLimit: { limit: 2, windowMs: 60_000, retryAfter } } });
    h.emulator.seedRepository(ORG, "api");
  }

  it("waits the seconds Retry-After gives, then succeeds", async () => {
    await limited("retry-after");
    await h.client.getRepository(ORG, "api");
    await h.client.getRepository(ORG, "api");
    assert.deepEqual(h.sleeps, [60_000]);
    assert.equal(h.client.stats.retries, 1);
    assert.deepEqual(
      h.emulator.requests.map((entry) => entry.status),
      [200, 200, 429, 200],
    );
  });

  it("waits until the unix time X-Retry-After gives, then succeeds", async () => {
    await limited("x-retry-after");
    const windowStart = h.clock.now();
    await h.client.getRepository(ORG, "api");
    await h.client.getRepository(ORG, "api");
    // The header is whole unix seconds: the wait runs to the next second boundary after the window.
    assert.deepEqual(h.sleeps, [Math.ceil((windowStart + 60_000) / 1000) * 1000 - windowStart]);
    assert.equal(h.emulator.requests.at(-1)?.status, 200);
  });

  it("raises HubRateLimitError with the requested wait once its retries are spent", async () => {
    h = await startHarness({ emulator: { rateLimit: { limit: 1, windowMs: 3_600_000 } }, client: { maxRetries: 0 } });
    h.emulator.seedRepository(ORG, "api");
    const error = await thrown(() => h.client.getRepository(ORG, "api"));
    assert.ok(error instanceof HubRateLimitError, String(error));
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, 3_600_000);
    assert.match(error.message, /Rate limit exceeded/);
  });

  it("fails at once instead of sleeping longer than maxRateLimitWaitMs", async () => {
    h = await startHarness({
      emulator: { rateLimit: { limit: 1, windowMs: 3_600_000 } },
      client: { maxRateLimitWaitMs: 120_000 },
    });
    h.emulator.seedRepository(ORG, "api");
    const error = await thrown(() => h.client.getRepository(ORG, "api"));
    assert.ok(error instanceof HubRateLimitError, String(error));
    assert.deepEqual(h.sleeps, []);
    assert.equal(h.emulator.countRequests({ route: "repository.get" }), 1);
  });
});
