import { randomUUID } from "node:crypto";
import { param, type Handler } from "../context";
import { paginate } from "../pagination";
import { HttpProblem, notFound } from "../problem";
import { FieldErrors, objectBody } from "../validation";

/** GET /v2/orgs/{org}/members: the organization's members, by username. */
export const listOrgMembers: Handler = (context) => {
  const org = context.store.requireOrg(context.principal, param(context, "org"), "list members");
  const members = [...org.members].sort().map((username) => ({
    username,
    full_name: context.store.users.get(username)?.fullName ?? username,
    role: org.owners.has(username) ? "owner" : "member",
  }));
  const page = paginate(members, context.url, context.publicUrl);
  return { status: 200, body: page };
};

/** GET /v2/orgs/{org}/invites -> `{data: [invite]}` (SPEC: not paginated). */
export const listInvites: Handler = (context) => {
  const org = param(context, "org");
  context.store.requireOrg(context.principal, org, "list invites");
  const data = [...context.store.invites.values()]
    .filter((invite) => invite.org === org)
    .map((invite) => ({
      id: invite.id,
      inviter_username: invite.inviter,
      invitee: invite.invitee,
      org: invite.org,
      team: invite.team,
      role: invite.role,
      created_at: invite.createdAt,
    }));
  return { status: 200, body: { data } };
};

/**
 * POST /v2/invites/bulk `{org, team, role, invitees, dry_run}` -> 202 with one
 * status per invitee (SPEC): `invited`, `existing_org_member`, or
 * `invalid_email_or_docker_id`; a second invitation of a pending invitee is `invited` again, the same invite.
 */
export const createInvites: Handler = (context) => {
  const input = objectBody(context.body);
  const errors = new FieldErrors();
  if (typeof input.org !== "string" || input.org === "") errors.add("org", "This field is required.");
  if (
    !Array.isArray(input.invitees) ||
    input.invitees.length === 0 ||
    input.invitees.some((i) => typeof i !== "string")
  )
    errors.add("invitees", "Expected a non-empty list of Docker IDs or emails.");
  if (input.team !== undefined && typeof input.team !== "string") errors.add("team", "Expected a team name.");
  errors.throwIfAny();
  const orgName = input.org as string;
  const org = context.store.requireOrg(context.principal, orgName, "invite members");
  const teamName = typeof input.team === "string" && input.team !== "" ? input.team : "";
  if (teamName !== "" && context.store.team(orgName, teamName) === undefined)
    throw notFound(`team ${orgName}/${teamName}`);
  const role = typeof input.role === "string" && input.role !== "" ? input.role : "member";
  const dryRun = input.dry_run === true;
  const inviter = context.principal?.kind === "user" ? context.principal.username : orgName;
  const invitees = (input.invitees as string[]).map((invitee) => {
    if (!context.store.users.has(invitee)) return { invitee, status: "invalid_email_or_docker_id" };
    if (org.members.has(invitee)) return { invitee, status: "existing_org_member" };
    const pending = [...context.store.invites.values()].find(
      (i) => i.org === orgName && i.invitee === invitee && i.team === teamName,
    );
    const invite = pending ?? {
      id: randomUUID(),
      org: orgName,
      invitee,
      team: teamName,
      role,
      inviter,
      createdAt: context.store.isoNow(),
    };
    if (!dryRun) context.store.invites.set(invite.id, invite);
    return {
      invitee,
      status: "invited",
      invite: {
        id: invite.id,
        inviter_username: invite.inviter,
        invitee,
        org: orgName,
        team: teamName,
        role,
        created_at: invite.createdAt,
      },
    };
  });
  return { status: 202, body: { invitees } };
};

/** DELETE /v2/invites/{id} -> 204 (cancelled); 404 when there is no such pending invite. */
export const deleteInvite: Handler = (context) => {
  const id = param(context, "id");
  const invite = context.store.invites.get(id);
  if (invite === undefined) throw notFound(`invite ${id}`);
  context.store.requireOrg(context.principal, invite.org, "cancel invites");
  context.store.invites.delete(id);
  return { status: 204 };
};

/** The 400 of a direct team add of a user outside the organization (ASSUMPTIONS.md: a switch). */
export function notAnOrgMember(username: string, org: string): HttpProblem {
  return new HttpProblem(400, {
    detail: `${username} is not a member of the organization ${org}; invite them (POST /v2/invites/bulk)`,
  });
}
