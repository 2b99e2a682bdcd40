/*
 * What a rule is, and the small readings of workflow data the rules share.
 * Rules read YAML, not the generator's model, so they also hold for
 * hand-edited files and for this repository's own workflows.
 */
import { fencedExpressions, parseExpression, type Expr } from "./expression";
import type { LintFinding, RuleId } from "./finding";
import { asRecord, isRecord, type JobView, type Position, type StepView, type WorkflowView } from "./workflow-view";

/** A finding before the checker adds the rule and file. */
export type RuleFinding = Omit<LintFinding, "rule" | "file">;

/** One rule: its id, what it requires in one line, and its check. */
export interface Rule {
  readonly id: RuleId;
  readonly summary: string;
  readonly check: (workflow: WorkflowView, options: LintOptions) => RuleFinding[];
}

/** What the checker may take as given about the repository. */
export interface LintOptions {
  /**
   * Environment names known to exist with protection rules. A job naming any
   * other gets a W9 finding: GitHub creates a missing environment unprotected.
   * @default the release channels, which the release system creates
   */
  readonly environments?: readonly string[];
  /**
   * Findings the caller accepts, each with the reason, matched by rule, file,
   * job and step. Only a caller can accept one (a workflow file cannot exempt
   * itself), and an acceptance that matches nothing is reported, so a fixed
   * finding cannot leave a stale exemption behind. @default none
   */
  readonly accepted?: readonly AcceptedFinding[];
}

/** A finding a caller accepts on purpose. */
export interface AcceptedFinding {
  readonly rule: string;
  readonly file: string;
  readonly job: string;
  readonly step: string;
  /** Why it stays: what it would take to fix, and why that is not possible yet. */
  readonly reason: string;
}

/** The job, step and position a finding is about; `key` narrows the position to one field of the step (or job). */
export function site(
  workflow: WorkflowView,
  job: JobView,
  step?: StepView,
  key?: string,
): Pick<RuleFinding, "job" | "step" | "at"> {
  const owner = step ?? job;
  const at = (key === undefined ? undefined : workflow.at(owner.raw, key)) ?? owner.position;
  return { job: job.id, ...(step === undefined ? {} : { step: step.label }), at };
}

/** The job, step and position of one line of a step's `run:` script (1-based within the script). */
export function scriptSite(
  workflow: WorkflowView,
  job: JobView,
  step: StepView,
  scriptLine: number,
): Pick<RuleFinding, "job" | "step" | "at"> {
  const where = site(workflow, job, step, "run");
  if (where.at === undefined) return where;
  return { ...where, at: { ...where.at, line: (where.at.valueLine ?? where.at.line) + scriptLine - 1 } };
}

/** A workflow-level finding's position: the top-level key it is about, when present. */
export function topLevel(workflow: WorkflowView, key: string): Pick<RuleFinding, "at"> {
  const at = workflow.at(workflow.raw, key);
  return at === undefined ? {} : { at };
}

/**
 * The action a `uses:` names, without `@ref`, lower-cased, with empty, `.`
 * and `..` path segments resolved, so `actions/checkout/.` is still
 * actions/checkout to every rule (W20 reports the spelling): `owner/repo[/path]`.
 */
export function actionOf(step: { readonly uses?: string }): string | undefined {
  const path = step.uses?.split("@")[0]?.toLowerCase();
  if (path === undefined || path.startsWith("./") || path.startsWith("$/") || path.startsWith("docker://")) return path;
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return segments.join("/");
}

/** Whether a step uses one of the actions (`owner/repo[/path]`, lower case). */
export function usesAction(step: StepView, ...actions: string[]): boolean {
  const action = actionOf(step);
  return action !== undefined && actions.includes(action);
}

/** A YAML true, written as a boolean or a string. */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** A YAML false, written as a boolean or a string. */
export function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

