/**
 * API-call counters, so callers (the prune, benchmarks, plan output) can report what an
 * operation cost. A "request" is one HTTP exchange attempted, retries included; a
 * "retry" is an exchange repeated after a failure; a "login" is one POST /v2/auth/token.
 * The newest `X-RateLimit-*` observation rides along, so a caller can pace itself.
 */
import type { RateLimitObservation } from "./backoff";

/** A snapshot of the counters. */
export interface HubStats {
  readonly logins: number;
  /** HTTP exchanges keyed by `METHOD route-kind`, e.g. `GET tags.list`. */
  readonly requests: Readonly<Record<string, number>>;
  /** Sum of `requests`. */
  readonly totalRequests: number;
  /** Exchanges repeated after a network error, timeout, 5xx or 429. */
  readonly retries: number;
  /** Logins forced by a 401 on a token the client believed valid. */
  readonly reauthentications: number;
  /** 429 answers received. */
  readonly rateLimited: number;
  /** Time slept waiting out 429s, in milliseconds. */
  readonly rateLimitWaitMs: number;
  /** The `X-RateLimit-*` headers of the newest answer that carried them. */
  readonly rateLimit: RateLimitObservation | undefined;
}

/** Mutable counters behind {@link HubStats}. */
export class StatsRecorder {
  private logins = 0;
  private retries = 0;
  private reauthentications = 0;
  private rateLimited = 0;
  private rateLimitWaitMs = 0;
  private rateLimit: RateLimitObservation | undefined;
  private readonly requests = new Map<string, number>();

  recordRequest(key: string): void {
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  recordLogin(): void {
    this.logins += 1;
  }

  recordRetry(): void {
    this.retries += 1;
  }

  recordReauthentication(): void {
    this.reauthentications += 1;
  }

  /** A 429 answer. */
  recordRateLimited(): void {
    this.rateLimited += 1;
  }

  /** A sleep of `ms` to wait out a 429. */
  recordRateLimitWait(ms: number): void {
    this.rateLimitWaitMs += ms;
  }

  /** An answer's `X-RateLimit-*` headers (`undefined` when it had none: the last one is kept). */
  recordRateLimitObservation(observation: RateLimitObservation | undefined): void {
    if (observation !== undefined) this.rateLimit = observation;
  }

  snapshot(): HubStats {
    const requests = Object.fromEntries([...this.requests.entries()].sort(([a], [b]) => a.localeCompare(b)));
    const totalRequests = [...this.requests.values()].reduce((sum, n) => sum + n, 0);
    return {
      logins: this.logins,
      requests,
      totalRequests,
      retries: this.retries,
      reauthentications: this.reauthentications,
      rateLimited: this.rateLimited,
      rateLimitWaitMs: this.rateLimitWaitMs,
      rateLimit: this.rateLimit,
    };
  }

  reset(): void {
    this.logins = 0;
    this.retries = 0;
    this.reauthentications = 0;
    this.rateLimited = 0;
    this.rateLimitWaitMs = 0;
    this.requests.clear();
  }
}
