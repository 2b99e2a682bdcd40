/*
 * A rendered (or hand-written) workflow file read into plain data for the
 * rules, keeping the one thing plain data loses: the comment after each
 * `uses:` value, which carries the tag of a pinned SHA (W3).
 */
import YAML from "yaml";

/** A step as the rules see it. */
export interface StepView {
  /** The step's name, or `#<index>` (1-based) when it has none. */
  readonly label: string;
  readonly raw: Readonly<Record<string, unknown>>;
  readonly uses?: string;
  /** Trailing comment of the `uses:` value, without `#`. */
  readonly usesComment?: string;
  readonly run?: string;
  readonly with: Readonly<Record<string, unknown>>;
}

/** A job as the rules see it. */
export interface JobView {
  readonly id: string;
  readonly raw: Readonly<Record<string, unknown>>;
  /** Job-level `uses:` of a reusable-workflow call. */
  readonly uses?: string;
  readonly usesComment?: string;
  readonly steps: readonly StepView[];
}

/** A workflow file as the rules see it. */
export interface WorkflowView {
  readonly file: string;
  readonly raw: Readonly<Record<string, unknown>>;
  readonly jobs: readonly JobView[];
}

/** The parse result: a view, or the parser's error messages. */
export type ParsedWorkflow =
  { readonly ok: true; readonly view: WorkflowView } | { readonly ok: false; readonly errors: readonly string[] };

/** Parses workflow YAML text into a {@link WorkflowView}. */
export function parseWorkflowView(file: string, text: string): ParsedWorkflow {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) return { ok: false, errors: doc.errors.map((error) => error.message) };
  const raw: unknown = doc.toJS();
  if (!isRecord(raw)) return { ok: false, errors: ["the file is not a YAML mapping"] };
  const jobsNode = doc.get("jobs", true);
  const jobs: JobView[] = [];
  if (YAML.isMap(jobsNode)) {
    for (const pair of jobsNode.items) {
      const id = YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (!YAML.isMap(pair.value)) continue;
      jobs.push(jobView(id, pair.value));
    }
  }
  return { ok: true, view: { file, raw, jobs } };
}

function jobView(id: string, node: YAML.YAMLMap): JobView {
  const raw = asRecord(node.toJSON());
  const steps: StepView[] = [];
  const stepsNode = node.get("steps", true);
  if (YAML.isSeq(stepsNode)) {
    stepsNode.items.forEach((item, index) => {
      if (YAML.isMap(item)) steps.push(stepView(index, item));
    });
  }
  const uses = usesOf(node);
  return { id, raw, steps, ...uses };
}

function stepView(index: number, node: YAML.YAMLMap): StepView {
  const raw = asRecord(node.toJSON());
  const name = typeof raw.name === "string" && raw.name !== "" ? raw.name : `#${index + 1}`;
  return {
    label: name,
    raw,
    ...usesOf(node),
    ...(typeof raw.run === "string" ? { run: raw.run } : {}),
    with: asRecord(raw.with),
  };
}

function usesOf(node: YAML.YAMLMap): { uses?: string; usesComment?: string } {
  const value = node.get("uses", true);
  if (!YAML.isScalar(value)) return {};
  return {
    uses: String(value.value),
    ...(value.comment === undefined || value.comment === null ? {} : { usesComment: value.comment.trim() }),
  };
}

/** Whether a value is a plain object (a YAML mapping). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A mapping as a record; anything else as an empty record. */
export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}
