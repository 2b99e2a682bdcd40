/**
 * The one role -> grant table. GitHub and Docker Hub both read their grants from
 * here, and the README renders it (`renderRoleTable`), so the three never disagree.
 */

/** Roles a person can hold, from most to least privileged. */
export const ROLES = ["admin", "release-manager", "maintainer", "triager"] as const;
export type Role = (typeof ROLES)[number];

/** GitHub's repository permission levels (the API's names; `write` is not one). */
export const GITHUB_REPO_PERMISSIONS = ["pull", "triage", "push", "maintain", "admin"] as const;
export type GitHubRepoPermission = (typeof GITHUB_REPO_PERMISSIONS)[number];

/** Docker Hub repository permissions for a team; each includes the ones before it. */
export const DOCKERHUB_PERMISSIONS = ["read", "write", "admin"] as const;
export type DockerHubPermission = (typeof DOCKERHUB_PERMISSIONS)[number];

export interface RoleGrants {
  /** What the role is for, shown in the README and as the team description. */
  readonly summary: string;
  /** Team name suffix; the team is `<teamPrefix>-<teamSuffix>`. */
  readonly teamSuffix: string;
  /**
   * Whether the role makes people organization owners. Only with
   * `github.orgMembership: managed` and `github.adminsAreOrgOwners: true`;
   * otherwise a managed membership is "member" (lib/access/membership.ts).
   */
  readonly githubOrgOwner: boolean;
  /** The role's team permission on the source repository. */
  readonly githubRepoPermission: GitHubRepoPermission;
  /** The role's team permission on every Docker Hub image repository. */
  readonly dockerhubPermission: DockerHubPermission;
}

export const ROLE_GRANTS: Readonly<Record<Role, RoleGrants>> = {
  admin: {
    summary: "Owns the release system: changes this configuration and the source repository's settings",
    teamSuffix: "admins",
    githubOrgOwner: true,
    githubRepoPermission: "admin",
    // Admins change registries through this program, not by hand: read is enough.
    dockerhubPermission: "read",
  },
  "release-manager": {
    summary: "Cuts beta and stable releases (pushes v* tags), approves stable deployments, runs rollbacks",
    teamSuffix: "release-managers",
    githubOrgOwner: false,
    githubRepoPermission: "maintain",
    dockerhubPermission: "admin",
  },
  maintainer: {
    summary: "Reviews and merges code on dev and main",
    teamSuffix: "maintainers",
    githubOrgOwner: false,
    githubRepoPermission: "push",
    dockerhubPermission: "write",
  },
  triager: {
    summary: "Labels, assigns and closes issues and pull requests",
    teamSuffix: "triagers",
    githubOrgOwner: false,
    githubRepoPermission: "triage",
    dockerhubPermission: "read",
  },
};

/** A role's GitHub organization role, as the role table states it. */
function orgRoleCell(grants: RoleGrants): string {
  return grants.githubOrgOwner ? "member; owner with `adminsAreOrgOwners: true`" : "member";
}

/**
 * The role table as Markdown, for the README, followed by what it means for
 * the organization, since by default the table grants no organization role.
 */
export function renderRoleTable(): string {
  const rows = ROLES.map((role) => {
    const g = ROLE_GRANTS[role];
    return `| \`${role}\` | \`<prefix>-${g.teamSuffix}\` | ${g.githubRepoPermission} | ${g.dockerhubPermission} | ${orgRoleCell(g)} | ${g.summary} |`;
  });
  return [
    "| role | team | source repository | Docker Hub repositories | GitHub organization role, with `orgMembership: managed` | for |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    "By default (`github.orgMembership: unmanaged`) the stack manages no organization membership and makes nobody an organization owner:",
    "it adds people to the role's team, GitHub invites whoever is not in the organization yet, and offboarding removes them from the team only.",
    "With `orgMembership: managed` everyone is also a member of the organization, and offboarding removes them from it;",
    "only with `adminsAreOrgOwners: true` as well does role `admin` make people owners. An existing owner is never demoted.",
  ].join("\n");
}
