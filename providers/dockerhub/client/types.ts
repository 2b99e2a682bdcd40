/**
 * The client's view of Docker Hub objects: camelCase, only the fields the release
 * system reads. Wire shapes and their mapping live in ./wire.ts.
 */

/** Team permission on a repository; cumulative (write includes read, admin includes all). */
export type HubPermission = "read" | "write" | "admin";

/** The permissions Docker Hub accepts, in increasing order of power. */
export const HUB_PERMISSIONS: readonly HubPermission[] = ["read", "write", "admin"];

/** Immutable-tag settings of a repository. `rules` are regular expressions over tag names. */
export interface HubImmutableTags {
  readonly enabled: boolean;
  readonly rules: readonly string[];
}

/** A repository. */
export interface HubRepository {
  readonly namespace: string;
  readonly name: string;
  readonly description: string;
  readonly fullDescription: string;
  readonly isPrivate: boolean;
  /** Absent when the answering endpoint does not report it (the legacy routes). */
  readonly immutableTags: HubImmutableTags | undefined;
  readonly lastUpdated: string | undefined;
}

/** What to create. */
export interface CreateRepositoryInput {
  readonly namespace: string;
  readonly name: string;
  /** Short description, at most 100 characters. @default "" */
  readonly description?: string;
  /** Overview (markdown), at most 25,000 characters. @default "" */
  readonly fullDescription?: string;
  /** Whether only the organization's teams can pull it. */
  readonly isPrivate: boolean;
}

/** Description fields to change; omitted fields are left as they are. */
export interface UpdateRepositoryInput {
  readonly description?: string;
  readonly fullDescription?: string;
}

/** One platform image behind a tag. */
export interface HubTagImage {
  readonly architecture: string | undefined;
  readonly os: string | undefined;
  readonly digest: string | undefined;
  readonly size: number | undefined;
  readonly lastPushed: string | undefined;
}

/** A tag of a repository. */
export interface HubTag {
  readonly name: string;
  readonly digest: string | undefined;
  readonly lastUpdated: string | undefined;
  readonly lastPushed: string | undefined;
  readonly lastPulled: string | undefined;
  readonly fullSize: number | undefined;
  readonly images: readonly HubTagImage[];
}

/** An organization team ("group" in the API). */
export interface HubTeam {
  /** Numeric id, used by repository permissions. */
  readonly id: number;
  readonly uuid: string | undefined;
  readonly name: string;
  readonly description: string;
  readonly memberCount: number | undefined;
}

/** What to create or change on a team. */
export interface TeamInput {
  readonly name: string;
  readonly description?: string;
}

/** A member of a team. */
export interface HubTeamMember {
  readonly username: string;
  readonly fullName: string | undefined;
  readonly type: string | undefined;
}

/** A team's permission on a repository. */
export interface HubTeamPermission {
  readonly teamId: number;
  readonly teamName: string | undefined;
  readonly permission: HubPermission;
}

/** A pending invitation to an organization (GET /v2/orgs/{org}/invites). */
export interface HubInvite {
  readonly id: string;
  readonly invitee: string;
  /** The team the invitee joins on acceptance; empty for none. */
  readonly team: string;
}

/** What POST /v2/invites/bulk said of one invitee. */
export interface HubInviteResult {
  readonly invitee: string;
  /** `invited`, `existing_org_member`, `invalid_email_or_docker_id` (SPEC examples), or another status. */
  readonly status: string;
  readonly invite: HubInvite | undefined;
}
