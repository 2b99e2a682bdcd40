import type { Position } from "./workflow-view";

/** Identifier of a workflow rule (docs/rules.md), or `YAML` for a file that does not parse. */
export type RuleId =
  | "W1"
  | "W2"
  | "W3"
  | "W4"
  | "W5"
  | "W6"
  | "W7"
  | "W8"
  | "W9"
  | "W10"
  | "W11"
  | "W12"
  | "W13"
  | "W14"
  | "W15"
  | "W16"
  | "W17"
  | "W18"
  | "W19"
  | "W20"
  | "W21"
  | "W22"
  | "W23"
  | "W24"
  | "W25"
  | "YAML";

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
  /** Where the offending value is written, and the aliases it was reached through. */
  readonly at?: Position;
}

/** `line 12`, or `line 12, reached through alias *steps at line 40 (anchor &steps at line 5)`. */
function formatPosition(position: Position): string {
  const aliases = position.through.map((alias) =>
    alias.line === position.line
      ? `, the value of alias *${alias.name} (anchor &${alias.name} at line ${alias.anchorLine})`
      : `, reached through alias *${alias.name} at line ${alias.line} (anchor &${alias.name} at line ${alias.anchorLine})`,
  );
  return `line ${position.line}${aliases.join("")}`;
}

/** `file: job "x": step "y": [W3] message (line 12)`, one line per finding. */
export function formatFinding(finding: LintFinding): string {
  const where = [
    finding.file,
    finding.job === undefined ? undefined : `job "${finding.job}"`,
    finding.step === undefined ? undefined : `step "${finding.step}"`,
  ];
  const position = finding.at === undefined ? "" : ` (${formatPosition(finding.at)})`;
  return `${where.filter((part) => part !== undefined).join(": ")}: [${finding.rule}] ${finding.message}${position}`;
}
