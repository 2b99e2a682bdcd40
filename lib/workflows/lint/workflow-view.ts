/*
 * A workflow file read into plain data for the rules. Anchors and aliases are
 * resolved the way GitHub Actions reads them (a value reached through `*name`
 * is checked as if it were written there), and so are merge keys (`<<: *name`):
 * GitHub's parser (@actions/workflow-parser 0.3.61) accepts anchors and
 * aliases but refuses merge keys, yet a checker that skipped them would let a
 * merged mapping hide from every rule. Each value keeps its source position,
 * including the aliases it was reached through, so a finding can name the
 * line; and the comment after a scalar, which carries the tag of a pinned SHA
 * (W3, W22).
 */
import YAML from "yaml";

/** An alias a value was reached through. */
export interface AliasUse {
  /** The anchor's name, without `&` or `*`. */
  readonly name: string;
  /** Line of the `*name` reference. */
  readonly line: number;
  /** Line of the anchored value (`&name`). */
  readonly anchorLine: number;
}

/** Where a value is written. */
export interface Position {
  /** 1-based line: of the key for a mapping entry, of the item for a list entry. */
  readonly line: number;
  /** The aliases (and merge keys) the value was reached through, outermost first; empty when written in place. */
  readonly through: readonly AliasUse[];
  /** Trailing comment of a scalar value, without `#`. */
  readonly comment?: string;
  /** For a scalar value: the line its text starts on (the line after `|` or `>` for a block scalar). */
  readonly valueLine?: number;
}

/** A step as the rules see it. */
export interface StepView {
  /** The step's name, or `#<index>` (1-based) when it has none. */
  readonly label: string;
  /** 0-based index in the job's `steps:`. */
  readonly index: number;
  readonly raw: Readonly<Record<string, unknown>>;
  readonly uses?: string;
  /** Trailing comment of the `uses:` value, without `#`. */
  readonly usesComment?: string;
  readonly run?: string;
  readonly with: Readonly<Record<string, unknown>>;
  readonly position: Position;
}

/** A job as the rules see it. */
export interface JobView {
  readonly id: string;
  readonly raw: Readonly<Record<string, unknown>>;
  /** Job-level `uses:` of a reusable-workflow call. */
  readonly uses?: string;
  readonly usesComment?: string;
  readonly steps: readonly StepView[];
  readonly position: Position;
}

/** A workflow file as the rules see it. */
export interface WorkflowView {
  readonly file: string;
  readonly raw: Readonly<Record<string, unknown>>;
  readonly jobs: readonly JobView[];
  /** Where a value of the resolved data is written: `at(job.raw, "permissions")`, or `at(list, 2)`. */
  readonly at: (container: object, key: string | number) => Position | undefined;
}

/** The parse result: a view, or the parser's error messages. */
export type ParsedWorkflow =
  { readonly ok: true; readonly view: WorkflowView } | { readonly ok: false; readonly errors: readonly string[] };

// Aliases can expand exponentially ("billion laughs"); a workflow never needs more values than this.
const MAX_VALUES = 100_000;

class ResolveError extends Error {}

/** Turns YAML nodes into plain data, resolving aliases and merge keys and recording positions. */
class Resolver {
  readonly positions = new WeakMap<object, Map<string | number, Position>>();
  private values = 0;

  constructor(
    private readonly doc: YAML.Document.Parsed,
    private readonly lines: YAML.LineCounter,
  ) {}

  lineOf(node: YAML.Node | null | undefined, fallback: number): number {
    return node?.range === undefined || node.range === null ? fallback : this.lines.linePos(node.range[0]).line;
  }

  /** The plain value of a node, and the comment and first text line of the scalar it ends in. */
  convert(
    node: unknown,
    through: readonly AliasUse[],
    active: ReadonlySet<YAML.Node>,
  ): { value: unknown; comment?: string; valueLine?: number } {
    if (++this.values > MAX_VALUES) throw new ResolveError(`aliases expand to more than ${MAX_VALUES} values`);
    if (YAML.isAlias(node)) {
      const target = node.resolve(this.doc);
      if (target === undefined) throw new ResolveError(`alias *${node.source} has no anchor`);
      if (active.has(target)) throw new ResolveError(`alias *${node.source} refers to a value that contains it`);
      const resolved = this.convert(
        target,
        [...through, this.aliasUse(node, this.lineOf(node, 0))],
        new Set([...active, target]),
      );
      const comment = node.comment ?? undefined;
      return comment === undefined ? resolved : { ...resolved, comment: comment.trim() };
    }
    if (YAML.isScalar(node)) {
      const comment = node.comment ?? undefined;
      const block = node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED" ? 1 : 0;
      const valueLine = this.lineOf(node, 0) + block;
      return comment === undefined
        ? { value: node.value, valueLine }
        : { value: node.value, valueLine, comment: comment.trim() };
    }
    if (YAML.isMap(node)) return { value: this.map(node, through, active) };
    if (YAML.isSeq(node)) return { value: this.seq(node, through, active) };
    return { value: null };
  }

  private aliasUse(alias: YAML.Alias, line: number): AliasUse {
    return { name: alias.source, line, anchorLine: this.lineOf(alias.resolve(this.doc), line) };
  }

  private record(container: object, key: string | number, position: Position): void {
    let keyed = this.positions.get(container);
    if (keyed === undefined) {
      keyed = new Map();
      this.positions.set(container, keyed);
    }
    keyed.set(key, position);
  }

