/**
 * Inputs and outputs of the Docker Hub dynamic resources, and the pure halves
 * of their providers: `check` (validate and normalize) and `diff`. No API calls
 * here; ./operations.ts holds the halves that talk to Docker Hub.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  HUB_DESCRIPTION_MAX,
  HUB_FULL_DESCRIPTION_MAX,
  HUB_PERMISSION_VALUES,
  HUB_TEAM_DESCRIPTION_MAX,
  immutableRuleProblem,
  namespaceProblem,
  repositoryNameProblem,
  teamNameProblem,
  usernameProblem,
  type HubPermissionValue,
} from "../../lib/dockerhub/names";

/**
 * The value the engine sends for an input not known yet (during preview): the
 * SDK's `runtime/rpc` `unknownValue`. `pulumi.isUnknown` does not apply here:
 * the dynamic provider host hands `check` and `diff` plain deserialized values.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The key the SDK stores the serialized provider under; never an input of ours. */
const PROVIDER_KEY = "__provider";

/** A `dockerhub:Repository`. */
export interface RepositoryProps {
  readonly namespace: string;
  readonly name: string;
  /** Short description, at most 100 characters. */
  readonly description: string;
  /** Overview (Markdown), at most 25,000 characters; absent = leave Docker Hub's as it is. */
  readonly fullDescription?: string;
  readonly isPrivate: boolean;
  /** Regular expressions of the tags that are immutable; `[]` turns immutability off. */
  readonly immutableTagRules: readonly string[];
  /** Whether `delete` may delete the repository and every image in it. */
  readonly allowDelete: boolean;
}

/** A `dockerhub:Team`. */
export interface TeamProps {
  readonly org: string;
  readonly name: string;
  readonly description: string;
}

/** A team's outputs: its inputs and the numeric id repository permissions refer to. */
export interface TeamOutputs extends TeamProps {
  readonly teamId: number;
}

/** A `dockerhub:TeamMembers`: the team's whole member list. */
export interface TeamMembersProps {
  readonly org: string;
  readonly team: string;
  /** Docker IDs, sorted and without duplicates after `check`. */
  readonly members: readonly string[];
}

/** A `dockerhub:RepositoryTeamPermission`. */
export interface TeamPermissionProps {
  readonly namespace: string;
  readonly repository: string;
  /** Team name; its id is looked up in the namespace (the organization). */
  readonly team: string;
  readonly permission: HubPermissionValue;
}

/** A permission's outputs: its inputs and the team id found. */
export interface TeamPermissionOutputs extends TeamPermissionProps {
  readonly teamId: number;
}

type Bag = Record<string, unknown>;

