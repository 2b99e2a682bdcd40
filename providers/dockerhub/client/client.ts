import { HubConflictError, HubError, HubNotFoundError } from "./errors";
import { collectAll } from "./pagination";
import type { HubStats } from "./stats";
import { HubTransport } from "./transport";
import type {
  CreateRepositoryInput,
  HubImmutableTags,
  HubPermission,
  HubRepository,
  HubTag,
  HubTeam,
  HubTeamMember,
  HubTeamPermission,
  TeamInput,
  UpdateRepositoryInput,
} from "./types";
import { ignoreBody, parseMember, parsePermission, parseRepository, parseTag, parseTeam } from "./wire";

/** How to reach and authenticate to Docker Hub, and how hard to retry. */
export interface DockerHubClientOptions {
  /** API origin. @default "https://hub.docker.com" */
  readonly baseUrl?: string;
  /** Username, or the organization name when `secret` is an organization access token. */
  readonly identifier: string;
  /** Password, personal access token or organization access token. Never logged. */
  readonly secret: string;
  /** Per-request timeout. @default 30000 */
  readonly timeoutMs?: number;
  /** Retries after a network error, timeout, 5xx or 429 (so at most `maxRetries + 1` attempts). @default 4 */
  readonly maxRetries?: number;
  /** Base of the exponential backoff. @default 500 */
  readonly retryBaseDelayMs?: number;
  /** Ceiling of one backoff delay. @default 30000 */
  readonly retryMaxDelayMs?: number;
  /** A 429 asking for a longer wait than this fails at once instead of sleeping. @default 120000 */
  readonly maxRateLimitWaitMs?: number;
  /** Log in again this long before the token's `exp`. @default 30000 */
  readonly tokenSkewMs?: number;
  /** Injectable for tests. @default setTimeout-based sleep */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injectable clock, epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** Injectable fetch. @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch;
  /** Jitter source in [0, 1). @default Math.random */
  readonly random?: () => number;
}

/** The default API origin. */
export const DOCKER_HUB_URL = "https://hub.docker.com";

const segment = encodeURIComponent;

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function requireText(value: string, name: string): string {
  if (value.trim() === "") throw new Error(`DockerHubClient: ${name} must not be empty`);
  return value;
}

function requireCount(value: number, name: string, min: number): number {
  if (!Number.isFinite(value) || value < min)
    throw new Error(`DockerHubClient: ${name} must be a number >= ${min}, got ${value}`);
  return value;
}

/** Builds the conflict error raised when a create finds the object there with other settings. */
function conflictWith(error: HubError, what: string, differences: readonly string[]): HubConflictError {
  return new HubConflictError({
    status: error.status,
    method: error.method,
    path: error.path,
    answer: `${what} already exists with a different ${differences.join(", ")} (Docker Hub said: ${error.answer})`,
  });
}

/**
 * A 404 read as "absent": for finds, and for deletes whose earlier attempt lost its
 * answer (the 404 then means that attempt deleted it).
 */
function absentAsUndefined(error: unknown): Promise<undefined> {
  if (error instanceof HubNotFoundError) return Promise.resolve(undefined);
  return Promise.reject(error instanceof Error ? error : new Error(String(error)));
}

/**
 * Typed Docker Hub API client: repositories, tags, organization teams, team members and
 * repository team permissions. One instance caches one login; build one per process or
 * per provider call. Everything is plain async functions over plain data (no Pulumi).
 *
 * Writes after a lost answer are reconciled, never duplicated: see {@link HubTransport}.
 */
export class DockerHubClient {
  private readonly transport: HubTransport;

