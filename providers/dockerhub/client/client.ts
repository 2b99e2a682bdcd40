import { createHash } from "node:crypto";
import { RATE_LIMIT_MAX_WAIT_MS } from "./backoff";
import {
  credentialFor,
  credentialKind,
  HubCredentialError,
  missingCredentials,
  requirement,
  type Credential,
  type Operation,
} from "./credentials";
import { HubAuthError, HubConflictError, HubError, HubNotFoundError } from "./errors";
import { collectAll } from "./pagination";
import type { HubStats } from "./stats";
import { HubTransport, type HubRequest } from "./transport";
import type {
  CreateRepositoryInput,
  HubImmutableTags,
  HubInvite,
  HubInviteResult,
  HubPermission,
  HubRepository,
  HubTag,
  HubTeam,
  HubTeamMember,
  HubTeamPermission,
  TeamInput,
  UpdateRepositoryInput,
} from "./types";
import {
  ignoreBody,
  parseInviteResults,
  parseInvites,
  parseMember,
  parseOrgMember,
  parsePermission,
  parseRepository,
  parseTag,
  parseTeam,
} from "./wire";

/** How to reach and authenticate to Docker Hub, and how hard to retry. */
export interface DockerHubClientOptions {
  /** API origin. @default "https://hub.docker.com" */
  readonly baseUrl?: string;
  /**
   * The identities the client may log in as, each used for the operations Docker
   * allows it (./credentials.ts): typically an organization access token for the
   * documented organization and repository routes, and a user's personal access
   * token for the undocumented ones. At least one.
   */
  readonly credentials?: readonly Pick<Credential, "identifier" | "secret">[];
  /** One credential's username, or organization name for an organization access token; with `secret`, instead of `credentials`. */
  readonly identifier?: string;
  /** Its password, personal access token or organization access token. Never logged. */
  readonly secret?: string;
  /** Per-request timeout. @default 30000 */
  readonly timeoutMs?: number;
  /** Retries after a network error, timeout, 5xx or 429 (so at most `maxRetries + 1` attempts). @default 4 */
  readonly maxRetries?: number;
  /** Base of the exponential backoff. @default 500 */
  readonly retryBaseDelayMs?: number;
  /** Ceiling of one backoff delay. @default 30000 */
  readonly retryMaxDelayMs?: number;
  /** A 429 asking for a longer wait than this fails at once instead of sleeping. @default RATE_LIMIT_MAX_WAIT_MS (65 s) */
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

/** Counters of several transports as one: sums, and the newest rate-limit observation. */
function mergeStats(all: readonly HubStats[]): HubStats {
  const requests: Record<string, number> = {};
  for (const stats of all)
    for (const [key, n] of Object.entries(stats.requests)) requests[key] = (requests[key] ?? 0) + n;
  const sum = (pick: (s: HubStats) => number) => all.reduce((total, s) => total + pick(s), 0);
  return {
    logins: sum((s) => s.logins),
    requests: Object.fromEntries(Object.entries(requests).sort(([a], [b]) => a.localeCompare(b))),
    totalRequests: sum((s) => s.totalRequests),
    retries: sum((s) => s.retries),
    reauthentications: sum((s) => s.reauthentications),
    rateLimited: sum((s) => s.rateLimited),
    rateLimitWaitMs: sum((s) => s.rateLimitWaitMs),
    // Each credential has its own budget (whether Docker Hub counts per account or per token is
    // unverified): the newest observation is the one a caller paces by.
    rateLimit: all
      .map((s) => s.rateLimit)
      .filter((r) => r !== undefined)
      .reduce<HubStats["rateLimit"]>(
        (newest, r) => (newest === undefined || r.observedAtMs > newest.observedAtMs ? r : newest),
        undefined,
      ),
  };
}

/**
 * A 403 on `operation` as a credential error naming what the operation needs
 * (Docker's 403 bodies say which kind of token was refused, not what would do).
 */
async function explainForbidden<T>(operation: Operation, pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof HubAuthError && error.status === 403) {
      throw new HubAuthError({
        status: error.status,
        method: error.method,
        path: error.path,
        answer: `${error.answer}; ${operation} needs ${requirement(operation)}`,
      });
    }
    throw error;
  }
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
  private readonly transports = new Map<string, HubTransport>();
  private readonly credentials: readonly Credential[];
  private readonly settings: Omit<ConstructorParameters<typeof HubTransport>[0], "identifier" | "secret">;

  constructor(options: DockerHubClientOptions) {
    const baseUrl = options.baseUrl ?? DOCKER_HUB_URL;
    const parsed = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
    if (parsed === undefined || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
      throw new Error(`DockerHubClient: baseUrl must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
    }
    const given =
      options.credentials ??
      (options.identifier !== undefined || options.secret !== undefined
        ? [{ identifier: options.identifier ?? "", secret: options.secret ?? "" }]
        : []);
    if (given.length === 0) throw new Error("DockerHubClient: give at least one credential");
    this.credentials = given.map((c) => {
      const secret = requireText(c.secret, "secret");
      return { identifier: requireText(c.identifier, "identifier"), secret, kind: credentialKind(secret) };
    });
    this.settings = {
      baseUrl: parsed.origin,
      timeoutMs: requireCount(options.timeoutMs ?? 30_000, "timeoutMs", 1),
      maxRetries: requireCount(options.maxRetries ?? 4, "maxRetries", 0),
      retryBaseDelayMs: requireCount(options.retryBaseDelayMs ?? 500, "retryBaseDelayMs", 0),
      retryMaxDelayMs: requireCount(options.retryMaxDelayMs ?? 30_000, "retryMaxDelayMs", 0),
      maxRateLimitWaitMs: requireCount(options.maxRateLimitWaitMs ?? RATE_LIMIT_MAX_WAIT_MS, "maxRateLimitWaitMs", 0),
      tokenSkewMs: requireCount(options.tokenSkewMs ?? 30_000, "tokenSkewMs", 0),
      sleep: options.sleep ?? realSleep,
      now: options.now ?? Date.now,
      fetch: options.fetch ?? globalThis.fetch,
      random: options.random ?? Math.random,
    };
  }

  /** The kinds of credential this client holds (for checks before any write). */
  get credentialKinds(): readonly Credential["kind"][] {
    return this.credentials.map((c) => c.kind);
  }

  /** The operations of `needed` none of this client's credentials may call, each with what it needs. */
  cannot(needed: readonly Operation[]): { readonly operation: Operation; readonly needs: string }[] {
    return missingCredentials(needed, this.credentials);
  }

  /**
   * The transport that logs in as the credential Docker allows for `operation`:
   * one per credential, so each logs in once and reuses its token until it expires.
   * @throws HubCredentialError when no credential of this client may call it
   */
  private via(operation: Operation): HubTransport {
    const credential = credentialFor(operation, this.credentials);
    if (credential === undefined) {
      throw new HubCredentialError(
        `no Docker Hub credential given can ${operation}: it needs ${requirement(operation)} (given: ${this.credentials.map((c) => c.kind).join(", ")})`,
      );
    }
    const key = `${credential.identifier}\0${createHash("sha256").update(credential.secret).digest("hex")}`;
    let transport = this.transports.get(key);
    if (transport === undefined) {
      transport = new HubTransport({ ...this.settings, identifier: credential.identifier, secret: credential.secret });
      this.transports.set(key, transport);
    }
    return transport;
  }

  /** Sends one request through the credential its operation needs; a 403 names what that needs. */
  private async send<T>(request: HubRequest<T> & { readonly route: Operation }): Promise<T> {
    return explainForbidden(request.route, this.via(request.route).send(request));
  }

  private async list<T>(target: string, operation: Operation, parse: (body: unknown) => T): Promise<T[]> {
    return explainForbidden(operation, collectAll(this.via(operation), target, operation, parse));
  }

  /** API calls made so far (logins, requests by method and route kind, retries), over every credential. */
  get stats(): HubStats {
    return mergeStats([...this.transports.values()].map((t) => t.stats.snapshot()));
  }

  /** Zeroes the counters (the cached login is kept). */
  resetStats(): void {
    for (const transport of this.transports.values()) transport.stats.reset();
  }

  // Repositories

  /** GET /v2/namespaces/{ns}/repositories/{name}. Throws {@link HubNotFoundError} when absent. */
  async getRepository(namespace: string, name: string): Promise<HubRepository> {
    return this.send({
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
    return this.send({
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
    return this.send({
      method: "PATCH",
      target: `/v2/repositories/${segment(namespace)}/${segment(name)}/`,
      route: "repository.update",
      body,
      parse: parseRepository,
    });
  }

  /** POST /v2/repositories/{ns}/{name}/privacy. Idempotent: a retry sets the same value. */
  async setRepositoryPrivacy(namespace: string, name: string, isPrivate: boolean): Promise<void> {
    await this.send({
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
    await this.send({
      method: "PATCH",
      target: `/v2/namespaces/${segment(namespace)}/repositories/${segment(name)}/immutabletags`,
      route: "repository.immutable-tags",
      body: { immutable_tags: settings.enabled, immutable_tags_rules: settings.rules },
      parse: ignoreBody,
    });
  }

  /** DELETE /v2/repositories/{ns}/{name}/. Deletes every image in it. */
  async deleteRepository(namespace: string, name: string): Promise<void> {
    await this.send({
      method: "DELETE",
      target: `/v2/repositories/${segment(namespace)}/${segment(name)}/`,
      route: "repository.delete",
      parse: ignoreBody,
      reconcile: absentAsUndefined,
    });
  }

  /** Every repository of a namespace, ordered by name, all pages. */
  async listRepositories(namespace: string): Promise<HubRepository[]> {
    return this.list(
      `/v2/namespaces/${segment(namespace)}/repositories?ordering=name`,
      "repositories.list",
      parseRepository,
    );
  }

  // Tags

  /** Every tag of a repository, all pages (ceil(N/100) requests, at least one). */
  async listTags(namespace: string, repository: string): Promise<HubTag[]> {
    return this.list(
      `/v2/namespaces/${segment(namespace)}/repositories/${segment(repository)}/tags`,
      "tags.list",
      parseTag,
    );
  }

  /** DELETE /v2/repositories/{ns}/{repo}/tags/{tag}/. Immutable tags are refused by Docker Hub. */
  async deleteTag(namespace: string, repository: string, tag: string): Promise<void> {
    await this.send({
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
    return this.send({
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
    return this.send({
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
    return this.send({
      method: "PATCH",
      target: `/v2/orgs/${segment(org)}/groups/${segment(team)}/`,
      route: "team.update",
      body,
      parse: parseTeam,
    });
  }

  /** DELETE /v2/orgs/{org}/groups/{team}/. */
  async deleteTeam(org: string, team: string): Promise<void> {
    await this.send({
      method: "DELETE",
      target: `/v2/orgs/${segment(org)}/groups/${segment(team)}/`,
      route: "team.delete",
      parse: ignoreBody,
      reconcile: absentAsUndefined,
    });
  }

  /** Every team of an organization, all pages. */
  async listTeams(org: string): Promise<HubTeam[]> {
    return this.list(`/v2/orgs/${segment(org)}/groups/`, "teams.list", parseTeam);
  }

  // Organization members and invitations

  /** Every member of the organization (usernames), all pages. */
  async listOrgMembers(org: string): Promise<string[]> {
    return this.list(`/v2/orgs/${segment(org)}/members`, "org-members.list", parseOrgMember);
  }

  /** The organization's pending invitations. */
  async listInvites(org: string): Promise<HubInvite[]> {
    return this.send({
      method: "GET",
      target: `/v2/orgs/${segment(org)}/invites`,
      route: "invites.list",
      parse: parseInvites,
    });
  }

  /**
   * POST /v2/invites/bulk: invites Docker IDs to the organization, to join
   * `team` on acceptance. A retry after a lost answer invites again, which
   * Docker Hub answers with the same pending invitation.
   */
  async invite(org: string, team: string, invitees: readonly string[]): Promise<HubInviteResult[]> {
    return this.send({
      method: "POST",
      target: "/v2/invites/bulk",
      route: "invites.create",
      body: { org, team, role: "member", invitees, dry_run: false },
      parse: parseInviteResults,
    });
  }

  /** DELETE /v2/invites/{id}: cancels a pending invitation; one already gone counts as done. */
  async cancelInvite(id: string): Promise<void> {
    await this.send({
      method: "DELETE",
      target: `/v2/invites/${segment(id)}`,
      route: "invite.delete",
      parse: ignoreBody,
    }).catch(absentAsUndefined);
  }

  // Team members

  /** Every member of a team, all pages. */
  async listTeamMembers(org: string, team: string): Promise<HubTeamMember[]> {
    return this.list(`/v2/orgs/${segment(org)}/groups/${segment(team)}/members/`, "team-members.list", parseMember);
  }

  /** POST /v2/orgs/{org}/groups/{team}/members/ `{member}`; after a lost answer a refusal is checked against the member list. */
  async addTeamMember(org: string, team: string, username: string): Promise<void> {
    await this.send({
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
    await this.send({
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
    return this.send({
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
    return this.send({
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
    return this.send({
      method: "PATCH",
      target: `/v2/repositories/${segment(namespace)}/${segment(repository)}/groups/${teamId}/`,
      route: "team-permission.update",
      body: { permission },
      parse: parsePermission,
    });
  }

  /** DELETE /v2/repositories/{ns}/{repo}/groups/{teamId}/. */
  async deleteTeamPermission(namespace: string, repository: string, teamId: number): Promise<void> {
    await this.send({
      method: "DELETE",
      target: `/v2/repositories/${segment(namespace)}/${segment(repository)}/groups/${teamId}/`,
      route: "team-permission.delete",
      parse: ignoreBody,
      reconcile: absentAsUndefined,
    });
  }
}
