/*
 * The inputs of one resource checked against its provider's published Pulumi
 * schema (an extract of it: tests/contract/schemas/). Pulumi's mocks accept any
 * input; the real providers refuse unknown properties, missing required ones
 * and values of the wrong type before any API call. This is that refusal,
 * done offline.
 */

/** One property as a Pulumi package schema declares it (the subset an extract keeps). */
export interface PropertySpec {
  readonly type?: string;
  readonly $ref?: string;
  readonly items?: PropertySpec;
  readonly additionalProperties?: PropertySpec;
  readonly oneOf?: readonly PropertySpec[];
  readonly secret?: boolean;
  readonly default?: unknown;
  readonly deprecationMessage?: string;
  readonly willReplaceOnChanges?: boolean;
}

/** A resource's inputs in a schema extract. */
export interface ResourceSpec {
  readonly inputProperties: Readonly<Record<string, PropertySpec>>;
  readonly requiredInputs: readonly string[];
}

/** A named type (`#/types/<token>`): an object type or an enum. */
export interface TypeSpec {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, PropertySpec>>;
  readonly required?: readonly string[];
  readonly enum?: readonly { readonly value: unknown; readonly name?: string }[];
}

/** A schema extract, as tests/contract/schemas/extract.mjs writes it. */
export interface SchemaExtract {
  readonly provider: string;
  readonly version: string;
  readonly source: string;
  readonly commit: string | null;
  readonly resources: Readonly<Record<string, ResourceSpec>>;
  readonly types: Readonly<Record<string, TypeSpec>>;
}

/** One thing a real provider would refuse (or, for a deprecation, warn about). */
export interface Finding {
  /** The resource's logical name. */
  readonly resource: string;
  /** Its type token. */
  readonly type: string;
  /** Where in its inputs: `imageTagMutabilityExclusionFilters[0].filter`; "" for the whole resource. */
  readonly path: string;
  /** The check that failed: a `schema:*` kind below, or an upstream rule's id. */
  readonly rule: string;
  readonly message: string;
}

/** A resource as the recording engine holds it (RecordedResource fits). */
export interface CheckedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** Every kind of schema finding. */
export const SCHEMA_RULES = {
  /** An input the schema does not declare: the provider refuses it (or silently ignores it). */
  unknownInput: "schema:unknown-input",
  /** A required input or nested property is missing. */
  required: "schema:required",
  /** A value of the wrong kind (string, integer, number, boolean, array, object, map). */
  type: "schema:type",
  /** A value outside an enum type's values. */
  enum: "schema:enum",
  /** An input the schema marks deprecated. */
  deprecated: "schema:deprecated",
  /** A `$ref` the extract does not define: the extract is incomplete (regenerate it). */
  unresolvedRef: "schema:unresolved-ref",
  /** A custom resource whose type no extract holds: add its token and regenerate. */
  noSchema: "schema:no-schema",
} as const;

/** How the recording engine shows a secret (cli/plan/mock-runtime.ts SECRET_PLACEHOLDER). */
export const SECRET_PLACEHOLDER = "[secret]";
/** The engine's wire value for an unknown (`runtime/rpc` unknownValue), as dynamic providers see it. */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * A value the program does not know yet (unknown during preview, or a masked
 * secret): it stands for "some value of the right kind", so no check applies.
 * During preview the SDK deserializes an unknown as its `Unknown` singleton,
 * which the engine records as `{ __pulumiUnknown: true }`; outside preview as
 * undefined.
 */
