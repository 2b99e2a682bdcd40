import { isPlaceholder, type CheckedResource, type Finding } from "../schema";

/** What a rule reports: where in the inputs, and why the provider refuses it. */
export interface Violation {
  readonly path: string;
  readonly message: string;
}

/**
 * One validation the real provider (or the API behind it) applies that the
 * schema cannot express: ranges, patterns, enums typed as plain strings,
 * cross-field constraints. Each names the upstream code it reproduces.
 */
export interface Rule {
  /** `<provider>:<resource>:<what>`, e.g. `aws:ecr-repository:exclusion-filter-wildcards`. */
  readonly id: string;
  /** The resource type token the rule applies to. */
  readonly type: string;
  /** The upstream file and lines (or document) the rule reproduces. */
  readonly citation: string;
  /** Set when the rule is not read from the pinned provider's source: what is uncertain. */
  readonly unverified?: string;
  /** Violations in one resource's inputs (camelCase Pulumi names); placeholders pass. */
  check(inputs: Readonly<Record<string, unknown>>): Violation[];
}

/**
 * A validation that spans resources: one resource is refused unless another
 * is configured to allow it (a deployment policy needs its environment's
 * custom branch policies).
 */
export interface StackRule {
  readonly id: string;
  readonly citation: string;
  readonly unverified?: string;
  /** Findings over every checked resource (inputs as the schema sees them). */
  check(resources: readonly CheckedResource[]): Finding[];
}

/** Runs every rule of the resource's type. */
export function applyRules(resource: CheckedResource, rules: readonly Rule[]): Finding[] {
  return rules
    .filter((r) => r.type === resource.type)
    .flatMap((r) =>
      r.check(resource.inputs).map((v) => ({ resource: resource.name, type: resource.type, rule: r.id, ...v })),
    );
}

/** A known value (not absent, unknown or a masked secret). */
export function known(value: unknown): boolean {
  return !isPlaceholder(value);
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The items of a list input, with their index; nothing for an unknown or absent list. */
export function itemsOf(value: unknown): [unknown, number][] {
  return Array.isArray(value) ? value.map((item, i): [unknown, number] => [item, i]) : [];
}

/** A property of a nested block; undefined when the block is absent or unknown. */
export function field(value: unknown, name: string): unknown {
  return isRecord(value) && known(value) ? value[name] : undefined;
}

/** `value` must be one of `allowed` (when known and a string). */
export function oneOf(path: string, value: unknown, allowed: readonly string[]): Violation[] {
  if (!known(value) || (typeof value === "string" && allowed.includes(value))) return [];
  return [{ path, message: `${JSON.stringify(value)} is not one of ${allowed.join(", ")}` }];
}

/** A string's length must be in [min, max]. */
export function lengthBetween(path: string, value: unknown, min: number, max: number): Violation[] {
  if (typeof value !== "string" || !known(value)) return [];
  if (value.length >= min && value.length <= max) return [];
  return [
    {
      path,
      message: `${JSON.stringify(value)} is ${String(value.length)} characters; allowed ${String(min)}-${String(max)}`,
    },
  ];
}

/** An integer must be in [min, max]. */
export function intBetween(path: string, value: unknown, min: number, max: number): Violation[] {
  if (typeof value !== "number") return [];
  if (value >= min && value <= max) return [];
  return [{ path, message: `${String(value)} is out of range; allowed ${String(min)}-${String(max)}` }];
}

/** A string must match a pattern. */
export function matches(path: string, value: unknown, pattern: RegExp, what: string): Violation[] {
  if (typeof value !== "string" || !known(value) || pattern.test(value)) return [];
  return [{ path, message: `${JSON.stringify(value)} ${what}` }];
}
