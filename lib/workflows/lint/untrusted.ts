/*
 * Which values an outsider can choose: the contexts and default variables
 * zizmor's template-injection and github-env audits treat as attacker
 * controllable, followed through `env.*`, step outputs and job outputs. The
 * event fields listed as fixed are those of zizmor's context-capabilities
 * table that are ids, numbers, SHAs, dates and flags; everything else under
 * `github.event` (titles, bodies, branch names, labels, URLs) is free text.
 * https://docs.zizmor.sh/audits/#template-injection
 * https://securitylab.github.com/resources/github-actions-untrusted-input/
 */
import { contextsRead, fencedExpressions, parseExpression } from "./expression";
import { effectiveEnv, usesAction } from "./rule";
import {
  assignmentsTo,
  checkedAgainstPattern,
  environmentFileWrites,
  expandsIndirectly,
  variablesExpanded,
} from "./script";
import { asRecord, type JobView, type StepView, type WorkflowView } from "./workflow-view";

// github.* contexts that are not free text (GitHub logins are letters, digits, hyphens and "[bot]").
const FIXED_GITHUB = new Set([
  "github.action",
  "github.action_path",
  "github.action_ref",
  "github.action_repository",
  "github.actor",
  "github.actor_id",
  "github.api_url",
  "github.env",
  "github.event_name",
  "github.event_path",
  "github.graphql_url",
  "github.job",
  "github.output",
  "github.path",
  "github.ref_protected",
  "github.ref_type",
  "github.repository",
  "github.repository_id",
  "github.repository_owner",
  "github.repository_owner_id",
  "github.repositoryurl",
  "github.retention_days",
  "github.run_attempt",
  "github.run_id",
  "github.run_number",
  "github.server_url",
  "github.sha",
  "github.step_summary",
  "github.token",
  "github.triggering_actor",
  "github.workflow",
  "github.workflow_ref",
  "github.workflow_sha",
  "github.workspace",
]);

// Last segments of github.event.* fields that are not free text.
const FIXED_EVENT_FIELDS = new Set([
  "id",
  "node_id",
  "number",
  "sha",
  "before",
  "after",
  "created_at",
  "updated_at",
  "closed_at",
  "merged_at",
  "pushed_at",
  "submitted_at",
  "author_association",
  "site_admin",
  "deleted",
  "created",
  "forced",
  "draft",
  "merged",
  "private",
  "fork",
  "size",
  "state",
  "commits",
  "additions",
  "deletions",
  "changed_files",
  "run_attempt",
  "run_number",
  "workflow_id",
  "check_suite_id",
]);

// GitHub's default variables that carry free text (the names of branches and tags, the event payload's file).
const UNTRUSTED_DEFAULTS: Readonly<Record<string, string>> = {
  GITHUB_HEAD_REF: "github.head_ref",
  GITHUB_BASE_REF: "github.base_ref",
  GITHUB_REF: "github.ref",
  GITHUB_REF_NAME: "github.ref_name",
  GITHUB_EVENT_PATH: "the event payload ($GITHUB_EVENT_PATH)",
};

// Actions whose outputs carry text from the triggering event or the pull request's files.
const UNTRUSTED_OUTPUT_ACTIONS = [
  "tj-actions/changed-files",
  "dorny/paths-filter",
  "peter-evans/find-comment",
  "xt0rted/pull-request-comment-branch",
  "actions/github-script",
];

// Input types whose values cannot carry text.
const FIXED_INPUT_TYPES = new Set(["boolean", "number", "choice", "environment"]);

/** Where an expression or script is evaluated: its workflow, job and (for step fields) step. */
export interface Scope {
  readonly workflow: WorkflowView;
  readonly job: JobView;
  readonly step?: StepView;
}

function inputType(workflow: WorkflowView, name: string): string | undefined {
  const on = asRecord(workflow.raw.on);
  for (const trigger of ["workflow_dispatch", "workflow_call"]) {
    const input = asRecord(asRecord(asRecord(on[trigger]).inputs)[name]);
    if (typeof input.type === "string") return input.type;
  }
  return undefined;
}

class Tracer {
  private readonly seen = new Set<string>();

  /** The first untrusted source of a context read in `scope`, or undefined. */
  context(path: string, scope: Scope): string | undefined {
    const parts = path.split(".");
    const [root, second, third, fourth] = parts;
    if (root === "github") {
      if (path === "github.event" || path.startsWith("github.event.")) {
        if (second === "event" && third === "inputs" && fourth !== undefined) return this.input(fourth, path, scope);
        const last = parts.at(-1) ?? "";
        return path !== "github.event" && FIXED_EVENT_FIELDS.has(last) ? undefined : path;
      }
      return FIXED_GITHUB.has(path) ? undefined : path;
    }
    if (root === "inputs") return second === undefined ? path : this.input(second, path, scope);
    if (root === "env" && second !== undefined) return this.variable(second, scope, true);
    if (root === "steps" && second !== undefined && third === "outputs") return this.stepOutputs(second, scope);
    if (root === "needs" && second !== undefined && third === "outputs") return this.jobOutput(second, fourth, scope);
    if (root === "matrix") {
      const matrix = asRecord(scope.job.raw.strategy).matrix;
      return typeof matrix === "string" ? this.value(matrix, scope) : undefined;
    }
    return undefined;
  }

