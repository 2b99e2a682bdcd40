/*
 * `release-infra plan --base REF` and `plan --base-plan DIR --head-plan DIR`:
 * the offline plan of the working tree against the plan of a git ref (or of
 * two plan directories), printed as the Markdown diff a reviewer (or a fork's
 * pull request comment) reads. The base is evaluated by the base's own code,
 * since the program may differ between the two.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cliArgs } from "../launch";
import type { Command } from "commander";
import {
  diffPlans,
  emptyPlan,
  parsePlanJson,
  PlanJsonError,
  renderPlanDiffMarkdown,
  type PlanDiff,
  type PlanJson,
} from "../../lib/plan/diff";
import type { GeneratedFile } from "../../lib/plan/model";
import { parseProjectName } from "../../lib/plan/stack-config";
import { UserError } from "../errors";
import { addPlanFile, assertWritable, recordedFiles } from "./output-dir";

/** This package's root: the program and CLI the head plan runs. */
const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");

/** The diff's Markdown, next to the head plan in --out. */
const DIFF_FILE = "plan-diff.md";

/** A diff that cannot be made for a reason the user can fix. */
export class PlanDiffError extends UserError {
  override name = "PlanDiffError";
}

/** The diff and its Markdown. */
export interface PlanDiffResult {
  readonly diff: PlanDiff;
  readonly markdown: string;
}

/** Options of {@link runPlanDiff}. */
export interface PlanDiffOptions {
  /** The project directory (holding Pulumi.yaml and the stack file), inside a git work tree. */
  readonly dir: string;
  readonly stack: string;
  /** A git ref (branch, tag, commit) of the repository holding `dir`. */
  readonly base: string;
  /** Where the head plan is written (plan.json, plan.md, files/, and plan-diff.md). */
  readonly out: string;
  /** A previous plan.json whose outputs stand in for the last deployment, for both plans. */
  readonly previous?: string;
  /**
   * The package whose `cli/main.ts` plans the head. When it lies in the same
   * repository as `dir`, the base is planned by the same path in the base tree.
   * @default this package
   */
  readonly programDir?: string;
  /** Progress lines (not the diff). @default stderr */
  readonly log?: (line: string) => void;
}

interface Exec {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function exec(command: string, args: readonly string[], cwd: string): Promise<Exec> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => {
      resolve({ status, stdout, stderr });
    });
  });
}

async function git(dir: string, args: readonly string[], what: string): Promise<string> {
  const r = await exec("git", ["-C", dir, ...args], dir);
  if (r.status !== 0)
    throw new PlanDiffError(`${what}: ${r.stderr.trim() || `git ${args.join(" ")} exited with ${r.status}`}`);
  return r.stdout.trim();
}

/** `git archive <commit> | tar -x -C <into>`: the committed tree, without touching the repository's state. */
function extractTree(repo: string, commit: string, into: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const archive = spawn("git", ["-C", repo, "archive", "--format=tar", commit], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const tar = spawn("tar", ["-x", "-C", into], { stdio: ["pipe", "ignore", "pipe"] });
    let errors = "";
    archive.stderr.on("data", (d: Buffer) => (errors += d.toString()));
    tar.stderr.on("data", (d: Buffer) => (errors += d.toString()));
    archive.stdout.pipe(tar.stdin);
    const done = [archive, tar].map((p) => new Promise<number | null>((settle) => p.on("close", settle)));
    archive.on("error", reject);
    tar.on("error", reject);
    void Promise.all(done).then(([a, t]) => {
      if (a === 0 && t === 0) resolve();
      else reject(new PlanDiffError(`could not extract ${commit} from ${repo}: ${errors.trim()}`));
    });
  });
}

function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** Runs `plan` of the CLI in `programDir` as its own process (the Pulumi runtime is process-wide). */
async function planProcess(programDir: string, args: readonly string[], what: string): Promise<void> {
  const r = await exec(process.execPath, cliArgs(programDir, ["plan", ...args]), programDir);
  if (r.status !== 0)
    throw new PlanDiffError(`the ${what} plan failed (exit ${r.status}):\n${(r.stderr || r.stdout).trim()}`);
}

