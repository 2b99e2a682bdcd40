/** The workflow checker: rules W1-W25 of docs/rules.md over workflow YAML. */
export { formatFinding } from "./finding";
export type { LintFinding, RuleId } from "./finding";
export { lintWorkflowText } from "./lint";
export { lintWorkflowDir } from "./lint-dir";
export { RULES } from "./rules";
export type { LintOptions, Rule } from "./rules";
export type { AcceptedFinding } from "./rule";