/** A scalar input as text; a mapping or list (not valid for these inputs) as empty text. */
export function text(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

/** Every string a job carries (env, with, run, if, ...), for text searches. */
export function jobText(job: JobView): string {
  return JSON.stringify(job.raw);
}

/** One string somewhere in a workflow, with the job and step it belongs to and where it is written. */
export interface StringValue {
  readonly value: string;
  /** The keys leading to it from the top of the file. */
  readonly path: readonly (string | number)[];
  readonly job?: JobView;
  readonly step?: StepView;
  readonly at?: Position;
  /** Set for a mapping key (an `env:` name, an input name) rather than a value. */
  readonly isKey?: true;
}

/** Every string value of a workflow, keys of mappings included (an `env:` name is a string the runner reads). */
function stringValues(workflow: WorkflowView): StringValue[] {
  const out: StringValue[] = [];
  const jobsById = new Map(workflow.jobs.map((job) => [job.id, job]));
  const visit = (value: unknown, path: (string | number)[], at: Position | undefined): void => {
    const job = path[0] === "jobs" && typeof path[1] === "string" ? jobsById.get(path[1]) : undefined;
    const step =
      job !== undefined && path[2] === "steps" && typeof path[3] === "number"
        ? job.steps.find((candidate) => candidate.index === path[3])
        : undefined;
    if (typeof value === "string") {
      out.push({ value, path, ...where(job, step, at) });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, [...path, index], workflow.at(value, index) ?? at);
      });
    } else if (isRecord(value)) {
      for (const [key, item] of Object.entries(value)) {
        const itemAt = workflow.at(value, key) ?? at;
        out.push({ value: key, path: [...path, key], isKey: true, ...where(job, step, itemAt) });
        visit(item, [...path, key], itemAt);
      }
    }
  };
  visit(workflow.raw, [], undefined);
  return out;
}

function where(job: JobView | undefined, step: StepView | undefined, at: Position | undefined): Partial<StringValue> {
  return {
    ...(job === undefined ? {} : { job }),
    ...(step === undefined ? {} : { step }),
    ...(at === undefined ? {} : { at }),
  };
}

/** Whether a string value is a job's or step's `if:`, which GitHub reads as an expression even without `${{ }}`. */
export function isCondition(path: readonly (string | number)[]): boolean {
  return (
    path.at(-1) === "if" &&
    ((path.length === 3 && path[0] === "jobs") || (path.length === 5 && path[0] === "jobs" && path[2] === "steps"))
  );
}

/** One parsed expression somewhere in a workflow. */
export interface ExpressionValue extends StringValue {
  readonly source: string;
  readonly expr: Expr;
}

const parsedExpressions = new WeakMap<WorkflowView, readonly ExpressionValue[]>();

/** Every expression of a workflow that parses: each `${{ }}`, and each bare `if:` condition. Parsed once per workflow. */
export function expressions(workflow: WorkflowView): readonly ExpressionValue[] {
  const cached = parsedExpressions.get(workflow);
  if (cached !== undefined) return cached;
  const parsed = stringValues(workflow).flatMap((value) => {
    const sources = fencedExpressions(value.value);
    if (sources.length === 0 && value.isKey !== true && isCondition(value.path) && value.value.trim() !== "")
      sources.push(value.value.trim());
    return sources.flatMap((source) => {
      const expr = parseExpression(source);
      return expr === undefined ? [] : [{ ...value, source, expr }];
    });
  });
  parsedExpressions.set(workflow, parsed);
  return parsed;
}

/** The finding fields for a string value: its job, step and position. */
export function siteOf(value: StringValue): Pick<RuleFinding, "job" | "step" | "at"> {
  return {
    ...(value.job === undefined ? {} : { job: value.job.id }),
    ...(value.step === undefined ? {} : { step: value.step.label }),
    ...(value.at === undefined ? {} : { at: value.at }),
  };
}

/** The `env:` a step runs with, step over job over workflow, as name to value. */
export function effectiveEnv(workflow: WorkflowView, job: JobView, step?: StepView): Record<string, unknown> {
  return { ...asRecord(workflow.raw.env), ...asRecord(job.raw.env), ...asRecord(step?.raw.env) };
}
