/**
 * The Docker Hub resources: Pulumi dynamic resources over the Docker Hub API.
 * Credentials are never inputs: each provider call reads DOCKERHUB_USERNAME,
 * DOCKERHUB_TOKEN and (optionally) DOCKERHUB_API_URL from the environment of
 * the process running `pulumi`, so nothing secret reaches the state.
 *
 * Recorded types are `pulumi-nodejs:dynamic/dockerhub:<Type>`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { HubPermissionValue } from "../../lib/dockerhub/names";
import { repositoryProvider, teamMembersProvider, teamPermissionProvider, teamProvider } from "./provider";

/** Inputs of a {@link Repository}. */
export interface RepositoryArgs {
  /** The namespace (organization). Changing it replaces the repository. */
  readonly namespace: pulumi.Input<string>;
  /** Repository name. Changing it replaces the repository. */
  readonly name: pulumi.Input<string>;
  /** Short description (at most 100 characters). @default "" */
  readonly description?: pulumi.Input<string>;
  /**
   * Overview shown on Docker Hub (Markdown, at most 25,000 characters), usually
   * the content of a README file. @default left as it is on Docker Hub
   */
  readonly fullDescription?: pulumi.Input<string>;
  /** @default false */
  readonly isPrivate?: pulumi.Input<boolean>;
  /**
   * Regular expressions of the tags that can never be overwritten or deleted
   * (matched against the whole tag). Never list a moving tag: `check` refuses
   * rules matching `latest`, `stable`, `beta`, `nightly`, `X` or `X.Y`.
   * @default [] (immutability off)
   */
  readonly immutableTagRules?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Whether deleting this resource may delete the repository and every image
   * in it. Without it, a delete fails and says how to allow it.
   * @default false
   */
  readonly allowDelete?: pulumi.Input<boolean>;
}

/** A Docker Hub repository: descriptions, visibility and immutable-tag rules. Id: `namespace/name`. */
export class Repository extends pulumi.dynamic.Resource {
  declare readonly namespace: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly isPrivate: pulumi.Output<boolean>;
  declare readonly immutableTagRules: pulumi.Output<string[]>;

  constructor(name: string, args: RepositoryArgs, opts?: pulumi.CustomResourceOptions) {
    super(repositoryProvider, name, { ...args }, opts, "dockerhub", "Repository");
  }
}

/** Inputs of a {@link Team}. */
export interface TeamArgs {
  /** The organization. Changing it replaces the team. */
  readonly org: pulumi.Input<string>;
  /** Team name, 3 to 30 letters, digits, `_` and `-`. Changing it replaces the team (and its permissions). */
  readonly name: pulumi.Input<string>;
  /** @default "" */
  readonly description?: pulumi.Input<string>;
}

/** A Docker Hub organization team ("group"). Id: `org/name`. */
export class Team extends pulumi.dynamic.Resource {
  declare readonly org: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  /** Numeric id Docker Hub keys repository permissions by. */
  declare readonly teamId: pulumi.Output<number>;

  constructor(name: string, args: TeamArgs, opts?: pulumi.CustomResourceOptions) {
    super(teamProvider, name, { ...args, teamId: undefined }, opts, "dockerhub", "Team");
  }
}

/** Inputs of {@link TeamMembers}. */
export interface TeamMembersArgs {
  readonly org: pulumi.Input<string>;
  /** Team name. Changing it replaces the member list. */
  readonly team: pulumi.Input<string>;
  /** Docker IDs: the whole membership; anyone else in the team is removed. */
  readonly members: pulumi.Input<pulumi.Input<string>[]>;
}

/** A team's authoritative member list. Id: `org/team`. */
export class TeamMembers extends pulumi.dynamic.Resource {
  declare readonly members: pulumi.Output<string[]>;
  /** Members invited to the organization (to join this team) who have not accepted yet. */
  declare readonly pending: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: TeamMembersArgs, opts?: pulumi.CustomResourceOptions) {
    // `pending` is an output only: named here (undefined, so never sent as an input) so Pulumi exposes it.
    super(teamMembersProvider, name, { ...args, pending: undefined }, opts, "dockerhub", "TeamMembers");
  }
}

/** Inputs of a {@link RepositoryTeamPermission}. */
export interface RepositoryTeamPermissionArgs {
  readonly namespace: pulumi.Input<string>;
  readonly repository: pulumi.Input<string>;
  /** Team name, in the namespace's organization; its id is looked up. */
  readonly team: pulumi.Input<string>;
  /** Cumulative: write includes read, admin includes everything (visibility, delete). */
  readonly permission: pulumi.Input<HubPermissionValue>;
}

/** A team's permission on a repository. Id: `namespace/repository/team`. */
export class RepositoryTeamPermission extends pulumi.dynamic.Resource {
  declare readonly permission: pulumi.Output<HubPermissionValue>;
  declare readonly teamId: pulumi.Output<number>;

  constructor(name: string, args: RepositoryTeamPermissionArgs, opts?: pulumi.CustomResourceOptions) {
    super(teamPermissionProvider, name, { ...args, teamId: undefined }, opts, "dockerhub", "RepositoryTeamPermission");
  }
}
