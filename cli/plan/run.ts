import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { formatProblems, parseConfigMap, type ReleaseConfig } from "../../lib/config";
import { projectFileReader } from "../../lib/config/files";
import { generatedFiles, renderPlanJson, type PlanDocument } from "../../lib/plan/model";
import { planImports, renderImportFile, type ImportCandidate } from "../../lib/plan/imports";
import { renderPlanMarkdown } from "../../lib/plan/markdown";
import { parseProjectName } from "../../lib/plan/stack-config";
import { evaluateProgram } from "./evaluate";
import { isPlanPath, writePlanFiles } from "./output-dir";
import { installRecordingMocks } from "./mock-runtime";
import { UserError } from "../errors";
import { readStackConfigMap } from "../stack";

export interface PlanOptions {
  /** The project directory (holding Pulumi.yaml). */
  readonly dir: string;
  readonly stack: string;
  /** Where plan.json, plan.md and files/ go. */
  readonly out: string;
  /** A previous plan.json whose outputs stand in for the last deployment. */
  readonly previous?: string;
  /** Notes about the plan directory (not the plan). @default stderr */
  readonly log?: (line: string) => void;
}

export interface PlanResult {
  readonly doc: PlanDocument;
  readonly written: string[];
}

/** A plan that cannot be made for a reason the user can fix. */
export class PlanError extends UserError {
  override name = "PlanError";
}

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    throw new PlanError(`${what} not found: ${file}`);
  }
}

function previousOutputs(file: string): Record<string, unknown> {
  const doc = JSON.parse(readText(file, "previous plan")) as { outputs?: unknown };
  if (typeof doc.outputs !== "object" || doc.outputs === null)
    throw new PlanError(`${file} has no "outputs": pass a plan.json written by \`release-infra plan\``);
  return doc.outputs as Record<string, unknown>;
}

/** The offline plan of a stack and the config it was made from, written nowhere. */
export interface PlannedStack {
  readonly doc: PlanDocument;
  readonly config: ReleaseConfig;
}

/**
 * Evaluates the real program for one stack without credentials or the Pulumi
 * CLI. Call once per process: the Pulumi runtime it installs is process-wide.
 */
export async function planStack(opts: Omit<PlanOptions, "out" | "log">): Promise<PlannedStack> {
  const project = parseProjectName(readText(path.join(opts.dir, "Pulumi.yaml"), "Pulumi.yaml"));
  const { config, secretKeys } = readStackConfigMap(opts.dir, opts.stack);
  // The program validates config itself; checking first fails fast, before the providers load.
  const checked = parseConfigMap(config, secretKeys, { readFile: projectFileReader(opts.dir) });
  if (!checked.ok) throw new PlanError(formatProblems(checked.problems));

  const engine = await installRecordingMocks(project, opts.stack);
  // Pulumi runs a program in its project directory; files the config names resolve there.
  process.chdir(opts.dir);
  // Imported only now: the program must load after the engine is installed.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program must load after the engine, so not at the top
  const program = require("../../index") as typeof import("../../index");
  let evaluation;
  try {
    evaluation = await evaluateProgram(engine, program, {
      config,
      secretKeys,
      ...(opts.previous !== undefined ? { previousOutputs: previousOutputs(opts.previous) } : {}),
    });
  } catch (err) {
    if (err instanceof pulumi.RunError) throw new PlanError(err.message);
    throw err;
  }

  const outputs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(evaluation.outputs))
    outputs[k] = evaluation.secretOutputs.includes(k) ? "[secret]" : v;
  const doc: PlanDocument = {
    project,
    stack: opts.stack,
    resources: evaluation.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      ...(r.parentUrn !== undefined ? { parent: r.parentUrn } : {}),
      inputs: r.inputs,
      read: r.read,
      custom: r.custom,
      protect: r.options.protect,
      retainOnDelete: r.options.retainOnDelete,
      dependsOn: r.options.dependsOn,
      ...(r.options.provider !== undefined ? { provider: r.options.provider.split("::").slice(0, -1).join("::") } : {}),
    })),
    outputs,
  };
  return { doc, config: checked.config };
}

/** Evaluates the program for one stack (see {@link planStack}) and writes what it would declare. */
export async function runPlan(opts: PlanOptions): Promise<PlanResult> {
  const { doc, config } = await planStack(opts);
  const { ecr } = config.registries;
  const imports = planImports(doc, { accountId: ecr.accountId, region: ecr.region });
  return { doc, written: writePlan(doc, opts.out, imports, opts.log) };
}

/**
 * Writes plan.json, plan.md, import.json and files/ to `out`, replacing only
 * what an earlier plan wrote there (./output-dir.ts); `log` says which files
 * under files/ it left alone because no plan wrote them.
 */
export function writePlan(
  doc: PlanDocument,
  out: string,
  imports: readonly ImportCandidate[] = [],
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): string[] {
  const files = new Map<string, string>([
    ["plan.json", renderPlanJson(doc)],
    ["plan.md", renderPlanMarkdown(doc, imports)],
  ]);
  if (imports.length > 0) files.set("import.json", renderImportFile(imports));
  for (const f of generatedFiles(doc)) {
    const rel = path.posix.normalize(`files/${f.path}`);
    if (!rel.startsWith("files/") || !isPlanPath(rel))
      throw new PlanError(`refusing to write ${f.path} outside ${out}/files`);
    files.set(rel, f.content);
  }
  const { written, leftAlone } = writePlanFiles(out, files);
  if (leftAlone.length > 0) {
    const shown = leftAlone.slice(0, 5).join(", ");
    const more = leftAlone.length > 5 ? ` and ${leftAlone.length - 5} more` : "";
    log(
      `note: left alone ${leftAlone.length === 1 ? "1 file" : `${leftAlone.length} files`} in ${out} that no plan wrote: ${shown}${more}`,
    );
  }
  return written.map((rel) => path.join(out, ...rel.split("/")));
}
