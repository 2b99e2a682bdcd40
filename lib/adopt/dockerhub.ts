/*
 * Docker Hub: the declared repositories, teams, team members and team
 * permissions against what the namespace has. Each create adopts what exists
 * (providers/dockerhub/operations.ts), so nothing here needs an import.
 */
import { DOCKERHUB } from "../resource-types";
import type { PlanDocument } from "../plan/model";
import type { ExistingDockerHub } from "./dump";
import type { Comparator, UnmanagedEntry } from "./report";
import { describeTagCounts } from "./tags";
import { compareField, compareSet, str, strings } from "./values";

/** Immutable-tag settings as a rule list, as the provider reads them back: enabled with no rules is every tag. */
function liveRules(repo: ExistingDockerHub["repositories"][number]): string[] | undefined {
  if (repo.immutableTags === undefined) return undefined;
  if (!repo.immutableTags.enabled) return [];
  return repo.immutableTags.rules.length === 0 ? [".*"] : [...repo.immutableTags.rules];
}

const repoOf = (hub: ExistingDockerHub, name: string) => hub.repositories.find((r) => r.name === name);
const teamOf = (hub: ExistingDockerHub, name: string) => hub.teams.find((t) => t.name === name);

export const DOCKERHUB_COMPARATORS: Readonly<Record<string, Comparator>> = {
  [DOCKERHUB.repository]: {
    service: "dockerhub",
    kind: "repository",
    key: (r) => `${str(r.inputs.namespace)}/${str(r.inputs.name)}`,
    find: (r, { existing }) => {
      const live = repoOf(existing.dockerhub, str(r.inputs.name));
      if (live === undefined) return undefined;
      const rules = liveRules(live);
      return {
        differences: [
          ...compareField("description", live.description, str(r.inputs.description)),
          ...(r.inputs.fullDescription === undefined || live.fullDescription === undefined
            ? []
            : compareField("fullDescription", live.fullDescription, r.inputs.fullDescription)),
          ...compareField("isPrivate", live.isPrivate, r.inputs.isPrivate === true),
          ...(rules === undefined ? [] : compareSet("immutableTagRules", rules, strings(r.inputs.immutableTagRules))),
        ],
        notes: live.tags === undefined ? [] : [describeTagCounts(live.tags)],
      };
    },
  },
  [DOCKERHUB.team]: {
    service: "dockerhub",
    kind: "team",
    key: (r) => `${str(r.inputs.org)}/${str(r.inputs.name)}`,
    find: (r, { existing }) => {
      const live = teamOf(existing.dockerhub, str(r.inputs.name));
      return live === undefined
        ? undefined
        : { differences: compareField("description", live.description, str(r.inputs.description)) };
    },
  },
  [DOCKERHUB.teamMembers]: {
    service: "dockerhub",
    kind: "team members",
    key: (r) => `${str(r.inputs.org)}/${str(r.inputs.team)}`,
    find: (r, { existing }) => {
      const live = teamOf(existing.dockerhub, str(r.inputs.team));
      if (live === undefined) return undefined;
      // An invited person counts as a member until they accept, as the provider reads it.
      return {
        differences: compareSet("members", [...live.members, ...live.invited], strings(r.inputs.members)),
        notes: live.invited.length === 0 ? [] : [`invited, not accepted yet: ${[...live.invited].sort().join(", ")}`],
      };
    },
  },
  [DOCKERHUB.teamPermission]: {
    service: "dockerhub",
    kind: "team permission",
    key: (r) => `${str(r.inputs.namespace)}/${str(r.inputs.repository)}:${str(r.inputs.team)}`,
    find: (r, { existing }) => {
      const live = existing.dockerhub.permissions.find(
        (p) => p.repository === str(r.inputs.repository) && p.team === str(r.inputs.team),
      );
      return live === undefined
        ? undefined
        : { differences: compareField("permission", live.permission, r.inputs.permission) };
    },
  },
};

/** What the namespace has that the stack does not declare: other repositories, teams and their grants. */
export function dockerhubUnmanaged(doc: PlanDocument, hub: ExistingDockerHub): UnmanagedEntry[] {
  const declared = (type: string, field: string) =>
    new Set(doc.resources.filter((r) => r.type === type && !r.read).map((r) => str(r.inputs[field])));
  const repositories = declared(DOCKERHUB.repository, "name");
  const teams = declared(DOCKERHUB.team, "name");
  const ns = hub.namespace;
  return [
    ...hub.repositories
      .filter((r) => !repositories.has(r.name))
      .map((r) => ({ service: "dockerhub" as const, kind: "repository", key: `${ns}/${r.name}` })),
    ...hub.teams
      .filter((t) => !teams.has(t.name))
      .map((t) => ({
        service: "dockerhub" as const,
        kind: "team",
        key: `${ns}/${t.name}`,
        note: `${t.members.length} member${t.members.length === 1 ? "" : "s"}`,
      })),
    ...hub.permissions
      .filter((p) => !teams.has(p.team))
      .map((p) => ({
        service: "dockerhub" as const,
        kind: "team permission",
        key: `${ns}/${p.repository}:${p.team}`,
        note: p.permission,
      })),
  ];
}
