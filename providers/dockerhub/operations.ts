/**
 * What the Docker Hub dynamic providers do, with the API client. This module
 * is never closure-serialized: the small forwarding providers in ./provider.ts
 * `require` it inside each method, so a provider's serialized code stays a few
 * lines and the client is built afresh in each call from the provider's
 * environment (DOCKERHUB_USERNAME, DOCKERHUB_TOKEN, DOCKERHUB_API_URL).
 *
 * Tested against an emulator of the documented Docker Hub API, not the real
 * service (tests/support/dockerhub-emulator/ASSUMPTIONS.md lists what it infers).
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  clientFromEnv,
  credentialsFromEnv,
  HubNotFoundError,
  missingCredentials,
  type DockerHubClient,
  type HubRepository,
  type HubTeam,
  type Operation,
} from "./client";
import {
  checkRepository,
  checkTeam,
  checkTeamMembers,
  checkTeamPermission,
  diffRepository,
  diffTeam,
  diffTeamMembers,
  diffTeamPermission,
  repositoryId,
  teamId,
  teamMembersId,
  teamPermissionId,
  withoutProvider,
  type RepositoryProps,
  type TeamMembersProps,
  type TeamOutputs,
  type TeamPermissionOutputs,
  type TeamPermissionProps,
  type TeamProps,
} from "./inputs";

type Bag = Record<string, unknown>;
type Provider = Required<
  Pick<pulumi.dynamic.ResourceProvider, "check" | "diff" | "create" | "read" | "update" | "delete">
>;

/** Builds the client for one provider call; credentials come only from the environment. */
const client = (): DockerHubClient => clientFromEnv(process.env);

/**
 * `check` refuses, in `pulumi preview` already and before any write, inputs
 * whose resource needs an operation no credential in the environment may call
 * (kinds only: Docker's tokens do not say their scopes or level; a missing
 * scope is named by the 403 of the first call that needs it).
 */
function withCredentials(
  result: pulumi.dynamic.CheckResult,
  type: string,
  needed: readonly Operation[],
): pulumi.dynamic.CheckResult {
  const { credentials, problems } = credentialsFromEnv(process.env);
  const failures = [
    ...(result.failures ?? []),
    ...problems.map((reason) => ({ property: "", reason: `${type}: ${reason}` })),
    ...(problems.length > 0
      ? []
      : missingCredentials(needed, credentials).map((m) => ({
          property: "",
          reason: `${type} needs ${m.operation}, which no Docker Hub credential in the environment may call: it needs ${m.needs}`,
        }))),
  ];
  return failures.length > 0 ? { ...result, failures } : result;
}

/** The operations each resource's create, read, update and delete may call. */
const NEEDS = {
  repository: [
    "repositories.create",
    "repository.get",
    "repository.update",
    "repository.privacy",
    "repository.immutable-tags",
  ],
  team: ["teams.create", "team.get", "team.update", "team.delete"],
  teamMembers: [
    "team-members.list",
    "team-members.add",
    "team-member.remove",
    "org-members.list",
    "invites.list",
    "invites.create",
    "invite.delete",
  ],
  teamPermission: [
    "team-permissions.create",
    "team-permission.get",
    "team-permission.update",
    "team-permission.delete",
  ],
} as const satisfies Readonly<Record<string, readonly Operation[]>>;

/** A read that found nothing: the engine drops the resource from state. */
const GONE: pulumi.dynamic.ReadResult = { id: "" };

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Runs undo steps newest first; returns what could not be undone. */
async function rollBack(steps: readonly (() => Promise<unknown>)[]): Promise<string[]> {
  const failed: string[] = [];
  for (const step of [...steps].reverse()) {
    try {
      await step();
    } catch (error) {
      failed.push(message(error));
    }
  }
  return failed;
}

/** The error a failed create throws after rolling back: what failed, and what state it left. */
function createFailed(what: string, error: unknown, undoFailures: readonly string[], left: string): Error {
  const undo =
    undoFailures.length === 0
      ? left
      : `undoing it also failed, so something may be left behind: ${undoFailures.join("; ")}`;
  return new Error(`creating ${what} failed: ${message(error)}; ${undo}`, { cause: error });
}

