/*
 * The workflow checker: rules W1-W12 of security-rules.md over workflow YAML text.
 */
import type { LintFinding } from "./finding";
import { RULES, type LintOptions } from "./rules";
import { parseWorkflowView } from "./workflow-view";

/** Every finding of every rule in one workflow file; a file that does not parse gives one `YAML` finding per error. */
export function lintWorkflowText(file: string, text: string, options: LintOptions = {}): LintFinding[] {
  const parsed = parseWorkflowView(file, text);
  if (!parsed.ok) return parsed.errors.map((message) => ({ rule: "YAML", file, message }));
  return RULES.flatMap((rule) =>
    rule.check(parsed.view, options).map((finding) => ({ rule: rule.id, file, ...finding })),
  );
}
