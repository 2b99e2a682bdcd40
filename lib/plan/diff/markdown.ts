/*
 * plan-diff.md: the diff of two plans as a reviewer reads it, in a terminal
 * or a pull request comment. Secret values appear only as "[secret]", as in
 * the plans.
 */
import type { FileChange } from "./files";
import { memberListChange, type MemberListChange, type TeamMembersChange } from "./members";
import type { PersonAccessChange } from "./people";
import { isEmptyDiff, type AccessDiff, type PlanDiff } from "./plan-diff";
import type { ResourceRef, ValueChange } from "./resources";
import { splitLines } from "./unified";

/** Options of {@link renderPlanDiffMarkdown}. */
export interface PlanDiffMarkdownOptions {
  /** What the base is, e.g. "`main` (1a2b3c4)". */
  readonly baseLabel: string;
  /** What the head is, e.g. "this pull request". */
  readonly headLabel: string;
  /** Lines of each file's diff shown before it is cut (a PR comment holds at most 65,536 characters). @default 400 */
  readonly maxDiffLines?: number;
}

/** Characters of a value a table cell shows. */
const MAX_VALUE = 120;

/** Inline code that no backtick in the text can close. */
const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** A fence longer than any run of backticks in `text`, so the text cannot close it. */
function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return "`".repeat(Math.max(3, longest + 1));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

// A URN by its resource's name: the part after the last "::".
const shortUrn = (s: string): string => (s.startsWith("urn:pulumi:") ? s.slice(s.lastIndexOf("::") + 2) : s);

/** A value as one line: multi-line text by its size, anything else as JSON. */
function oneLine(value: unknown): string {
  if (typeof value === "string" && value.includes("\n")) return `(text, ${splitLines(value).length} lines)`;
  return JSON.stringify(value);
}

/** `text` from `from` on, within {@link MAX_VALUE} characters, with "..." where it is cut. */
function cut(text: string, from: number): string {
  const head = from > 0 ? "..." : "";
  const rest = text.slice(from);
  const room = MAX_VALUE - head.length;
  return `${head}${rest.length <= room ? rest : `${rest.slice(0, room - 3)}...`}`;
}

/**
 * Both sides of a changed value, each cut to {@link MAX_VALUE} characters
 * around where they first differ, so a long value (a policy document) never
 * shows two equal prefixes.
 */
function valueCells(before: unknown, after: unknown): [string, string] {
  if (before === undefined || after === undefined)
    return [
      before === undefined ? "(none)" : code(cut(oneLine(before), 0)),
      after === undefined ? "(none)" : code(cut(oneLine(after), 0)),
    ];
  const a = oneLine(before);
  const b = oneLine(after);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const longer = Math.max(a.length, b.length);
  // From 20 characters before the first difference, but not so late that the window is left half empty.
  const from = longer <= MAX_VALUE ? 0 : Math.max(0, Math.min(common - 20, longer - (MAX_VALUE - 3)));
  return [code(cut(a, from)), code(cut(b, from))];
}

/** Who joins and leaves a member list, and who stays under another spelling or team role. */
function memberCells(c: MemberListChange): [string, string] {
  const left = c.left.map((m) => `-${m}`);
  const after = [
    ...c.joined.map((m) => `+${m}`),
    ...c.renamed.map((r) => `${r.from} → ${r.to} (renamed)`),
    ...c.roles.map((r) => `${r.login}: ${r.from} → ${r.to}`),
  ];
  if (left.length + after.length === 0) return ["(order changed)", ""];
  return [left.length > 0 ? code(left.join(", ")) : "", after.length > 0 ? code(after.join(", ")) : ""];
}

/** A list as a set: the items that left and those that joined; "(order changed)" when none did. */
function listCells(before: readonly unknown[], after: readonly unknown[]): [string, string] {
  const item = (x: unknown) => (typeof x === "string" ? shortUrn(x) : JSON.stringify(x));
  const was = new Set(before.map((x) => JSON.stringify(x)));
  const is = new Set(after.map((x) => JSON.stringify(x)));
  const left = before.filter((x) => !is.has(JSON.stringify(x))).map((x) => `-${item(x)}`);
  const joined = after.filter((x) => !was.has(JSON.stringify(x))).map((x) => `+${item(x)}`);
  if (left.length + joined.length === 0) return ["(order changed)", ""];
  const show = (items: string[]) => (items.length > 0 ? code(cut(items.join(", "), 0)) : "");
  return [show(left), show(joined)];
}

function changeRows(changes: readonly ValueChange[], label: (path: string) => string): string[] {
  return changes.map((c) => {
    const members = /(^|\.)members$/.test(c.path) ? memberListChange(c.before, c.after) : undefined;
    const [before, after] =
      members !== undefined
        ? memberCells(members)
        : Array.isArray(c.before) && Array.isArray(c.after)
          ? listCells(c.before, c.after)
          : valueCells(c.before, c.after);
    return `| ${cell(label(c.path))} | ${cell(before)} | ${cell(after)} |`;
  });
}

