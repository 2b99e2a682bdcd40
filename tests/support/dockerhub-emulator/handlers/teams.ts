import { param, type Handler, type HandlerContext } from "../context";
import { paginate } from "../pagination";
import { invalidFields, notFound } from "../problem";
import type { TeamRecord } from "../store";
import { checkOptionalText, checkTeamName, FieldErrors, objectBody } from "../validation";
import { memberView, teamView } from "../views";
import { notAnOrgMember } from "./invites";

/** Longest team description accepted (the public spec states none; see ASSUMPTIONS.md). */
const MAX_TEAM_DESCRIPTION = 255;

function managedTeam(context: HandlerContext, action: string): TeamRecord {
  const org = param(context, "org");
  context.store.requireOrg(context.principal, org, action);
  const team = context.store.team(org, param(context, "team"));
  if (team === undefined) throw notFound(`team ${org}/${param(context, "team")}`);
  return team;
}

/** GET /v2/orgs/{org}/groups, by name. */
export const listTeams: Handler = (context) => {
  const org = param(context, "org");
  context.store.requireOrg(context.principal, org, "list teams");
  const teams = [...context.store.teams.values()]
    .filter((team) => team.org === org)
    .sort((a, b) => a.name.localeCompare(b.name));
  const page = paginate(teams, context.url, context.publicUrl);
  return { status: 200, body: { ...page, results: page.results.map(teamView) } };
};

/** POST /v2/orgs/{org}/groups `{name, description}` -> 201. */
export const createTeam: Handler = (context) => {
  const org = param(context, "org");
  context.store.requireOrg(context.principal, org, "create teams");
  const input = objectBody(context.body);
  const errors = new FieldErrors();
  checkTeamName(errors, input.name);
  checkOptionalText(errors, "description", input.description, MAX_TEAM_DESCRIPTION);
  errors.throwIfAny();
  const name = input.name as string;
  if (context.store.team(org, name) !== undefined)
    throw invalidFields({ name: [`A team named ${name} already exists in ${org}.`] });
  const team = context.store.addTeam(org, name, (input.description as string | undefined) ?? "");
  return { status: 201, body: teamView(team) };
};

/** GET /v2/orgs/{org}/groups/{team}. */
export const getTeam: Handler = (context) => ({ status: 200, body: teamView(managedTeam(context, "read teams")) });

/** PATCH (partial) and PUT (name required) /v2/orgs/{org}/groups/{team}. */
function updateTeam(requireName: boolean): Handler {
  return (context) => {
    const team = managedTeam(context, "update teams");
    const input = objectBody(context.body);
    const errors = new FieldErrors();
    if (requireName || input.name !== undefined) checkTeamName(errors, input.name);
    checkOptionalText(errors, "description", input.description, MAX_TEAM_DESCRIPTION);
    errors.throwIfAny();
    if (typeof input.name === "string" && input.name !== team.name) {
      const clash = context.store.team(team.org, input.name);
      if (clash !== undefined && clash !== team)
        throw invalidFields({ name: [`A team named ${input.name} already exists in ${team.org}.`] });
      context.store.renameTeam(team, input.name);
    }
    if (typeof input.description === "string") team.description = input.description;
    return { status: 200, body: teamView(team) };
  };
}

export const patchTeam = updateTeam(false);
export const putTeam = updateTeam(true);

/** DELETE /v2/orgs/{org}/groups/{team} -> 204; the team's repository permissions go with it. */
export const deleteTeam: Handler = (context) => {
  context.store.deleteTeam(managedTeam(context, "delete teams"));
  return { status: 204 };
};

/** GET /v2/orgs/{org}/groups/{team}/members, in the order members were added. */
export const listMembers: Handler = (context) => {
  const team = managedTeam(context, "list team members");
  const members = [...team.members]
    .map((username) => context.store.users.get(username))
    .filter((user) => user !== undefined);
  const page = paginate(members, context.url, context.publicUrl);
  return { status: 200, body: { ...page, results: page.results.map(memberView) } };
};

/** POST /v2/orgs/{org}/groups/{team}/members `{member}` -> 200, also when already a member. */
export const addMember: Handler = (context) => {
  const team = managedTeam(context, "add team members");
  const input = objectBody(context.body);
  const errors = new FieldErrors();
  if (typeof input.member !== "string" || input.member === "") errors.add("member", "This field is required.");
  errors.throwIfAny();
  const username = input.member as string;
  if (!context.store.users.has(username)) throw notFound(`user ${username}`);
  if (
    context.switches.teamMembersMustBeOrgMembers &&
    context.store.orgs.get(team.org)?.members.has(username) !== true
  ) {
    throw notAnOrgMember(username, team.org);
  }
  team.members.add(username);
  return { status: 200 };
};

/** DELETE /v2/orgs/{org}/groups/{team}/members/{username} -> 204, 404 when not a member. */
export const removeMember: Handler = (context) => {
  const team = managedTeam(context, "remove team members");
  const username = param(context, "username");
  if (!team.members.delete(username)) throw notFound(`member ${username} of team ${team.org}/${team.name}`);
  return { status: 204 };
};
