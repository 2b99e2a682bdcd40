/*
 * The difference between two offline plans (plan.json of a base and of a head),
 * as data and as Markdown: resources added, changed (which inputs, before and
 * after) and removed by URN, the generated files as unified diffs, and who
 * gains or loses which grant. It is what a pull request from a fork can show
 * without any credential, so it reads only what the plans already hold; secret
 * values are "[secret]" in both and stay so here.
 */
import { generatedFiles, type GeneratedFile, type PlanDocument } from "./model";

/** One resource as plan.json holds it (renderPlanJson): `read` and the options appear only when set. */
export interface PlannedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly read?: boolean;
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
  readonly dependsOn?: readonly string[];
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** A parsed plan.json. A {@link PlanDocument} is one too. */
export interface PlanJson {
  readonly project: string;
  readonly stack: string;
  readonly resources: readonly PlannedResource[];
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** A plan that declares nothing: the base of a stack that did not exist yet. */
export function emptyPlan(project: string, stack: string): PlanJson {
  return { project, stack, resources: [], outputs: {} };
}

/** plan.json text that is not a plan. */
export class PlanJsonError extends Error {
  override name = "PlanJsonError";
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Parses plan.json text, checking the fields the diff reads; `where` names the file in errors. */
export function parsePlanJson(text: string, where: string): PlanJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new PlanJsonError(`${where} is not JSON: ${(err as Error).message}`);
  }
  if (
    !isRecord(raw) ||
    typeof raw.project !== "string" ||
    typeof raw.stack !== "string" ||
    !Array.isArray(raw.resources) ||
    !isRecord(raw.outputs)
  ) {
    throw new PlanJsonError(
      `${where} is not a plan: expected "project", "stack", "resources" and "outputs" as written by \`release-infra plan\``,
    );
  }
  raw.resources.forEach((r, i) => {
    if (
      !isRecord(r) ||
      typeof r.urn !== "string" ||
      typeof r.type !== "string" ||
      typeof r.name !== "string" ||
      !isRecord(r.inputs)
    ) {
      throw new PlanJsonError(`${where}: resources[${i}] needs a string urn, type and name and an inputs object`);
    }
  });
  return raw as unknown as PlanJson;
}

// ---------------------------------------------------------------------------
// Unified diff

/** One line of an edit script: kept, removed from the old text or added in the new one. */
interface Edit {
  readonly op: " " | "-" | "+";
  readonly line: string;
}

/** Lines with their terminators kept, so a missing final newline is a difference like any other. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

// Past this many differing lines the edit script is "remove all, add all": still a
// correct diff, and the search stays within O(MAX_EDITS^2) memory.
const MAX_EDITS = 4000;

/**
 * The shortest edit script from `a` to `b` (Myers, "An O(ND) Difference
 * Algorithm and Its Variations", 1986), after setting aside the common prefix
 * and suffix: the forward pass keeps, per edit count, the furthest reaching
 * path on each diagonal; the backtrack walks them back from the end.
 */
function editScript(a: readonly string[], b: readonly string[]): Edit[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  const keep = (lines: readonly string[]): Edit[] => lines.map((line) => ({ op: " ", line }));
  const middle = myers(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix));
  return [...keep(a.slice(0, prefix)), ...middle, ...keep(a.slice(a.length - suffix))];
}

function myers(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  // v[k] (stored at v[k + offset]) is the furthest x reached on diagonal k = x - y.
  const offset = max + 1;
  const v = new Array<number>(2 * max + 3).fill(0);
  // trace[d] holds v for diagonals -(d+1)..d+1 as it was before round d.
  const trace: number[][] = [];
  let found = n + m === 0;
  const down = (at: (k: number) => number, k: number, d: number) => k === -d || (k !== d && at(k - 1) < at(k + 1));
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = down((j) => v[offset + j]!, k, d) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return [...a.map((line): Edit => ({ op: "-", line })), ...b.map((line): Edit => ({ op: "+", line }))];
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const vd = trace[d]!;
    const at = (j: number) => vd[j + d + 1]!;
    const k = x - y;
    const prevK = down(at, k, d) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      edits.push({ op: " ", line: a[--x]! });
      y--;
    }
    if (x === prevX) edits.push({ op: "+", line: b[--y]! });
    else edits.push({ op: "-", line: a[--x]! });
  }
  // Round 0 is the snake from the origin.
  while (x > 0) edits.push({ op: " ", line: a[--x]! });
  return edits.reverse();
}

