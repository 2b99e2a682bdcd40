/**
 * Tag templates (`beta-{version}`, `nightly-{released}-{run}`): parsing,
 * rendering, and the regular expression of every tag a template can produce.
 * The expressions use `[0-9]` rather than `\d` and no anchors, so the same
 * text reads the same in JavaScript, Go RE2 (Docker Hub rules, anchored by the
 * caller) and, with `(?:` turned into `(`, bash's POSIX ERE.
 */

import { escapeRegex } from "./wildcard";

/** A number as semantic versioning writes it: no leading zeros. */
export const NUM = "(?:0|[1-9][0-9]*)";
/** `X.Y.Z` */
export const CORE = `${NUM}\\.${NUM}\\.${NUM}`;

/** Every placeholder a template may use, and the expression of its values. */
export const PLACEHOLDER_RES = {
  /** Filled in by the caller: the stable or beta version expression. */
  version: "",
  major: NUM,
  minor: NUM,
  released: CORE,
  next: CORE,
  date: "[0-9]{8}",
  short: "[0-9a-f]{7}",
  sha: "[0-9a-f]{40}",
  run: "[1-9][0-9]*",
} as const;

export type Placeholder = keyof typeof PLACEHOLDER_RES;

/** One part of a template: literal text or a placeholder. */
export type TemplatePart = { readonly text: string } | { readonly placeholder: Placeholder };

/** Characters Docker allows in a tag (`[A-Za-z0-9_.-]`, first not `.` or `-`). */
export const TAG_CHARS = /^[A-Za-z0-9_.-]*$/;

/** Docker's limit on a tag's length. */
export const MAX_TAG_LENGTH = 128;

/** The longest text each placeholder can stand for, for the length check (numbers up to 20 digits). */
const MAX_PLACEHOLDER_LENGTH: Readonly<Record<Placeholder, number>> = {
  version: 20 * 4 + 3 + 12,
  major: 20,
  minor: 20,
  released: 62,
  next: 62,
  date: 8,
  short: 7,
  sha: 40,
  run: 20,
};

/** Splits a template into literal text and placeholders; throws on an unknown placeholder or stray brace. */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const re = /\{([^{}]*)\}/g;
  let last = 0;
  for (const match of template.matchAll(re)) {
    const text = template.slice(last, match.index);
    if (text.length > 0) parts.push({ text });
    const name = match[1]!;
    if (!(name in PLACEHOLDER_RES)) {
      throw new TemplateError(
        `{${name}} is not a placeholder; use ${Object.keys(PLACEHOLDER_RES)
          .map((p) => `{${p}}`)
          .join(", ")}`,
      );
    }
    parts.push({ placeholder: name as Placeholder });
    last = match.index + match[0].length;
  }
  const rest = template.slice(last);
  if (rest.length > 0) parts.push({ text: rest });
  const stray = parts.find((p) => "text" in p && /[{}]/.test(p.text));
  if (stray !== undefined) throw new TemplateError(`has an unmatched brace`);
  return parts;
}

/** A template that cannot be parsed; the message says what to fix. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateError";
  }
}

/** The placeholders a template uses, in order. */
export function placeholdersOf(template: string): Placeholder[] {
  return parseTemplate(template).flatMap((p) => ("placeholder" in p ? [p.placeholder] : []));
}

