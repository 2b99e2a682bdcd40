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
  /** GitHub organization membership role. */
  readonly githubOrgRole: "admin" | "member";
  /** The role's team permission on the source repository. */
  readonly githubRepoPermission: GitHubRepoPermission;
  /** The role's team permission on every Docker Hub image repository. */
  readonly dockerhubPermission: DockerHubPermission;
}

export const ROLE_GRANTS: Readonly<Record<Role, RoleGrants>> = {
  admin: {
    summary: "Owns the release system: changes this configuration and the organization's settings",
    teamSuffix: "admins",
    githubOrgRole: "admin",
    githubRepoPermission: "admin",
    // Admins change registries through this program, not by hand: read is enough.
    dockerhubPermission: "read",
  },
  "release-manager": {
    summary: "Cuts beta and stable releases (pushes v* tags), approves stable deployments, runs rollbacks",
    teamSuffix: "release-managers",
    githubOrgRole: "member",
    githubRepoPermission: "maintain",
    dockerhubPermission: "admin",
  },
  maintainer: {
    summary: "Reviews and merges code on dev and main",
    teamSuffix: "maintainers",
    githubOrgRole: "member",
    githubRepoPermission: "push",
    dockerhubPermission: "write",
  },
  triager: {
    summary: "Labels, assigns and closes issues and pull requests",
    teamSuffix: "triagers",
    githubOrgRole: "member",
    githubRepoPermission: "triage",
    dockerhubPermission: "read",
  },
};

/** The role table as Markdown, for the README and the plan. */
export function renderRoleTable(): string {
  const rows = ROLES.map((role) => {
    const g = ROLE_GRANTS[role];
    return `| \`${role}\` | \`<prefix>-${g.teamSuffix}\` | ${g.githubOrgRole} | ${g.githubRepoPermission} | ${g.dockerhubPermission} | ${g.summary} |`;
  });
  return [
    "| role | team | GitHub org role | source repository | Docker Hub repositories | for |",
    "|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}
