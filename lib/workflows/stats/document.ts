/*
 * The part of a parsed GitHub Actions workflow file (any workflow, not only the
 * generated ones) that the pipeline statistics read, normalized once so the
 * rest never handles raw YAML: scalars become strings, `needs` and `runs-on`
 * become lists, absent maps become empty ones.
 * https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions
 */

/** String values of a `with:` or `env:` map. */
export type Values = Readonly<Record<string, string>>;

/** One step: an action (`uses`) or a script (`run`). */
export interface StepDoc {
  readonly uses?: string;
  readonly run?: string;
  readonly with: Values;
  readonly env: Values;
}

/** One job: runs steps on a runner, or calls a reusable workflow (`uses`). */
export interface JobDoc {
  readonly id: string;
  readonly needs: readonly string[];
  /** The `runs-on` labels (a string, a list, or the `labels` of a group object). */
  readonly runsOn: readonly string[];
  /** `strategy.matrix` as written: a map, or an expression string. */
  readonly matrix: unknown;
  readonly env: Values;
  readonly steps: readonly StepDoc[];
  /** The called workflow, e.g. `./.github/workflows/build.yml`. */
  readonly uses?: string;
  /** Inputs passed to the called workflow. */
  readonly with: Values;
}

/** A workflow file. */
export interface WorkflowDoc {
  readonly env: Values;
  /** Defaults of `on.workflow_call.inputs`. */
  readonly inputDefaults: Values;
  readonly jobs: readonly JobDoc[];
}

/** A workflow file that is not a map of jobs. */
export class WorkflowDocError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorkflowDocError";
  }
}

/** Normalizes the output of `YAML.parse` of a workflow file; `name` is used in errors. */
export function readWorkflow(parsed: unknown, name: string): WorkflowDoc {
  const doc = asMap(parsed);
  const jobs = asMap(doc.jobs);
  if (Object.keys(jobs).length === 0) throw new WorkflowDocError(`${name}: no jobs`);
  return {
    env: values(doc.env),
    inputDefaults: inputDefaults(asMap(asMap(asMap(doc.on).workflow_call).inputs)),
    jobs: Object.entries(jobs).map(([id, job]) => readJob(id, asMap(job))),
  };
}

function readJob(id: string, job: Record<string, unknown>): JobDoc {
  const strategy = asMap(job.strategy);
  const steps = Array.isArray(job.steps) ? job.steps.map((step) => readStep(asMap(step))) : [];
  return {
    id,
    needs: list(job.needs),
    runsOn: runsOn(job["runs-on"]),
    matrix: strategy.matrix,
    env: values(job.env),
    steps,
    with: values(job.with),
    ...(typeof job.uses === "string" ? { uses: job.uses } : {}),
  };
}

function readStep(step: Record<string, unknown>): StepDoc {
  return {
    with: values(step.with),
    env: values(step.env),
    ...(typeof step.uses === "string" ? { uses: step.uses } : {}),
    ...(typeof step.run === "string" ? { run: step.run } : {}),
  };
}

function runsOn(value: unknown): string[] {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return list(asMap(value).labels);
  return list(value);
}

function inputDefaults(inputs: Record<string, unknown>): Values {
  const defaults: Record<string, string> = {};
  for (const [key, input] of Object.entries(inputs)) {
    const value = scalar(asMap(input).default);
    if (value !== undefined) defaults[key] = value;
  }
  return defaults;
}

function asMap(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): string[] {
  const items: unknown[] = Array.isArray(value) ? value : [value];
  return items.map(scalar).filter((item) => item !== undefined);
}

function values(value: unknown): Values {
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(asMap(value))) {
    const text = scalar(item);
    if (text !== undefined) out[key] = text;
  }
  return out;
}

/** A YAML scalar as the runner sees it in a string context. */
export function scalar(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}
