/*
 * What a bearer token may call, by the kind of credential it was issued
 * from: Docker Hub's access-token contract as its documentation states it,
 * written here independently of the client's own table so that the two can
 * disagree and a test can see it.
 *
 * - Organization access tokens: "OATs only work with the namespace-scoped
 *   routes"; the legacy /v2/repositories/... routes answer 403 "token issued
 *   from organization access token is not allowed" whatever the scopes
 *   (docker/docs content/manuals/security/access-tokens/reference.md and
 *   organization-access-tokens.md, "Unsupported legacy endpoints"). Each route
 *   needs a scope; the scopes and what they include are the docs' tables.
 * - Personal access tokens: one level for every repository (repo:public_read,
 *   repo:read, repo:write, repo:admin = "Read, Write, Delete ... manage your
 *   repositories", same reference); the organization routes (teams, members,
 *   invites) answer 403 "token issued from personal access token"
 *   (hub-feedback#2438; docker/terraform-provider-docker README: teams need a
 *   password or an OAT).
 * - Passwords: everything the user may do.
 * Where the documentation is silent the behaviour is a switch (ContractSwitches).
 */
import { HttpProblem } from "./problem";
import { PAT_LEVELS, type PatLevel, type Principal } from "./tokens";

/** Every OAT scope the docs list that a route here checks, each with the scopes it includes. */
const SCOPE_INCLUDES: Readonly<Record<string, readonly string[]>> = {
  "scope-repository-read": [],
  "scope-repository-edit": ["scope-repository-read"],
  "scope-repository-admin": ["scope-repository-edit", "scope-repository-read"],
  "scope-repository-settings-admin": [],
  "scope-repository-create": [],
  "scope-repository-list": [],
  "scope-tag-read": [],
  "scope-tag-admin": ["scope-tag-read"],
  "scope-repo-group-read": [],
  "scope-repo-group-edit": ["scope-repo-group-read"],
  "scope-repo-group-admin": ["scope-repo-group-edit", "scope-repo-group-read"],
  "scope-group-read": [],
  "scope-group-edit": ["scope-group-read"],
  "scope-member-read": [],
  "scope-member-edit": ["scope-member-read"],
  "scope-invite-read": [],
  "scope-invite-edit": ["scope-invite-read"],
};

/** Every scope: what an organization access token gets when a test names none. */
export const OAT_SCOPES: readonly string[] = Object.keys(SCOPE_INCLUDES);

/** The OAT scope each route needs (by route name; see routes.ts). */
const ROUTE_SCOPE: Readonly<Record<string, string>> = {
  "repositories.create": "scope-repository-create",
  "repository.get": "scope-repository-read",
  "repository.immutable-tags": "scope-repository-settings-admin",
  "tags.list": "scope-tag-read",
  "team-permissions.create": "scope-repo-group-edit",
  "teams.list": "scope-group-read",
  "team.get": "scope-group-read",
  "team-members.list": "scope-group-read",
  "teams.create": "scope-group-edit",
  "team.update": "scope-group-edit",
  "team.replace": "scope-group-edit",
  "team.delete": "scope-group-edit",
  "team-members.add": "scope-group-edit",
  "team-member.remove": "scope-group-edit",
  "org-members.list": "scope-member-read",
  "invites.list": "scope-invite-read",
  "invites.create": "scope-invite-edit",
  "invite.delete": "scope-invite-edit",
};

/** The lowest PAT level each repository route needs; reads are public_read, managing a repository repo:admin. */
const ROUTE_PAT_LEVEL: Readonly<Record<string, PatLevel>> = {
  "repositories.create": "repo:write",
  "repository.update": "repo:admin",
  "repository.privacy": "repo:admin",
  "repository.delete": "repo:admin",
  "repository.immutable-tags": "repo:admin",
  "tag.delete": "repo:admin",
  "team-permissions.create": "repo:admin",
  "team-permission.get": "repo:admin",
  "team-permission.update": "repo:admin",
  "team-permission.delete": "repo:admin",
};

/** Behaviour Docker's documentation leaves open; tests run both ways. */
export interface ContractSwitches {
  /**
   * POST /v2/repositories/{ns}/{repo}/groups is documented (SPEC) but under the
   * legacy prefix OATs are refused on; whether an OAT may call it is not stated.
   * @default "refused"
   */
  readonly oatOnRepositoryGroups: "refused" | "allowed";
  /**
   * Whether a team may hold a user who is not a member of the organization.
   * The docs describe teams as made of organization members who join by
   * invitation; a direct add of a non-member is not documented.
   * @default true (refused with 400)
   */
  readonly teamMembersMustBeOrgMembers: boolean;
  /**
   * Whether a legacy /v2/repositories/... route asked without its trailing
   * slash answers 301 to the slashed path (reference/dockerhub-api.md; which
   * methods it applies to is not documented: POSTs are exempt here).
   * @default true
   */
  readonly legacySlashRedirect: boolean;
}

export const DEFAULT_SWITCHES: ContractSwitches = {
  oatOnRepositoryGroups: "refused",
  teamMembersMustBeOrgMembers: true,
  legacySlashRedirect: true,
};

function holds(scopes: readonly string[], needed: string): boolean {
  return scopes.some((scope) => scope === needed || (SCOPE_INCLUDES[scope] ?? []).includes(needed));
}

/**
 * Refuses, with Docker's 403, a token that may not call the route at all or
 * lacks its scope or level; namespace permissions are the handlers' to check.
 */
export function checkAccess(
  route: string,
  path: string,
  principal: Principal | undefined,
  switches: ContractSwitches,
): void {
  if (principal === undefined) return;
  const legacy = path.startsWith("/v2/repositories/");
  const organization = path.startsWith("/v2/orgs/") || path.startsWith("/v2/invites");
  if (principal.kind === "org") {
    const allowedLegacy = route === "team-permissions.create" && switches.oatOnRepositoryGroups === "allowed";
    if (legacy && !allowedLegacy) {
      throw new HttpProblem(403, { detail: "token issued from organization access token is not allowed" });
    }
    const scope = ROUTE_SCOPE[route];
    // The shape of a missing-scope answer is not documented (ASSUMPTIONS.md).
    if (scope !== undefined && !holds(principal.scopes, scope)) {
      throw new HttpProblem(403, { detail: `organization access token is missing the scope ${scope}` });
    }
    return;
  }
  if (principal.via === "pat") {
    if (organization) throw new HttpProblem(403, { message: "token issued from personal access token", errinfo: {} });
    const level = ROUTE_PAT_LEVEL[route];
    if (level !== undefined && PAT_LEVELS.indexOf(principal.level) < PAT_LEVELS.indexOf(level)) {
      throw new HttpProblem(403, {
        detail: `personal access token of level ${principal.level} may not do this; it needs ${level}`,
      });
    }
  }
}
