/**
 * Retry timing. Exponential backoff with "equal jitter" (AWS Architecture Blog,
 * "Exponential Backoff And Jitter"): half of the exponential delay is kept so retries
 * never hammer the server back-to-back, the other half is random so that many clients
 * failing together do not retry in lockstep.
 */

/** Delay before retry number `attempt` (0 for the first retry). `random` returns [0, 1). */
export function backoffDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

/** Minimal view of response headers, as `Headers` provides. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * How long a 429 asks the client to wait, in milliseconds, or `undefined` when it does
 * not say. Docker Hub has documented both `Retry-After` (seconds, RFC 9110 also allows
 * an HTTP date) and `X-Retry-After` (a unix timestamp in seconds) for the same purpose
 * (docs.docker.com/reference/api/hub/latest, "Rate Limiting"); when both are sent the
 * longer wait wins, so neither instruction is violated.
 */
export function retryAfterMs(headers: HeaderReader, nowMs: number): number | undefined {
  const waits: number[] = [];
  const relative = headers.get("retry-after")?.trim();
  if (relative !== undefined && relative !== "") {
    if (/^\d+$/.test(relative)) waits.push(Number(relative) * 1000);
    else {
      const at = Date.parse(relative);
      if (!Number.isNaN(at)) waits.push(at - nowMs);
    }
  }
  const absolute = headers.get("x-retry-after")?.trim();
  if (absolute !== undefined && /^\d+(\.\d+)?$/.test(absolute)) waits.push(Number(absolute) * 1000 - nowMs);
  if (waits.length === 0) return undefined;
  return Math.max(0, ...waits);
}
