/*
 * The plan directory (`plan --out DIR`) and what plans wrote there. Each plan
 * records the files it wrote in DIR/.release-infra-plan.json; the next one
 * overwrites and removes only files listed there, so a file anyone else put
 * in DIR is never overwritten or deleted: a plan that would overwrite one
 * refuses before writing anything, and other such files are left alone.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../errors";

/** The record of the files a plan wrote, in the plan directory. */
export const PLAN_RECORD = ".release-infra-plan.json";

/** What {@link writePlanFiles} did, each list of paths relative to the plan directory. */
export interface PlanDirChanges {
  readonly written: readonly string[];
  /** Files the previous plan wrote that this one does not. */
  readonly removed: readonly string[];
  /** Files under `files/` that no plan wrote, left as they are. */
  readonly leftAlone: readonly string[];
}

/** A path inside the plan directory as the record holds it: relative, `/`-separated, no `.` or `..`. */
export function isPlanPath(rel: string): boolean {
  return rel !== PLAN_RECORD && !rel.includes("\\") && rel.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}

const full = (dir: string, rel: string): string => path.join(dir, ...rel.split("/"));

function stat(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UserError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

/**
 * The directories on the way to `rel` that exist but are not plain
 * directories (a file, a symbolic link that could lead out of the plan
 * directory): the first such one, or undefined.
 */
function blockedBy(dir: string, rel: string): string | undefined {
  const segments = rel.split("/");
  for (let i = 1; i < segments.length; i++) {
    const sub = segments.slice(0, i).join("/");
    const s = stat(full(dir, sub));
    if (s === undefined) return undefined;
    if (!s.isDirectory()) return sub;
  }
  return undefined;
}

/** The files the last plan recorded writing in `dir`; undefined when it holds no record. */
export function recordedFiles(dir: string): Set<string> | undefined {
  const file = path.join(dir, PLAN_RECORD);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UserError(`cannot read ${file}: ${(err as Error).message}`);
  }
  let files: unknown;
  try {
    files = (JSON.parse(text) as { files?: unknown } | null)?.files;
  } catch {
    files = undefined;
  }
  if (!Array.isArray(files) || !files.every((f) => typeof f === "string" && isPlanPath(f)))
    throw new UserError(
      `${file} is not a plan's record of its files (a "files" list of paths inside ${dir}); nothing was written. Remove it and the files it stood for, or plan into another directory with --out`,
    );
  return new Set(files as string[]);
}

function writeRecord(dir: string, files: Iterable<string>): void {
  const record = {
    about: "The files `release-infra plan` wrote in this directory: the next plan replaces or removes only these.",
    files: [...new Set(files)].sort(),
  };
  fs.writeFileSync(path.join(dir, PLAN_RECORD), `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * Refuses, before anything is written, when a path the plan writes is taken
 * by something no plan recorded writing (a user's file, a directory, a link).
 * Returns the record (empty when there is none).
 */
function checkWritable(dir: string, targets: Iterable<string>): Set<string> {
  if (!fs.existsSync(dir)) return new Set();
  if (!fs.statSync(dir).isDirectory())
    throw new UserError(`${dir} is not a directory: plan into a directory with --out`);
  const recorded = recordedFiles(dir);
  const taken = new Set<string>();
  for (const rel of targets) {
    const blocked = blockedBy(dir, rel);
    const existing = blocked === undefined ? stat(full(dir, rel)) : undefined;
    if (blocked !== undefined) taken.add(blocked);
    else if (existing !== undefined && !(existing.isFile() && recorded?.has(rel) === true)) taken.add(rel);
  }
  if (taken.size > 0) {
    const list = [...taken].sort();
    const why =
      recorded === undefined
        ? `${dir} holds no ${PLAN_RECORD} listing what an earlier plan wrote there`
        : `${PLAN_RECORD} does not list ${list.length === 1 ? "it" : "them"} as written by the last plan`;
    throw new UserError(
      `refusing to write the plan to ${dir}: it would overwrite ${list.join(", ")} (${why}); nothing was written or removed. Move ${list.length === 1 ? "it" : "them"} away (if ${list.length === 1 ? "it is" : "they are"} an earlier plan's, delete ${list.length === 1 ? "it" : "them"}), or plan into another directory with --out`,
    );
  }
  return recorded ?? new Set();
}

/** Refuses as {@link writePlanFiles} would if `rels` were written to `dir`; writes nothing. */
export function assertWritable(dir: string, rels: readonly string[]): void {
  checkWritable(dir, rels);
}

function write(dir: string, rel: string, content: string): void {
  const file = full(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** Removes the directories that `rel`'s removal left empty, up to the plan directory. */
function removeEmptyParents(dir: string, rel: string): void {
  const segments = rel.split("/").slice(0, -1);
  for (let i = segments.length; i > 0; i--) {
    const sub = full(dir, segments.slice(0, i).join("/"));
    if (fs.readdirSync(sub).length > 0) return;
    fs.rmdirSync(sub);
  }
}

/** Every file under `dir/files` not in `known`, sorted. */
function unknownFiles(dir: string, known: ReadonlySet<string>): string[] {
  const root = path.join(dir, "files");
  if (stat(root)?.isDirectory() !== true) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .filter((rel) => !known.has(rel))
    .sort();
}

/**
 * Writes a plan's files (path relative to `dir` → content) and removes the
 * files the previous plan recorded that this one does not write. Refuses,
 * before writing anything, to overwrite anything no plan recorded writing.
 */
export function writePlanFiles(dir: string, files: ReadonlyMap<string, string>): PlanDirChanges {
  for (const rel of files.keys()) if (!isPlanPath(rel)) throw new UserError(`refusing to write ${rel} outside ${dir}`);
  const recorded = checkWritable(dir, files.keys());
  fs.mkdirSync(dir, { recursive: true });
  // Recorded first: a plan stopped half-way leaves no file of its own unaccounted for.
  writeRecord(dir, [...recorded, ...files.keys()]);
  for (const [rel, content] of files) write(dir, rel, content);
  const removed: string[] = [];
  for (const rel of [...recorded].sort()) {
    if (files.has(rel) || blockedBy(dir, rel) !== undefined || stat(full(dir, rel))?.isFile() !== true) continue;
    fs.unlinkSync(full(dir, rel));
    removeEmptyParents(dir, rel);
    removed.push(rel);
  }
  writeRecord(dir, files.keys());
  return { written: [...files.keys()], removed, leftAlone: unknownFiles(dir, new Set(files.keys())) };
}

/**
 * Adds one file to the plan in `dir` (plan-diff.md next to the plan),
 * refusing as {@link writePlanFiles} does. A directory without a record (a
 * plan by a program that keeps none) gets none: it would list this file only.
 */
export function addPlanFile(dir: string, rel: string, content: string): void {
  checkWritable(dir, [rel]);
  const recorded = fs.existsSync(dir) ? recordedFiles(dir) : undefined;
  fs.mkdirSync(dir, { recursive: true });
  if (recorded !== undefined) writeRecord(dir, [...recorded, rel]);
  write(dir, rel, content);
}
