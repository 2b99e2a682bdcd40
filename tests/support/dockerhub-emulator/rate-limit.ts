/**
 * How a 429 (and every answer while a limit is set) says when to come back; each is a
 * shape Docker Hub has sent or documented (see ASSUMPTIONS.md):
 * - `epoch-retry-after`: `Retry-After: <unix time>` equal to `X-RateLimit-Reset`, and
 *   `X-RateLimit-*` on every answer, no `X-Retry-After` (observed, hub-feedback#2459);
 * - `retry-after`: `Retry-After: <seconds>` and `X-RateLimit-*` (reference since docker/docs#22916);
 * - `x-retry-after`: `X-Retry-After: <unix time>` and `X-RateLimit-*` (the older reference);
 * - `both`: `Retry-After` seconds and `X-Retry-After` unix time, with `X-RateLimit-*`;
 * - `bare`: a 429 and no rate-limit header on any answer (the overall, anti-abuse limit).
 */
export type RetryAfterStyle = "epoch-retry-after" | "retry-after" | "x-retry-after" | "both" | "bare";

/** Every {@link RetryAfterStyle}, for flags and table-driven tests. */
export const RETRY_AFTER_STYLES: readonly RetryAfterStyle[] = [
  "epoch-retry-after",
  "retry-after",
  "x-retry-after",
  "both",
  "bare",
];

/** A fixed-window request budget. */
export interface RateLimitOptions {
  /** Requests allowed per window (Docker Hub's answers in 2025 said 180). */
  readonly limit: number;
  /** Window length. @default 60000 (the reference: "requests per minute") */
  readonly windowMs?: number;
  /** @default "epoch-retry-after" (what Docker Hub was observed to send, hub-feedback#2459) */
  readonly retryAfter?: RetryAfterStyle;
}

/** Verdict for one request, with the headers to send either way. */
export interface RateVerdict {
  readonly allowed: boolean;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Docker Hub's API rate limit: a fixed window of `limit` requests; the answers carry
 * the headers of the configured {@link RetryAfterStyle}.
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
    const style = this.options.retryAfter ?? "epoch-retry-after";
    if (style === "bare") return { allowed, headers: {} };

    const resetUnix = String(Math.ceil(resetMs / 1000));
    const headers: Record<string, string> = {
      "x-ratelimit-limit": String(this.options.limit),
      "x-ratelimit-remaining": String(this.options.limit - this.used),
      "x-ratelimit-reset": resetUnix,
    };
    if (!allowed) {
      const delaySeconds = String(Math.max(1, Math.ceil((resetMs - now) / 1000)));
      if (style === "epoch-retry-after") headers["retry-after"] = resetUnix;
      if (style === "retry-after" || style === "both") headers["retry-after"] = delaySeconds;
      if (style === "x-retry-after" || style === "both") headers["x-retry-after"] = resetUnix;
    }
    return { allowed, headers };
  }
}

const RATE_FLAGS = ["--rate-limit", "--rate-limit-shape"] as const;

/**
 * The standalone emulator's rate-limit flags, taken out of `argv` (the rest is for
 * startStandalone): `--rate-limit N` (requests a minute) and `--rate-limit-shape S`
 * (a {@link RetryAfterStyle}). Throws naming the flag when one is wrong.
 */
export function rateLimitFlags(argv: readonly string[]): {
  readonly rateLimit: RateLimitOptions | undefined;
  readonly rest: string[];
} {
  const found = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    const flag = RATE_FLAGS.find((name) => arg === name || arg.startsWith(`${name}=`));
    if (flag === undefined) {
      rest.push(arg);
      continue;
    }
    let value: string | undefined;
    if (arg === flag) {
      i += 1;
      value = argv[i];
    } else value = arg.slice(flag.length + 1);
    if (value === undefined) throw new Error(`${flag} needs a value`);
    found.set(flag, value);
  }
  const limit = found.get("--rate-limit");
  const shape = found.get("--rate-limit-shape");
  if (limit === undefined) {
    if (shape !== undefined) throw new Error("--rate-limit-shape needs --rate-limit N (requests per minute)");
    return { rateLimit: undefined, rest };
  }
  if (!/^\d+$/.test(limit)) throw new Error(`--rate-limit must be a whole number of requests per minute, got ${limit}`);
  const rateLimit = { limit: Number(limit), windowMs: 60_000 };
  if (shape === undefined) return { rateLimit, rest };
  const retryAfter = RETRY_AFTER_STYLES.find((style) => style === shape);
  if (retryAfter === undefined)
    throw new Error(`--rate-limit-shape must be one of ${RETRY_AFTER_STYLES.join(", ")}, got ${shape}`);
  return { rateLimit: { ...rateLimit, retryAfter }, rest };
}
