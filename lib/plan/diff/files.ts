/* The generated files that differ between two plans, each as a unified diff. */
import type { GeneratedFile } from "../model";
import { unifiedDiff } from "./unified";

/** A generated file that differs between the plans. */
export interface FileChange {
  readonly path: string;
  readonly status: "added" | "removed" | "changed";
  /** Unified diff, `a/<path>` to `b/<path>`; for an added file every line is `+`. */
  readonly diff: string;
}

/** The generated files of each side, as the plans' `files/` trees hold them. */
export interface PlanFiles {
  readonly base: readonly GeneratedFile[];
  readonly head: readonly GeneratedFile[];
}

/** Each file added, removed or changed from `base` to `head`, by path. */
export function fileChanges({ base, head }: PlanFiles): FileChange[] {
  const before = new Map(base.map((f) => [f.path, f.content]));
  const after = new Map(head.map((f) => [f.path, f.content]));
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  return paths.flatMap((path): FileChange[] => {
    const a = before.get(path);
    const b = after.get(path);
    if (a === b) return [];
    const status = a === undefined ? "added" : b === undefined ? "removed" : "changed";
    const diff = unifiedDiff(a ?? "", b ?? "", {
      oldName: a === undefined ? "/dev/null" : `a/${path}`,
      newName: b === undefined ? "/dev/null" : `b/${path}`,
    });
    return [{ path, status, diff }];
  });
}