const swallowNotFound = (error: unknown): void => {
  if (!(error instanceof HubNotFoundError)) throw error;
};

// Repositories

/** Immutable-tag settings as a rule list: enabled with no rules means every tag, i.e. `.*`. */
function liveRules(repo: HubRepository, fallback: readonly string[]): readonly string[] {
  if (repo.immutableTags === undefined) return fallback;
  if (!repo.immutableTags.enabled) return [];
  return repo.immutableTags.rules.length === 0 ? [".*"] : repo.immutableTags.rules;
}

function repositoryOutputs(repo: HubRepository, wanted: RepositoryProps): RepositoryProps {
  return {
    namespace: repo.namespace,
    name: repo.name,
    description: repo.description,
    ...(wanted.fullDescription === undefined ? {} : { fullDescription: repo.fullDescription }),
    isPrivate: repo.isPrivate,
    immutableTagRules: liveRules(repo, wanted.immutableTagRules),
    allowDelete: wanted.allowDelete,
  };
}

const immutableSettings = (rules: readonly string[]) => ({ enabled: rules.length > 0, rules: [...rules] });

/** Brings an existing repository's settings to `wanted`, recording how to restore each one. */
async function alignRepository(
  hub: DockerHubClient,
  live: HubRepository,
  wanted: RepositoryProps,
  undo: (() => Promise<unknown>)[],
): Promise<void> {
  const { namespace, name } = wanted;
  const description = live.description === wanted.description ? undefined : wanted.description;
  const fullDescription =
    wanted.fullDescription === undefined || live.fullDescription === wanted.fullDescription
      ? undefined
      : wanted.fullDescription;
  if (description !== undefined || fullDescription !== undefined) {
    await hub.updateRepository(namespace, name, { description, fullDescription });
    undo.push(() =>
      hub.updateRepository(namespace, name, { description: live.description, fullDescription: live.fullDescription }),
    );
  }
  if (live.isPrivate !== wanted.isPrivate) {
    await hub.setRepositoryPrivacy(namespace, name, wanted.isPrivate);
    undo.push(() => hub.setRepositoryPrivacy(namespace, name, live.isPrivate));
  }
  const before = live.immutableTags ?? { enabled: false, rules: [] };
  const after = immutableSettings(wanted.immutableTagRules);
  if (
    before.enabled !== after.enabled ||
    JSON.stringify([...before.rules].sort()) !== JSON.stringify([...after.rules].sort())
  ) {
    await hub.setImmutableTags(namespace, name, after);
    undo.push(() => hub.setImmutableTags(namespace, name, before));
  }
}

