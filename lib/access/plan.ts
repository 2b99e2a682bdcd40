import type { ReleaseConfig } from "../config/schema";
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
  /** The team's people, sorted by login; see {@link teamMemberRoles}. */
  readonly members: readonly TeamMemberPlan[];
  readonly repoPermission: GitHubRepoPermission;
}

export interface OrgMemberPlan {
  readonly login: string;
  readonly role: "admin" | "member";
}

/** Everything the GitHub side should grant, decided from config alone. */
export interface GitHubAccessPlan {
  readonly org: string;
  readonly repository: string;
  readonly members: readonly OrgMemberPlan[];
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

/** Maps people and roles to GitHub org membership, teams and repository permissions. */
export function planGitHubAccess(config: ReleaseConfig): GitHubAccessPlan {
  const { org, repository } = config.github;
  const prefix = config.github.teamPrefix ?? config.project.name;
  const people = [...config.people].sort((a, b) => byLogin(a.github, b.github));

  const members = people.map((p) => ({ login: p.github, role: ROLE_GRANTS[p.role].githubOrgRole }));
  const owners = new Set(members.filter((m) => m.role === "admin").map((m) => m.login.toLowerCase()));
  const teams = ROLES.map((role) => ({
    role,
    name: teamName(prefix, role),
    description: `${config.project.displayName ?? config.project.name} ${role}s: ${ROLE_GRANTS[role].summary}. Managed by release-infra.`,
    members: teamMemberRoles(
      people.filter((p) => p.role === role).map((p) => p.github),
      owners,
    ),
    repoPermission: ROLE_GRANTS[role].githubRepoPermission,
  }));

  const grants: Grant[] = [];
  for (const p of people) {
    const g = ROLE_GRANTS[p.role];
    grants.push({ person: p.github, grant: `github:org:${org}:${g.githubOrgRole}` });
    grants.push({ person: p.github, grant: `github:team:${teamName(prefix, p.role)}` });
    grants.push({ person: p.github, grant: `github:repo:${org}/${repository}:${g.githubRepoPermission}` });
  }
  return { org, repository, members, teams, grants };
}

/** The identity of a grant for comparisons (logins are case-insensitive). */
export function grantKey(g: Grant): string {
  return `${g.person.toLowerCase()} ${g.grant}`;
}
