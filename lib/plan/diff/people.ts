/*
 * What each person gains and loses, from the `access` outputs (grants per
 * person). People are their GitHub logins, compared case-insensitively as the
 * mass-removal guard compares them (grantKey): `Alice` becoming `alice` is
 * the same person renamed, not one leaving and another joining.
 */
import { grantKey, type Grant } from "../../access/plan";
import { isRecord, type PlanJson } from "./plan-json";

/** What one person gains and loses. */
export interface PersonAccessChange {
  /** Their login as the head spells it (the base's when they leave). */
  readonly person: string;
  /** Their login as the base spelled it, when only its case changed. */
  readonly renamedFrom?: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** In the head's access list but not the base's. */
  readonly onboarded: boolean;
  /** In the base's access list but not the head's. */
  readonly offboarded: boolean;
}

/** The `access` output as grants; anything else (masked, missing) as none. */
function grantsOf(plan: PlanJson): Grant[] {
  const access = plan.outputs.access;
  if (!Array.isArray(access)) return [];
  return access.filter((g): g is Grant => isRecord(g) && typeof g.person === "string" && typeof g.grant === "string");
}

/** Each person whose grants or login spelling differ from `base` to `head`, by login. */
export function personChanges(base: PlanJson, head: PlanJson): PersonAccessChange[] {
  const before = grantsOf(base);
  const after = grantsOf(head);
  const beforeKeys = new Set(before.map(grantKey));
  const afterKeys = new Set(after.map(grantKey));
  const person = (g: Grant) => g.person.toLowerCase();
  const spelling = (grants: Grant[]) => new Map(grants.map((g) => [person(g), g.person]));
  const was = spelling(before);
  const is = spelling(after);
  const grants = (list: Grant[], key: string) =>
    list
      .filter((g) => person(g) === key)
      .map((g) => g.grant)
      .sort();
  const gained = after.filter((g) => !beforeKeys.has(grantKey(g)));
  const lost = before.filter((g) => !afterKeys.has(grantKey(g)));
  const renamed = [...is].filter(([key, login]) => was.has(key) && was.get(key) !== login).map(([key]) => key);
  const keys = new Set([...gained.map(person), ...lost.map(person), ...renamed]);
  return [...keys].sort().map((key) => {
    const from = was.get(key);
    const to = is.get(key);
    return {
      person: (to ?? from)!,
      ...(from !== undefined && to !== undefined && from !== to ? { renamedFrom: from } : {}),
      added: grants(gained, key),
      removed: grants(lost, key),
      onboarded: from === undefined,
      offboarded: to === undefined,
    };
  });
}
