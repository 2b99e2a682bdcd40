/** Which header a 429 carries: Docker Hub has documented both (see ASSUMPTIONS.md). */
export type RetryAfterStyle = "retry-after" | "x-retry-after" | "both";

/** A fixed-window request budget. */
export interface RateLimitOptions {
  /** Requests allowed per window. */
  readonly limit: number;
  /** Window length. @default 60000 (the reference: "requests per minute") */
  readonly windowMs?: number;
  /** @default "retry-after" */
  readonly retryAfter?: RetryAfterStyle;
}

/** Verdict for one request, with the headers to send either way. */
export interface RateVerdict {
  readonly allowed: boolean;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Docker Hub's API rate limit as documented: every answer carries X-RateLimit-Limit,
 * X-RateLimit-Remaining and X-RateLimit-Reset (unix seconds); past the limit the answer
 * is a 429 with Retry-After (seconds) and/or X-Retry-After (unix seconds).
 */
export class RateLimiter {
  private windowStart: number | undefined;
  private used = 0;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number,
  ) {}

  take(): RateVerdict {
    const now = this.now();
    const windowMs = this.options.windowMs ?? 60_000;
    if (this.windowStart === undefined || now >= this.windowStart + windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    const resetMs = this.windowStart + windowMs;
    const allowed = this.used < this.options.limit;
    if (allowed) this.used += 1;
    const headers: Record<string, string> = {
      "x-ratelimit-limit": String(this.options.limit),
      "x-ratelimit-remaining": String(this.options.limit - this.used),
      "x-ratelimit-reset": String(Math.ceil(resetMs / 1000)),
    };
    if (!allowed) {
      const style = this.options.retryAfter ?? "retry-after";
      if (style !== "x-retry-after") headers["retry-after"] = String(Math.max(1, Math.ceil((resetMs - now) / 1000)));
      if (style !== "retry-after") headers["x-retry-after"] = String(Math.ceil(resetMs / 1000));
    }
    return { allowed, headers };
  }
}
