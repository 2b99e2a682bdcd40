import * as pulumi from "@pulumi/pulumi";
import type { DockerHubPlan } from "../../lib/dockerhub/plan";
import { Repository, RepositoryTeamPermission, Team, TeamMembers } from "../../providers/dockerhub";

export interface OrganizationArgs {
  /** What the organization should hold, decided in lib/dockerhub from the stack config (`planDockerHub`). */
  readonly plan: DockerHubPlan;
  /**
   * Let Pulumi delete repositories (and every image in them) when an image is
   * removed from config or a repository is replaced. Caution: a deleted
   * repository cannot be restored, and its images are gone for every user.
   * When false, removing an image only stops managing its repository.
   * @default false
   */
  readonly allowRepositoryDeletion?: boolean;
}

/**
 * The project's Docker Hub organization: one team per role with authoritative
 * members, one repository per image (descriptions, immutable version tags) and
 * each team's permission on each repository. Logical names are natural keys
 * (role, image), so reordering config changes nothing.
 *
 * The resources read their credentials from the environment of `pulumi up`:
 * DOCKERHUB_ORG + DOCKERHUB_ORG_TOKEN (the organization's access token, for
 * teams, invitations and the documented repository routes) and
 * DOCKERHUB_USERNAME + DOCKERHUB_TOKEN (an owner's personal access token, for
 * the undocumented routes: overviews, visibility, team permissions); see
 * providers/dockerhub/client/credentials.ts.
 */
export class Organization extends pulumi.ComponentResource {
  /** Team name per role. */
  readonly teams: Record<string, pulumi.Output<string>>;
  /** `namespace/name` per image. */
  readonly repositories: Record<string, pulumi.Output<string>>;
  /** The repository resource per image, for resources that must wait for it. */
  readonly repositoryResources: Record<string, pulumi.Resource>;
  /** Per team, the people invited to the organization (to join it) who have not accepted yet. */
  readonly pendingInvitations: Record<string, pulumi.Output<string[]>>;

  constructor(name: string, args: OrganizationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("release:dockerhub:Organization", name, {}, opts);
    const { plan } = args;
    const allowDelete = args.allowRepositoryDeletion ?? false;
    const child = { parent: this };

    const teams = new Map<string, Team>();
    this.teams = {};
    this.pendingInvitations = {};
    for (const team of plan.teams) {
      const resource = new Team(
        `${name}-team-${team.role}`,
        { org: plan.org, name: team.name, description: team.description },
        child,
      );
      teams.set(team.name, resource);
      this.teams[team.role] = resource.name;
      // Always registered, even for an empty role: the list is authoritative,
      // so someone added to the team by hand is removed on the next run.
      const members = new TeamMembers(
        `${name}-members-${team.role}`,
        { org: plan.org, team: resource.name, members: [...team.members] },
        child,
      );
      // Not in the organization yet: invited to it and to this team (providers/dockerhub/operations.ts).
      this.pendingInvitations[team.name] = members.pending.apply((pending) => pending ?? []);
    }

    const repositories = new Map<string, Repository>();
    this.repositories = {};
    this.repositoryResources = {};
    for (const repo of plan.repositories) {
      const resource = new Repository(
        `${name}-repo-${repo.image}`,
        {
          namespace: repo.namespace,
          name: repo.name,
          description: repo.description,
          ...(repo.fullDescription !== undefined ? { fullDescription: repo.fullDescription } : {}),
          isPrivate: repo.isPrivate,
          immutableTagRules: [...repo.immutableTagRules],
          allowDelete,
        },
        // Rule G6: removing an image from config must not delete its pushed images.
        { ...child, retainOnDelete: !allowDelete },
      );
      repositories.set(repo.name, resource);
      this.repositories[repo.image] = pulumi.interpolate`${resource.namespace}/${resource.name}`;
      this.repositoryResources[repo.image] = resource;
    }

    for (const permission of plan.permissions) {
      const team = teams.get(permission.team);
      const repository = repositories.get(permission.repository);
      if (team === undefined || repository === undefined) {
        throw new Error(
          `Docker Hub plan grants ${permission.team} on ${permission.repository}, but the plan has no such team or repository`,
        );
      }
      // Inputs taken from the team and repository outputs order the grant after both.
      new RepositoryTeamPermission(
        `${name}-permission-${permission.repository}-${permission.role}`,
        {
          namespace: repository.namespace,
          repository: repository.name,
          team: team.name,
          permission: permission.permission,
        },
        child,
      );
    }

    this.registerOutputs({ teams: this.teams, repositories: this.repositories });
  }
}
