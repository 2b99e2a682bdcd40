/**
 * Retry timing, and what Docker Hub's rate-limit headers ask for.
 *
 * Backoff is exponential with "equal jitter" (AWS Architecture Blog, "Exponential
 * Backoff And Jitter"): half of the exponential delay is kept so retries never hammer
 * the server back-to-back, the other half is random so that many clients failing
 * together do not retry in lockstep.
 *
 * Docker Hub has answered 429 in several shapes, all honoured here:
 * - `Retry-After: <unix time>` with `X-RateLimit-Limit: 180`, `X-RateLimit-Remaining: 0`,
 *   `X-RateLimit-Reset: <unix time>` and no `X-Retry-After` (observed in 2025,
 *   docker/hub-feedback#2459);
 * - `Retry-After: <seconds>` (the reference since docker/docs#22916, June 2025);
 * - `X-Retry-After: <unix time>` (the reference before that);
 * - a bare 429 from the overall (anti-abuse) limit, which sends no timing at all
 *   (docs.docker.com/docker-hub/usage, "Other limits").
 */

/** Delay before retry number `attempt` (0 for the first retry). `random` returns [0, 1). */
export function backoffDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * A numeric `Retry-After` or `X-RateLimit-Reset` at or above this is a unix time in
 * seconds; below it, a delay in seconds. 10^9 s is 2001-09-09 as a unix time and 31.7
 * years as a delay: no real wait is that long and no real reset that early, so the
 * two readings never overlap (hub-feedback#2459 sent 1746136938 as `Retry-After`).
 */
export const UNIX_TIME_THRESHOLD_SECONDS = 1_000_000_000;

/**
 * The longest single rate-limit wait worth sleeping through: the Hub API's limit is per
 * minute, so a minute plus a little clock skew covers any wait that limit asks for;
 * a longer one is some other limit, or a misread header, and fails with a retry time.
 */
export const RATE_LIMIT_MAX_WAIT_MS = 65_000;

/** The most one request may spend waiting on 429s in total (about three windows). */
export const RATE_LIMIT_TOTAL_WAIT_MS = 180_000;

/** Minimal view of response headers, as `Headers` provides. */
export interface HeaderReader {
  get(name: string): string | null;
}

function numberHeader(headers: HeaderReader, name: string): number | undefined {
  const value = headers.get(name)?.trim();
  return value !== undefined && /^\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
}

/** Epoch ms a numeric header points at: a unix time, or a delay in seconds from `nowMs` (see the threshold). */
function instantMs(seconds: number, nowMs: number): number {
  return seconds >= UNIX_TIME_THRESHOLD_SECONDS ? seconds * 1000 : nowMs + seconds * 1000;
}

/** Epoch ms `Retry-After` points at: seconds, a unix time (hub-feedback#2459) or an HTTP date (RFC 9110). */
function retryAfterAt(headers: HeaderReader, nowMs: number): number | undefined {
  const numeric = numberHeader(headers, "retry-after");
  if (numeric !== undefined) return instantMs(numeric, nowMs);
  const text = headers.get("retry-after")?.trim();
  if (text === undefined || !/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : at;
}

/**
 * How long a 429 asks the client to wait, in milliseconds (never negative), or
 * `undefined` when it does not say. Sources, the longest wait winning so that no
 * instruction is violated:
 * - `Retry-After`: seconds, a unix time, or an HTTP date;
 * - `X-Retry-After`: a unix time (only ever documented as one);
 * - `X-RateLimit-Reset` (a unix time, or seconds by the same threshold), when
 *   `X-RateLimit-Remaining` is 0 or neither of the above was sent.
 */
export function retryAfterMs(headers: HeaderReader, nowMs: number): number | undefined {
  const instants: number[] = [];
  const retryAt = retryAfterAt(headers, nowMs);
  if (retryAt !== undefined) instants.push(retryAt);
  const absolute = numberHeader(headers, "x-retry-after");
  if (absolute !== undefined) instants.push(absolute * 1000);
  const reset = numberHeader(headers, "x-ratelimit-reset");
  if (reset !== undefined && (numberHeader(headers, "x-ratelimit-remaining") === 0 || instants.length === 0))
    instants.push(instantMs(reset, nowMs));
  if (instants.length === 0) return undefined;
  return Math.max(0, ...instants.map((at) => at - nowMs));
}

/** The account's API budget as an answer's `X-RateLimit-*` headers state it. */
export interface RateLimitObservation {
  /** `X-RateLimit-Limit`: calls per window, when sent. */
  readonly limit: number | undefined;
  /** `X-RateLimit-Remaining`: calls left in this window. */
  readonly remaining: number;
  /** `X-RateLimit-Reset`, as epoch ms: when `remaining` is refilled. */
  readonly resetAtMs: number;
  /** When the answer arrived, epoch ms (to pick the newest of several clients' observations). */
  readonly observedAtMs: number;
}

/** The answer's `X-RateLimit-*` headers, or `undefined` when it lacks Remaining or Reset. */
export function rateLimitObservation(headers: HeaderReader, nowMs: number): RateLimitObservation | undefined {
  const remaining = numberHeader(headers, "x-ratelimit-remaining");
  const reset = numberHeader(headers, "x-ratelimit-reset");
  if (remaining === undefined || reset === undefined) return undefined;
  return {
    limit: numberHeader(headers, "x-ratelimit-limit"),
    remaining,
    resetAtMs: instantMs(reset, nowMs),
    observedAtMs: nowMs,
  };
}

/** Where a request stands when Docker Hub answers 429. */
export interface RateLimitedAttempt {
  /** What the headers ask for ({@link retryAfterMs}); `undefined` for a bare 429. */
  readonly askedMs: number | undefined;
  /** The jittered backoff for this attempt, used when the 429 gives no (future) time. */
  readonly backoffMs: number;
  /** Retries already made, and how many are allowed. */
  readonly attempt: number;
  readonly maxRetries: number;
  /** Time this request already spent waiting on 429s. */
  readonly waitedMs: number;
  /** The longest single wait allowed. */
  readonly maxWaitMs: number;
  readonly nowMs: number;
}

/** Sleep `ms` and retry, or give up, saying why and when to retry. */
export type RateLimitDecision =
  { readonly kind: "wait"; readonly ms: number } | { readonly kind: "give-up"; readonly reason: string };

const seconds = (ms: number): string => `${Math.ceil(ms / 1000)} s`;

/**
 * Decides a 429: wait what the headers ask (the backoff when they ask nothing, or a
 * time already past, so a skewed clock cannot cause a tight loop), unless that wait
 * exceeds `maxWaitMs`, the request's total would exceed {@link RATE_LIMIT_TOTAL_WAIT_MS},
 * or no retries are left. Giving up names the time after which a retry should pass.
 */
export function decideRateLimit(state: RateLimitedAttempt): RateLimitDecision {
  const timed = state.askedMs !== undefined && state.askedMs > 0;
  const wait = timed ? state.askedMs : state.backoffMs;
  const retryAt = new Date(state.nowMs + wait).toISOString();
  if (timed && wait > state.maxWaitMs)
    return {
      kind: "give-up",
      reason: `Docker Hub asks to wait ${seconds(wait)}, longer than the ${seconds(state.maxWaitMs)} this client waits at once; retry after ${retryAt}`,
    };
  if (state.waitedMs + wait > RATE_LIMIT_TOTAL_WAIT_MS)
    return {
      kind: "give-up",
      reason: `already waited ${seconds(state.waitedMs)} on rate limits, and ${seconds(wait)} more would pass the ${seconds(RATE_LIMIT_TOTAL_WAIT_MS)} one request may wait; retry after ${retryAt}`,
    };
  if (state.attempt >= state.maxRetries)
    return {
      kind: "give-up",
      reason: timed
        ? `no retries left; retry after ${retryAt}`
        : `no retries left and Docker Hub gave no time (the overall limit answers a bare 429); retry after ${retryAt} at the earliest`,
    };
  return { kind: "wait", ms: wait };
}