const repository: Provider = {
  check: (_olds: Bag, news: Bag) =>
    Promise.resolve(
      withCredentials(checkRepository(news), "dockerhub:Repository", [
        ...NEEDS.repository,
        ...(news.allowDelete === true ? (["repository.delete"] as const) : []),
      ]),
    ),
  diff: (_id: string, olds: Bag, news: Bag) => Promise.resolve(diffRepository(olds, news)),

  /**
   * All or nothing: a repository this call created is deleted again when a
   * later step fails. An existing repository is adopted (its settings brought
   * to the inputs) and, on failure, restored, never deleted.
   */
  async create(inputs: Bag) {
    const wanted = withoutProvider(inputs) as unknown as RepositoryProps;
    const { namespace, name } = wanted;
    const hub = client();
    const existing = await hub.findRepository(namespace, name);
    const undo: (() => Promise<unknown>)[] = [];
    try {
      if (existing === undefined) {
        await hub.createRepository({
          namespace,
          name,
          description: wanted.description,
          fullDescription: wanted.fullDescription ?? "",
          isPrivate: wanted.isPrivate,
        });
        undo.push(() => hub.deleteRepository(namespace, name));
        if (wanted.immutableTagRules.length > 0)
          await hub.setImmutableTags(namespace, name, immutableSettings(wanted.immutableTagRules));
      } else {
        await alignRepository(hub, existing, wanted, undo);
      }
      const live = await hub.getRepository(namespace, name);
      return { id: repositoryId(wanted), outs: repositoryOutputs(live, wanted) };
    } catch (error) {
      const left =
        existing === undefined
          ? "the repository it created was deleted again"
          : "the repository existed before, so it was kept and its previous settings restored";
      throw createFailed(`Docker Hub repository ${repositoryId(wanted)}`, error, await rollBack(undo), left);
    }
  },

  async read(id: string, props: Bag = {}) {
    const known = withoutProvider(props) as unknown as RepositoryProps;
    const live = await client().findRepository(known.namespace, known.name);
    if (live === undefined) return GONE;
    const outs = repositoryOutputs(live, known);
    return { id, props: outs, inputs: outs };
  },

  /** Brings the live settings to the inputs (compared with Docker Hub, not the last state, so drift is fixed too). */
  async update(_id: string, _olds: Bag, news: Bag) {
    const wanted = withoutProvider(news) as unknown as RepositoryProps;
    const hub = client();
    const live = await hub.getRepository(wanted.namespace, wanted.name);
    await alignRepository(hub, live, wanted, []);
    return { outs: repositoryOutputs(await hub.getRepository(wanted.namespace, wanted.name), wanted) };
  },

  /** Refused unless `allowDelete`: deleting a repository deletes every image in it (rule D3). */
  async delete(id: string, props: Bag) {
    const state = withoutProvider(props) as unknown as RepositoryProps;
    if (!state.allowDelete) {
      throw new Error(
        `refusing to delete Docker Hub repository ${id}: that would delete every image in it. ` +
          `To delete it, first set allowDelete: true on this dockerhub:Repository (and retainOnDelete: false) and run pulumi up, then remove it; ` +
          `to stop managing it without deleting it, run pulumi state delete on its URN.`,
      );
    }
    await client().deleteRepository(state.namespace, state.name).catch(swallowNotFound);
  },
};

// Teams

const teamOutputs = (org: string, team: HubTeam): TeamOutputs => ({
  org,
  name: team.name,
  description: team.description,
  teamId: team.id,
});

const team: Provider = {
  check: (_olds: Bag, news: Bag) => Promise.resolve(withCredentials(checkTeam(news), "dockerhub:Team", NEEDS.team)),
  diff: (_id: string, olds: Bag, news: Bag) => Promise.resolve(diffTeam(olds, news)),

  /** Creates the team, or adopts an existing one of that name (its description is set). One write, so nothing to undo. */
  async create(inputs: Bag) {
    const wanted = withoutProvider(inputs) as unknown as TeamProps;
    const hub = client();
    const existing = await hub.findTeam(wanted.org, wanted.name);
    const created =
      existing === undefined
        ? await hub.createTeam(wanted.org, { name: wanted.name, description: wanted.description })
        : existing.description === wanted.description
          ? existing
          : await hub.updateTeam(wanted.org, existing.name, { description: wanted.description });
    return { id: teamId(wanted), outs: teamOutputs(wanted.org, created) };
  },

  async read(id: string, props: Bag = {}) {
    const known = withoutProvider(props) as unknown as TeamProps;
    const live = await client().findTeam(known.org, known.name);
    if (live === undefined) return GONE;
    const outs = teamOutputs(known.org, live);
    return { id, props: outs, inputs: { org: outs.org, name: outs.name, description: outs.description } };
  },

  async update(_id: string, _olds: Bag, news: Bag) {
    const wanted = withoutProvider(news) as unknown as TeamProps;
    const updated = await client().updateTeam(wanted.org, wanted.name, { description: wanted.description });
    return { outs: teamOutputs(wanted.org, updated) };
  },

  async delete(_id: string, props: Bag) {
    const state = withoutProvider(props) as unknown as TeamProps;
    await client().deleteTeam(state.org, state.name).catch(swallowNotFound);
  },
};

// Team members

const sorted = (items: readonly string[]): string[] => [...items].sort();

/**
 * Makes the team's members exactly `wanted`: adds the missing who belong to the
 * organization, invites (to this team) those who do not yet, removes the extra
 * and cancels this team's invitations of people no longer wanted. Docker's docs
 * describe teams as made of organization members who join by invitation, so a
 * person's first line of config becomes an invitation, not a failed add.
 * Records how to reverse each step, so a failed create can undo them. Returns
 * who is invited and has not accepted yet.
 */
