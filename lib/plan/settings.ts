/*
 * Resource inputs in words, for plan.md: one `key: value` line per setting,
 * objects as indented lines, lists as comma-separated values, JSON documents
 * held in strings (IAM policies, provider settings) read as what they say,
 * and no serialized code. Secret values stay "[secret]".
 */

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The key the Pulumi SDK stores a dynamic provider's serialized code under. */
const PROVIDER_KEY = "__provider";

/** A function the SDK serialized into an input (what `__provider` holds). */
const isSerializedCode = (value: unknown): boolean =>
  typeof value === "string" && value.startsWith("exports.handler = ");

/**
 * The dynamic provider behind a resource, named as its type token names it
 * (`pulumi-nodejs:dynamic/<name>:<Kind>`); undefined for other resources.
 */
export function dynamicProvider(type: string, inputs: Readonly<Record<string, unknown>>): string | undefined {
  if (!(PROVIDER_KEY in inputs) && !Object.values(inputs).some(isSerializedCode)) return undefined;
  return /^pulumi-nodejs:dynamic\/([^:]+):/.exec(type)?.[1] ?? type;
}

/** Inline code that no backtick in `s` can close. */
function code(s: string): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((run) => run.length));
  const marks = "`".repeat(longest + 1);
  return longest > 0 ? `${marks} ${s} ${marks}` : `${marks}${s}${marks}`;
}

/**
 * Text as it reads. Markdown would change some of it (`*`, `_`, brackets): a
 * word holding such a character (a pattern, a regular expression) is shown
 * as code, and in prose each one is escaped.
 */
function text(s: string): string {
  if (s === "") return "(empty)";
  if (s.includes("\n")) return `(text, ${s.split("\n").length} lines)`;
  if (!/\s/.test(s)) return /[`*_[\]<>|\\~]/.test(s) ? code(s) : s;
  return s.replace(/[`*_[\]<>|\\~]/g, (c) => `\\${c}`);
}

/** A JSON object or list held in a string (policy documents, provider settings); undefined for other text. */
function parsedJson(s: string): unknown {
  if (!/^\s*[[{]/.test(s)) return undefined;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

const decoded = (value: unknown): unknown => (typeof value === "string" ? (parsedJson(value) ?? value) : value);

/** An IAM policy document: `Statement` is one statement or a list of them. */
function policyStatements(value: unknown): Record<string, unknown>[] | undefined {
  if (!isRecord(value) || value.Statement === undefined) return undefined;
  const list = Array.isArray(value.Statement) ? value.Statement : [value.Statement];
  return list.every(isRecord) ? list : undefined;
}

const listOf = (value: unknown): string => (Array.isArray(value) ? value.map(inline).join(", ") : inline(value));

/** One IAM statement as a sentence: `Sid: Allow actions on resources for principals when conditions`. */
function statementSentence(s: Record<string, unknown>): string {
  const parts = [typeof s.Sid === "string" && s.Sid !== "" ? `${text(s.Sid)}:` : "", inline(s.Effect)];
  if (s.Action !== undefined) parts.push(listOf(s.Action));
  if (s.NotAction !== undefined) parts.push(`every action except ${listOf(s.NotAction)}`);
  if (s.Resource !== undefined) parts.push(`on ${listOf(s.Resource)}`);
  if (s.NotResource !== undefined) parts.push(`on everything except ${listOf(s.NotResource)}`);
  if (isRecord(s.Principal))
    parts.push(
      `for ${Object.entries(s.Principal)
        .map(([kind, who]) => `${kind} ${listOf(who)}`)
        .join(", ")}`,
    );
  else if (s.Principal !== undefined) parts.push(`for ${listOf(s.Principal)}`);
  if (isRecord(s.Condition)) {
    const tests = Object.entries(s.Condition).flatMap(([operator, pairs]) =>
      isRecord(pairs)
        ? Object.entries(pairs).map(([key, v]) => `${text(key)} ${operator} ${listOf(v)}`)
        : [`${operator} ${inline(pairs)}`],
    );
    parts.push(`when ${tests.join(" and ")}`);
  }
  return parts.filter((p) => p !== "").join(" ");
}

/** A value on one line: lists joined by ", ", objects as `key: value; ...`, in parentheses when nested. */
function inline(value: unknown): string {
  const v = decoded(value);
  if (v === undefined || v === null) return "none";
  if (typeof v === "string") return text(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  const statements = policyStatements(v);
  if (statements !== undefined) return statements.map(statementSentence).join("; ");
  const nested = (x: unknown) => (isRecord(x) ? `(${inline(x)})` : inline(x));
  if (Array.isArray(v)) return v.length === 0 ? "none" : v.map(nested).join(", ");
  const entries = Object.entries(v as Record<string, unknown>);
  return entries.length === 0 ? "none" : entries.map(([k, x]) => `${k}: ${nested(x)}`).join("; ");
}

/** One setting as Markdown list lines at `depth` (two spaces a level). */
function settingLines(key: string, value: unknown, depth: number): string[] {
  const pad = "  ".repeat(depth);
  const v = decoded(value);
  const statements = policyStatements(v);
  if (statements !== undefined)
    return [`${pad}- ${key}: IAM policy`, ...statements.map((s) => `${pad}  - ${statementSentence(s)}`)];
  if (isRecord(v) && Object.keys(v).length > 0)
    return [`${pad}- ${key}:`, ...Object.entries(v).flatMap(([k, x]) => settingLines(k, x, depth + 1))];
  if (Array.isArray(v) && v.some((x) => typeof x === "object" && x !== null))
    return [`${pad}- ${key}:`, ...v.map((x) => `${pad}  - ${inline(x)}`)];
  return [`${pad}- ${key}: ${inline(v)}`];
}

/**
 * A resource's inputs as Markdown list lines, one setting each, without
 * serialized code. `described` replaces a setting by a sentence (Markdown)
 * the caller wrote, e.g. a lifecycle policy by where it is described in words.
 */
export function describeInputs(
  inputs: Readonly<Record<string, unknown>>,
  described: Readonly<Record<string, string>> = {},
  depth = 0,
): string[] {
  return Object.entries(inputs)
    .filter(([k, v]) => k !== PROVIDER_KEY && !isSerializedCode(v))
    .flatMap(([k, v]) =>
      k in described ? [`${"  ".repeat(depth)}- ${k}: ${described[k]}`] : settingLines(k, v, depth),
    );
}
