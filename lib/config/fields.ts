/*
 * The config schema as a flat list of fields: every key of CONFIG_SCHEMAS,
 * every field of its maps and of the maps in its lists, each with what the
 * schema says about it. Everything is read from the zod schemas at run time
 * (types and ranges through zod's JSON Schema, defaults by parsing nothing),
 * so the generated documentation cannot disagree with what the program accepts.
 */
import { z } from "zod";
import { CONFIG_SCHEMAS } from "./schema";

/** The input side of a field's schema as JSON Schema: types, enums, ranges. */
export type FieldJsonSchema = z.core.JSONSchema.BaseSchema;

/** One documented field of the stack configuration. */
export interface ConfigField {
  /** Its path: `github`, `github.codeowners.manage`, `images[].buildArgs`. */
  readonly path: string;
  /** `map` and `list` (of maps) fields are followed by fields of their own; a `value` is a leaf. */
  readonly shape: "map" | "list" | "value";
  /** The field's schema without its default and optional wrappers. */
  readonly schema: z.core.$ZodType;
  readonly json: FieldJsonSchema;
  /** Whether leaving the field out is an error (its map being set, for a nested field). */
  readonly required: boolean;
  /** What the program uses when the field is left out; absent when it uses nothing. */
  readonly default?: { readonly value: unknown };
}

/** Every field of the stack configuration (or of `schemas`), each map or list followed by its own fields. */
export function configFields(schemas: Readonly<Record<string, z.core.$ZodType>> = CONFIG_SCHEMAS): ConfigField[] {
  const fields: ConfigField[] = [];
  for (const [key, schema] of Object.entries(schemas)) visit(key, schema, fields);
  return fields;
}

function visit(path: string, declared: z.core.$ZodType, out: ConfigField[]): void {
  const parsed = z.safeParse(declared, undefined);
  const schema = unwrap(declared);
  const def = (schema as z.core.$ZodTypes)._zod.def;
  const items = def.type === "array" ? unwrap(def.element) : undefined;
  const shape =
    def.type === "object"
      ? "map"
      : items !== undefined && (items as z.core.$ZodTypes)._zod.def.type === "object"
        ? "list"
        : "value";
  out.push({
    path,
    shape,
    schema,
    json: z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }),
    required: !parsed.success,
    ...(parsed.success && parsed.data !== undefined ? { default: { value: parsed.data } } : {}),
  });
  if (def.type === "object") {
    for (const [key, field] of Object.entries(def.shape)) visit(`${path}.${key}`, field, out);
  } else if (shape === "list" && items !== undefined) {
    for (const [key, field] of Object.entries((items as z.core.$ZodObject)._zod.def.shape))
      visit(`${path}[].${key}`, field, out);
  }
}

/**
 * The schema a field's value is checked against, past the wrappers that only
 * decide what happens when it is missing. A transform's input side is what a
 * stack writes, so a pipe is read from its input (or its output, after a preprocess).
 */
export function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  const def = (schema as z.core.$ZodTypes)._zod.def;
  switch (def.type) {
    case "default":
    case "prefault":
    case "optional":
    case "nullable":
    case "nonoptional":
    case "readonly":
    case "catch":
      return unwrap(def.innerType);
    case "pipe":
      return unwrap((def.in as z.core.$ZodTypes)._zod.def.type === "transform" ? def.out : def.in);
    case "lazy":
      return unwrap(def.getter());
    default:
      return schema;
  }
}