  constructor(options: DockerHubClientOptions) {
    const baseUrl = options.baseUrl ?? DOCKER_HUB_URL;
    const parsed = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
    if (parsed === undefined || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
      throw new Error(`DockerHubClient: baseUrl must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
    }
    this.transport = new HubTransport({
      baseUrl: parsed.origin,
      identifier: requireText(options.identifier, "identifier"),
      secret: requireText(options.secret, "secret"),
      timeoutMs: requireCount(options.timeoutMs ?? 30_000, "timeoutMs", 1),
      maxRetries: requireCount(options.maxRetries ?? 4, "maxRetries", 0),
      retryBaseDelayMs: requireCount(options.retryBaseDelayMs ?? 500, "retryBaseDelayMs", 0),
      retryMaxDelayMs: requireCount(options.retryMaxDelayMs ?? 30_000, "retryMaxDelayMs", 0),
      maxRateLimitWaitMs: requireCount(options.maxRateLimitWaitMs ?? 120_000, "maxRateLimitWaitMs", 0),
      tokenSkewMs: requireCount(options.tokenSkewMs ?? 30_000, "tokenSkewMs", 0),
      sleep: options.sleep ?? realSleep,
      now: options.now ?? Date.now,
      fetch: options.fetch ?? globalThis.fetch,
      random: options.random ?? Math.random,
    });
  }

  /** API calls made so far (logins, requests by method and route kind, retries). */
  get stats(): HubStats {
    return this.transport.stats.snapshot();
  }

  /** Zeroes the counters (the cached login is kept). */
  resetStats(): void {
    this.transport.stats.reset();
  }

  // Repositories

  /** GET /v2/namespaces/{ns}/repositories/{name}. Throws {@link HubNotFoundError} when absent. */
  async getRepository(namespace: string, name: string): Promise<HubRepository> {
    return this.transport.send({
      method: "GET",
      target: `/v2/namespaces/${segment(namespace)}/repositories/${segment(name)}`,
      route: "repository.get",
      parse: parseRepository,
    });
  }

  /** Like {@link getRepository}, but `undefined` when the repository does not exist. */
  async findRepository(namespace: string, name: string): Promise<HubRepository | undefined> {
    return this.getRepository(namespace, name).catch(absentAsUndefined);
  }

  /**
   * POST /v2/namespaces/{ns}/repositories. If an earlier attempt's answer was lost and
   * the retry is refused (already exists), the repository is read back: same settings
   * means our attempt created it; different settings is a {@link HubConflictError}.
   */
  async createRepository(input: CreateRepositoryInput): Promise<HubRepository> {
    const wanted = {
      description: input.description ?? "",
      fullDescription: input.fullDescription ?? "",
      isPrivate: input.isPrivate,
    };
    return this.transport.send({
      method: "POST",
      target: `/v2/namespaces/${segment(input.namespace)}/repositories`,
      route: "repositories.create",
      body: {
        name: input.name,
        namespace: input.namespace,
        description: wanted.description,
        full_description: wanted.fullDescription,
        is_private: wanted.isPrivate,
      },
      parse: parseRepository,
      reconcile: async (error) => {
        const existing = await this.findRepository(input.namespace, input.name);
        if (existing === undefined) throw error;
        const differences = [
          existing.description === wanted.description ? undefined : "description",
          existing.fullDescription === wanted.fullDescription ? undefined : "full_description",
          existing.isPrivate === wanted.isPrivate ? undefined : "is_private",
        ].filter((field) => field !== undefined);
        if (differences.length === 0) return existing;
        throw conflictWith(error, `repository ${input.namespace}/${input.name}`, differences);
      },
    });
  }

  /** PATCH /v2/repositories/{ns}/{name}/: description and/or full description. */
  async updateRepository(namespace: string, name: string, input: UpdateRepositoryInput): Promise<HubRepository> {
    const body: Record<string, string> = {};
    if (input.description !== undefined) body.description = input.description;
    if (input.fullDescription !== undefined) body.full_description = input.fullDescription;
    return this.transport.send({
      method: "PATCH",
      target: `/v2/repositories/${segment(namespace)}/${segment(name)}/`,
      route: "repository.update",
      body,
      parse: parseRepository,
    });
  }

  /** POST /v2/repositories/{ns}/{name}/privacy. Idempotent: a retry sets the same value. */
  async setRepositoryPrivacy(namespace: string, name: string, isPrivate: boolean): Promise<void> {
    await this.transport.send({
      method: "POST",
      target: `/v2/repositories/${segment(namespace)}/${segment(name)}/privacy`,
      route: "repository.privacy",
      body: { is_private: isPrivate },
      parse: ignoreBody,
    });
  }

  /**
   * PATCH /v2/namespaces/{ns}/repositories/{name}/immutabletags. Enabled with no rules
   * makes every tag immutable; rules are regular expressions over tag names.
   */
  async setImmutableTags(namespace: string, name: string, settings: HubImmutableTags): Promise<void> {
    await this.transport.send({
      method: "PATCH",
      target: `/v2/namespaces/${segment(namespace)}/repositories/${segment(name)}/immutabletags`,
      route: "repository.immutable-tags",
      body: { immutable_tags: settings.enabled, immutable_tags_rules: settings.rules },
      parse: ignoreBody,
    });
  }

  /** DELETE /v2/repositories/{ns}/{name}/. Deletes every image in it. */
  async deleteRepository(namespace: string, name: string): Promise<void> {
    await this.transport.send({
      method: "DELETE",
      target: `/v2/repositories/${segment(namespace)}/${segment(name)}/`,
      route: "repository.delete",
      parse: ignoreBody,
      reconcile: absentAsUndefined,
    });
  }

  /** Every repository of a namespace, ordered by name, all pages. */
  async listRepositories(namespace: string): Promise<HubRepository[]> {
    return collectAll(
      this.transport,
      `/v2/namespaces/${segment(namespace)}/repositories?ordering=name`,
      "repositories.list",
      parseRepository,
    );
  }

  // Tags

  /** Every tag of a repository, all pages (ceil(N/100) requests, at least one). */
  async listTags(namespace: string, repository: string): Promise<HubTag[]> {
    return collectAll(
      this.transport,
      `/v2/namespaces/${segment(namespace)}/repositories/${segment(repository)}/tags`,
      "tags.list",
      parseTag,
    );
  }

  /** DELETE /v2/repositories/{ns}/{repo}/tags/{tag}/. Immutable tags are refused by Docker Hub. */
  async deleteTag(namespace: string, repository: string, tag: string): Promise<void> {
    await this.transport.send({
      method: "DELETE",
      target: `/v2/repositories/${segment(namespace)}/${segment(repository)}/tags/${segment(tag)}/`,
      route: "tag.delete",
      parse: ignoreBody,
      reconcile: absentAsUndefined,
    });
  }

  // Teams

  /** GET /v2/orgs/{org}/groups/{team}/. */
  async getTeam(org: string, team: string): Promise<HubTeam> {
    return this.transport.send({
      method: "GET",
      target: `/v2/orgs/${segment(org)}/groups/${segment(team)}/`,
      route: "team.get",
      parse: parseTeam,
    });
  }

  /** Like {@link getTeam}, but `undefined` when the team does not exist. */
  async findTeam(org: string, team: string): Promise<HubTeam | undefined> {
    return this.getTeam(org, team).catch(absentAsUndefined);
  }

  /** POST /v2/orgs/{org}/groups/; a refused retry after a lost answer is reconciled by reading the team back. */
  async createTeam(org: string, input: TeamInput): Promise<HubTeam> {
    const description = input.description ?? "";
    return this.transport.send({
      method: "POST",
      target: `/v2/orgs/${segment(org)}/groups/`,
      route: "teams.create",
      body: { name: input.name, description },
      parse: parseTeam,
      reconcile: async (error) => {
        const existing = await this.findTeam(org, input.name);
        if (existing === undefined) throw error;
        if (existing.description === description) return existing;
        throw conflictWith(error, `team ${org}/${input.name}`, ["description"]);
      },
    });
  }

  /** PATCH /v2/orgs/{org}/groups/{team}/ (renames when `input.name` differs). */
  async updateTeam(org: string, team: string, input: Partial<TeamInput>): Promise<HubTeam> {
    const body: Record<string, string> = {};
    if (input.name !== undefined) body.name = input.name;
    if (input.description !== undefined) body.description = input.description;
    return this.transport.send({
      method: "PATCH",
      target: `/v2/orgs/${segment(org)}/groups/${segment(team)}/`,
      route: "team.update",
      body,
      parse: parseTeam,
    });
  }

  /** DELETE /v2/orgs/{org}/groups/{team}/. */
  async deleteTeam(org: string, team: string): Promise<void> {
    await this.transport.send({
      method: "DELETE",
      target: `/v2/orgs/${segment(org)}/groups/${segment(team)}/`,
      route: "team.delete",
      parse: ignoreBody,
      reconcile: absentAsUndefined,
    });
  }

  /** Every team of an organization, all pages. */
  async listTeams(org: string): Promise<HubTeam[]> {
    return collectAll(this.transport, `/v2/orgs/${segment(org)}/groups/`, "teams.list", parseTeam);
  }

  // Team members

  /** Every member of a team, all pages. */
  async listTeamMembers(org: string, team: string): Promise<HubTeamMember[]> {
    return collectAll(
      this.transport,
      `/v2/orgs/${segment(org)}/groups/${segment(team)}/members/`,
      "team-members.list",
      parseMember,
    );
  }

  /** POST /v2/orgs/{org}/groups/{team}/members/ `{member}`; after a lost answer a refusal is checked against the member list. */
  async addTeamMember(org: string, team: string, username: string): Promise<void> {
    await this.transport.send({
      method: "POST",
      target: `/v2/orgs/${segment(org)}/groups/${segment(team)}/members/`,
      route: "team-members.add",
      body: { member: username },
      parse: ignoreBody,
      reconcile: async (error) => {
        const members = await this.listTeamMembers(org, team);
        if (members.some((member) => member.username === username)) return undefined;
        throw error;
      },
    });
  }

  /** DELETE /v2/orgs/{org}/groups/{team}/members/{username}. */
  async removeTeamMember(org: string, team: string, username: string): Promise<void> {
    await this.transport.send({
      method: "DELETE",
      target: `/v2/orgs/${segment(org)}/groups/${segment(team)}/members/${segment(username)}`,
      route: "team-member.remove",
      parse: ignoreBody,
      reconcile: absentAsUndefined,
    });
  }

  // Repository team permissions

  /** GET /v2/repositories/{ns}/{repo}/groups/{teamId}/. */
  async getTeamPermission(namespace: string, repository: string, teamId: number): Promise<HubTeamPermission> {
    return this.transport.send({
      method: "GET",
      target: `/v2/repositories/${segment(namespace)}/${segment(repository)}/groups/${teamId}/`,
      route: "team-permission.get",
      parse: parsePermission,
    });
  }

  /** Like {@link getTeamPermission}, but `undefined` when the team has no permission there. */
  async findTeamPermission(
    namespace: string,
    repository: string,
    teamId: number,
  ): Promise<HubTeamPermission | undefined> {
    return this.getTeamPermission(namespace, repository, teamId).catch(absentAsUndefined);
  }

  /**
   * POST /v2/repositories/{ns}/{repo}/groups `{group_id, permission}`: grants a team a
   * permission it does not have yet (use {@link updateTeamPermission} to change one).
   */
  async setTeamPermission(
    namespace: string,
    repository: string,
    teamId: number,
    permission: HubPermission,
  ): Promise<HubTeamPermission> {
    return this.transport.send({
      method: "POST",
      target: `/v2/repositories/${segment(namespace)}/${segment(repository)}/groups`,
      route: "team-permissions.create",
      body: { group_id: teamId, permission },
      parse: parsePermission,
      reconcile: async (error) => {
        const existing = await this.findTeamPermission(namespace, repository, teamId);
        if (existing === undefined) throw error;
        if (existing.permission === permission) return existing;
        throw conflictWith(error, `permission of team ${teamId} on ${namespace}/${repository}`, ["permission"]);
      },
    });
  }

  /** PATCH /v2/repositories/{ns}/{repo}/groups/{teamId}/ `{permission}`. */
  async updateTeamPermission(
    namespace: string,
    repository: string,
    teamId: number,
    permission: HubPermission,
  ): Promise<HubTeamPermission> {
    return this.transport.send({
      method: "PATCH",
      target: `/v2/repositories/${segment(namespace)}/${segment(repository)}/groups/${teamId}/`,
      route: "team-permission.update",
      body: { permission },
      parse: parsePermission,
    });
  }

  /** DELETE /v2/repositories/{ns}/{repo}/groups/{teamId}/. */
  async deleteTeamPermission(namespace: string, repository: string, teamId: number): Promise<void> {
    await this.transport.send({
      method: "DELETE",
      target: `/v2/repositories/${segment(namespace)}/${segment(repository)}/groups/${teamId}/`,
      route: "team-permission.delete",
      parse: ignoreBody,
      reconcile: absentAsUndefined,
    });
  }
}
