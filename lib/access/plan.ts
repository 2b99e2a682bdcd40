import type { ReleaseConfig } from "../config/schema";
import { configuredOrgRole, type OrgRole } from "./membership";
import { ROLE_GRANTS, ROLES, type GitHubRepoPermission, type Role } from "./roles";

/** One grant a person holds; `person` is their GitHub login, the config's identity. */
export interface Grant {
  readonly person: string;
  /** Stable natural key of what is granted, e.g. `github:team:demo-maintainers`. */
  readonly grant: string;
}

/** One person in a team, with the team role GitHub will report back for them. */
export interface TeamMemberPlan {
  readonly login: string;
  readonly role: "maintainer" | "member";
}

export interface TeamPlan {
  readonly role: Role;
  /** Team name; also its slug (names are already lowercase slugs). */
  readonly name: string;
  readonly description: string;
  /**
   * The GitHub logins of the team's people, sorted. Their team roles depend on
   * who is an organization owner, which only GitHub knows: {@link teamMemberRoles}.
   */
  readonly members: readonly string[];
  readonly repoPermission: GitHubRepoPermission;
}

/** One organization membership the stack manages, with the role config gives it. */
export interface OrgMemberPlan {
  readonly login: string;
  readonly role: OrgRole;
}

/** Everything the GitHub side should grant, decided from config alone. */
export interface GitHubAccessPlan {
  readonly org: string;
  readonly repository: string;
  /** `github.orgMembership`: whether organization memberships are managed here. */
  readonly orgMembership: "unmanaged" | "managed";
  /**
   * The memberships to manage, sorted by login: empty unless `orgMembership`
   * is managed. The role is config's; lib/access/membership.ts keeps owners.
   */
  readonly members: readonly OrgMemberPlan[];
  /** Every person's login, sorted: whose current organization role is read. */
  readonly people: readonly string[];
  readonly teams: readonly TeamPlan[];
  /** Every grant, sorted by person then grant: the stack's `access` output. */
  readonly grants: readonly Grant[];
}

export function teamName(prefix: string, role: Role): string {
  return `${prefix}-${ROLE_GRANTS[role].teamSuffix}`;
}

const byLogin = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase());

/**
 * Team roles as GitHub stores and reads them back, so that a refreshed preview
 * of an unchanged stack is empty (github_team_members is authoritative and
 * reads roles back, resource_github_team_members.go:291-360):
 * - an organization owner can only be a team maintainer; set as "member", GitHub
 *   reports "maintainer" (provider docs, team_members.html.markdown);
 * - a team gets a maintainer even when none is asked for, so one is declared:
 *   with no owner in the team, the first member by login.
 * `members` are GitHub logins sorted by login; `owners` the organization owners.
 */
export function teamMemberRoles(members: readonly string[], owners: ReadonlySet<string>): TeamMemberPlan[] {
  const isOwner = (login: string) => owners.has(login.toLowerCase());
  const hasOwner = members.some(isOwner);
  return members.map((login, i) => ({
    login,
    role: isOwner(login) || (!hasOwner && i === 0) ? "maintainer" : "member",
  }));
}

/**
 * Maps people and roles to GitHub teams and repository permissions, and to
 * organization memberships when `github.orgMembership` is managed.
 */
export function planGitHubAccess(config: ReleaseConfig): GitHubAccessPlan {
  const { org, repository, orgMembership } = config.github;
  const prefix = config.github.teamPrefix ?? config.project.name;
  const people = [...config.people].sort((a, b) => byLogin(a.github, b.github));

  const members = people.flatMap((p) => {
    const role = configuredOrgRole(p.role, config.github);
    return role === undefined ? [] : [{ login: p.github, role }];
  });
  const teams = ROLES.map((role) => ({
    role,
    name: teamName(prefix, role),
    description: `${config.project.displayName ?? config.project.name} ${role}s: ${ROLE_GRANTS[role].summary}. Managed by release-infra.`,
    members: people.filter((p) => p.role === role).map((p) => p.github),
    repoPermission: ROLE_GRANTS[role].githubRepoPermission,
  }));

  // What this stack grants, from config: an owner's existing ownership is not its grant.
  const grants: Grant[] = [];
  for (const p of people) {
    const orgRole = configuredOrgRole(p.role, config.github);
    if (orgRole !== undefined) grants.push({ person: p.github, grant: `github:org:${org}:${orgRole}` });
    grants.push({ person: p.github, grant: `github:team:${teamName(prefix, p.role)}` });
    grants.push({
      person: p.github,
      grant: `github:repo:${org}/${repository}:${ROLE_GRANTS[p.role].githubRepoPermission}`,
    });
  }
  return { org, repository, orgMembership, members, people: people.map((p) => p.github), teams, grants };
}

/** The identity of a grant for comparisons (logins are case-insensitive). */
export function grantKey(g: Grant): string {
  return `${g.person.toLowerCase()} ${g.grant}`;
}