/** Every file under `dir/files`, as a `/`-separated path relative to `dir`. */
function filesUnder(dir: string): string[] {
  const root = path.join(dir, "files");
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
}

/**
 * The generated files of a plan directory: those its record lists under
 * files/, or, in a directory without a record (a plan by an older program,
 * such as a base's), every file under files/.
 */
function generatedFilesOf(dir: string): GeneratedFile[] {
  const recorded = recordedFiles(dir);
  const rels = recorded !== undefined ? [...recorded].filter((rel) => rel.startsWith("files/")) : filesUnder(dir);
  const read = (rel: string): string => {
    try {
      return fs.readFileSync(path.join(dir, ...rel.split("/")), "utf8");
    } catch (err) {
      throw new PlanDiffError(`cannot read ${rel} of the plan in ${dir}: ${(err as Error).message}`);
    }
  };
  return rels
    .map((rel) => ({ path: rel.slice("files/".length), content: read(rel) }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** A plan directory as `release-infra plan` writes it: plan.json and the generated files under files/. */
export function readPlanDir(dir: string): { plan: PlanJson; files: GeneratedFile[] } {
  const file = path.join(dir, "plan.json");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new PlanDiffError(`no plan.json in ${dir}: pass a directory written by \`release-infra plan --out DIR\``);
  }
  try {
    return { plan: parsePlanJson(text, file), files: generatedFilesOf(dir) };
  } catch (err) {
    if (err instanceof PlanJsonError) throw new PlanDiffError(err.message);
    throw err;
  }
}

/** The diff of two plan directories, without git or any evaluation. */
export function diffPlanDirs(baseDir: string, headDir: string): PlanDiffResult {
  const base = readPlanDir(baseDir);
  const head = readPlanDir(headDir);
  const diff = diffPlans(base.plan, head.plan, { base: base.files, head: head.files });
  const markdown = renderPlanDiffMarkdown(diff, { baseLabel: `\`${baseDir}\``, headLabel: `\`${headDir}\`` });
  return { diff, markdown };
}

/**
 * Plans the working tree and the base ref, both as child processes running
 * at once, and diffs them. The base tree comes from `git archive` into a
 * temporary directory (removed afterwards) that borrows the working tree's
 * node_modules. A base without the stack file counts as an empty plan.
 */
export async function runPlanDiff(opts: PlanDiffOptions): Promise<PlanDiffResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dir = path.resolve(opts.dir);
  const programDir = path.resolve(opts.programDir ?? PACKAGE_ROOT);
  const top = fs.realpathSync(await git(dir, ["rev-parse", "--show-toplevel"], `${dir} is not in a git work tree`));
  const commit = await git(
    dir,
    ["rev-parse", "--verify", "--end-of-options", `${opts.base}^{commit}`],
    `${opts.base} is not a commit of ${top}`,
  );
  const short = commit.slice(0, 12);
  const out = path.resolve(opts.out);
  // Before planning: the head plan and plan-diff.md go to --out only where no one else's file is.
  assertWritable(out, ["plan.json", "plan.md", DIFF_FILE]);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "release-infra-base-"));
  try {
    const tree = path.join(tmp, "tree");
    fs.mkdirSync(tree);
    await extractTree(top, commit, tree);
    const realDir = fs.realpathSync(dir);
    const baseDir = path.join(tree, path.relative(top, realDir));
    const realProgram = fs.realpathSync(programDir);
    // The base's own program when this package is in the same repository; else only the config differs.
    const baseProgram = inside(top, realProgram) ? path.join(tree, path.relative(top, realProgram)) : realProgram;
    if (baseProgram !== realProgram) {
      if (!fs.existsSync(path.join(baseProgram, "cli", "main.ts")))
        throw new PlanDiffError(
          `${opts.base} (${short}) has no cli/main.ts at ${path.relative(top, realProgram) || "."}`,
        );
      const modules = path.join(baseProgram, "node_modules");
      if (!fs.existsSync(modules)) fs.symlinkSync(path.join(realProgram, "node_modules"), modules, "dir");
      if (
        readIfExists(path.join(baseProgram, "package-lock.json")) !==
        readIfExists(path.join(realProgram, "package-lock.json"))
      ) {
        log(`note: the base's package-lock.json differs; the base plan runs with the working tree's node_modules`);
      }
    }

    const baseOut = path.join(tmp, "plan");
    const previous = opts.previous === undefined ? [] : ["--previous", path.resolve(opts.previous)];
    const common = ["--stack", opts.stack, ...previous];
    const hasBaseStack = fs.existsSync(path.join(baseDir, `Pulumi.${opts.stack}.yaml`));
    log(`planning stack ${opts.stack} at ${opts.base} (${short}) and in the working tree`);
    await Promise.all([
      planProcess(realProgram, [...common, "--dir", realDir, "--out", out], "working tree's"),
      hasBaseStack
        ? planProcess(baseProgram, [...common, "--dir", baseDir, "--out", baseOut], `base (${opts.base})`)
        : Promise.resolve(),
    ]);

    const head = readPlanDir(out);
    const base = hasBaseStack
      ? readPlanDir(baseOut)
      : {
          plan: emptyPlan(parseProjectName(fs.readFileSync(path.join(realDir, "Pulumi.yaml"), "utf8")), opts.stack),
          files: [],
        };
    const diff = diffPlans(base.plan, head.plan, { base: base.files, head: head.files });
    const baseLabel = `\`${opts.base}\` (${short})${hasBaseStack ? "" : `, which has no Pulumi.${opts.stack}.yaml`}`;
    const markdown = renderPlanDiffMarkdown(diff, { baseLabel, headLabel: "the working tree" });
    addPlanFile(out, DIFF_FILE, markdown);
    return { diff, markdown };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** The `plan` flags {@link addPlanDiffOptions} adds, as commander parses them. */
export interface PlanDiffFlags {
  readonly base?: string;
  readonly basePlan?: string;
  readonly headPlan?: string;
}

/** Adds `--base`, `--base-plan` and `--head-plan` to the `plan` command. */
export function addPlanDiffOptions(plan: Command): Command {
  return plan
    .option(
      "--base <ref>",
      "also plan this git ref (with its own program) and print the diff to it; writes plan-diff.md next to the plan",
    )
    .option(
      "--base-plan <dir>",
      "print the diff from this plan directory to --head-plan's, without evaluating anything",
    )
    .option("--head-plan <dir>", "the plan directory --base-plan is compared with");
}

/**
 * The `plan` action for the diff flags: returns false (nothing done) when
 * none is given, so the caller plans as usual.
 */
export async function runPlanDiffCommand(
  opts: PlanDiffFlags & { stack: string; out: string; dir: string; previous?: string },
): Promise<boolean> {
  const dirs = opts.basePlan !== undefined || opts.headPlan !== undefined;
  if (opts.base === undefined && !dirs) return false;
  if (dirs && (opts.basePlan === undefined || opts.headPlan === undefined))
    throw new PlanDiffError("--base-plan and --head-plan go together");
  if (dirs && opts.base !== undefined)
    throw new PlanDiffError("use either --base REF or --base-plan DIR --head-plan DIR");
  const result =
    opts.base !== undefined
      ? await runPlanDiff({
          dir: opts.dir,
          stack: opts.stack,
          base: opts.base,
          out: opts.out,
          ...(opts.previous !== undefined ? { previous: opts.previous } : {}),
        })
      : diffPlanDirs(opts.basePlan!, opts.headPlan!);
  process.stdout.write(result.markdown);
  return true;
}