/** Where a hunk starts and how many lines it covers, as `@@` headers write it. */
function range(start: number, count: number): string {
  // An empty range names the line before it (GNU diff, POSIX `diff -u`).
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}

/** Options of {@link unifiedDiff}. */
export interface UnifiedDiffOptions {
  /** Name on the `---` line. */
  readonly oldName: string;
  /** Name on the `+++` line. */
  readonly newName: string;
  /** Unchanged lines around each change. @default 3 */
  readonly context?: number;
}

/**
 * A unified diff of two texts, as `diff -u` writes it (`---`/`+++` headers,
 * `@@ -l,s +l,s @@` hunks, `\ No newline at end of file`); "" when they are equal.
 */
export function unifiedDiff(oldText: string, newText: string, options: UnifiedDiffOptions): string {
  if (oldText === newText) return "";
  const context = options.context ?? 3;
  const edits = editScript(splitLines(oldText), splitLines(newText));
  const out = [`--- ${options.oldName}\n`, `+++ ${options.newName}\n`];
  // Positions (old line, new line) before each edit, so a hunk can name where it starts.
  const positions: { a: number; b: number }[] = [];
  let a = 0;
  let b = 0;
  for (const e of edits) {
    positions.push({ a, b });
    if (e.op !== "+") a++;
    if (e.op !== "-") b++;
  }
  let i = 0;
  while (i < edits.length) {
    if (edits[i]!.op === " ") {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    // Extend the hunk while the next change is close enough that the contexts would touch.
    for (;;) {
      while (end < edits.length && edits[end]!.op !== " ") end++;
      let next = end;
      while (next < edits.length && edits[next]!.op === " ") next++;
      if (next < edits.length && next - end <= 2 * context) end = next;
      else {
        end = Math.min(edits.length, end + context);
        break;
      }
    }
    const hunk = edits.slice(start, end);
    const from = positions[start]!;
    out.push(
      `@@ -${range(from.a, hunk.filter((e) => e.op !== "+").length)} +${range(from.b, hunk.filter((e) => e.op !== "-").length)} @@\n`,
    );
    for (const e of hunk) {
      out.push(e.line.endsWith("\n") ? `${e.op}${e.line}` : `${e.op}${e.line}\n\\ No newline at end of file\n`);
    }
    i = end;
  }
  return out.join("");
}

// ---------------------------------------------------------------------------
// Plan diff

/** A resource by its identity. */
export interface ResourceRef {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** A read (StackReference and friends) creates nothing. */
  readonly read: boolean;
}

/** One changed value: an input (`path` like `members` or `imageScanningConfiguration.scanOnPush`), option or output. */
export interface ValueChange {
  readonly path: string;
  /** Absent when the value is new. */
  readonly before?: unknown;
  /** Absent when the value was removed. */
  readonly after?: unknown;
}

/** A resource whose URN is in both plans but whose inputs or options differ. */
export interface ChangedResource extends ResourceRef {
  readonly inputs: readonly ValueChange[];
  /** `protect`, `retainOnDelete`, `dependsOn`. */
  readonly options: readonly ValueChange[];
}

/** A generated file that differs between the plans. */
export interface FileChange {
  readonly path: string;
  readonly status: "added" | "removed" | "changed";
  /** Unified diff, `a/<path>` to `b/<path>`; for an added file every line is `+`. */
  readonly diff: string;
}

/** What one person gains and loses. */
export interface PersonAccessChange {
  readonly person: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** In the head's access list but not the base's. */
  readonly onboarded: boolean;
  /** In the base's access list but not the head's. */
  readonly offboarded: boolean;
}

/** Who joins and leaves one role (its team grant, as the `teams` output names it). */
export interface RoleAccessChange {
  readonly role: string;
  readonly team: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** Changes of the `access` output (grants per person). */
export interface AccessDiff {
  readonly people: readonly PersonAccessChange[];
  readonly roles: readonly RoleAccessChange[];
}

/** Everything that differs between two plans of a stack. */
export interface PlanDiff {
  readonly project: string;
  readonly stack: string;
  readonly added: readonly ResourceRef[];
  readonly changed: readonly ChangedResource[];
  readonly removed: readonly ResourceRef[];
  readonly files: readonly FileChange[];
  readonly access: AccessDiff;
  /** Stack outputs other than `access`, by key path. */
  readonly outputs: readonly ValueChange[];
}

/** Generated files of each side, when read from the plans' `files/` trees instead of derived from plan.json. */
export interface PlanFiles {
  readonly base: readonly GeneratedFile[];
  readonly head: readonly GeneratedFile[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Leaf changes between two values: plain objects are compared key by key
 * (paths joined with "."), anything else (arrays, scalars) as a whole.
 */
function valueChanges(before: unknown, after: unknown, path: string): ValueChange[] {
  if (same(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => {
      const sub = path === "" ? k : `${path}.${k}`;
      if (!(k in after)) return [{ path: sub, before: before[k] }];
      if (!(k in before)) return [{ path: sub, after: after[k] }];
      return valueChanges(before[k], after[k], sub);
    });
  }
  return [{ path, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) }];
}

const ref = (r: PlannedResource): ResourceRef => ({ urn: r.urn, type: r.type, name: r.name, read: r.read === true });

function optionsOf(r: PlannedResource): Record<string, unknown> {
  return {
    protect: r.protect === true,
    retainOnDelete: r.retainOnDelete === true,
    dependsOn: [...(r.dependsOn ?? [])].sort(),
  };
}

function filesOf(plan: PlanJson): GeneratedFile[] {
  // generatedFiles reads only each resource's type and inputs.
  const doc: PlanDocument = {
    ...plan,
    resources: plan.resources.map((r) => ({ ...r, read: r.read === true, custom: true })),
  };
  return generatedFiles(doc);
}

function fileChanges(base: readonly GeneratedFile[], head: readonly GeneratedFile[]): FileChange[] {
  const before = new Map(base.map((f) => [f.path, f.content]));
  const after = new Map(head.map((f) => [f.path, f.content]));
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  return paths.flatMap((path): FileChange[] => {
    const a = before.get(path);
    const b = after.get(path);
    if (a === b) return [];
    const status = a === undefined ? "added" : b === undefined ? "removed" : "changed";
    const diff = unifiedDiff(a ?? "", b ?? "", {
      oldName: a === undefined ? "/dev/null" : `a/${path}`,
      newName: b === undefined ? "/dev/null" : `b/${path}`,
    });
    return [{ path, status, diff }];
  });
}

interface Grant {
  readonly person: string;
  readonly grant: string;
}

/** The `access` output as grants; anything else (masked, missing) as none. */
function grantsOf(plan: PlanJson): Grant[] {
  const access = plan.outputs.access;
  if (!Array.isArray(access)) return [];
  return access.filter((g): g is Grant => isRecord(g) && typeof g.person === "string" && typeof g.grant === "string");
}

function accessDiff(base: PlanJson, head: PlanJson): AccessDiff {
  const before = grantsOf(base);
  const after = grantsOf(head);
  const key = (g: Grant) => `${g.person}\u0000${g.grant}`;
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  const gained = after.filter((g) => !beforeKeys.has(key(g)));
  const lost = before.filter((g) => !afterKeys.has(key(g)));
  const peopleBefore = new Set(before.map((g) => g.person));
  const peopleAfter = new Set(after.map((g) => g.person));
  const people = [...new Set([...gained, ...lost].map((g) => g.person))].sort().map((person) => ({
    person,
    added: gained
      .filter((g) => g.person === person)
      .map((g) => g.grant)
      .sort(),
    removed: lost
      .filter((g) => g.person === person)
      .map((g) => g.grant)
      .sort(),
    onboarded: !peopleBefore.has(person),
    offboarded: !peopleAfter.has(person),
  }));
  // Roles through their GitHub teams: the `teams` output maps each role to its team.
  const teams = new Map<string, string>();
  for (const plan of [base, head]) {
    const out = plan.outputs.teams;
    if (isRecord(out))
      for (const [role, team] of Object.entries(out))
        if (typeof team === "string" && !teams.has(role)) teams.set(role, team);
  }
  const roles = [...teams]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([role, team]) => {
      const grant = `github:team:${team}`;
      return {
        role,
        team,
        added: gained
          .filter((g) => g.grant === grant)
          .map((g) => g.person)
          .sort(),
        removed: lost
          .filter((g) => g.grant === grant)
          .map((g) => g.person)
          .sort(),
      };
    })
    .filter((r) => r.added.length > 0 || r.removed.length > 0);
  return { people, roles };
}

/**
 * What changes from `base` to `head`: resources by URN (a rename or a new
 * parent is a removal plus an addition, as in Pulumi), their changed inputs and
 * options, the generated files (from `files` when given, else from the
 * RepositoryFile resources), the grants per person and role, and other outputs.
 */
export function diffPlans(base: PlanJson, head: PlanJson, files?: PlanFiles): PlanDiff {
  const before = new Map(base.resources.map((r) => [r.urn, r]));
  const after = new Map(head.resources.map((r) => [r.urn, r]));
  const byUrn = (x: ResourceRef, y: ResourceRef) => x.urn.localeCompare(y.urn);
  const added = head.resources
    .filter((r) => !before.has(r.urn))
    .map(ref)
    .sort(byUrn);
  const removed = base.resources
    .filter((r) => !after.has(r.urn))
    .map(ref)
    .sort(byUrn);
  const changed = head.resources
    .flatMap((r): ChangedResource[] => {
      const old = before.get(r.urn);
      if (old === undefined) return [];
      const inputs = valueChanges(old.inputs, r.inputs, "");
      const options = valueChanges(optionsOf(old), optionsOf(r), "");
      return inputs.length === 0 && options.length === 0 ? [] : [{ ...ref(r), inputs, options }];
    })
    .sort(byUrn);
  const { access: _baseAccess, ...baseOutputs } = base.outputs;
  const { access: _headAccess, ...headOutputs } = head.outputs;
  return {
    project: head.project,
    stack: head.stack,
    added,
    changed,
    removed,
    files: fileChanges(files?.base ?? filesOf(base), files?.head ?? filesOf(head)),
    access: accessDiff(base, head),
    outputs: valueChanges(baseOutputs, headOutputs, ""),
  };
}

/** Whether the two plans declare exactly the same things. */
export function isEmptyDiff(diff: PlanDiff): boolean {
  return (
    diff.added.length +
      diff.changed.length +
      diff.removed.length +
      diff.files.length +
      diff.access.people.length +
      diff.outputs.length ===
    0
  );
}

// ---------------------------------------------------------------------------
// Markdown

/** Options of {@link renderPlanDiffMarkdown}. */
export interface PlanDiffMarkdownOptions {
  /** What the base is, e.g. "`main` (1a2b3c4)". */
  readonly baseLabel: string;
  /** What the head is, e.g. "this pull request". */
  readonly headLabel: string;
  /** Lines of each file's diff shown before it is cut (a PR comment holds at most 65,536 characters). @default 400 */
  readonly maxDiffLines?: number;
}

const MAX_VALUE = 120;

/** A value in a table cell: JSON, one line, cut at {@link MAX_VALUE} characters; multi-line text by its size. */
function cellValue(value: unknown): string {
  if (value === undefined) return "(none)";
  if (typeof value === "string" && value.includes("\n")) return `(text, ${splitLines(value).length} lines)`;
  const text = JSON.stringify(value);
  const cut = text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 3)}...` : text;
  return `\`${cut.replace(/`/g, "'")}\``;
}

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** A fence longer than any run of backticks in `text`, so the text cannot close it. */
function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return "`".repeat(Math.max(3, longest + 1));
}

