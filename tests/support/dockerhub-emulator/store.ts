import { createHash, randomUUID } from "node:crypto";
import type { RuleAnchoring } from "../../../lib/dockerhub/re2";
import { forbidden, notFound } from "./problem";
import type { PatLevel, Principal } from "./tokens";
import type { Permission } from "./validation";

/** How one secret of a user logs in: the password, or a personal access token of a level. */
export type UserSecret = { readonly via: "password" } | { readonly via: "pat"; readonly level: PatLevel };

/** A Docker Hub user account; `secrets` are its password and personal access tokens. */
export interface UserRecord {
  readonly username: string;
  readonly fullName: string;
  readonly secrets: Map<string, UserSecret>;
}

/**
 * An organization: `owners` may manage it; `members` belong to it (owners
 * included), the only users its teams may hold; `accessTokens` are its OATs,
 * each with its scopes.
 */
export interface OrgRecord {
  readonly name: string;
  readonly owners: Set<string>;
  readonly members: Set<string>;
  readonly accessTokens: Map<string, readonly string[]>;
}

/** A pending invitation to an organization (POST /v2/invites/bulk). */
export interface InviteRecord {
  readonly id: string;
  readonly org: string;
  readonly invitee: string;
  readonly team: string;
  readonly role: string;
  readonly inviter: string;
  readonly createdAt: string;
}

/** A pushed tag (one linux/amd64 image). */
export interface TagRecord {
  readonly name: string;
  readonly digest: string;
  readonly fullSize: number;
  readonly lastPushed: string;
  /** Served without `digest` (and with `full_size` 0), as old pushes are. */
  readonly withoutDigest?: boolean;
}

/** A repository with its tags, immutability settings and team permissions. */
export interface RepositoryRecord {
  readonly namespace: string;
  readonly name: string;
  description: string;
  fullDescription: string;
  isPrivate: boolean;
  immutableTags: boolean;
  immutableRules: string[];
  readonly dateRegistered: string;
  lastUpdated: string;
  readonly tags: Map<string, TagRecord>;
  /** Team id -> permission. */
  readonly teamPermissions: Map<number, Permission>;
}

/** An organization team ("group"). */
export interface TeamRecord {
  readonly id: number;
  readonly uuid: string;
  readonly org: string;
  name: string;
  description: string;
  /** Usernames, in the order they were added. */
  readonly members: Set<string>;
}

/**
 * The emulator's data: accounts, organizations, repositories with their tags and team
 * permissions, teams with their members. Handlers read and write it; tests seed and
 * inspect it through the emulator.
 */
export class HubStore {
  readonly users = new Map<string, UserRecord>();
  readonly orgs = new Map<string, OrgRecord>();
  /** Keyed `namespace/name`. */
  readonly repositories = new Map<string, RepositoryRecord>();
  /** Keyed `org/lowercased team name`: team names are unique per organization regardless of case. */
  readonly teams = new Map<string, TeamRecord>();
  /** Pending invitations by id. */
  readonly invites = new Map<string, InviteRecord>();
  private nextTeamId = 1000;

  constructor(
    readonly now: () => number,
    /** How immutable-tag rules meet a tag (ASSUMPTIONS.md #18). */
    readonly immutableRuleAnchoring: RuleAnchoring = "whole-tag",
  ) {}

  isoNow(offsetMs = 0): string {
    return new Date(this.now() + offsetMs).toISOString();
  }

  namespaceExists(namespace: string): boolean {
    return this.users.has(namespace) || this.orgs.has(namespace);
  }

  /** Whether the principal administers the namespace (its own user, an org it owns, or the org of its OAT). */
  canManage(principal: Principal | undefined, namespace: string): boolean {
    if (principal === undefined) return false;
    if (principal.kind === "org") return principal.org === namespace;
    return principal.username === namespace || (this.orgs.get(namespace)?.owners.has(principal.username) ?? false);
  }

  /** 404 when the namespace does not exist, 403 when the principal may not manage it. */
  requireManage(principal: Principal | undefined, namespace: string, action: string): void {
    if (!this.namespaceExists(namespace)) throw notFound(`namespace ${namespace}`);
    if (!this.canManage(principal, namespace)) throw forbidden(`${action} in ${namespace}`);
  }

  requireOrg(principal: Principal | undefined, org: string, action: string): OrgRecord {
    const record = this.orgs.get(org);
    if (record === undefined) throw notFound(`organization ${org}`);
    if (!this.canManage(principal, org)) throw forbidden(`${action} in ${org}`);
    return record;
  }

  /** The repository, hiding private ones from principals that cannot manage them (Hub answers 404, not 403). */
  visibleRepository(principal: Principal | undefined, namespace: string, name: string): RepositoryRecord {
    const repo = this.repositories.get(`${namespace}/${name}`);
    if (repo === undefined || (repo.isPrivate && !this.canManage(principal, namespace)))
      throw notFound(`repository ${namespace}/${name}`);
    return repo;
  }

  /** The repository, for a write: 404 when absent or hidden, 403 when visible but not managed. */
  managedRepository(
    principal: Principal | undefined,
    namespace: string,
    name: string,
    action: string,
  ): RepositoryRecord {
    const repo = this.visibleRepository(principal, namespace, name);
    if (!this.canManage(principal, namespace)) throw forbidden(`${action} ${namespace}/${name}`);
    return repo;
  }

  addRepository(
    fields: Pick<RepositoryRecord, "namespace" | "name" | "description" | "fullDescription" | "isPrivate">,
  ): RepositoryRecord {
    const created = this.isoNow();
    const record: RepositoryRecord = {
      ...fields,
      immutableTags: false,
      immutableRules: [],
      dateRegistered: created,
      lastUpdated: created,
      tags: new Map(),
      teamPermissions: new Map(),
    };
    this.repositories.set(`${fields.namespace}/${fields.name}`, record);
    return record;
  }

  addTag(repo: RepositoryRecord, name: string, pushedOffsetMs: number): TagRecord {
    const digest = `sha256:${createHash("sha256").update(`${repo.namespace}/${repo.name}:${name}`).digest("hex")}`;
    const tag: TagRecord = {
      name,
      digest,
      fullSize: 1024 * (name.length + 1),
      lastPushed: this.isoNow(pushedOffsetMs),
    };
    repo.tags.set(name, tag);
    return tag;
  }

  team(org: string, name: string): TeamRecord | undefined {
    return this.teams.get(`${org}/${name.toLowerCase()}`);
  }

  teamById(org: string, id: number): TeamRecord | undefined {
    return [...this.teams.values()].find((team) => team.org === org && team.id === id);
  }

  addTeam(org: string, name: string, description: string): TeamRecord {
    const record: TeamRecord = {
      id: this.nextTeamId++,
      uuid: randomUUID(),
      org,
      name,
      description,
      members: new Set(),
    };
    this.teams.set(`${org}/${name.toLowerCase()}`, record);
    return record;
  }

  renameTeam(team: TeamRecord, name: string): void {
    this.teams.delete(`${team.org}/${team.name.toLowerCase()}`);
    team.name = name;
    this.teams.set(`${team.org}/${name.toLowerCase()}`, team);
  }

  deleteTeam(team: TeamRecord): void {
    this.teams.delete(`${team.org}/${team.name.toLowerCase()}`);
    for (const repo of this.repositories.values())
      if (repo.namespace === team.org) repo.teamPermissions.delete(team.id);
  }
}
