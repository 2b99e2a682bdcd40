/**
 * Reads the `exp` claim of the bearer token Docker Hub issues, without verifying it:
 * the client only needs to know when to log in again, the server does the verifying.
 * Reference: POST /v2/auth/token answers `{access_token}`, a JWT "about 10 minutes".
 */

function decodeSegment(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
}

/** Expiry of a JWT in epoch milliseconds, or `undefined` when it is not a JWT with a numeric `exp`. */
export function jwtExpiryMs(token: string): number | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const payload = decodeSegment(parts[1]);
    if (typeof payload !== "object" || payload === null) return undefined;
    const exp = (payload as { exp?: unknown }).exp;
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
