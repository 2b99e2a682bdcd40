/*
 * Shared pieces of the generated bash scripts. Every value a script needs from
 * the workflow arrives through `env:` (rule W4), so the scripts themselves are
 * constant text and can be tested by running them.
 */
import type { MovingTagRule } from "../tag-rules";

/** First line of every script: fail on errors, unset variables and broken pipes. */
export const STRICT = "set -euo pipefail";

/** Quotes a generator-time constant for bash (single quotes cannot be escaped inside single quotes). */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `core_gt A B`: succeeds when version core A (X.Y.Z) is higher than B. */
export const CORE_GT = `core_gt() {
  local a1 a2 a3 b1 b2 b3
  IFS=. read -r a1 a2 a3 <<<"$1"
  IFS=. read -r b1 b2 b3 <<<"$2"
  (( a1 > b1 || (a1 == b1 && (a2 > b2 || (a2 == b2 && a3 > b3))) ))
}`;

/** Appends the tags of `rules` to the bash array `moving`, each only when its scope allows. */
export function movingSelection(rules: readonly MovingTagRule[]): string {
  const lines = ["moving=()"];
  for (const { template, scope } of rules) {
    const add = `moving+=("${template}")`;
    const flag = {
      always: undefined,
      highest: "higher",
      "highest-major": "higher_major",
      "highest-minor": "higher_minor",
      "highest-beta": "higher_beta",
    }[scope];
    lines.push(flag === undefined ? add : `if [[ "$${flag}" == false ]]; then ${add}; fi`);
  }
  return lines.join("\n");
}
