/*
 * Readings of `run:` scripts (bash or sh; W20 refuses other shells, which the
 * rules could not read). These are line-based approximations, not a shell
 * parser: where a script does something they cannot follow, they assume the
 * worst (a write to an environment file they cannot delimit covers the whole
 * script).
 */

/** Each command of a script with the line continuations joined, so one command is one string. */
export function commands(script: string): string[] {
  return joinContinuations(script).flatMap((line) => line.text.split(/;|&&|\|\|/));
}

/** The script's lines with `\`-continuations joined, each with its 1-based line number. */
export function joinContinuations(script: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let pending: { text: string; line: number } | undefined;
  script.split(/\r?\n/).forEach((raw, index) => {
    const continued = /\\$/.test(raw);
    const part = continued ? raw.slice(0, -1) : raw;
    pending =
      pending === undefined ? { text: part, line: index + 1 } : { text: `${pending.text} ${part}`, line: pending.line };
    if (!continued) {
      out.push(pending);
      pending = undefined;
    }
  });
  if (pending !== undefined) out.push(pending);
  return out;
}

/** GitHub's environment files a step can write to change later steps (env, PATH) or its outputs. */
export type EnvironmentFile = "GITHUB_ENV" | "GITHUB_PATH" | "GITHUB_OUTPUT";

/** One write to an environment file: which file, and the script text that produces what is written. */
export interface EnvironmentFileWrite {
  readonly file: EnvironmentFile;
  readonly text: string;
  /** 1-based line in the script of the redirect (or of the reference the checker could not follow). */
  readonly line: number;
}

const FILE = String.raw`"?\$\{?(GITHUB_ENV|GITHUB_PATH|GITHUB_OUTPUT)\}?"?`;
const REDIRECT = new RegExp(String.raw`(?:>>?|>\|)\s*${FILE}(?![\w])`, "g");
const TEE = new RegExp(String.raw`\btee\b(?:\s+-\S+)*\s+${FILE}(?![\w])`, "g");
const MENTION = /\$\{?(GITHUB_ENV|GITHUB_PATH|GITHUB_OUTPUT)\b/g;

// Closers of compound commands whose redirect applies to the whole block, and their openers.
const BLOCKS: readonly { close: RegExp; open: RegExp; closeCount: RegExp }[] = [
  { close: /^\}/, open: /\{\s*$|^\{/, closeCount: /^\}/ },
  { close: /^done\b/, open: /(?:^|[;&|(]\s*|\s)(?:for|while|until|select)\s/, closeCount: /\bdone\b/ },
  { close: /^fi\b/, open: /(?:^|[;&|(]\s*|\s)if\s/, closeCount: /\bfi\b/ },
  { close: /^esac\b/, open: /(?:^|[;&|(]\s*|\s)case\s/, closeCount: /\besac\b/ },
  { close: /^\)/, open: /^\(|\(\s*$/, closeCount: /^\)/ },
];

function blockText(lines: readonly { text: string }[], end: number): string {
  const closer = lines[end]!.text.trim();
  const block = BLOCKS.find((candidate) => candidate.close.test(closer));
  if (block === undefined) return lines[end]!.text;
  let depth = 0;
  for (let i = end; i >= 0; i--) {
    const line = lines[i]!.text.trim();
    if (block.closeCount.test(line)) depth++;
    if (block.open.test(line)) depth--;
    if (depth <= 0)
      return lines
        .slice(i, end + 1)
        .map((candidate) => candidate.text)
        .join("\n");
  }
  return lines
    .slice(0, end + 1)
    .map((candidate) => candidate.text)
    .join("\n");
}

/**
 * Every write a script makes to `$GITHUB_ENV`, `$GITHUB_PATH` or
 * `$GITHUB_OUTPUT`: `>>` / `>` redirects and `tee`, of one command or of a
 * `{ ...; }` group, loop, `if` or subshell ending in the redirect. Any other
 * mention of those variables (`f=$GITHUB_ENV`, `exec 3>>"$GITHUB_ENV"`) is a
 * write the checker cannot delimit, so it covers the whole script.
 */
export function environmentFileWrites(script: string): EnvironmentFileWrite[] {
  const lines = joinContinuations(script);
  const writes: EnvironmentFileWrite[] = [];
  lines.forEach((line, index) => {
    const understood = new Set<number>();
    for (const pattern of [REDIRECT, TEE]) {
      for (const match of line.text.matchAll(pattern)) {
        writes.push({ file: match[1] as EnvironmentFile, text: blockText(lines, index), line: line.line });
        const mention = match[0].indexOf("$");
        understood.add(match.index + mention);
      }
    }
    for (const match of line.text.matchAll(MENTION)) {
      if (!understood.has(match.index))
        writes.push({ file: match[1] as EnvironmentFile, text: script, line: line.line });
    }
  });
  return writes;
}

/**
 * The shell variables a text expands: `$NAME`, `${NAME}`, `${NAME:-x}`,
 * `${#NAME}`, `${NAME[@]}`. Quoting is ignored (a single-quoted `$NAME` is
 * counted too): the reading errs towards finding a variable.
 */
export function variablesExpanded(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/\$(?:\{[#!]?([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g))
    names.add(match[1] ?? match[2]!);
  return [...names];
}

/** Whether a text expands a variable indirectly (`${!name}`, `eval`), which names any variable at run time. */
export function expandsIndirectly(text: string): boolean {
  return /\$\{!|\beval\b|\bprintenv\b|\benv\s*(?:$|[|>])/.test(text);
}

/**
 * The text each assignment to a shell variable takes its value from:
 * `name=...`, `name+=...`, `export name=...`, `for name in ...`, and
 * `read ... name <<< ...`. Order is ignored (every assignment counts).
 */
export function assignmentsTo(script: string, name: string): string[] {
  const out: string[] = [];
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const assign = new RegExp(
    String.raw`(?:^|[;&|({]\s*|\s)(?:(?:export|local|readonly|declare|typeset)\s+(?:-\w+\s+)*)?${escaped}\+?=(.*)$`,
  );
  const loop = new RegExp(String.raw`\bfor\s+${escaped}\s+in\s+(.*)$`);
  const read = new RegExp(String.raw`\bread\b[^<\n]*\s${escaped}(?:\s[^<\n]*)?<<<\s*(.*)$`);
  for (const line of joinContinuations(script)) {
    for (const pattern of [assign, loop, read]) {
      const match = pattern.exec(line.text);
      if (match?.[1] !== undefined) out.push(match[1]);
    }
  }
  return out;
}

/** Whether a script tests a variable against a pattern (`[[ "$name" =~ re ]]`, `case "$name" in`), as a check before use. */
export function checkedAgainstPattern(script: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const reference = String.raw`"?\$(?:\{${escaped}\}|${escaped}\b)"?`;
  return new RegExp(String.raw`${reference}\s*=~|\bcase\s+${reference}\s+in\b`).test(script);
}
