/**
 * The CLI's user errors: {@link UserError} (lib/errors.ts), printed without a
 * stack trace with exit code 1. Anything else reaching the top level is a bug,
 * printed as an unexpected failure with its stack, exit code 2 (cli/main.ts).
 */
export { UserError } from "../lib/errors";

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
