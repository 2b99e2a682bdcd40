import { param, type Handler, type HandlerContext } from "../context";
import { HttpProblem, notFound } from "../problem";
import type { RepositoryRecord, TeamRecord } from "../store";
import { checkPermission, FieldErrors, objectBody, type Permission } from "../validation";
import { permissionView } from "../views";

function managedRepository(context: HandlerContext, action: string): RepositoryRecord {
  return context.store.managedRepository(
    context.principal,
    param(context, "namespace"),
    param(context, "repository"),
    action,
  );
}

function teamOf(context: HandlerContext, repo: RepositoryRecord, rawId: unknown): TeamRecord {
  const id = typeof rawId === "number" ? rawId : /^\d+$/.test(String(rawId)) ? Number(rawId) : NaN;
  const team = Number.isInteger(id) ? context.store.teamById(repo.namespace, id) : undefined;
  if (team === undefined) throw notFound(`team ${String(rawId)} in ${repo.namespace}`);
  return team;
}

/** POST /v2/repositories/{ns}/{repo}/groups `{group_id, permission}` -> 200; 400 when the team already has one. */
export const createPermission: Handler = (context) => {
  const repo = managedRepository(context, "grant access to");
  const input = objectBody(context.body);
  const errors = new FieldErrors();
  if (typeof input.group_id !== "number") errors.add("group_id", "A valid integer is required.");
  checkPermission(errors, input.permission);
  errors.throwIfAny();
  const team = teamOf(context, repo, input.group_id);
  if (repo.teamPermissions.has(team.id)) {
    throw new HttpProblem(400, {
      detail: `Team ${team.name} already has a permission on ${repo.namespace}/${repo.name}; update it instead.`,
    });
  }
  const permission = input.permission as Permission;
  repo.teamPermissions.set(team.id, permission);
  return { status: 200, body: permissionView(team, permission) };
};

function existing(context: HandlerContext, action: string): { repo: RepositoryRecord; team: TeamRecord } {
  const repo = managedRepository(context, action);
  const team = teamOf(context, repo, param(context, "teamId"));
  if (!repo.teamPermissions.has(team.id))
    throw notFound(`permission of team ${team.name} on ${repo.namespace}/${repo.name}`);
  return { repo, team };
}

/** GET /v2/repositories/{ns}/{repo}/groups/{teamId}. */
export const getPermission: Handler = (context) => {
  const { repo, team } = existing(context, "read access to");
  return { status: 200, body: permissionView(team, repo.teamPermissions.get(team.id)!) };
};

/** PATCH /v2/repositories/{ns}/{repo}/groups/{teamId} `{permission}`. */
export const updatePermission: Handler = (context) => {
  const { repo, team } = existing(context, "change access to");
  const input = objectBody(context.body);
  const errors = new FieldErrors();
  checkPermission(errors, input.permission);
  errors.throwIfAny();
  const permission = input.permission as Permission;
  repo.teamPermissions.set(team.id, permission);
  return { status: 200, body: permissionView(team, permission) };
};

/** DELETE /v2/repositories/{ns}/{repo}/groups/{teamId} -> 204. */
export const deletePermission: Handler = (context) => {
  const { repo, team } = existing(context, "revoke access to");
  repo.teamPermissions.delete(team.id);
  return { status: 204 };
};