/** How one input is checked. */
interface FieldRule {
  readonly kind: "string" | "boolean" | "strings";
  /** Used when the input is absent; a field without one is required unless `optional`. */
  readonly fallback?: unknown;
  readonly optional?: boolean;
  /** Why a (known) value is invalid. */
  readonly problem?: (value: never) => string | undefined;
  readonly normalize?: (value: never) => unknown;
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string" || item === UNKNOWN);

function kindProblem(rule: FieldRule, value: unknown): string | undefined {
  switch (rule.kind) {
    case "string":
      return typeof value === "string" ? undefined : `must be a string, got ${JSON.stringify(value)}`;
    case "boolean":
      return typeof value === "boolean" ? undefined : `must be true or false, got ${JSON.stringify(value)}`;
    case "strings":
      return isStringList(value) ? undefined : `must be a list of strings, got ${JSON.stringify(value)}`;
  }
}

/**
 * Checks `news` against `rules`: every problem is a failure naming its
 * property; defaults are filled in; values not known yet pass through as they
 * are (preview), since only the engine can tell what they will be.
 */
function checkFields(type: string, news: Bag, rules: Readonly<Record<string, FieldRule>>): pulumi.dynamic.CheckResult {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const inputs: Bag = {};
  for (const key of Object.keys(news)) {
    if (key !== PROVIDER_KEY && !(key in rules))
      failures.push({
        property: key,
        reason: `${type} has no input "${key}"; its inputs are ${Object.keys(rules).join(", ")}`,
      });
  }
  for (const [key, rule] of Object.entries(rules)) {
    let value = news[key];
    if (value === undefined) {
      if (rule.fallback !== undefined) value = rule.fallback;
      else if (rule.optional === true) continue;
      else {
        failures.push({ property: key, reason: `${type} requires "${key}"` });
        continue;
      }
    }
    if (value === UNKNOWN) {
      inputs[key] = value;
      continue;
    }
    const problem = kindProblem(rule, value) ?? rule.problem?.(value as never);
    if (problem !== undefined) failures.push({ property: key, reason: `${type} ${key}: ${problem}` });
    inputs[key] = rule.normalize === undefined ? value : rule.normalize(value as never);
  }
  return failures.length > 0 ? { inputs, failures } : { inputs };
}

const maxLength = (max: number) => (value: string) =>
  value.length > max ? `has ${value.length} characters; Docker Hub allows at most ${max}` : undefined;

/** Problems of each item of a list, or of unknown items (which pass). */
function eachItem(problemOf: (item: string) => string | undefined) {
  return (items: string[]): string | undefined => {
    const problems = items.flatMap((item, index) => {
      if (item === UNKNOWN) return [];
      const problem = problemOf(item);
      return problem === undefined ? [] : [`[${index}] ${problem}`];
    });
    return problems.length > 0 ? problems.join("; ") : undefined;
  };
}

/** Sorted, without duplicates: order never matters for sets of names. */
const sortedSet = (items: string[]): string[] => [...new Set(items)].sort();

const REPOSITORY_RULES: Readonly<Record<string, FieldRule>> = {
  namespace: { kind: "string", problem: namespaceProblem },
  name: { kind: "string", problem: repositoryNameProblem },
  description: { kind: "string", fallback: "", problem: maxLength(HUB_DESCRIPTION_MAX) },
  fullDescription: { kind: "string", optional: true, problem: maxLength(HUB_FULL_DESCRIPTION_MAX) },
  isPrivate: { kind: "boolean", fallback: false },
  immutableTagRules: { kind: "strings", fallback: [], problem: eachItem(immutableRuleProblem) },
  allowDelete: { kind: "boolean", fallback: false },
};

const TEAM_RULES: Readonly<Record<string, FieldRule>> = {
  org: { kind: "string", problem: namespaceProblem },
  name: { kind: "string", problem: teamNameProblem },
  description: { kind: "string", fallback: "", problem: maxLength(HUB_TEAM_DESCRIPTION_MAX) },
};

const TEAM_MEMBERS_RULES: Readonly<Record<string, FieldRule>> = {
  org: { kind: "string", problem: namespaceProblem },
  team: { kind: "string", problem: teamNameProblem },
  members: {
    kind: "strings",
    fallback: [],
    problem: eachItem(usernameProblem),
    normalize: (items: string[]) => (items.includes(UNKNOWN) ? items : sortedSet(items)),
  },
};

const permissionProblem = (value: string) =>
  (HUB_PERMISSION_VALUES as readonly string[]).includes(value)
    ? undefined
    : `${JSON.stringify(value)} is not a permission; use one of ${HUB_PERMISSION_VALUES.join(", ")}`;

const TEAM_PERMISSION_RULES: Readonly<Record<string, FieldRule>> = {
  namespace: { kind: "string", problem: namespaceProblem },
  repository: { kind: "string", problem: repositoryNameProblem },
  team: { kind: "string", problem: teamNameProblem },
  permission: { kind: "string", problem: permissionProblem },
};

export const checkRepository = (news: Bag) => checkFields("dockerhub:Repository", news, REPOSITORY_RULES);
export const checkTeam = (news: Bag) => checkFields("dockerhub:Team", news, TEAM_RULES);
export const checkTeamMembers = (news: Bag) => checkFields("dockerhub:TeamMembers", news, TEAM_MEMBERS_RULES);
export const checkTeamPermission = (news: Bag) =>
  checkFields("dockerhub:RepositoryTeamPermission", news, TEAM_PERMISSION_RULES);

/** How `diff` compares one property. */
interface DiffSpec {
  /** Properties whose change means another object: replace. */
  readonly identity: readonly string[];
  /** Properties an update can change in place. */
  readonly mutable: readonly string[];
  /** Mutable properties compared as sets (order carries no meaning). */
  readonly sets?: readonly string[];
  /** Mutable properties left alone when the new inputs omit them. */
  readonly optional?: readonly string[];
}

function same(a: unknown, b: unknown, asSet: boolean): boolean {
  if (asSet && Array.isArray(a) && Array.isArray(b))
    return JSON.stringify([...(a as string[])].sort()) === JSON.stringify([...(b as string[])].sort());
  return JSON.stringify(a) === JSON.stringify(b);
}

const hasUnknown = (value: unknown): boolean => value === UNKNOWN || (Array.isArray(value) && value.includes(UNKNOWN));

/** Properties that differ between the last outputs and the new inputs; unknown new values count as changes. */
function changedProperties(olds: Bag, news: Bag, spec: DiffSpec): { replaces: string[]; updates: string[] } {
  const differs = (key: string) =>
    hasUnknown(news[key]) || !same(olds[key], news[key], spec.sets?.includes(key) ?? false);
  const replaces = spec.identity.filter(differs);
  const updates = spec.mutable.filter(
    (key) => !(news[key] === undefined && (spec.optional?.includes(key) ?? false)) && differs(key),
  );
  return { replaces, updates };
}

function diffWith(spec: DiffSpec, olds: Bag, news: Bag, deleteBeforeReplace = false): pulumi.dynamic.DiffResult {
  const { replaces, updates } = changedProperties(olds, news, spec);
  const changes = replaces.length > 0 || updates.length > 0;
  if (replaces.length === 0) return { changes };
  return { changes, replaces, ...(deleteBeforeReplace ? { deleteBeforeReplace } : {}) };
}

const REPOSITORY_DIFF: DiffSpec = {
  identity: ["namespace", "name"],
  mutable: ["description", "fullDescription", "isPrivate", "immutableTagRules", "allowDelete"],
  sets: ["immutableTagRules"],
  optional: ["fullDescription"],
};

export const diffRepository = (olds: Bag, news: Bag) => diffWith(REPOSITORY_DIFF, olds, news);

/**
 * Team names are unique per organization regardless of case, so a rename that
 * only changes case must delete the old team first (the new one would clash).
 */
export function diffTeam(olds: Bag, news: Bag): pulumi.dynamic.DiffResult {
  const caseOnly =
    typeof olds.name === "string" &&
    typeof news.name === "string" &&
    olds.name !== news.name &&
    olds.name.toLowerCase() === news.name.toLowerCase() &&
    olds.org === news.org;
  return diffWith({ identity: ["org", "name"], mutable: ["description"] }, olds, news, caseOnly);
}

export const diffTeamMembers = (olds: Bag, news: Bag) =>
  diffWith({ identity: ["org", "team"], mutable: ["members"], sets: ["members"] }, olds, news);

export const diffTeamPermission = (olds: Bag, news: Bag) =>
  diffWith({ identity: ["namespace", "repository", "team"], mutable: ["permission"] }, olds, news);

/** Resource ids: the natural keys Docker Hub addresses the objects by. */
export const repositoryId = (p: Pick<RepositoryProps, "namespace" | "name">) => `${p.namespace}/${p.name}`;
export const teamId = (p: Pick<TeamProps, "org" | "name">) => `${p.org}/${p.name}`;
export const teamMembersId = (p: Pick<TeamMembersProps, "org" | "team">) => `${p.org}/${p.team}`;
export const teamPermissionId = (p: Pick<TeamPermissionProps, "namespace" | "repository" | "team">) =>
  `${p.namespace}/${p.repository}/${p.team}`;

/** Drops the serialized provider the host adds to every property bag. */
export function withoutProvider(bag: Bag): Bag {
  const { [PROVIDER_KEY]: _provider, ...rest } = bag;
  return rest;
}