function resourceLine(r: ResourceRef): string {
  return `| ${cell(r.type)}${r.read ? " (read)" : ""} | ${cell(r.name)} |`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function accessLines(access: AccessDiff): string[] {
  if (access.people.length === 0) return [];
  const lines = ["## Access", ""];
  for (const p of access.people) {
    const note = p.onboarded ? " (new)" : p.offboarded ? " (leaves)" : "";
    const grants = [...p.added.map((g) => `+${g}`), ...p.removed.map((g) => `-${g}`)];
    lines.push(`- ${p.person}${note}: ${grants.join(", ")}`);
  }
  lines.push("");
  if (access.roles.length > 0) {
    lines.push("By role:", "");
    for (const r of access.roles) {
      lines.push(
        `- ${r.role} (${r.team}): ${[...r.added.map((p) => `+${p}`), ...r.removed.map((p) => `-${p}`)].join(", ")}`,
      );
    }
    lines.push("");
  }
  return lines;
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");
// A URN by its resource's name: the part after the last "::".
const shortUrn = (s: string): string => (s.startsWith("urn:pulumi:") ? s.slice(s.lastIndexOf("::") + 2) : s);

function changeRows(changes: readonly ValueChange[], label: (path: string) => string): string[] {
  return changes.map((c) => {
    let before = cellValue(c.before);
    let after = cellValue(c.after);
    // Lists of strings (dependsOn, tags, ...) as what left and what joined.
    if (isStrings(c.before) && isStrings(c.after)) {
      const was = new Set(c.before);
      const is = new Set(c.after);
      const left = c.before.filter((x) => !is.has(x)).map((x) => `-${shortUrn(x)}`);
      const joined = c.after.filter((x) => !was.has(x)).map((x) => `+${shortUrn(x)}`);
      const code = (items: string[]) => `\`${items.join(", ").replace(/`/g, "'")}\``;
      before = left.length > 0 ? code(left) : "(order changed)";
      after = joined.length > 0 ? code(joined) : "";
    }
    return `| ${cell(label(c.path))} | ${cell(before)} | ${cell(after)} |`;
  });
}

