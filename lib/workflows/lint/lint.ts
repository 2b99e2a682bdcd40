/*
 * The workflow checker: rules W1-W25 of docs/rules.md over workflow YAML text.
 */
import type { AcceptedFinding } from "./rule";
import type { LintFinding } from "./finding";
import { RULES, type LintOptions } from "./rules";
import { parseWorkflowView } from "./workflow-view";

/** Every finding of every rule in one workflow file; a file that does not parse gives one `YAML` finding per error. */
export function lintWorkflowText(file: string, text: string, options: LintOptions = {}): LintFinding[] {
  const parsed = parseWorkflowView(file, text);
  if (!parsed.ok) return parsed.errors.map((message) => ({ rule: "YAML", file, message }));
  const findings: LintFinding[] = RULES.flatMap((rule) =>
    rule.check(parsed.view, options).map((finding) => ({ rule: rule.id, file, ...finding })),
  );
  const accepted = (options.accepted ?? []).filter((a) => a.file === file);
  const matches = (a: AcceptedFinding, f: LintFinding) => a.rule === f.rule && a.job === f.job && a.step === f.step;
  const stale = accepted
    .filter((a) => !findings.some((f) => matches(a, f)))
    .map((a): LintFinding => ({
      rule: "YAML",
      file,
      job: a.job,
      step: a.step,
      message: `an accepted ${a.rule} finding no longer occurs; remove its acceptance`,
    }));
  return [...findings.filter((f) => !accepted.some((a) => matches(a, f))), ...stale];
}
