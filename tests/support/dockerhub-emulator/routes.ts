import type { Handler } from "./context";
import { createAccessToken } from "./handlers/auth";
import { createPermission, deletePermission, getPermission, updatePermission } from "./handlers/permissions";
import {
  createRepository,
  deleteRepository,
  getRepository,
  listRepositories,
  setImmutableTags,
  setPrivacy,
  updateRepository,
} from "./handlers/repositories";
import { createInvites, deleteInvite, listInvites, listOrgMembers } from "./handlers/invites";
import { deleteTag, listTags } from "./handlers/tags";
import {
  addMember,
  createTeam,
  deleteTeam,
  getTeam,
  listMembers,
  listTeams,
  patchTeam,
  putTeam,
  removeMember,
} from "./handlers/teams";

/** Whether a route needs a bearer token, accepts one, or ignores it. */
export type AuthMode = "required" | "optional" | "none";

/** One emulated endpoint. */
export interface Route {
  readonly method: string;
  /** Route kind, as the request log reports it (e.g. `tags.list`). */
  readonly name: string;
  readonly pattern: RegExp;
  readonly params: readonly string[];
  readonly auth: AuthMode;
  readonly handler: Handler;
}

function route(method: string, name: string, template: string, auth: AuthMode, handler: Handler): Route {
  const params: string[] = [];
  const source = template
    .split("/")
    .map((part) => {
      if (!part.startsWith(":")) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      params.push(part.slice(1));
      return "([^/]+)";
    })
    .join("/");
  // Django-style routes: the trailing slash is optional on every endpoint (see ASSUMPTIONS.md).
  return { method, name, pattern: new RegExp(`^${source}/?$`), params, auth, handler };
}

/** Every endpoint the client uses, with the paths the reference documents. */
export const ROUTES: readonly Route[] = [
  route("POST", "auth.token", "/v2/auth/token", "none", createAccessToken),
  route("GET", "repositories.list", "/v2/namespaces/:namespace/repositories", "optional", listRepositories),
  route("POST", "repositories.create", "/v2/namespaces/:namespace/repositories", "required", createRepository),
  route("GET", "repository.get", "/v2/namespaces/:namespace/repositories/:repository", "optional", getRepository),
  route(
    "PATCH",
    "repository.immutable-tags",
    "/v2/namespaces/:namespace/repositories/:repository/immutabletags",
    "required",
    setImmutableTags,
  ),
  route("GET", "tags.list", "/v2/namespaces/:namespace/repositories/:repository/tags", "optional", listTags),
  route("PATCH", "repository.update", "/v2/repositories/:namespace/:repository", "required", updateRepository),
  route("DELETE", "repository.delete", "/v2/repositories/:namespace/:repository", "required", deleteRepository),
  route("POST", "repository.privacy", "/v2/repositories/:namespace/:repository/privacy", "required", setPrivacy),
  route("DELETE", "tag.delete", "/v2/repositories/:namespace/:repository/tags/:tag", "required", deleteTag),
  route(
    "POST",
    "team-permissions.create",
    "/v2/repositories/:namespace/:repository/groups",
    "required",
    createPermission,
  ),
  route(
    "GET",
    "team-permission.get",
    "/v2/repositories/:namespace/:repository/groups/:teamId",
    "required",
    getPermission,
  ),
  route(
    "PATCH",
    "team-permission.update",
    "/v2/repositories/:namespace/:repository/groups/:teamId",
    "required",
    updatePermission,
  ),
  route(
    "DELETE",
    "team-permission.delete",
    "/v2/repositories/:namespace/:repository/groups/:teamId",
    "required",
    deletePermission,
  ),
  route("GET", "teams.list", "/v2/orgs/:org/groups", "required", listTeams),
  route("POST", "teams.create", "/v2/orgs/:org/groups", "required", createTeam),
  route("GET", "team.get", "/v2/orgs/:org/groups/:team", "required", getTeam),
  route("PATCH", "team.update", "/v2/orgs/:org/groups/:team", "required", patchTeam),
  route("PUT", "team.replace", "/v2/orgs/:org/groups/:team", "required", putTeam),
  route("DELETE", "team.delete", "/v2/orgs/:org/groups/:team", "required", deleteTeam),
  route("GET", "team-members.list", "/v2/orgs/:org/groups/:team/members", "required", listMembers),
  route("POST", "team-members.add", "/v2/orgs/:org/groups/:team/members", "required", addMember),
  route("DELETE", "team-member.remove", "/v2/orgs/:org/groups/:team/members/:username", "required", removeMember),
  route("GET", "org-members.list", "/v2/orgs/:org/members", "required", listOrgMembers),
  route("GET", "invites.list", "/v2/orgs/:org/invites", "required", listInvites),
  route("POST", "invites.create", "/v2/invites/bulk", "required", createInvites),
  route("DELETE", "invite.delete", "/v2/invites/:id", "required", deleteInvite),
];

/** A matched route with its decoded parameters. */
export interface RouteMatch {
  readonly route: Route;
  readonly params: Readonly<Record<string, string>>;
}

/** The route for a method and path; `undefined` route with `pathKnown` when only the method is wrong. */
export function matchRoute(method: string, pathname: string): { match: RouteMatch | undefined; pathKnown: boolean } {
  let pathKnown = false;
  for (const candidate of ROUTES) {
    const found = candidate.pattern.exec(pathname);
    if (found === null) continue;
    pathKnown = true;
    if (candidate.method !== method) continue;
    const params: Record<string, string> = {};
    candidate.params.forEach((name, index) => {
      params[name] = decodeURIComponent(found[index + 1] ?? "");
    });
    return { match: { route: candidate, params }, pathKnown };
  }
  return { match: undefined, pathKnown };
}
