/**
 * Wire shapes of Docker Hub answers (docs.docker.com/reference/api/hub/latest and the
 * routes docker/terraform-provider-docker's internal/hubclient reads) and their mapping
 * to ./types.ts. Unknown fields are ignored; fields the API marks nullable are accepted
 * as null.
 */
import { z } from "zod";
import type {
  HubInvite,
  HubInviteResult,
  HubRepository,
  HubTag,
  HubTeam,
  HubTeamMember,
  HubTeamPermission,
} from "./types";

const optionalText = z.string().nullish();
const optionalNumber = z.number().nullish();

const repositoryWire = z.object({
  name: z.string(),
  namespace: z.string(),
  description: optionalText,
  full_description: optionalText,
  is_private: z.boolean(),
  last_updated: optionalText,
  immutable_tags_settings: z.object({ enabled: z.boolean(), rules: z.array(z.string()).nullish() }).nullish(),
});

const tagWire = z.object({
  name: z.string(),
  digest: optionalText,
  last_updated: optionalText,
  tag_last_pushed: optionalText,
  tag_last_pulled: optionalText,
  full_size: optionalNumber,
  images: z
    .array(
      z.object({
        architecture: optionalText,
        os: optionalText,
        digest: optionalText,
        size: optionalNumber,
        last_pushed: optionalText,
      }),
    )
    .nullish(),
});

const teamWire = z.object({
  id: z.number(),
  uuid: optionalText,
  name: z.string(),
  description: optionalText,
  member_count: optionalNumber,
});

const memberWire = z.object({
  username: z.string(),
  full_name: optionalText,
  type: optionalText,
});

const permissionWire = z.object({
  group_id: z.number(),
  group_name: optionalText,
  permission: z.enum(["read", "write", "admin"]),
});

const pageWire = z.object({
  count: z.number().nullish(),
  next: z.string().nullish(),
  previous: z.string().nullish(),
  results: z.array(z.unknown()),
});

/** One page of a list answer, items not yet decoded. */
export interface RawPage {
  readonly next: string | undefined;
  readonly results: readonly unknown[];
}

/** Decodes the `{count, next, previous, results}` envelope. */
export function parsePage(body: unknown): RawPage {
  const page = pageWire.parse(body);
  return { next: page.next ?? undefined, results: page.results };
}

/** Decodes a repository. */
export function parseRepository(body: unknown): HubRepository {
  const wire = repositoryWire.parse(body);
  const settings = wire.immutable_tags_settings;
  return {
    namespace: wire.namespace,
    name: wire.name,
    description: wire.description ?? "",
    fullDescription: wire.full_description ?? "",
    isPrivate: wire.is_private,
    immutableTags:
      settings === null || settings === undefined
        ? undefined
        : { enabled: settings.enabled, rules: settings.rules ?? [] },
    lastUpdated: wire.last_updated ?? undefined,
  };
}

/** Decodes a tag. */
export function parseTag(body: unknown): HubTag {
  const wire = tagWire.parse(body);
  return {
    name: wire.name,
    digest: wire.digest ?? undefined,
    lastUpdated: wire.last_updated ?? undefined,
    lastPushed: wire.tag_last_pushed ?? undefined,
    lastPulled: wire.tag_last_pulled ?? undefined,
    fullSize: wire.full_size ?? undefined,
    images: (wire.images ?? []).map((image) => ({
      architecture: image.architecture ?? undefined,
      os: image.os ?? undefined,
      digest: image.digest ?? undefined,
      size: image.size ?? undefined,
      lastPushed: image.last_pushed ?? undefined,
    })),
  };
}

/** Decodes a team. */
export function parseTeam(body: unknown): HubTeam {
  const wire = teamWire.parse(body);
  return {
    id: wire.id,
    uuid: wire.uuid ?? undefined,
    name: wire.name,
    description: wire.description ?? "",
    memberCount: wire.member_count ?? undefined,
  };
}

/** Decodes a team member. */
export function parseMember(body: unknown): HubTeamMember {
  const wire = memberWire.parse(body);
  return { username: wire.username, fullName: wire.full_name ?? undefined, type: wire.type ?? undefined };
}

/** Decodes a team permission on a repository. */
export function parsePermission(body: unknown): HubTeamPermission {
  const wire = permissionWire.parse(body);
  return { teamId: wire.group_id, teamName: wire.group_name ?? undefined, permission: wire.permission };
}

/** For answers whose body the client does not use (204, privacy, member add). */
export function ignoreBody(): undefined {
  return undefined;
}

const inviteWire = z.object({ id: z.string(), invitee: z.string(), team: z.string().nullish() });

const toInvite = (wire: z.infer<typeof inviteWire>): HubInvite => ({
  id: wire.id,
  invitee: wire.invitee,
  team: wire.team ?? "",
});

/** Decodes an organization member (GET /v2/orgs/{org}/members): its username. */
export function parseOrgMember(body: unknown): string {
  return z.object({ username: z.string() }).parse(body).username;
}

/** Decodes `{data: [invite]}` (GET /v2/orgs/{org}/invites). */
export function parseInvites(body: unknown): HubInvite[] {
  return z
    .object({ data: z.array(inviteWire) })
    .parse(body)
    .data.map(toInvite);
}

/** Decodes `{invitees: [{invitee, status, invite}]}` (POST /v2/invites/bulk). */
export function parseInviteResults(body: unknown): HubInviteResult[] {
  const wire = z.object({
    invitees: z.array(z.object({ invitee: z.string(), status: z.string(), invite: inviteWire.nullish() })),
  });
  return wire.parse(body).invitees.map((r) => ({
    invitee: r.invitee,
    status: r.status,
    invite: r.invite === null || r.invite === undefined ? undefined : toInvite(r.invite),
  }));
}
