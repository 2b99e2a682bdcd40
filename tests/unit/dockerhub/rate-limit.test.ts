import assert from "node:assert/strict";
import { createProgress } from "../../../cli/prune/progress";
import { pruneDelayMs } from "../../../lib/dockerhub/prune";
import {
  decideRateLimit,
  rateLimitObservation,
  retryAfterMs,
  UNIX_TIME_THRESHOLD_SECONDS,
  type RateLimitedAttempt,
} from "../../../providers/dockerhub/client/backoff";
import { rateLimitFlags } from "../../support/dockerhub-emulator/rate-limit";

const headers = (entries: Record<string, string>) => new Headers(entries);
const now = Date.UTC(2026, 0, 1, 0, 0, 0, 400);
const unix = (ms: number) => String(Math.floor(ms / 1000));

describe("rate-limit headers: what a 429 asks for", () => {
  it("reads a Retry-After at or above 10^9 as a unix time (hub-feedback#2459) and below it as seconds", () => {
    assert.equal(retryAfterMs(headers({ "retry-after": unix(now + 45_000) }), now), 44_600);
    assert.equal(
      retryAfterMs(headers({ "retry-after": String(UNIX_TIME_THRESHOLD_SECONDS - 1) }), now),
      999_999_999_000,
    );
    assert.equal(retryAfterMs(headers({ "retry-after": String(UNIX_TIME_THRESHOLD_SECONDS) }), now), 0);
  });

  it("reads the shape observed in 2025: Retry-After = X-RateLimit-Reset, Remaining 0", () => {
    const reset = unix(now + 60_000);
    const observed = headers({
      "retry-after": reset,
      "x-ratelimit-limit": "180",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": reset,
    });
    assert.equal(retryAfterMs(observed, now), 59_600);
    assert.deepEqual(rateLimitObservation(observed, now), {
      limit: 180,
      remaining: 0,
      resetAtMs: Number(reset) * 1000,
      observedAtMs: now,
    });
  });

  it("uses X-RateLimit-Reset on a 429 that gives nothing else, or when Remaining is 0", () => {
    assert.equal(retryAfterMs(headers({ "x-ratelimit-reset": unix(now + 30_000) }), now), 29_600);
    assert.equal(
      retryAfterMs(
        headers({ "retry-after": "5", "x-ratelimit-remaining": "0", "x-ratelimit-reset": unix(now + 30_000) }),
        now,
      ),
      29_600,
    );
    // Remaining above 0: the reset is not what this 429 is about.
    assert.equal(
      retryAfterMs(
        headers({ "retry-after": "5", "x-ratelimit-remaining": "3", "x-ratelimit-reset": unix(now + 30_000) }),
        now,
      ),
      5_000,
    );
  });

  it("ignores a Retry-After that is neither a number nor an HTTP date", () => {
    assert.equal(retryAfterMs(headers({ "retry-after": "soon" }), now), undefined);
    assert.equal(retryAfterMs(headers({ "retry-after": "-5" }), now), undefined);
  });
});

describe("rate-limit decisions: wait or give up", () => {
  const base: RateLimitedAttempt = {
    askedMs: 10_000,
    backoffMs: 750,
    attempt: 0,
    maxRetries: 4,
    waitedMs: 0,
    maxWaitMs: 65_000,
    nowMs: now,
  };

  it("waits what the headers ask, and backs off when they ask nothing or a time already past", () => {
    assert.deepEqual(decideRateLimit(base), { kind: "wait", ms: 10_000 });
    assert.deepEqual(decideRateLimit({ ...base, askedMs: undefined }), { kind: "wait", ms: 750 });
    assert.deepEqual(decideRateLimit({ ...base, askedMs: 0 }), { kind: "wait", ms: 750 });
  });

  it("gives up with the time to retry past the per-wait bound, the total budget or the retries", () => {
    assert.deepEqual(decideRateLimit({ ...base, askedMs: 70_000 }), {
      kind: "give-up",
      reason:
        "Docker Hub asks to wait 70 s, longer than the 65 s this client waits at once; retry after 2026-01-01T00:01:10.400Z",
    });
    assert.match(
      (decideRateLimit({ ...base, waitedMs: 175_000 }) as { reason: string }).reason,
      /^already waited 175 s on rate limits, and 10 s more would pass the 180 s one request may wait; retry after 2026-01-01T00:00:10\.400Z$/,
    );
    assert.deepEqual(decideRateLimit({ ...base, attempt: 4 }), {
      kind: "give-up",
      reason: "no retries left; retry after 2026-01-01T00:00:10.400Z",
    });
  });
});

describe("prune pacing", () => {
  const budget = { limit: 180, remaining: 100, resetAtMs: now + 20_000 };

  it("spends the budget down to the calls in flight plus 5% headroom, then waits for the reset", () => {
    assert.equal(pruneDelayMs(budget, now, 4, 65_000), 0);
    // 4 in flight + ceil(180 * 5%) = 13 kept in hand.
    assert.equal(pruneDelayMs({ ...budget, remaining: 14 }, now, 4, 65_000), 0);
    assert.equal(pruneDelayMs({ ...budget, remaining: 13 }, now, 4, 65_000), 20_000);
  });

  it("does not wait on a stale budget, an unknown one, or a reset further than the bound", () => {
    assert.equal(pruneDelayMs({ ...budget, remaining: 0 }, now + 20_000, 4, 65_000), 0);
    assert.equal(pruneDelayMs(undefined, now, 4, 65_000), 0);
    assert.equal(pruneDelayMs({ ...budget, remaining: 0, resetAtMs: now + 3_600_000 }, now, 4, 65_000), 0);
  });

  it("says on its own line that it is pausing, and redraws the bar on a terminal", () => {
    const written: string[] = [];
    const tty = createProgress({ isTTY: true, write: (t: string) => written.push(t) }, "deleting", 2, { width: 4 });
    tty.tick();
    tty.note("pausing 20 s for Docker Hub's rate limit");
    assert.deepEqual(written, [
      "\rdeleting [##..] 1/2  50%",
      "\r\x1b[Kdeleting: pausing 20 s for Docker Hub's rate limit\ndeleting [##..] 1/2  50%",
    ]);
    const plain: string[] = [];
    createProgress({ write: (t: string) => plain.push(t) }, "deleting", 2).note("pausing 1 s");
    assert.deepEqual(plain, ["deleting: pausing 1 s\n"]);
  });
});

describe("standalone emulator: rate-limit flags", () => {
  it("arms a limit in the chosen shape and leaves the other flags for startStandalone", () => {
    assert.deepEqual(rateLimitFlags(["--port", "8080", "--rate-limit", "180", "--rate-limit-shape=bare"]), {
      rateLimit: { limit: 180, windowMs: 60_000, retryAfter: "bare" },
      rest: ["--port", "8080"],
    });
    assert.deepEqual(rateLimitFlags(["--org", "cortex"]), { rateLimit: undefined, rest: ["--org", "cortex"] });
  });

  it("names the flag and the choices when one is wrong", () => {
    assert.throws(() => rateLimitFlags(["--rate-limit", "lots"]), /--rate-limit must be a whole number/);
    assert.throws(
      () => rateLimitFlags(["--rate-limit", "1", "--rate-limit-shape", "epoch"]),
      /must be one of epoch-retry-after, retry-after, x-retry-after, both, bare, got epoch/,
    );
    assert.throws(() => rateLimitFlags(["--rate-limit-shape", "bare"]), /needs --rate-limit N/);
    assert.throws(() => rateLimitFlags(["--rate-limit"]), /--rate-limit needs a value/);
  });
});
