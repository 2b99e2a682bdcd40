/*
 * README.md's configuration table and Pulumi.yaml's comment of config keys.
 * Fields, nesting, types, ranges and defaults come from the schema
 * (lib/config/fields.ts reads them at run time); meanings from
 * lib/config/docs.ts.
 */
import YAML from "yaml";
import { z } from "zod";
import { CONFIG_DOCS } from "../config/docs";
import { configFields, type ConfigField, type FieldJsonSchema } from "../config/fields";
import { SECRET_KEYS } from "../config/schema";

/** A value as a stack writes it in Pulumi.<stack>.yaml (YAML flow style). */
export function yamlValue(value: unknown): string {
  return YAML.stringify(value, { collectionStyle: "flow", flowCollectionPadding: false, lineWidth: 0 }).trimEnd();
}

const code = (text: string) => `\`${text}\``;

function alternatives(words: readonly string[]): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

/** `of 1 to 60 characters`, `of at least 1`; undefined when unbounded. */
function bounded(min: number | undefined, max: number | undefined, unit: string): string | undefined {
  const u = unit === "" ? "" : ` ${unit}`;
  if (min !== undefined && max !== undefined) return min === max ? `of ${min}${u}` : `of ${min} to ${max}${u}`;
  if (min !== undefined) return `of at least ${min}${u}`;
  if (max !== undefined) return `of at most ${max}${u}`;
  return undefined;
}

/** `from 1 to 3650`, `of at least 2`; undefined when unbounded. */
function numberRange(min: number | undefined, max: number | undefined): string | undefined {
  return min !== undefined && max !== undefined ? `from ${min} to ${max}` : bounded(min, max, "");
}

/** `at least 1`, `1 to 5`; undefined when unbounded. */
function countRange(min: number | undefined, max: number | undefined): string | undefined {
  return bounded(min === 0 ? undefined : min, max, "")?.replace(/^of /, "");
}

const qualified = (noun: string, qualifier: string | undefined) =>
  qualifier === undefined ? noun : `${noun} ${qualifier}`;

/**
 * A field's type in words, from its JSON Schema: `integer from 1 to 3650`,
 * `` `unmanaged` or `managed` ``, `list of strings of 1 to 128 characters, at most 10`.
 * What JSON Schema cannot say (a refinement such as the cron check) is the
 * field's description's to say.
 */
export function typeText(json: FieldJsonSchema, plural = false): string {
  const s = (noun: string) => (plural ? `${noun}s` : noun);
  const members = json.anyOf ?? json.oneOf;
  if (members !== undefined) return alternatives(members.map((m) => typeText(m, plural)));
  if (json.const !== undefined) return code(yamlValue(json.const));
  if (json.enum !== undefined) return alternatives(json.enum.map((v) => code(yamlValue(v))));
  if (Array.isArray(json.type)) return alternatives(json.type.map((type) => typeText({ ...json, type }, plural)));
  switch (json.type) {
    case "string": {
      if (json.minLength === 1 && json.maxLength === undefined) return `non-empty ${s("string")}`;
      const min = json.minLength === 0 ? undefined : json.minLength;
      return qualified(s("string"), bounded(min, json.maxLength, "characters"));
    }
    case "integer":
    case "number": {
      const integer = json.type === "integer";
      const exclusive = typeof json.exclusiveMinimum === "number" ? json.exclusiveMinimum : undefined;
      const min = json.minimum ?? (integer && exclusive !== undefined ? exclusive + 1 : undefined);
      const max = json.maximum !== undefined && json.maximum < Number.MAX_SAFE_INTEGER ? json.maximum : undefined;
      const noun = s(json.type);
      if (!integer && exclusive !== undefined && json.minimum === undefined) return `${noun} above ${exclusive}`;
      return qualified(noun, numberRange(min, max));
    }
    case "boolean":
      return s("boolean");
    case "null":
      return code("null");
    case "array": {
      const items = json.items === undefined || Array.isArray(json.items) ? {} : (json.items as FieldJsonSchema);
      const count = countRange(json.minItems, json.maxItems);
      const list = `list of ${typeText(items, true)}`;
      return count === undefined ? list : `${list}, ${count}`;
    }
    case "object": {
      const values = json.additionalProperties;
      if (json.properties === undefined && typeof values === "object")
        return `map of string to ${typeText(values, true)}`;
      return s("map");
    }
    default:
      return "any value";
  }
}

const cell = (text: string) => text.replaceAll("|", "\\|");

function docOf(path: string) {
  const doc = CONFIG_DOCS[path];
  if (doc === undefined) throw new Error(`lib/config/docs.ts has no entry for config field ${path}`);
  return doc;
}

/** Whether a map's fields produce its whole default, so its row needs none of its own. */
function defaultedByFields(field: ConfigField): boolean {
  return field.shape === "map" && z.safeParse(field.schema, {}).success;
}

