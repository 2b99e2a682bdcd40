/*
 * Reads the Docker Hub namespace as adopt compares it, with the project's
 * client (providers/dockerhub/client): repositories, teams with their members
 * and pending invitations, and every team's permission on the repositories
 * the stack declares, whose tags are counted by class.
 */
import { countTagClasses, type ExistingDockerHub } from "../../lib/adopt";
import {
  HubError,
  HubNotFoundError,
  requirement,
  type DockerHubClient,
  type Operation,
} from "../../providers/dockerhub/client";
import { AdoptError } from "./errors";

/** The client operations adopt calls; refused up front when no credential given may call one. */
export const DOCKERHUB_READS: readonly Operation[] = [
  "repositories.list",
  "repository.get",
  "tags.list",
  "teams.list",
  "team-members.list",
  "invites.list",
  "team-permission.get",
];

/** The Docker Hub reads no credential of `client` may call, as one sentence each; empty when all can be made. */
export function missingDockerHubReads(client: Pick<DockerHubClient, "cannot">): string[] {
  return client.cannot(DOCKERHUB_READS).map((c) => `${c.operation} needs ${c.needs}`);
}

/** A client failure as the user's to fix: unreachable, refused, or a namespace that does not exist. */
function explain(error: unknown, namespace: string): never {
  if (error instanceof HubNotFoundError && error.path.includes(`/${namespace}/`) && !error.path.includes("/groups/"))
    throw new AdoptError(`${error.message}: is ${namespace} the right registries.dockerhub.namespace?`, {
      cause: error,
    });
  if (error instanceof HubError && error.status === undefined)
    throw new AdoptError(
      `cannot reach Docker Hub: ${error.message}; check the network, or DOCKERHUB_API_URL if it is set`,
      {
        cause: error,
      },
    );
  if (error instanceof HubError) throw new AdoptError(error.message, { cause: error });
  throw error;
}

/** Reads the namespace; `declared` are the repository names the stack declares. */
export async function readDockerHub(
  client: DockerHubClient,
  namespace: string,
  declared: readonly string[],
): Promise<ExistingDockerHub> {
  const missing = missingDockerHubReads(client);
  if (missing.length > 0)
    throw new AdoptError(
      `the Docker Hub credentials given cannot read everything adopt compares: ${missing.join("; ")}. Set DOCKERHUB_ORG and DOCKERHUB_ORG_TOKEN (${requirement("teams.list")}) and DOCKERHUB_USERNAME and DOCKERHUB_TOKEN (an owner's, ${requirement("team-permission.get")})`,
    );
  try {
    const listed = await client.listRepositories(namespace);
    const wanted = new Set(declared);
    const repositories = [];
    for (const repo of listed) {
      if (!wanted.has(repo.name)) {
        repositories.push({ name: repo.name, description: repo.description, isPrivate: repo.isPrivate });
        continue;
      }
      // One by one: the single-repository route always reports the overview and immutable-tag settings.
      const full = await client.getRepository(namespace, repo.name);
      const tags = await client.listTags(namespace, repo.name);
      repositories.push({
        name: full.name,
        description: full.description,
        fullDescription: full.fullDescription,
        isPrivate: full.isPrivate,
        ...(full.immutableTags !== undefined
          ? { immutableTags: { enabled: full.immutableTags.enabled, rules: [...full.immutableTags.rules] } }
          : {}),
        tags: countTagClasses(tags.map((t) => t.name)),
      });
    }
    const invites = await client.listInvites(namespace);
    const teams = [];
    for (const team of await client.listTeams(namespace)) {
      const members = await client.listTeamMembers(namespace, team.name);
      teams.push({
        id: team.id,
        name: team.name,
        description: team.description,
        members: members.map((m) => m.username),
        invited: invites.filter((i) => i.team === team.name).map((i) => i.invitee),
      });
    }
    const permissions = [];
    for (const repo of repositories.filter((r) => wanted.has(r.name)))
      for (const team of teams) {
        const found = await client.findTeamPermission(namespace, repo.name, team.id);
        if (found !== undefined)
          permissions.push({ repository: repo.name, team: team.name, permission: found.permission });
      }
    return { namespace, repositories, teams, permissions };
  } catch (error) {
    explain(error, namespace);
  }
}
