/** JSON shapes the emulator answers with, field names as in the published schemas. */
import type { RepositoryRecord, TagRecord, TeamRecord, UserRecord } from "./store";
import type { Permission } from "./validation";

/** `repository_info`, as GET/POST /v2/namespaces/{ns}/repositories[/{repo}] answer it. */
export function repositoryView(repo: RepositoryRecord): Record<string, unknown> {
  return {
    name: repo.name,
    namespace: repo.namespace,
    repository_type: "image",
    status: 1,
    status_description: "active",
    description: repo.description,
    is_private: repo.isPrivate,
    is_automated: false,
    star_count: 0,
    pull_count: 0,
    last_updated: repo.lastUpdated,
    date_registered: repo.dateRegistered,
    collaborator_count: 0,
    hub_user: repo.namespace,
    has_starred: false,
    full_description: repo.fullDescription,
    media_types: [],
    content_types: [],
    categories: [],
    immutable_tags_settings: { enabled: repo.immutableTags, rules: [...repo.immutableRules] },
    storage_size: null,
    source: null,
  };
}

/** `tag`, with one linux/amd64 image. */
export function tagView(tag: TagRecord): Record<string, unknown> {
  // Old pushes come without a digest, at the top and per image (reference/dockerhub-api.md).
  if (tag.withoutDigest === true) {
    return { name: tag.name, full_size: 0, last_updated: tag.lastPushed, tag_last_pushed: tag.lastPushed, images: [] };
  }
  return {
    name: tag.name,
    digest: tag.digest,
    full_size: tag.fullSize,
    last_updated: tag.lastPushed,
    tag_last_pushed: tag.lastPushed,
    tag_last_pulled: null,
    tag_status: "active",
    v2: true,
    images: [
      {
        architecture: "amd64",
        os: "linux",
        digest: tag.digest,
        size: tag.fullSize,
        status: "active",
        last_pushed: tag.lastPushed,
        last_pulled: null,
      },
    ],
  };
}

/** `org_group`. */
export function teamView(team: TeamRecord): Record<string, unknown> {
  return {
    id: team.id,
    uuid: team.uuid,
    name: team.name,
    description: team.description,
    member_count: team.members.size,
  };
}

/** `group_member`. */
export function memberView(user: UserRecord): Record<string, unknown> {
  return {
    id: user.username,
    username: user.username,
    full_name: user.fullName,
    type: "User",
    company: "",
    location: "",
    profile_url: "",
    date_joined: "2020-01-01T00:00:00Z",
  };
}

/** `RepositoryGroup`. */
export function permissionView(team: TeamRecord, permission: Permission): Record<string, unknown> {
  return { group_id: team.id, group_name: team.name, permission };
}
