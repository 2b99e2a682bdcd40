/** Identifier of a rule in security-rules.md ("Workflows"), or `YAML` for a file that does not parse. */
export type RuleId = "W1" | "W2" | "W3" | "W4" | "W5" | "W6" | "W7" | "W8" | "W9" | "W10" | "W11" | "W12" | "YAML";

/** One broken rule in one workflow file. */
export interface LintFinding {
  readonly rule: RuleId;
  /** The file as given to the checker. */
  readonly file: string;
  /** Job id, when the finding is about one job. */
  readonly job?: string;
  /** Step name (or `#<index>` for an unnamed step), when the finding is about one step. */
  readonly step?: string;
  readonly message: string;
}

/** `file: job "x": step "y": [W3] message`, one line per finding. */
export function formatFinding(finding: LintFinding): string {
  const where = [
    finding.file,
    finding.job === undefined ? undefined : `job "${finding.job}"`,
    finding.step === undefined ? undefined : `step "${finding.step}"`,
  ];
  return `${where.filter((part) => part !== undefined).join(": ")}: [${finding.rule}] ${finding.message}`;
}
