import type { z } from "zod";
import { HUB_FULL_DESCRIPTION_MAX } from "../dockerhub/names";
import { CONFIG_KEYS, CONFIG_SCHEMAS, REPO_PATH, SECRET_KEYS, type ConfigKey, type ReleaseConfig } from "./schema";
import { configPath, issueMessage, NAMESPACE, type ConfigProblem } from "./problems";
import { semanticProblems } from "./semantics";

export type LoadResult = { ok: true; config: ReleaseConfig } | { ok: false; problems: ConfigProblem[] };

/**
 * Parses a stack's config map as Pulumi hands it to the program: `namespace:key`
 * -> string, structured values as JSON text. Returns every problem at once.
 */
/** What validation may read besides the config: files it names, relative to the project directory. */
export interface LoadOptions {
  /** The text of a file the config names, or undefined when it cannot be read. @default files are not checked */
  readonly readFile?: (relativePath: string) => string | undefined;
}

export function parseConfigMap(
  map: Readonly<Record<string, string>>,
  secretKeys: readonly string[] = [],
  options: LoadOptions = {},
): LoadResult {
  const problems: ConfigProblem[] = [];
  const raw: Record<string, unknown> = {};
  const known = new Set<string>([...CONFIG_KEYS, ...SECRET_KEYS]);
  const secret = new Set(secretKeys);

  for (const [fullKey, text] of Object.entries(map)) {
    const [ns, key] = splitKey(fullKey);
    if (ns !== NAMESPACE) {
      const near = nearNamespace(ns);
      if (near) {
        problems.push({
          path: fullKey,
          message: `unknown namespace "${ns}" (did you mean ${NAMESPACE}?); its keys are not read, so their defaults would apply: rename it to ${NAMESPACE}:${key}`,
        });
      }
      continue;
    }
    if (!known.has(key)) {
      problems.push({ path: fullKey, message: `unknown config key; known keys are ${[...known].join(", ")}` });
      continue;
    }
    if ((SECRET_KEYS as readonly string[]).includes(key)) {
      if (!secret.has(fullKey)) {
        problems.push({
          path: fullKey,
          message: `is set in plain text, so it is stored in clear in Pulumi.<stack>.yaml; remove it and run \`pulumi config set --secret ${fullKey} <value>\``,
        });
      }
      continue;
    }
    if (secret.has(fullKey)) {
      // The program reads decrypted config: a secret here would be written in
      // clear into generated files (the workflows, the Docker Hub overview).
      problems.push({
        path: fullKey,
        message: `holds a secret (a secure: value), but only ${SECRET_KEYS.map((k) => `${NAMESPACE}:${k}`).join(" and ")} are secret keys; the value would reach generated files in clear, so set it in plain text (\`pulumi config set ${fullKey} ...\`) or keep the secret out of this key`,
      });
      continue;
    }
    raw[key] = parseValue(text);
  }
  return parseConfigObject(raw, problems, options);
}

/** Whether a namespace looks like a mistyped `release-infra` (edit distance 1 or 2, or case only). */
function nearNamespace(ns: string): boolean {
  if (ns.toLowerCase() === NAMESPACE) return true;
  return editDistance(ns.toLowerCase(), NAMESPACE) <= 2;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Parses config already decoded into values (`{ people: [...], ... }`). */
export function parseConfigObject(
  raw: Readonly<Record<string, unknown>>,
  earlier: ConfigProblem[] = [],
  options: LoadOptions = {},
): LoadResult {
  const problems = [...earlier];
  const out: Partial<Record<ConfigKey, unknown>> = {};
  for (const key of CONFIG_KEYS) {
    const schema: z.ZodType = CONFIG_SCHEMAS[key];
    const result = schema.safeParse(raw[key], { error: issueMessage, reportInput: true });
    if (result.success) {
      out[key] = result.data;
    } else {
      for (const issue of result.error.issues) {
        problems.push({ path: configPath(key, issue.path), message: topLevelMessage(key, issue) });
      }
    }
  }
  problems.push(...semanticProblems(raw));
  if (options.readFile !== undefined) problems.push(...fileProblems(raw, options.readFile));
  if (problems.length > 0) return { ok: false, problems: dedupe(problems) };
  return { ok: true, config: out as unknown as ReleaseConfig };
}

function topLevelMessage(key: string, issue: z.core.$ZodIssue): string {
  if (issue.path.length === 0 && issue.code === "invalid_type" && (issue as { input?: unknown }).input === undefined) {
    return `is required; set it in Pulumi.<stack>.yaml (see the ${NAMESPACE}:${key} section of the README)`;
  }
  return issue.message;
}

function splitKey(fullKey: string): [string, string] {
  const i = fullKey.indexOf(":");
  return i < 0 ? ["", fullKey] : [fullKey.slice(0, i), fullKey.slice(i + 1)];
}

/** Pulumi passes structured config as JSON text and scalars as plain text. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.path}\u0000${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** The files the config names (the Docker Hub overviews) exist and fit where they go. */
function fileProblems(
  raw: Readonly<Record<string, unknown>>,
  readFile: (relativePath: string) => string | undefined,
): ConfigProblem[] {
  const images = Array.isArray(raw.images) ? (raw.images as unknown[]) : [];
  const problems: ConfigProblem[] = [];
  images.forEach((image, i) => {
    const readme = (image as { readme?: unknown } | null)?.readme;
    if (typeof readme !== "string" || !REPO_PATH.test(readme)) return;
    const text = readFile(readme);
    if (text === undefined) {
      problems.push({
        path: configPath("images", [i, "readme"]),
        message: `${JSON.stringify(readme)} cannot be read; give a Markdown file in this repository, relative to Pulumi.yaml`,
      });
    } else if (text.length > HUB_FULL_DESCRIPTION_MAX) {
      problems.push({
        path: configPath("images", [i, "readme"]),
        message: `${JSON.stringify(readme)} has ${String(text.length)} characters; Docker Hub's overview holds at most ${String(HUB_FULL_DESCRIPTION_MAX)}`,
      });
    }
  });
  return problems;
}
