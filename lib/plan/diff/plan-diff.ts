/* Everything that differs between two plans of a stack, as data. */
import { fileChanges, type FileChange, type PlanFiles } from "./files";
import { teamMemberChanges, type TeamMembersChange } from "./members";
import { personChanges, type PersonAccessChange } from "./people";
import type { PlanJson } from "./plan-json";
import { resourceChanges, valueChanges, type ResourceChanges, type ValueChange } from "./resources";

/** Who gains and loses what: grants per person (the `access` output) and members per team (the TeamMembers resources). */
export interface AccessDiff {
  readonly people: readonly PersonAccessChange[];
  readonly teams: readonly TeamMembersChange[];
}

/** Everything that differs between two plans of a stack. */
export interface PlanDiff extends ResourceChanges {
  readonly project: string;
  readonly stack: string;
  readonly files: readonly FileChange[];
  readonly access: AccessDiff;
  /** Stack outputs other than `access`, by key path. */
  readonly outputs: readonly ValueChange[];
}

/**
 * What changes from `base` to `head`: resources by URN, their changed inputs
 * and options, the generated files (as each plan's `files/` tree holds them),
 * who gains and loses which grant and team membership, and other outputs.
 */
export function diffPlans(base: PlanJson, head: PlanJson, files: PlanFiles): PlanDiff {
  const { access: _baseAccess, ...baseOutputs } = base.outputs;
  const { access: _headAccess, ...headOutputs } = head.outputs;
  return {
    project: head.project,
    stack: head.stack,
    ...resourceChanges(base, head),
    files: fileChanges(files),
    access: { people: personChanges(base, head), teams: teamMemberChanges(base, head) },
    outputs: valueChanges(baseOutputs, headOutputs),
  };
}

/** Whether the two plans declare exactly the same things. */
export function isEmptyDiff(diff: PlanDiff): boolean {
  return (
    diff.added.length +
      diff.changed.length +
      diff.removed.length +
      diff.files.length +
      diff.access.people.length +
      diff.access.teams.length +
      diff.outputs.length ===
    0
  );
}
