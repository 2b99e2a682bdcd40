import { UserError } from "../errors";

/** Adopt could not read or compare for a reason the user can fix: printed without a stack trace, exit 1. */
export class AdoptError extends UserError {
  override name = "AdoptError";
}

/** Why a request got no answer, from a fetch or SDK error and its cause (ECONNREFUSED, ENOTFOUND, a timeout). */
export function networkReason(err: unknown): string | undefined {
  const codes = ["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"];
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && codes.includes(code)) return code;
    if (e.name === "TimeoutError" || e.name === "AbortError") return "timed out";
  }
  if (err instanceof TypeError && err.message === "fetch failed") return "fetch failed";
  return undefined;
}
