import type { core } from "zod";

/** The config namespace: every key is `release-infra:<key>`. */
export const NAMESPACE = "release-infra";

/** One thing wrong with the stack config: where, and what to do about it. */
export interface ConfigProblem {
  /** Full config path, e.g. `release-infra:people[2].role`. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

export function formatProblems(problems: readonly ConfigProblem[]): string {
  const n = problems.length;
  return [
    `the stack configuration has ${n} problem${n === 1 ? "" : "s"}; nothing was changed:`,
    ...problems.map((p) => `  - ${p.path}: ${p.message}`),
  ].join("\n");
}

/** `release-infra:people[2].role` from a key and a zod path. */
export function configPath(key: string, path: readonly PropertyKey[] = []): string {
  let out = `${NAMESPACE}:${key}`;
  for (const segment of path) {
    out += typeof segment === "number" ? `[${segment}]` : `.${String(segment)}`;
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  return `${typeof value} ${JSON.stringify(value)}`;
}

const ARTICLE: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a map",
};

/**
 * Messages for the issues no schema words itself: each says what was found and
 * what to write instead. Passed per parse, so schema-level messages still win.
 */
export const issueMessage: core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case "invalid_type": {
      const expected = ARTICLE[iss.expected] ?? iss.expected;
      return iss.input === undefined
        ? `is required; set it to ${expected}`
        : `expected ${expected}, got ${describe(iss.input)}`;
    }
    case "too_small":
      if (iss.origin === "array") return `needs at least ${String(iss.minimum)} entr${iss.minimum === 1 ? "y" : "ies"}`;
      if (iss.origin === "string") return `must be at least ${String(iss.minimum)} characters`;
      return `${JSON.stringify(iss.input)} is too small; use a value of at least ${String(iss.minimum)}`;
    case "too_big":
      if (iss.origin === "array") return `has more than ${String(iss.maximum)} entries`;
      if (iss.origin === "string") return `is longer than ${String(iss.maximum)} characters; shorten it`;
      return `${JSON.stringify(iss.input)} is too large; use a value of at most ${String(iss.maximum)}`;
    case "unrecognized_keys": {
      const def = (iss.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def;
      const known = Object.keys(def?.shape ?? {}).join(", ");
      const keys = iss.keys.map((k) => JSON.stringify(k)).join(", ");
      return `unknown key${iss.keys.length === 1 ? "" : "s"} ${keys}; known keys are ${known}`;
    }
    case "invalid_value":
      return `${JSON.stringify(iss.input)} is not allowed; use one of ${iss.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_format":
      return `${JSON.stringify(iss.input)} has the wrong format (${iss.format})`;
    default:
      return undefined;
  }
};