async function reconcileMembers(
  hub: DockerHubClient,
  wanted: TeamMembersProps,
  undo: (() => Promise<unknown>)[],
): Promise<string[]> {
  const { org, team: name } = wanted;
  const live = new Set((await hub.listTeamMembers(org, name)).map((member) => member.username));
  const desired = new Set(wanted.members);
  const missing = wanted.members.filter((username) => !live.has(username));
  const orgMembers = missing.length > 0 ? new Set(await hub.listOrgMembers(org)) : new Set<string>();
  const invites = (await hub.listInvites(org)).filter((invite) => invite.team === name);
  const invited = new Map(invites.map((invite) => [invite.invitee, invite]));
  const pending: string[] = [];
  for (const username of missing) {
    if (orgMembers.has(username)) {
      await hub.addTeamMember(org, name, username);
      undo.push(() => hub.removeTeamMember(org, name, username));
    } else if (invited.has(username)) {
      pending.push(username);
    } else {
      const [result] = await hub.invite(org, name, [username]);
      if (result?.status !== "invited" || result.invite === undefined) {
        throw new Error(`Docker Hub did not invite ${username} to ${org} (it answered ${result?.status ?? "nothing"})`);
      }
      const id = result.invite.id;
      undo.push(() => hub.cancelInvite(id));
      pending.push(username);
    }
  }
  for (const username of sorted([...live])) {
    if (desired.has(username)) continue;
    await hub.removeTeamMember(org, name, username);
    undo.push(() => hub.addTeamMember(org, name, username));
  }
  // Offboarding a person who never accepted: their invitation to this team goes too.
  for (const invite of invites) {
    if (!desired.has(invite.invitee)) await hub.cancelInvite(invite.id);
  }
  return sorted(pending);
}

/** What the resource outputs: the declared members and who of them is only invited so far. */
const membersOutputs = (wanted: TeamMembersProps, pending: readonly string[]) => ({
  org: wanted.org,
  team: wanted.team,
  members: sorted(wanted.members),
  pending: sorted(pending),
});

const teamMembers: Provider = {
  check: (_olds: Bag, news: Bag) =>
    Promise.resolve(withCredentials(checkTeamMembers(news), "dockerhub:TeamMembers", NEEDS.teamMembers)),
  diff: (_id: string, olds: Bag, news: Bag) => Promise.resolve(diffTeamMembers(olds, news)),

  /** Authoritative from the start; on failure the additions and removals made so far are reversed. */
  async create(inputs: Bag) {
    const wanted = withoutProvider(inputs) as unknown as TeamMembersProps;
    const hub = client();
    const undo: (() => Promise<unknown>)[] = [];
    let pending: string[];
    try {
      pending = await reconcileMembers(hub, wanted, undo);
    } catch (error) {
      throw createFailed(
        `the member list of Docker Hub team ${teamMembersId(wanted)}`,
        error,
        await rollBack(undo),
        "the members it had before were restored",
      );
    }
    return { id: teamMembersId(wanted), outs: membersOutputs(wanted, pending) };
  },

  async read(id: string, props: Bag = {}) {
    const known = withoutProvider(props) as unknown as TeamMembersProps;
    const hub = client();
    let members: string[];
    let pending: string[];
    try {
      members = (await hub.listTeamMembers(known.org, known.team)).map((member) => member.username);
      pending = (await hub.listInvites(known.org)).filter((i) => i.team === known.team).map((i) => i.invitee);
    } catch (error) {
      swallowNotFound(error);
      return GONE;
    }
    // An invited person counts as declared until they accept (or the invitation is cancelled by hand).
    const outs = { ...membersOutputs({ ...known, members: [...new Set([...members, ...pending])] }, pending) };
    return { id, props: outs, inputs: { org: outs.org, team: outs.team, members: outs.members } };
  },

  /** Reconciles against the live list, not the last state, so hand-made changes are undone too. */
  async update(_id: string, _olds: Bag, news: Bag) {
    const wanted = withoutProvider(news) as unknown as TeamMembersProps;
    const pending = await reconcileMembers(client(), wanted, []);
    return { outs: membersOutputs(wanted, pending) };
  },

  /**
   * Removes the members this resource managed and cancels its invitations of
   * them; a team, member or invitation already gone counts as done.
   */
  async delete(_id: string, props: Bag) {
    const state = withoutProvider(props) as unknown as TeamMembersProps;
    const hub = client();
    for (const username of state.members) {
      await hub.removeTeamMember(state.org, state.team, username).catch(swallowNotFound);
    }
    const managed = new Set(state.members);
    const invites = await hub.listInvites(state.org).catch((error: unknown) => {
      swallowNotFound(error);
      return [];
    });
    for (const invite of invites) {
      if (invite.team === state.team && managed.has(invite.invitee)) await hub.cancelInvite(invite.id);
    }
  },
};

