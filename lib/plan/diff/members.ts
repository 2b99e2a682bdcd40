/*
 * Who joins and leaves each team, from the member lists of the TeamMembers
 * resources (GitHub's `{ username, role }` objects, Docker Hub's IDs). A list
 * is a set: its order means nothing, logins compare case-insensitively (as
 * GitHub and Docker Hub compare them), so `Alice` becoming `alice` is the
 * same person renamed, and a member whose team role changes is neither
 * joining nor leaving.
 */
import type { LoginRename } from "../../access/guard";
import { DOCKERHUB, GITHUB } from "../../resource-types";
import { isRecord, type PlanJson, type PlannedResource } from "./plan-json";

/** One member as a TeamMembers resource lists them; Docker Hub lists have no roles. */
interface Member {
  readonly login: string;
  readonly role?: string;
}

/** A member whose team role changed (GitHub's `maintainer` or `member`). */
export interface MemberRoleChange {
  readonly login: string;
  readonly from: string;
  readonly to: string;
}

/** How one member list changed, each part sorted by login. */
export interface MemberListChange {
  readonly joined: readonly string[];
  readonly left: readonly string[];
  readonly renamed: readonly LoginRename[];
  readonly roles: readonly MemberRoleChange[];
}

/** The members of a `members` input: logins, or GitHub's `{ username, role }`; undefined for anything else. */
function membersOf(value: unknown): Member[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const members = value.map((m): Member | undefined => {
    if (typeof m === "string") return { login: m };
    if (isRecord(m) && typeof m.username === "string")
      return { login: m.username, ...(typeof m.role === "string" ? { role: m.role } : {}) };
    return undefined;
  });
  return members.every((m) => m !== undefined) ? members : undefined;
}

const byLogin = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase());

/**
 * The change between two member lists (an absent list is an empty team), or
 * undefined when either is not a member list. Order alone is no change.
 */
export function memberListChange(before: unknown, after: unknown): MemberListChange | undefined {
  const was = before === undefined ? [] : membersOf(before);
  const is = after === undefined ? [] : membersOf(after);
  if (was === undefined || is === undefined) return undefined;
  const index = (list: Member[]) => new Map(list.map((m) => [m.login.toLowerCase(), m]));
  const old = index(was);
  const neu = index(is);
  const change = {
    joined: is.filter((m) => !old.has(m.login.toLowerCase())).map((m) => m.login),
    left: was.filter((m) => !neu.has(m.login.toLowerCase())).map((m) => m.login),
    renamed: [] as LoginRename[],
    roles: [] as MemberRoleChange[],
  };
  for (const [key, m] of neu) {
    const o = old.get(key);
    if (o === undefined) continue;
    if (o.login !== m.login) change.renamed.push({ from: o.login, to: m.login });
    if (o.role !== undefined && m.role !== undefined && o.role !== m.role)
      change.roles.push({ login: m.login, from: o.role, to: m.role });
  }
  change.joined.sort(byLogin);
  change.left.sort(byLogin);
  change.renamed.sort((a, b) => byLogin(a.to, b.to));
  change.roles.sort((a, b) => byLogin(a.login, b.login));
  return change;
}

const isNoMemberChange = (c: MemberListChange): boolean =>
  c.joined.length + c.left.length + c.renamed.length + c.roles.length === 0;

/** The member list change of one team. */
export interface TeamMembersChange extends MemberListChange {
  readonly service: "GitHub" | "Docker Hub";
  readonly team: string;
  /** The role whose team it is, when the `teams` output names it. */
  readonly role?: string;
}

const SERVICES: Readonly<Record<string, { service: TeamMembersChange["service"]; teamInput: string }>> = {
  [GITHUB.teamMembers]: { service: "GitHub", teamInput: "teamSlug" },
  [DOCKERHUB.teamMembers]: { service: "Docker Hub", teamInput: "team" },
};

/** The `teams` outputs of both plans as team name to role (the role's GitHub and Docker Hub teams share a name). */
function rolesByTeam(plans: readonly PlanJson[]): Map<string, string> {
  const roles = new Map<string, string>();
  for (const plan of plans) {
    const teams = plan.outputs.teams;
    if (isRecord(teams))
      for (const [role, team] of Object.entries(teams))
        if (typeof team === "string" && !roles.has(team)) roles.set(team, role);
  }
  return roles;
}

/** Who joins and leaves each team, from every TeamMembers resource either plan declares (by URN). */
export function teamMemberChanges(base: PlanJson, head: PlanJson): TeamMembersChange[] {
  const teamResources = (plan: PlanJson) =>
    new Map(plan.resources.filter((r) => r.type in SERVICES).map((r) => [r.urn, r]));
  const before = teamResources(base);
  const after = teamResources(head);
  const roles = rolesByTeam([head, base]);
  const changes = [...new Set([...before.keys(), ...after.keys()])].flatMap((urn): TeamMembersChange[] => {
    const was: PlannedResource | undefined = before.get(urn);
    const is: PlannedResource | undefined = after.get(urn);
    const r = (is ?? was)!;
    const { service, teamInput } = SERVICES[r.type]!;
    const change = memberListChange(was?.inputs.members, is?.inputs.members);
    if (change === undefined || isNoMemberChange(change)) return [];
    const name = r.inputs[teamInput];
    const team = typeof name === "string" ? name : r.name;
    const role = roles.get(team);
    return [{ service, team, ...(role !== undefined ? { role } : {}), ...change }];
  });
  // By team, GitHub's before Docker Hub's.
  return changes.sort(
    (a, b) => a.team.localeCompare(b.team) || Number(a.service !== "GitHub") - Number(b.service !== "GitHub"),
  );
}