/** Problems of `template` as a tag template allowing `allowed`; empty when it is fine. */
export function templateProblems(template: string, allowed: readonly Placeholder[]): string[] {
  let parts: TemplatePart[];
  try {
    parts = parseTemplate(template);
  } catch (error) {
    if (error instanceof TemplateError) return [`${JSON.stringify(template)} ${error.message}`];
    throw error;
  }
  const problems: string[] = [];
  if (parts.length === 0) problems.push("is empty; write a tag such as {version}");
  for (const part of parts) {
    if ("placeholder" in part && !allowed.includes(part.placeholder)) {
      problems.push(
        `${JSON.stringify(template)} uses {${part.placeholder}}, which this tag cannot have; it may use ${allowed.length === 0 ? "no placeholders" : allowed.map((p) => `{${p}}`).join(", ")}`,
      );
    }
    if ("text" in part && !TAG_CHARS.test(part.text)) {
      problems.push(
        `${JSON.stringify(template)} has characters a tag cannot have; use letters, digits, ".", "_" and "-"`,
      );
    }
  }
  const first = parts[0];
  if (first !== undefined && "text" in first && /^[.-]/.test(first.text)) {
    problems.push(
      `${JSON.stringify(template)} starts with "${first.text[0]!}"; a tag starts with a letter, digit or "_"`,
    );
  }
  const longest = parts.reduce((n, p) => n + ("text" in p ? p.text.length : MAX_PLACEHOLDER_LENGTH[p.placeholder]), 0);
  if (longest > MAX_TAG_LENGTH) {
    problems.push(
      `${JSON.stringify(template)} can make tags of ${String(longest)} characters; Docker allows ${String(MAX_TAG_LENGTH)}`,
    );
  }
  return problems;
}

/** The expression (unanchored) of every tag `template` produces, `{version}` standing for `versionRe`. */
export function templateRegex(template: string, versionRe = CORE): string {
  return templateSource(template, versionRe, false);
}

/**
 * The placeholders' values in `tag` read against `template`, or undefined
 * when the tag is not of its form. A placeholder used twice is read where it
 * first appears.
 */
export function readTemplate(
  template: string,
  versionRe: string,
  tag: string,
): Partial<Record<Placeholder, string>> | undefined {
  return new RegExp(`^${templateSource(template, versionRe, true)}$`).exec(tag)?.groups;
}

// The expression of a template; `capture` names each placeholder's first use.
function templateSource(template: string, versionRe: string, capture: boolean): string {
  const seen = new Set<Placeholder>();
  return parseTemplate(template)
    .map((part) => {
      if ("text" in part) return escapeRegex(part.text);
      const re = part.placeholder === "version" ? versionRe : PLACEHOLDER_RES[part.placeholder];
      if (!capture || seen.has(part.placeholder)) return `(?:${re})`;
      seen.add(part.placeholder);
      return `(?<${part.placeholder}>${re})`;
    })
    .join("");
}

/** Fills in a template; every placeholder it uses must have a value. */
export function renderTemplate(template: string, values: Partial<Record<Placeholder, string>>): string {
  return parseTemplate(template)
    .map((part) => {
      if ("text" in part) return part.text;
      const value = values[part.placeholder];
      if (value === undefined) throw new Error(`no value for {${part.placeholder}} in ${JSON.stringify(template)}`);
      return value;
    })
    .join("");
}

/**
 * The template as an ECR wildcard: each placeholder a `*`, runs of them
 * merged. `beta-{version}` with a `-rcN` version is `beta-*.*.*-rc*`.
 */
export function templateWildcardParts(template: string, versionSkeleton: string): string[] {
  // Literal runs between wildcards: ["beta-", ".", ".", "-rc", ""].
  const literals: string[] = [""];
  const append = (text: string) => {
    literals[literals.length - 1] = `${literals[literals.length - 1] ?? ""}${text}`;
  };
  // A star starts a new run unless the run before it is empty (two stars merge), except at the start.
  const star = () => {
    if (literals[literals.length - 1] !== "" || literals.length === 1) literals.push("");
  };
  for (const part of parseTemplate(template)) {
    if ("text" in part) {
      append(part.text);
    } else if (part.placeholder === "version") {
      for (const chunk of versionSkeleton.split(/(\*)/)) {
        if (chunk === "*") star();
        else append(chunk);
      }
    } else if (part.placeholder === "released" || part.placeholder === "next") {
      star();
      append(".");
      star();
      append(".");
      star();
    } else {
      star();
    }
  }
  return literals;
}