// Repository team permissions

/** The team's numeric id, which permissions are keyed by. */
async function requireTeamId(hub: DockerHubClient, org: string, name: string): Promise<number> {
  const found = await hub.findTeam(org, name);
  if (found === undefined)
    throw new Error(
      `Docker Hub team ${org}/${name} does not exist; create it (dockerhub:Team) before granting it a permission`,
    );
  return found.id;
}

const permissionOutputs = (
  wanted: TeamPermissionProps,
  teamIdValue: number,
  permission: TeamPermissionProps["permission"],
): TeamPermissionOutputs => ({
  namespace: wanted.namespace,
  repository: wanted.repository,
  team: wanted.team,
  permission,
  teamId: teamIdValue,
});

/** Grants `wanted.permission`, changing an existing grant in place (POST does not update one). */
async function grant(hub: DockerHubClient, wanted: TeamPermissionProps): Promise<TeamPermissionOutputs> {
  const id = await requireTeamId(hub, wanted.namespace, wanted.team);
  const existing = await hub.findTeamPermission(wanted.namespace, wanted.repository, id);
  if (existing === undefined) await hub.setTeamPermission(wanted.namespace, wanted.repository, id, wanted.permission);
  else if (existing.permission !== wanted.permission)
    await hub.updateTeamPermission(wanted.namespace, wanted.repository, id, wanted.permission);
  return permissionOutputs(wanted, id, wanted.permission);
}

const teamPermission: Provider = {
  check: (_olds: Bag, news: Bag) =>
    Promise.resolve(
      withCredentials(checkTeamPermission(news), "dockerhub:RepositoryTeamPermission", NEEDS.teamPermission),
    ),
  diff: (_id: string, olds: Bag, news: Bag) => Promise.resolve(diffTeamPermission(olds, news)),

  /** The team lookup is a read, so the grant is the only write: all or nothing by construction. */
  async create(inputs: Bag) {
    const wanted = withoutProvider(inputs) as unknown as TeamPermissionProps;
    return { id: teamPermissionId(wanted), outs: await grant(client(), wanted) };
  },

  async read(id: string, props: Bag = {}) {
    const known = withoutProvider(props) as unknown as TeamPermissionProps;
    const hub = client();
    const found = await hub.findTeam(known.namespace, known.team);
    if (found === undefined) return GONE;
    const live = await hub.findTeamPermission(known.namespace, known.repository, found.id);
    if (live === undefined) return GONE;
    const outs = permissionOutputs(known, found.id, live.permission);
    return {
      id,
      props: outs,
      inputs: { namespace: outs.namespace, repository: outs.repository, team: outs.team, permission: outs.permission },
    };
  },

  async update(_id: string, _olds: Bag, news: Bag) {
    return { outs: await grant(client(), withoutProvider(news) as unknown as TeamPermissionProps) };
  },

  /** A team, repository or grant already gone counts as done. */
  async delete(_id: string, props: Bag) {
    const state = withoutProvider(props) as unknown as TeamPermissionProps;
    const hub = client();
    const found = await hub.findTeam(state.namespace, state.team);
    if (found === undefined) return;
    await hub.deleteTeamPermission(state.namespace, state.repository, found.id).catch(swallowNotFound);
  },
};

/** The providers' implementations, by resource kind. */
export const operations = { repository, team, teamMembers, teamPermission } as const;

/** A resource kind the Docker Hub providers manage. */
export type ResourceKind = keyof typeof operations;
