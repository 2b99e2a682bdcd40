import { CONFIG_DEFAULTS, RETENTION_RANGES } from "../config/defaults";

/**
 * Retention intent: what each channel keeps, in the words of the config file.
 * The ECR compiler, the Docker Hub prune and the plan all read this one shape.
 */
export interface RetentionIntent {
  /**
   * Stable releases (the scheme's `stable.tag`): every release is a rollback
   * target, so all are kept. No count is offered: an ECR lifecycle rule cannot
   * count releases apart from beta and nightly version tags (lib/retention/compile.ts).
   */
  readonly stable: { readonly keep: "all" };
  /**
   * Beta images (the scheme's beta tag and `beta` legacy patterns): the newest
   * N by push time, per retention selector.
   */
  readonly beta: { readonly keepLast: number };
  /**
   * Nightly images (the scheme's nightly and commit tags, `nightly` legacy
   * patterns): those pushed within the last N days.
   */
  readonly nightly: { readonly maxAgeDays: number };
  /**
   * Untagged images no kept image index references (for example the
   * per-platform images of an expired nightly), removed after N days.
   * Children of kept indexes are never removed.
   */
  readonly untagged: { readonly maxAgeDays: number };
}

/** The retention a project gets without configuring any: the config schema's defaults. */
export const DEFAULT_RETENTION: RetentionIntent = CONFIG_DEFAULTS.retention;

/** Accepted ranges for intent values: the config schema's. */
export { RETENTION_RANGES };

/** One problem in an intent value, with the path of the field. */
export interface IntentProblem {
  /** e.g. `beta.keepLast` */
  readonly path: string;
  readonly message: string;
}

/** Why stable retention has one form. */
const STABLE_KEEPS_ALL =
  "every release is kept, since no ECR lifecycle rule can count releases apart from beta and nightly version tags";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks an intent value (as read from config) and returns every problem.
 * An empty list means it is a valid {@link RetentionIntent}.
 */
export function validateRetentionIntent(value: unknown): IntentProblem[] {
  const problems: IntentProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (!isObj(value)) {
    add("", "must be an object with stable, beta, nightly and untagged");
    return problems;
  }
  for (const key of Object.keys(value)) {
    if (!["stable", "beta", "nightly", "untagged"].includes(key))
      add(key, "unknown channel; expected stable, beta, nightly or untagged");
  }

  const stable = value.stable;
  if (!isObj(stable)) add("stable", `must be { keep: "all" }: ${STABLE_KEEPS_ALL}`);
  else {
    if (stable.keep !== "all")
      add(
        "stable.keep",
        `must be "all", got ${stable.keep === undefined ? "nothing" : JSON.stringify(stable.keep)}: ${STABLE_KEEPS_ALL}`,
      );
    only(stable, ["keep"], "stable", add);
  }

  block(value.beta, "beta", "keepLast", RETENTION_RANGES.keepLast, add);
  block(value.nightly, "nightly", "maxAgeDays", RETENTION_RANGES.days, add);
  block(value.untagged, "untagged", "maxAgeDays", RETENTION_RANGES.days, add);
  return problems;
}

function block(
  v: unknown,
  path: string,
  key: string,
  range: { min: number; max: number },
  add: (p: string, m: string) => void,
): void {
  if (!isObj(v)) {
    add(path, `must be { ${key}: N }`);
    return;
  }
  int(v[key], `${path}.${key}`, range, add);
  only(v, [key], path, add);
}

function only(v: Obj, keys: string[], path: string, add: (p: string, m: string) => void): void {
  for (const k of Object.keys(v))
    if (!keys.includes(k)) add(`${path}.${k}`, `unknown key; ${path} takes only ${keys.join(", ")}`);
}

function int(v: unknown, path: string, range: { min: number; max: number }, add: (p: string, m: string) => void): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < range.min || v > range.max) {
    add(
      path,
      `must be a whole number from ${range.min} to ${range.max}, got ${v === undefined ? "nothing" : JSON.stringify(v)}`,
    );
  }
}
