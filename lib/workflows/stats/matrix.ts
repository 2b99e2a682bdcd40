/*
 * Expansion of `strategy.matrix` into its legs, as GitHub does it: the product
 * of the list-valued keys, minus `exclude`, then each `include` entry merged
 * into every leg whose original values it does not change, or added as a new
 * leg when it fits none.
 * https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/running-variations-of-jobs-in-a-workflow#expanding-or-adding-matrix-configurations
 */
import { isDeepStrictEqual } from "node:util";

/** The matrix values of one leg of a job. */
export type Leg = Readonly<Record<string, unknown>>;

/**
 * The legs of a job. A job without a matrix has one leg with no values; so does
 * a matrix given as an expression (`${{ fromJSON(...) }}`), whose legs are not
 * known before the run. A key whose value is an expression is left out.
 */
export function expandMatrix(matrix: unknown): Leg[] {
  if (typeof matrix !== "object" || matrix === null || Array.isArray(matrix)) return [{}];
  const { include, exclude, ...rest } = matrix as Record<string, unknown>;
  const dimensions = Object.entries(rest).filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]));
  const original = dimensions.map(([key]) => key);
  const product = dimensions.length === 0 ? [] : cartesian(dimensions);
  const legs = product.filter((leg) => !entries(exclude).some((ex) => matches(leg, ex, Object.keys(ex))));
  // New legs are added after every entry was tried: in the documented example `{fruit: banana, animal: cat}`
  // becomes its own leg rather than merging into the leg `{fruit: banana}` an earlier entry added.
  const added: Record<string, unknown>[] = [];
  for (const extra of entries(include)) if (!mergeInclude(legs, extra, original)) added.push({ ...extra });
  const all = [...legs, ...added];
  return all.length === 0 ? [{}] : all;
}

function cartesian(dimensions: readonly (readonly [string, readonly unknown[]])[]): Record<string, unknown>[] {
  let legs: Record<string, unknown>[] = [{}];
  for (const [key, options] of dimensions)
    legs = legs.flatMap((leg) => options.map((value) => ({ ...leg, [key]: value })));
  return legs;
}

/** Merges `extra` into each leg it fits; whether it fit any. */
function mergeInclude(
  legs: Record<string, unknown>[],
  extra: Record<string, unknown>,
  original: readonly string[],
): boolean {
  let merged = false;
  legs.forEach((leg, i) => {
    if (!matches(leg, extra, original)) return;
    legs[i] = { ...leg, ...extra };
    merged = true;
  });
  return merged;
}

/** Whether `leg` agrees with `entry` on each of `keys` that `entry` sets. */
function matches(leg: Leg, entry: Record<string, unknown>, keys: readonly string[]): boolean {
  return keys.every((key) => !(key in entry) || isDeepStrictEqual(leg[key], entry[key]));
}

function entries(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null);
}