function defaultCell(field: ConfigField): string {
  if (field.required) return "required";
  if (field.default !== undefined) return defaultedByFields(field) ? "" : code(yamlValue(field.default.value));
  return docOf(field.path).unset ?? "";
}

function typeCell(field: ConfigField): string {
  if (field.shape === "map") return "map";
  return typeText(field.json);
}

/** README.md's configuration table: every field and secret key, with its type, default and meaning. */
export function configTable(): string {
  const row = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  const fields = configFields().map((field) =>
    row([code(field.path), typeCell(field), defaultCell(field), docOf(field.path).what]),
  );
  const secrets = SECRET_KEYS.map((key) => row([code(key), "secret string", docOf(key).unset ?? "", docOf(key).what]));
  return ["| key | type | default | what |", "|---|---|---|---|", ...fields, ...secrets, ""].join("\n");
}

/**
 * A field in the compact form of Pulumi.yaml's comment, as the pieces a line
 * may break between: `name`, `defaultBranch (main)`,
 * `orgMembership: unmanaged|managed (unmanaged)`, `codeowners: {manage (false)`, `extraLines ([])}`.
 */
function compact(field: ConfigField, children: readonly string[]): string[] {
  const name = field.path.slice(field.path.lastIndexOf(".") + 1);
  // A map shows no default of its own: its fields show theirs (and a literal field, such as
  // channels.stable.retention.keep, its only value).
  const shown = field.default !== undefined && field.shape !== "map" ? ` (${yamlValue(field.default.value)})` : "";
  if (field.shape === "value") return [`${name}${choices(field.json)}${shown}`];
  const [open, close] = field.shape === "map" ? ["{", "}"] : ["[{", "}]"];
  return enclose(`${name}: ${open}`, children, `${close}${shown}`);
}

/** `pieces` with `before` prepended to the first and `after` appended to the last. */
function enclose(before: string, pieces: readonly string[], after: string): string[] {
  if (pieces.length === 0) return [`${before}${after}`];
  return pieces.map((piece, i) => `${i === 0 ? before : ""}${piece}${i === pieces.length - 1 ? after : ""}`);
}

/** `: a|b` for a field whose values are a closed set (enums, literals, and unions of them with types). */
function choices(json: FieldJsonSchema): string {
  const words = (j: FieldJsonSchema): string[] => {
    const members = j.anyOf ?? j.oneOf;
    if (members !== undefined) return members.flatMap((m) => words(m));
    if (j.const !== undefined) return [yamlValue(j.const)];
    if (j.enum !== undefined) return j.enum.map((v) => yamlValue(v));
    return typeof j.type === "string" ? [j.type] : [];
  };
  const closed =
    json.anyOf !== undefined || json.oneOf !== undefined || json.enum !== undefined || json.const !== undefined;
  return closed ? `: ${words(json).join("|")}` : "";
}

const WIDTH = 120;

/**
 * The comment of Pulumi.yaml that lists each structured key's fields, with
 * defaults in parentheses; README.md's table says what each means.
 */
export function pulumiYamlKeys(namespace: string): string {
  const fields = configFields();
  const childrenOf = (parent: ConfigField): ConfigField[] => {
    const prefix = parent.shape === "list" ? `${parent.path}[].` : `${parent.path}.`;
    return fields.filter((f) => f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes("."));
  };
  const render = (field: ConfigField): string[] => compact(field, childrenOf(field).flatMap(render));
  const keys = fields.filter((f) => !f.path.includes("."));
  const column = Math.max(...keys.map((k) => k.path.length)) + namespace.length + 3;
  const lines: string[] = [];
  for (const key of keys) {
    const head = `#   ${`${namespace}:${key.path}`.padEnd(column)}${key.shape === "list" ? "list" : "map "}  `;
    const groups = childrenOf(key).map(render);
    lines.push(...wrap(head, key.shape === "list" ? [enclose("{", groups.flat(), "}")] : groups));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * `groups` of pieces after `head`, all separated by ", ". A line breaks
 * before a group that does not fit on it but would on a line of its own, and
 * otherwise inside a group, after the last piece that fits within {@link WIDTH}.
 */
function wrap(head: string, groups: readonly (readonly string[])[]): string[] {
  const indent = `#${" ".repeat(head.length - 1)}`;
  const lines: string[] = [];
  let line = head;
  const fresh = () => line === head || line === indent;
  const add = (text: string) => {
    if (!fresh() && line.length + 2 + text.length > WIDTH) {
      lines.push(`${line},`);
      line = indent;
    } else if (!fresh()) line += ", ";
    line += text;
  };
  for (const group of groups) {
    const whole = group.join(", ");
    if (fresh() || line.length + 2 + whole.length <= WIDTH || indent.length + whole.length > WIDTH) {
      for (const piece of group) add(piece);
    } else add(whole);
  }
  lines.push(line);
  return lines;
}