function resourceLine(r: ResourceRef): string {
  return `| ${cell(r.type)}${r.read ? " (read)" : ""} | ${cell(r.name)} |`;
}

function personLine(p: PersonAccessChange): string {
  const notes = [
    ...(p.renamedFrom !== undefined ? [`renamed from ${p.renamedFrom}, the same person`] : []),
    ...(p.onboarded ? ["new"] : p.offboarded ? ["leaves"] : []),
  ];
  const grants = [...p.added.map((g) => `+${g}`), ...p.removed.map((g) => `-${g}`)];
  return `- ${p.person}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}: ${grants.length > 0 ? grants.join(", ") : "same grants"}`;
}

function teamLine(t: TeamMembersChange): string {
  const parts = [
    ...(t.joined.length > 0 ? [`joins ${t.joined.join(", ")}`] : []),
    ...(t.left.length > 0 ? [`leaves ${t.left.join(", ")}`] : []),
    ...t.renamed.map((r) => `${r.from} is now spelled ${r.to} (the same person)`),
    ...t.roles.map((r) => `${r.login} becomes ${r.to} (was ${r.from})`),
  ];
  return `- ${t.service} team ${t.team}${t.role !== undefined ? ` (${t.role})` : ""}: ${parts.join("; ")}`;
}

function accessLines(access: AccessDiff): string[] {
  if (access.people.length + access.teams.length === 0) return [];
  const lines = ["## Access", ""];
  if (access.people.length > 0) lines.push(...access.people.map(personLine), "");
  if (access.teams.length > 0) lines.push("By team:", "", ...access.teams.map(teamLine), "");
  return lines;
}

function resourceLines(diff: PlanDiff): string[] {
  const lines: string[] = [];
  const table = (title: string, refs: readonly ResourceRef[]) =>
    refs.length === 0
      ? []
      : [`### ${title} (${refs.length})`, "", "| type | name |", "|---|---|", ...refs.map(resourceLine), ""];
  lines.push(...table("Added", diff.added));
  if (diff.changed.length > 0) {
    lines.push(`### Changed (${diff.changed.length})`, "");
    for (const r of diff.changed) {
      lines.push(`#### ${r.type} \`${r.name}\``, "", "| input | before | after |", "|---|---|---|");
      lines.push(...changeRows(r.inputs, (p) => p), ...changeRows(r.options, (p) => `(option) ${p}`), "");
    }
  }
  lines.push(...table("Removed", diff.removed));
  return lines.length === 0 ? [] : ["## Resources", "", ...lines];
}

function fileLines(files: readonly FileChange[], maxLines: number): string[] {
  if (files.length === 0) return [];
  const lines = ["## Generated files", ""];
  for (const f of files) {
    const all = f.diff.replace(/\n$/, "").split("\n");
    const shown = all.length > maxLines ? [...all.slice(0, maxLines), `... ${all.length - maxLines} more lines`] : all;
    const body = shown.join("\n");
    const marks = fence(body);
    lines.push(`### \`${f.path}\` (${f.status})`, "", `${marks}diff`, body, marks, "");
  }
  return lines;
}

/** The diff as Markdown, for a terminal or a pull request comment. */
export function renderPlanDiffMarkdown(diff: PlanDiff, options: PlanDiffMarkdownOptions): string {
  const head = [
    `# Plan diff: ${diff.project}, stack \`${diff.stack}\``,
    "",
    `From ${options.baseLabel} to ${options.headLabel}, evaluated offline.`,
    "",
  ];
  if (isEmptyDiff(diff))
    return `${[...head, "No changes: both plans declare the same resources, generated files, access and outputs."].join("\n")}\n`;
  const people = diff.access.people.length;
  const summary = [
    `${plural(diff.added.length, "resource")} added, ${diff.changed.length} changed, ${diff.removed.length} removed`,
    `${plural(diff.files.length, "generated file")} changed`,
    `access of ${people} ${people === 1 ? "person" : "people"} changed`,
  ];
  const lines = [
    ...head,
    `${summary.join("; ")}. Secret values show as \`[secret]\`.`,
    "",
    ...accessLines(diff.access),
    ...resourceLines(diff),
    ...fileLines(diff.files, options.maxDiffLines ?? 400),
  ];
  if (diff.outputs.length > 0)
    lines.push(
      "## Stack outputs",
      "",
      "| output | before | after |",
      "|---|---|---|",
      ...changeRows(diff.outputs, (p) => p),
      "",
    );
  return `${lines.join("\n").trimEnd()}\n`;
}
