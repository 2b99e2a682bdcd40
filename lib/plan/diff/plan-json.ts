/*
 * plan.json as the diff reads it: the fields `release-infra plan` writes
 * (renderPlanJson), checked before anything is compared.
 */

/** One resource as plan.json holds it (renderPlanJson): `read` and the options appear only when set. */
export interface PlannedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly read?: boolean;
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
  readonly dependsOn?: readonly string[];
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** A parsed plan.json. A `PlanDocument` (../model.ts) is one too. */
export interface PlanJson {
  readonly project: string;
  readonly stack: string;
  readonly resources: readonly PlannedResource[];
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** A plan that declares nothing: the base of a stack that did not exist yet. */
export function emptyPlan(project: string, stack: string): PlanJson {
  return { project, stack, resources: [], outputs: {} };
}

/** plan.json text that is not a plan. */
export class PlanJsonError extends Error {
  override name = "PlanJsonError";
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Parses plan.json text, checking the fields the diff reads; `where` names the file in errors. */
export function parsePlanJson(text: string, where: string): PlanJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new PlanJsonError(`${where} is not JSON: ${(err as Error).message}`);
  }
  if (
    !isRecord(raw) ||
    typeof raw.project !== "string" ||
    typeof raw.stack !== "string" ||
    !Array.isArray(raw.resources) ||
    !isRecord(raw.outputs)
  ) {
    throw new PlanJsonError(
      `${where} is not a plan: expected "project", "stack", "resources" and "outputs" as written by \`release-infra plan\``,
    );
  }
  raw.resources.forEach((r, i) => {
    if (
      !isRecord(r) ||
      typeof r.urn !== "string" ||
      typeof r.type !== "string" ||
      typeof r.name !== "string" ||
      !isRecord(r.inputs)
    ) {
      throw new PlanJsonError(`${where}: resources[${i}] needs a string urn, type and name and an inputs object`);
    }
  });
  return raw as unknown as PlanJson;
}