  private keyOf(key: unknown, through: readonly AliasUse[], active: ReadonlySet<YAML.Node>): string {
    if (key === null || key === undefined) return "";
    const { value } = this.convert(key, through, active);
    return typeof value === "string"
      ? value
      : typeof value === "object" && value !== null
        ? JSON.stringify(value)
        : String(value);
  }

  private map(
    node: YAML.YAMLMap,
    through: readonly AliasUse[],
    active: ReadonlySet<YAML.Node>,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const merges: unknown[] = [];
    for (const pair of node.items) {
      if (YAML.isScalar(pair.key) && pair.key.type === "PLAIN" && pair.key.value === "<<") {
        merges.push(...(YAML.isSeq(pair.value) ? pair.value.items : [pair.value]));
        continue;
      }
      const key = this.keyOf(pair.key, through, active);
      this.set(
        out,
        key,
        pair.value,
        { line: this.lineOf(pair.key as YAML.Node, this.lineOf(node, 0)), through },
        active,
      );
    }
    // Explicit keys win over merged ones; among merged mappings the first wins (the YAML merge key spec).
    for (const source of merges) {
      const merged = this.convert(source, through, active).value;
      if (typeof merged !== "object" || merged === null || Array.isArray(merged)) continue;
      const positions = this.positions.get(merged);
      for (const [key, value] of Object.entries(merged)) {
        if (Object.hasOwn(out, key)) continue;
        define(out, key, value);
        const position = positions?.get(key);
        if (position !== undefined) this.record(out, key, position);
      }
    }
    return out;
  }

  private set(
    out: Record<string, unknown>,
    key: string,
    valueNode: unknown,
    at: Position,
    active: ReadonlySet<YAML.Node>,
  ): void {
    const valueThrough = YAML.isAlias(valueNode) ? [...at.through, this.aliasUse(valueNode, at.line)] : at.through;
    const { value, comment, valueLine } = this.convert(valueNode, at.through, active);
    define(out, key, value);
    this.record(out, key, {
      line: at.line,
      through: valueThrough,
      ...(comment === undefined ? {} : { comment }),
      ...(valueLine === undefined ? {} : { valueLine }),
    });
  }

  private seq(node: YAML.YAMLSeq, through: readonly AliasUse[], active: ReadonlySet<YAML.Node>): unknown[] {
    const out: unknown[] = [];
    node.items.forEach((item, index) => {
      const line = this.lineOf(item as YAML.Node, this.lineOf(node, 0));
      const itemThrough = YAML.isAlias(item) ? [...through, this.aliasUse(item, line)] : through;
      const { value, comment } = this.convert(item, through, active);
      out.push(value);
      this.record(out, index, { line, through: itemThrough, ...(comment === undefined ? {} : { comment }) });
    });
    return out;
  }
}

/** Sets a key without invoking setters: a key named `__proto__` is data, not the prototype. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Parses workflow YAML text into a {@link WorkflowView}. */
export function parseWorkflowView(file: string, text: string): ParsedWorkflow {
  const lines = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) return { ok: false, errors: doc.errors.map((error) => error.message) };
  const resolver = new Resolver(doc, lines);
  let raw: unknown;
  try {
    raw = resolver.convert(doc.contents, [], new Set()).value;
  } catch (error) {
    if (error instanceof ResolveError) return { ok: false, errors: [error.message] };
    throw error;
  }
  if (!isRecord(raw)) return { ok: false, errors: ["the file is not a YAML mapping"] };
  const at = (container: object, key: string | number): Position | undefined =>
    resolver.positions.get(container)?.get(key);
  const top: Position = { line: 1, through: [] };
  const jobsRecord = asRecord(raw.jobs);
  const jobs = Object.entries(jobsRecord)
    .filter(([, job]) => isRecord(job))
    .map(([id, job]) => jobView(id, job as Record<string, unknown>, at(jobsRecord, id) ?? top, at));
  return { ok: true, view: { file, raw, jobs, at } };
}

function jobView(id: string, raw: Record<string, unknown>, position: Position, at: WorkflowView["at"]): JobView {
  const steps: StepView[] = [];
  if (Array.isArray(raw.steps)) {
    const list = raw.steps;
    list.forEach((step: unknown, index) => {
      if (isRecord(step)) steps.push(stepView(index, step, at(list, index) ?? position, at));
    });
  }
  return { id, raw, steps, position, ...usesOf(raw, at) };
}

function stepView(index: number, raw: Record<string, unknown>, position: Position, at: WorkflowView["at"]): StepView {
  const name = typeof raw.name === "string" && raw.name !== "" ? raw.name : `#${index + 1}`;
  return {
    label: name,
    index,
    raw,
    position,
    ...usesOf(raw, at),
    ...(typeof raw.run === "string" ? { run: raw.run } : {}),
    with: asRecord(raw.with),
  };
}

function usesOf(raw: Record<string, unknown>, at: WorkflowView["at"]): { uses?: string; usesComment?: string } {
  if (typeof raw.uses !== "string") return {};
  const comment = at(raw, "uses")?.comment;
  return { uses: raw.uses, ...(comment === undefined ? {} : { usesComment: comment }) };
}

/** Whether a value is a plain object (a YAML mapping). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A mapping as a record; anything else as an empty record. */
export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}
