/*
 * Substitution of the `${{ }}` expressions whose value is known before a run:
 * a matrix value, a reusable workflow's input, an `env` variable. Anything else
 * (`needs.*`, `steps.*`, functions) is left as written, so a caller can tell a
 * resolved value from an unresolved one with `isResolved`.
 * https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/accessing-contextual-information-about-workflow-runs
 */
import { scalar } from "./document";

/** The contexts known before a run. */
export interface Contexts {
  readonly matrix: Readonly<Record<string, unknown>>;
  readonly inputs: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
}

const PROPERTY = /\$\{\{\s*(matrix|inputs|env)((?:\.[A-Za-z_][\w-]*)+)\s*\}\}/g;

/** `text` with each `${{ matrix.x }}`, `${{ inputs.x }}`, `${{ env.X }}` of a known scalar replaced. */
export function substitute(text: string, contexts: Contexts): string {
  return text.replace(PROPERTY, (whole, root: keyof Contexts, path: string) => {
    let value: unknown = contexts[root];
    for (const key of path.slice(1).split(".")) {
      value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    }
    return scalar(value) ?? whole;
  });
}

/** Each value of `values`, substituted. */
export function substituteAll(values: Readonly<Record<string, string>>, contexts: Contexts): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, substitute(value, contexts)]));
}

/** Whether `text` holds no expression. */
export function isResolved(text: string): boolean {
  return !text.includes("${{");
}
