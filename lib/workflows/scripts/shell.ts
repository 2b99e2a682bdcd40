/*
 * Shared pieces of the generated bash scripts. Every value a script needs from
 * the workflow arrives through `env:` (rule W4), so the scripts themselves are
 * constant text and can be tested by running them.
 */

/** First line of every script: fail on errors, unset variables and broken pipes. */
export const STRICT = "set -euo pipefail";

/** Quotes a generator-time constant for bash (single quotes cannot be escaped inside single quotes). */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