function resourceLines(diff: PlanDiff): string[] {
  const lines: string[] = [];
  if (diff.added.length > 0)
    lines.push(
      `### Added (${diff.added.length})`,
      "",
      "| type | name |",
      "|---|---|",
      ...diff.added.map(resourceLine),
      "",
    );
  if (diff.changed.length > 0) {
    lines.push(`### Changed (${diff.changed.length})`, "");
    for (const r of diff.changed) {
      lines.push(`#### ${r.type} \`${r.name}\``, "", "| input | before | after |", "|---|---|---|");
      lines.push(...changeRows(r.inputs, (p) => p), ...changeRows(r.options, (p) => `(option) ${p}`), "");
    }
  }
  if (diff.removed.length > 0)
    lines.push(
      `### Removed (${diff.removed.length})`,
      "",
      "| type | name |",
      "|---|---|",
      ...diff.removed.map(resourceLine),
      "",
    );
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

/** The diff as Markdown, for a terminal or a pull request comment. Secret values appear only as "[secret]", as in the plans. */
export function renderPlanDiffMarkdown(diff: PlanDiff, options: PlanDiffMarkdownOptions): string {
  const head = [
    `# Plan diff: ${diff.project}, stack \`${diff.stack}\``,
    "",
    `From ${options.baseLabel} to ${options.headLabel}, evaluated offline.`,
    "",
  ];
  if (isEmptyDiff(diff))
    return `${[...head, "No changes: both plans declare the same resources, generated files, access and outputs."].join("\n")}\n`;
  const summary = [
    `${plural(diff.added.length, "resource")} added, ${diff.changed.length} changed, ${diff.removed.length} removed`,
    `${plural(diff.files.length, "generated file")} changed`,
    `access of ${diff.access.people.length} ${diff.access.people.length === 1 ? "person" : "people"} changed`,
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