  private input(name: string, path: string, scope: Scope): string | undefined {
    const type = inputType(scope.workflow, name);
    return type !== undefined && FIXED_INPUT_TYPES.has(type) ? undefined : path;
  }

  /** The first untrusted source among the expressions of a value (env binding, output, matrix). */
  value(value: string, scope: Scope): string | undefined {
    for (const source of fencedExpressions(value)) {
      const expr = parseExpression(source);
      // An expression GitHub cannot parse never runs; one this reader cannot parse is assumed untrusted.
      if (expr === undefined) return `\${{ ${source.trim()} }}`;
      for (const path of contextsRead(expr)) {
        const found = this.once(`${scope.job.id}/${scope.step?.index ?? "-"}/${path}`, () => this.context(path, scope));
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  /**
   * The untrusted source a variable carries in `scope`: its `env:` binding, or
   * what GitHub sets by default. Shell names are exact; the `env` context of
   * an expression ignores case and holds no default variables.
   */
  variable(name: string, scope: Scope, fromExpression = false): string | undefined {
    const env = effectiveEnv(scope.workflow, scope.job, scope.step);
    const binding = Object.entries(env).find(([key]) =>
      fromExpression ? key.toLowerCase() === name.toLowerCase() : key === name,
    );
    if (binding !== undefined) return typeof binding[1] === "string" ? this.value(binding[1], scope) : undefined;
    return fromExpression ? undefined : UNTRUSTED_DEFAULTS[name];
  }

  private stepOutputs(id: string, scope: Scope): string | undefined {
    const step = scope.job.steps.find(
      (candidate) => typeof candidate.raw.id === "string" && candidate.raw.id.toLowerCase() === id,
    );
    if (step === undefined) return undefined;
    if (step.uses !== undefined)
      return usesAction(step, ...UNTRUSTED_OUTPUT_ACTIONS) ? `the outputs of ${step.uses.split("@")[0]}` : undefined;
    if (step.run === undefined) return undefined;
    const stepScope = { workflow: scope.workflow, job: scope.job, step };
    return this.once(`${scope.job.id}/${step.index}/outputs`, () => {
      const write = environmentFileWrites(step.run ?? "").find(
        (candidate) => candidate.file === "GITHUB_OUTPUT" && this.script(candidate.text, stepScope) !== undefined,
      );
      return write === undefined ? undefined : `the outputs of step "${step.label}"`;
    });
  }

  private jobOutput(id: string, name: string | undefined, scope: Scope): string | undefined {
    const job = scope.workflow.jobs.find((candidate) => candidate.id.toLowerCase() === id);
    if (job === undefined || name === undefined) return undefined;
    const output = Object.entries(asRecord(job.raw.outputs)).find(([key]) => key.toLowerCase() === name)?.[1];
    return typeof output === "string" ? this.value(output, { workflow: scope.workflow, job }) : undefined;
  }

  /** The first untrusted source a piece of script expands: `${{ }}`, variables, or every variable at once. */
  script(text: string, scope: Scope): string | undefined {
    const inline = this.value(text, scope);
    if (inline !== undefined) return inline;
    if (expandsIndirectly(text)) {
      const env = effectiveEnv(scope.workflow, scope.job, scope.step);
      const names = [...Object.keys(env), ...Object.keys(UNTRUSTED_DEFAULTS)];
      for (const name of names) {
        const found = this.variable(name, scope);
        if (found !== undefined) return found;
      }
    }
    for (const name of variablesExpanded(text)) {
      const found = this.variable(name, scope) ?? this.shellVariable(name, scope);
      if (found !== undefined) return `$${name} (${found})`;
    }
    return undefined;
  }

  /** The untrusted source of a variable the step's script assigns itself, unless it checks the value against a pattern. */
  private shellVariable(name: string, scope: Scope): string | undefined {
    const script = scope.step?.run;
    if (script === undefined || checkedAgainstPattern(script, name)) return undefined;
    return this.once(`${scope.job.id}/${scope.step?.index ?? "-"}/$${name}`, () => {
      for (const source of assignmentsTo(script, name)) {
        const found = this.script(source, scope);
        if (found !== undefined) return found;
      }
      return undefined;
    });
  }

  // Guards against cycles: a job output that reads itself through needs, a variable assigned from itself.
  private once(key: string, compute: () => string | undefined): string | undefined {
    if (this.seen.has(key)) return undefined;
    this.seen.add(key);
    try {
      return compute();
    } finally {
      this.seen.delete(key);
    }
  }
}

/** The first untrusted value a piece of a step's script expands, named for a message; undefined when all are trusted. */
export function untrustedInScript(text: string, scope: Scope): string | undefined {
  return new Tracer().script(text, scope);
}
