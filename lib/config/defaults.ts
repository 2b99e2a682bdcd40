/*
 * The config defaults and ranges that code outside the config reads (the
 * retention model, the workflow generators, the simulator), each taken from
 * the schema, so that a default is written once: in lib/config/schema.ts.
 */
import type { z } from "zod";
import { CONFIG_SCHEMAS, registriesSchema } from "./schema";

// What a stack that leaves the key out gets; structuredClone so that no
// caller shares an object with the schema's stored default.
const channels = structuredClone(CONFIG_SCHEMAS.channels.parse(undefined));
const workflows = structuredClone(CONFIG_SCHEMAS.workflows.parse(undefined));
const ecr = registriesSchema.shape.ecr.shape;

/** The defaults of a stack that configures no channels, workflows or untagged retention. */
export const CONFIG_DEFAULTS = {
  /** `channels.<channel>.retention` and `registries.ecr.untaggedMaxAgeDays`, as one retention intent. */
  retention: {
    stable: channels.stable.retention,
    beta: channels.beta.retention,
    nightly: channels.nightly.retention,
    untagged: { maxAgeDays: ecr.untaggedMaxAgeDays.parse(undefined) },
  },
  /** `channels.nightly.schedule`. */
  nightlySchedule: channels.nightly.schedule,
  /** `workflows.runner`. */
  runner: workflows.runner,
  /** `workflows.scanSeverity`. */
  scanSeverity: workflows.scanSeverity,
} as const;

/** The bounds of an integer schema. @throws when it has none: a bug in the schema, not in the config */
function bounds(schema: z.ZodNumber, path: string): { readonly min: number; readonly max: number } {
  const { minValue: min, maxValue: max } = schema;
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) {
    throw new Error(`${path} has no finite range in lib/config/schema.ts`);
  }
  return { min, max };
}

const channel = CONFIG_SCHEMAS.channels.unwrap().shape;

/** The accepted ranges of retention counts and ages, as the schema bounds them. */
export const RETENTION_RANGES = {
  keepLast: bounds(
    channel.beta.unwrap().shape.retention.unwrap().shape.keepLast.unwrap(),
    "channels.beta.retention.keepLast",
  ),
  days: bounds(
    channel.nightly.unwrap().shape.retention.unwrap().shape.maxAgeDays.unwrap(),
    "channels.nightly.retention.maxAgeDays",
  ),
} as const;