export function isPlaceholder(value: unknown): boolean {
  return (
    value === undefined ||
    value === SECRET_PLACEHOLDER ||
    value === UNKNOWN_SENTINEL ||
    (isPlainObject(value) && value.__pulumiUnknown === true)
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A resource passed as an input (`role: myRole`): the SDK's Resource instance, kept by the engine. */
function isResourceReference(value: unknown): boolean {
  return isPlainObject(value) && value.__pulumiResource === true;
}

const PROVIDER_PREFIX = "pulumi:providers:";

/** `a` + `b` -> `a.b`; `a` + `[0]` -> `a[0]`. */
function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${String(key)}]`;
  return path === "" ? key : `${path}.${key}`;
}

type Problem = Omit<Finding, "resource" | "type">;

const TYPE_REF = "#/types/";
const RESOURCE_REF = "#/resources/";
const ANY_REF = "pulumi.json#/Any";

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (isResourceReference(value)) return "resource reference";
  return typeof value;
}

function describe(spec: PropertySpec): string {
  if (spec.$ref !== undefined) return spec.$ref.replace(/^#\/(?:types|resources)\//, "").replace(/^.*:/, "");
  if (spec.oneOf !== undefined) return spec.oneOf.map(describe).join(" | ");
  if (spec.type === "array" && spec.items !== undefined) return `array of ${describe(spec.items)}`;
  if (spec.type === "object" && spec.additionalProperties !== undefined)
    return `map of ${describe(spec.additionalProperties)}`;
  return spec.type ?? "any";
}

class Checker {
  constructor(private readonly extract: SchemaExtract) {}

  value(value: unknown, spec: PropertySpec, path: string): Problem[] {
    if (isPlaceholder(value)) return [];
    if (spec.oneOf !== undefined) return this.oneOf(value, spec.oneOf, path);
    if (spec.$ref !== undefined) return this.ref(value, spec.$ref, path);
    const wrong = (): Problem[] => [
      {
        path,
        rule: SCHEMA_RULES.type,
        message: `expected ${describe(spec)}, got ${kindOf(value)} ${preview(value)}`,
      },
    ];
    switch (spec.type) {
      case undefined:
        return [];
      case "string":
        return typeof value === "string" ? [] : wrong();
      case "boolean":
        return typeof value === "boolean" ? [] : wrong();
      case "integer":
        return Number.isInteger(value) ? [] : wrong();
      case "number":
        return typeof value === "number" && Number.isFinite(value) ? [] : wrong();
      case "array": {
        if (!Array.isArray(value)) return wrong();
        const items = spec.items;
        return items === undefined ? [] : value.flatMap((item, i) => this.value(item, items, join(path, i)));
      }
      case "object": {
        if (!isPlainObject(value) || isResourceReference(value)) return wrong();
        const each = spec.additionalProperties;
        return each === undefined ? [] : Object.entries(value).flatMap(([k, v]) => this.value(v, each, join(path, k)));
      }
      default:
        return [
          { path, rule: SCHEMA_RULES.unresolvedRef, message: `the extract declares unknown type "${spec.type}"` },
        ];
    }
  }

  /*
   * A union: the value fits if any member fits. Otherwise the member of the
   * value's own kind (the object type, for an object) explains best why not.
   */
  private oneOf(value: unknown, members: readonly PropertySpec[], path: string): Problem[] {
    const results = members.map((m) => this.value(value, m, path));
    if (results.some((r) => r.length === 0)) return [];
    const sameKind = results.filter((r) => r.every((p) => p.rule !== SCHEMA_RULES.type || p.path !== path));
    if (sameKind.length > 0) return sameKind.reduce((a, b) => (b.length < a.length ? b : a));
    return [
      {
        path,
        rule: SCHEMA_RULES.type,
        message: `expected ${members.map(describe).join(" | ")}, got ${kindOf(value)} ${preview(value)}`,
      },
    ];
  }

  private ref(value: unknown, ref: string, path: string): Problem[] {
    if (ref === ANY_REF) return [];
    if (ref.startsWith(RESOURCE_REF)) {
      return isResourceReference(value)
        ? []
        : [
            {
              path,
              rule: SCHEMA_RULES.type,
              message: `expected a reference to a ${ref.slice(RESOURCE_REF.length)} resource, got ${kindOf(value)}`,
            },
          ];
    }
    const token = ref.startsWith(TYPE_REF) ? decodeURIComponent(ref.slice(TYPE_REF.length)) : undefined;
    const type = token === undefined ? undefined : this.extract.types[token];
    if (type === undefined) {
      return [
        { path, rule: SCHEMA_RULES.unresolvedRef, message: `${ref} is not in the ${this.extract.provider} extract` },
      ];
    }
    if (type.enum !== undefined) {
      const kind = this.value(value, { type: type.type ?? "string" }, path);
      if (kind.length > 0) return kind;
      const allowed = type.enum.map((e) => e.value);
      return allowed.includes(value)
        ? []
        : [
            {
              path,
              rule: SCHEMA_RULES.enum,
              message: `${JSON.stringify(value)} is not one of ${allowed.map((v) => JSON.stringify(v)).join(", ")} (${token!})`,
            },
          ];
    }
    if (!isPlainObject(value) || isResourceReference(value)) {
      return [
        {
          path,
          rule: SCHEMA_RULES.type,
          message: `expected an object of type ${describe({ $ref: ref })}, got ${kindOf(value)} ${preview(value)}`,
        },
      ];
    }
    return this.properties(value, type.properties ?? {}, type.required ?? [], path);
  }

  properties(
    value: Readonly<Record<string, unknown>>,
    specs: Readonly<Record<string, PropertySpec>>,
    required: readonly string[],
    path: string,
  ): Problem[] {
    const problems: Problem[] = [];
    for (const name of required) {
      if (!Object.hasOwn(value, name)) {
        problems.push({ path: join(path, name), rule: SCHEMA_RULES.required, message: `${name} is required` });
      }
    }
    for (const [name, v] of Object.entries(value)) {
      const spec = specs[name];
      const at = join(path, name);
      if (spec === undefined) {
        problems.push({
          path: at,
          rule: SCHEMA_RULES.unknownInput,
          message: `${name} is not an input of this type; known: ${Object.keys(specs).sort().join(", ")}`,
        });
        continue;
      }
      if (spec.deprecationMessage !== undefined && v !== undefined) {
        problems.push({ path: at, rule: SCHEMA_RULES.deprecated, message: plainText(spec.deprecationMessage) });
      }
      problems.push(...this.value(v, spec, at));
    }
    return problems;
  }
}

/** A short rendering of a value for a message. */
function preview(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) return "";
  return text.length > 60 ? `(${text.slice(0, 57)}...)` : `(${text})`;
}

/** The schema's deprecation messages embed per-language `<span>` markup; keep the text. */
function plainText(message: string): string {
  return message
    .replace(/<span[^>]*>([^<]*)<\/span>/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/*
 * A provider resource's inputs reach the engine JSON-encoded: the generated
 * provider classes stringify every non-string input (e.g. @pulumi/aws 7.48.0
 * provider.js:62, `pulumi.output(args?.allowedAccountIds).apply(JSON.stringify)`),
 * because provider configuration travels as strings. Decode them back to the
 * values the schema types.
 */
function decodeProviderInputs(
  inputs: Readonly<Record<string, unknown>>,
  spec: ResourceSpec,
): Readonly<Record<string, unknown>> {
  const decoded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(inputs)) {
    const declared = spec.inputProperties[name];
    if (typeof value === "string" && declared !== undefined && declared.type !== "string" && !isPlaceholder(value)) {
      try {
        decoded[name] = JSON.parse(value) as unknown;
      } catch {
        decoded[name] = value;
      }
    } else {
      decoded[name] = value;
    }
  }
  return decoded;
}

/** The inputs as the provider's schema sees them (provider inputs decoded). */
export function schemaInputs(resource: CheckedResource, spec: ResourceSpec): Readonly<Record<string, unknown>> {
  return resource.type.startsWith(PROVIDER_PREFIX) ? decodeProviderInputs(resource.inputs, spec) : resource.inputs;
}

/**
 * Checks one resource's inputs against its schema: unknown inputs, required
 * inputs, value kinds, enum values and nested object types, recursively.
 * Values the program does not know yet ({@link isPlaceholder}) pass as any
 * value of the right kind. The resource's type must be in the extract.
 */
export function checkSchema(resource: CheckedResource, extract: SchemaExtract): Finding[] {
  const spec = extract.resources[resource.type];
  if (spec === undefined) {
    throw new Error(`${resource.type} is not in the ${extract.provider} ${extract.version} extract`);
  }
  const inputs = schemaInputs(resource, spec);
  return new Checker(extract)
    .properties(inputs, spec.inputProperties, spec.requiredInputs, "")
    .map((p) => ({ resource: resource.name, type: resource.type, ...p }));
}
