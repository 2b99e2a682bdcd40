/*
 * What README.md's generated sections hold, each from its one source.
 */
import { OPERATIONS, PAT_LEVELS, type OperationContract } from "../../providers/dockerhub/client/credentials";
import { renderRoleTable } from "../access/roles";
import { systemTools, systemToolsTable } from "../workflows/project/system-tools";
import { configTable } from "./config";
import type { GeneratedSection } from "./sections";

/** The Docker Hub credentials table: every operation the program performs, and which credential may. */
export function dockerhubCredentialsTable(): string {
  const rows = Object.entries(OPERATIONS).map(([operation, c]: [string, OperationContract]) => {
    const documented = c.documented === true ? "yes" : `no: ${c.documented.why} (as ${c.documented.usedBy})`;
    const oat = c.oat === false ? "refused" : `\`${c.oat}\``;
    const pat = c.pat === false ? "refused" : `\`${c.pat}\``;
    return `| \`${operation}\` | \`${c.route}\` | ${documented} | ${oat} | ${pat} |`;
  });
  const contracts: OperationContract[] = Object.values(OPERATIONS);
  const scopes = [...new Set(contracts.flatMap((c) => (c.oat === false ? [] : [c.oat])))].sort();
  const levels = contracts.flatMap((c) => (c.oat === false && c.pat !== false ? [c.pat] : []));
  const level = PAT_LEVELS.findLast((l) => levels.includes(l)) ?? "repo:read";
  return [
    `The organization access token needs ${scopes.map((x) => `\`${x}\``).join(", ")}; the personal access token needs level \`${level}\` (an organization owner's).`,
    "",
    "| operation | route | documented | organization access token (scope) | personal access token (level) |",
    "|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}

/** README.md's generated sections, from the sources in the repository at `root`. */
export function readmeSections(root: string): GeneratedSection[] {
  return [
    { name: "system-tools", content: systemToolsTable(systemTools(root)) },
    { name: "dockerhub-credentials", content: dockerhubCredentialsTable() },
    { name: "role-table", content: `${renderRoleTable()}\n` },
    { name: "config-table", content: configTable() },
  ];
}
