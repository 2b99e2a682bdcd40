/*
 * Resources added, changed and removed between two plans, by URN (a rename
 * or a new parent is a removal plus an addition, as in Pulumi), with each
 * changed input and option by its path, and the changed stack outputs.
 */
import { isRecord, type PlanJson, type PlannedResource } from "./plan-json";

/** A resource by its identity. */
export interface ResourceRef {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** A read (StackReference and friends) creates nothing. */
  readonly read: boolean;
}

/** One changed value: an input (`path` like `members` or `imageScanningConfiguration.scanOnPush`), option or output. */
export interface ValueChange {
  readonly path: string;
  /** Absent when the value is new. */
  readonly before?: unknown;
  /** Absent when the value was removed. */
  readonly after?: unknown;
}

/** A resource whose URN is in both plans but whose inputs or options differ. */
export interface ChangedResource extends ResourceRef {
  readonly inputs: readonly ValueChange[];
  /** `protect`, `retainOnDelete`, `dependsOn`. */
  readonly options: readonly ValueChange[];
}

/** What differs between the resources of two plans, each list by URN. */
export interface ResourceChanges {
  readonly added: readonly ResourceRef[];
  readonly changed: readonly ChangedResource[];
  readonly removed: readonly ResourceRef[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Leaf changes between two values: plain objects are compared key by key
 * (paths joined with "."), anything else (arrays, scalars) as a whole.
 */
export function valueChanges(before: unknown, after: unknown, path = ""): ValueChange[] {
  if (same(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => {
      const sub = path === "" ? k : `${path}.${k}`;
      if (!(k in after)) return [{ path: sub, before: before[k] }];
      if (!(k in before)) return [{ path: sub, after: after[k] }];
      return valueChanges(before[k], after[k], sub);
    });
  }
  return [{ path, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) }];
}

const ref = (r: PlannedResource): ResourceRef => ({ urn: r.urn, type: r.type, name: r.name, read: r.read === true });

function optionsOf(r: PlannedResource): Record<string, unknown> {
  return {
    protect: r.protect === true,
    retainOnDelete: r.retainOnDelete === true,
    dependsOn: [...(r.dependsOn ?? [])].sort(),
  };
}

/** Resources added, changed (inputs or options) and removed from `base` to `head`. */
export function resourceChanges(base: PlanJson, head: PlanJson): ResourceChanges {
  const before = new Map(base.resources.map((r) => [r.urn, r]));
  const after = new Map(head.resources.map((r) => [r.urn, r]));
  const byUrn = (x: ResourceRef, y: ResourceRef) => x.urn.localeCompare(y.urn);
  const added = head.resources
    .filter((r) => !before.has(r.urn))
    .map(ref)
    .sort(byUrn);
  const removed = base.resources
    .filter((r) => !after.has(r.urn))
    .map(ref)
    .sort(byUrn);
  const changed = head.resources
    .flatMap((r): ChangedResource[] => {
      const old = before.get(r.urn);
      if (old === undefined) return [];
      const inputs = valueChanges(old.inputs, r.inputs);
      const options = valueChanges(optionsOf(old), optionsOf(r));
      return inputs.length === 0 && options.length === 0 ? [] : [{ ...ref(r), inputs, options }];
    })
    .sort(byUrn);
  return { added, changed, removed };
}
