/*
 * The checker over a directory, for `release-infra lint-workflows DIR`. The
 * only part of the checker that reads files.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { LintFinding } from "./finding";
import { lintWorkflowText } from "./lint";
import type { LintOptions } from "./rules";

/**
 * Checks every `.yml` / `.yaml` file directly in `dir` (GitHub reads no
 * subdirectories of .github/workflows), in name order. Findings name files
 * by their path under `dir`'s parent as given (`join(dir, name)`).
 */
export async function lintWorkflowDir(dir: string, options: LintOptions = {}): Promise<LintFinding[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  const findings: LintFinding[] = [];
  for (const name of files) {
    const path = join(dir, name);
    findings.push(...lintWorkflowText(path, await readFile(path, "utf8"), options));
  }
  return findings;
}
