import YAML from "yaml";

/** A stack's config as the engine hands it to a program. */
export interface StackConfigMap {
  /** `namespace:key` -> value text (JSON for maps and lists). */
  readonly config: Record<string, string>;
  /** Keys whose value is (or contains) a secret. */
  readonly secretKeys: string[];
}

/** Stands in for a `secure:` value the plan cannot (and must not) decrypt. */
export const SECRET_STAND_IN = "[secret]";

function isSecure(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    "secure" in value
  );
}

/** Replaces every `{ secure: ... }` in a value; reports whether there was one. */
function standIn(value: unknown): [unknown, boolean] {
  if (isSecure(value)) return [SECRET_STAND_IN, true];
  if (Array.isArray(value)) {
    let any = false;
    const out = value.map((v: unknown) => {
      const [r, s] = standIn(v);
      any ||= s;
      return r;
    });
    return [out, any];
  }
  if (typeof value === "object" && value !== null) {
    let any = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const [r, s] = standIn(v);
      any ||= s;
      out[k] = r;
    }
    return [out, any];
  }
  return [value, false];
}

/**
 * Reads `Pulumi.<stack>.yaml` text into the config map the engine would pass.
 * Encrypted values cannot be read without the stack's secrets provider, so each
 * is replaced by a stand-in and its key is marked secret.
 */
export function parseStackFile(text: string, fileName: string): StackConfigMap {
  let doc: unknown;
  try {
    // Merge keys (`<<: *anchor`) as the Pulumi CLI resolves them: `pulumi config get`
    // returns the merged value (pulumi/pulumi#6480, which shows it; the CLI
    // rewrites the file without the anchors on the next `pulumi config set`).
    doc = YAML.parse(text, { merge: true });
  } catch (err) {
    throw new Error(`${fileName} is not valid YAML: ${(err as Error).message}`, { cause: err });
  }
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  if (doc === null || doc === undefined) return { config, secretKeys };
  if (typeof doc !== "object" || Array.isArray(doc))
    throw new Error(`${fileName} must be a map with a "config" section`);
  const section: unknown = (doc as Record<string, unknown>).config ?? {};
  if (typeof section !== "object" || section === null || Array.isArray(section))
    throw new Error(`${fileName}: "config" must be a map of keys to values`);
  for (const [key, value] of Object.entries(section)) {
    const [clean, secret] = standIn(value);
    config[key] = typeof clean === "string" ? clean : JSON.stringify(clean);
    if (secret) secretKeys.push(key);
  }
  return { config, secretKeys };
}

/** The project name from `Pulumi.yaml` text. */
export function parseProjectName(text: string): string {
  const doc = YAML.parse(text) as { name?: unknown } | null;
  if (typeof doc?.name !== "string") throw new Error(`Pulumi.yaml has no project name`);
  return doc.name;
}
