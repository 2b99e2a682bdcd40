/** Small comparisons the adopt comparators share. */
import type { Difference } from "./report";

/** The value with object keys sorted, so two equal values print the same. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** A difference in `field` when the values differ, none when they are equal. */
export function compareField(field: string, existing: unknown, desired: unknown): Difference[] {
  return same(existing, desired) ? [] : [{ field, existing, desired }];
}

/** A difference when the two collections hold different items, order ignored. */
export function compareSet(field: string, existing: readonly string[], desired: readonly string[]): Difference[] {
  const sorted = (items: readonly string[]) => [...new Set(items)].sort();
  return compareField(field, sorted(existing), sorted(desired));
}

/** A JSON document's canonical form, or the text itself when it is not JSON. */
export function parsedJson(text: string): unknown {
  try {
    return canonical(JSON.parse(text));
  } catch {
    return text;
  }
}

/** A difference when two JSON documents (policies) differ in content, whitespace and key order ignored. */
export function compareJson(field: string, existing: string, desired: string): Difference[] {
  return same(parsedJson(existing), parsedJson(desired)) ? [] : [{ field, existing, desired }];
}

export const str = (value: unknown): string => (typeof value === "string" ? value : "");

export const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

export const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export const records = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.map(record) : []);
