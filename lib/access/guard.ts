import type { SafetyConfig } from "../config/schema";
import { grantKey, type Grant } from "./plan";

/** A login whose spelling changed only in case: GitHub logins are case-insensitive, so the same person. */
export interface LoginRename {
  readonly from: string;
  readonly to: string;
}

export interface RemovalReport {
  readonly previous: number;
  readonly removed: readonly Grant[];
  /** removed / previous, 0 when nothing was deployed before. */
  readonly share: number;
  /** People whose login changed only in case; none of their grants counts as removed. */
  readonly renamed: readonly LoginRename[];
}

/** Which of the last deployed grants the desired access would take away (grants compared by {@link grantKey}). */
export function removedGrants(previous: readonly Grant[], desired: readonly Grant[]): RemovalReport {
  const keep = new Set(desired.map(grantKey));
  const removed = previous.filter((g) => !keep.has(grantKey(g)));
  const spelledNow = new Map(desired.map((g) => [g.person.toLowerCase(), g.person]));
  const renamed = new Map<string, LoginRename>();
  for (const g of previous) {
    const to = spelledNow.get(g.person.toLowerCase());
    if (to !== undefined && to !== g.person) renamed.set(g.person, { from: g.person, to });
  }
  return {
    previous: previous.length,
    removed,
    share: previous.length === 0 ? 0 : removed.length / previous.length,
    renamed: [...renamed.values()].sort((a, b) => a.to.localeCompare(b.to)),
  };
}

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toString()}%`;

/**
 * The mass-removal guard (after Peribolos' `--confirm` and min-admins rails): a
 * change that removes more than `maxRemovalShare` of the grants deployed last
 * time fails unless `allowMassRemoval` is set. Returns the error text, or
 * undefined when the change may proceed. `previous` is undefined on the first
 * deployment, when there is nothing to lose.
 */
export function massRemovalProblem(
  previous: readonly Grant[] | undefined,
  desired: readonly Grant[],
  safety: SafetyConfig,
): string | undefined {
  if (previous === undefined || previous.length === 0) return undefined;
  const report = removedGrants(previous, desired);
  if (report.share <= safety.maxRemovalShare || safety.allowMassRemoval) return undefined;

  const byPerson = new Map<string, string[]>();
  for (const g of report.removed) {
    const list = byPerson.get(g.person) ?? [];
    list.push(g.grant);
    byPerson.set(g.person, list);
  }
  const who = [...byPerson.entries()].map(([person, grants]) => `    ${person}: ${grants.join(", ")}`);
  const renamed = report.renamed.map((r) => `${r.from} -> ${r.to}`).join(", ");
  return [
    `this change would remove ${report.removed.length} of the ${report.previous} grants deployed now (${pct(report.share)}), more than release-infra:safety.maxRemovalShare (${pct(safety.maxRemovalShare)}); nothing was changed.`,
    `  removed from ${byPerson.size} ${byPerson.size === 1 ? "person" : "people"}:`,
    ...who,
    ...(renamed === "" ? [] : [`  Not counted as removed: logins whose case changed, the same people (${renamed}).`]),
    `  If this is intended, allow it for this one change:`,
    `    pulumi config set --path safety.allowMassRemoval true && pulumi up`,
    `  then set it back with: pulumi config set --path safety.allowMassRemoval false`,
    `  If it is not, restore the missing release-infra:people entries.`,
  ].join("\n");
}
