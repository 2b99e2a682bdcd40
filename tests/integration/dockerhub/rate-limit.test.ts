import assert from "node:assert/strict";
import { HubRateLimitError, type DockerHubClientOptions } from "../../../providers/dockerhub/client";
import { RATE_LIMIT_TOTAL_WAIT_MS } from "../../../providers/dockerhub/client/backoff";
import type { RetryAfterStyle } from "../../support/dockerhub-emulator";
import { ORG, startHarness, thrown, type Harness } from "./harness";

describe("Docker Hub client: rate limiting (429)", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  /** Two requests a minute: the login and one read pass, the next read is a 429. */
  async function limited(retryAfter: RetryAfterStyle, client: Partial<DockerHubClientOptions> = {}): Promise<void> {
    h = await startHarness({ emulator: { rateLimit: { limit: 2, windowMs: 60_000, retryAfter } }, client });
    h.emulator.seedRepository(ORG, "api");
  }

  // The harness clock starts 250 ms past a second, so a unix-second reset at the window's
  // end (60 s after the first request) is 60.75 s away.
  const shapes: readonly [RetryAfterStyle, string, number][] = [
    ["epoch-retry-after", "Retry-After as a unix time (hub-feedback#2459), not 55 years of seconds", 60_750],
    ["retry-after", "the longer of Retry-After seconds and X-RateLimit-Reset (Remaining is 0)", 60_750],
    ["x-retry-after", "X-Retry-After as a unix time", 60_750],
    ["both", "the longer of Retry-After and X-Retry-After", 60_750],
  ];
  for (const [shape, what, expected] of shapes) {
    it(`${shape}: waits until ${what}, then succeeds`, async () => {
      await limited(shape);
      await h.client.getRepository(ORG, "api");
      await h.client.getRepository(ORG, "api");
      assert.deepEqual(h.sleeps, [expected]);
      assert.equal(h.client.stats.rateLimited, 1);
      assert.equal(h.client.stats.rateLimitWaitMs, expected);
      assert.deepEqual(
        h.emulator.requests.map((entry) => entry.status),
        [200, 200, 429, 200],
      );
    });
  }

  it("bare: backs off exponentially with jitter until the window passes, then succeeds", async () => {
    await limited("bare", { retryBaseDelayMs: 10_000, retryMaxDelayMs: 60_000, maxRetries: 4 });
    await h.client.getRepository(ORG, "api");
    await h.client.getRepository(ORG, "api");
    // random() = 0.5: 3/4 of 10 s * 2^attempt, capped at 60 s; the fourth wait crosses the minute.
    assert.deepEqual(h.sleeps, [7_500, 15_000, 30_000, 45_000]);
    assert.equal(h.client.stats.rateLimited, 4);
    assert.equal(h.client.stats.rateLimit, undefined);
  });

  it("bare: once retries are spent, says Docker Hub gave no time and when to retry at the earliest", async () => {
    await limited("bare");
    await h.client.getRepository(ORG, "api");
    const error = await thrown(() => h.client.getRepository(ORG, "api"));
    assert.ok(error instanceof HubRateLimitError, String(error));
    assert.equal(error.retryAfterMs, undefined);
    assert.deepEqual(h.sleeps, [0.75, 1.5, 3]);
    assert.match(
      error.message,
      /answered 429 \(rate limited\): Rate limit exceeded \(after 4 attempts\); no retries left and Docker Hub gave no time \(the overall limit answers a bare 429\); retry after 2026-11-28T12:00:00\.2\d+Z at the earliest$/,
    );
  });

  it("raises HubRateLimitError with the requested wait and the time to retry once its retries are spent", async () => {
    h = await startHarness({ emulator: { rateLimit: { limit: 1, windowMs: 3_600_000 } }, client: { maxRetries: 0 } });
    h.emulator.seedRepository(ORG, "api");
    const error = await thrown(() => h.client.getRepository(ORG, "api"));
    assert.ok(error instanceof HubRateLimitError, String(error));
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, 3_600_750);
    assert.match(error.message, /Rate limit exceeded/);
    assert.match(error.message, /retry after 2026-11-28T13:00:01\.000Z$/);
  });

  it("fails at once instead of sleeping longer than maxRateLimitWaitMs, saying when to retry", async () => {
    h = await startHarness({
      emulator: { rateLimit: { limit: 1, windowMs: 3_600_000 } },
      client: { maxRateLimitWaitMs: 120_000 },
    });
    h.emulator.seedRepository(ORG, "api");
    const error = await thrown(() => h.client.getRepository(ORG, "api"));
    assert.ok(error instanceof HubRateLimitError, String(error));
    assert.deepEqual(h.sleeps, []);
    assert.equal(h.emulator.countRequests({ route: "repository.get" }), 1);
    assert.match(
      error.message,
      /Docker Hub asks to wait 3601 s, longer than the 120 s this client waits at once; retry after 2026-11-28T13:00:01\.000Z$/,
    );
  });

  it("stops waiting when one request's rate-limit waits would pass the total budget", async () => {
    // Nothing ever passes: every window is spent before the request arrives.
    h = await startHarness({
      emulator: { rateLimit: { limit: 0, windowMs: 60_000 } },
      client: { maxRetries: 10 },
    });
    const error = await thrown(() => h.client.listRepositories(ORG));
    assert.ok(error instanceof HubRateLimitError, String(error));
    const waited = h.sleeps.reduce((sum, ms) => sum + ms, 0);
    assert.ok(waited <= RATE_LIMIT_TOTAL_WAIT_MS, `waited ${waited} ms`);
    assert.deepEqual(h.sleeps, [60_750, 60_000]);
    assert.match(
      error.message,
      /already waited 121 s on rate limits, and 60 s more would pass the 180 s one request may wait; retry after 2026-11-28T12:03:01\.000Z$/,
    );
  });
});
