import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RuleAnchoring } from "../../../lib/dockerhub/re2";
import { FaultQueue, type FaultFilter } from "./faults";
import { HttpProblem } from "./problem";
import { RateLimiter, type RateLimitOptions } from "./rate-limit";
import { matchRoute, type AuthMode, type RouteMatch } from "./routes";
import { HubStore } from "./store";
import { checkAccess, DEFAULT_SWITCHES, OAT_SCOPES, type ContractSwitches } from "./access";
import type { UserSecret } from "./store";
import { TokenIssuer, type PatLevel, type Principal } from "./tokens";
import type { Permission } from "./validation";

/** How to start an emulator. */
export interface EmulatorOptions {
  /** Port on 127.0.0.1. @default 0 (any free port) */
  readonly port?: number;
  /** Clock in epoch ms, shared with the client in tests to expire tokens without waiting. @default Date.now */
  readonly now?: () => number;
  /** Lifetime of issued tokens. @default 600 (Docker Hub: "This expires in 10 minutes") */
  readonly tokenTtlSeconds?: number;
  /** Request budget; unset means unlimited. */
  readonly rateLimit?: RateLimitOptions;
  /** Behaviour Docker's documentation leaves open (./access.ts). @default DEFAULT_SWITCHES */
  readonly contract?: Partial<ContractSwitches>;
  /**
   * Whether an immutable-tag rule must match the whole tag or any part of it: Docker
   * Hub does not say (ASSUMPTIONS.md #18), so specs can run both ways.
   * @default "whole-tag"
   */
  readonly immutableRuleAnchoring?: RuleAnchoring;
}

/** One request as the emulator saw it. */
export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** Route kind (`tags.list`, ...), or `unknown`. */
  readonly route: string;
  /** Status answered; `undefined` when the connection was dropped instead. */
  status: number | undefined;
}

/** What tests read back about a repository. */
export interface RepositorySnapshot {
  readonly namespace: string;
  readonly name: string;
  readonly description: string;
  readonly fullDescription: string;
  readonly isPrivate: boolean;
  readonly immutableTags: { readonly enabled: boolean; readonly rules: readonly string[] };
  readonly tags: readonly string[];
  readonly teamPermissions: Readonly<Record<number, Permission>>;
}

/** What tests read back about a team. */
export interface TeamSnapshot {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly members: readonly string[];
}

interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly html?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A legacy `/v2/repositories/...` path without its trailing slash, on a
 * method other than POST: Docker's own tools POST to `.../privacy` and
 * `.../groups` without one (docker/terraform-provider-docker), so POSTs are
 * served as they come.
 */
function legacyWithoutSlash(method: string, pathname: string): boolean {
  return method !== "POST" && pathname.startsWith("/v2/repositories/") && !pathname.endsWith("/");
}

const HTML_ERRORS: Readonly<Record<number, string>> = {
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/**
 * An in-process Docker Hub API on 127.0.0.1: the endpoints the client uses, with the
 * documented status codes, validation, JWT auth with expiry, pagination and rate limits,
 * plus fault injection and a request log for tests. Behaviour the public reference leaves
 * open is listed in ASSUMPTIONS.md next to this file.
 */
export class DockerHubEmulator {
  /** Base URL to give the client, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  private publicUrl: string;
  private readonly store: HubStore;
  private readonly tokens: TokenIssuer;
  private readonly faults = new FaultQueue();
  /** Behaviour Docker's documentation leaves open, as this emulator plays it. */
  readonly switches: ContractSwitches;
  private rateLimiter: RateLimiter | undefined;
  private readonly log: LoggedRequest[] = [];
  private readonly pendingDelays = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    private readonly now: () => number,
    options: EmulatorOptions,
  ) {
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.publicUrl = this.url;
    this.store = new HubStore(now, options.immutableRuleAnchoring);
    this.tokens = new TokenIssuer(now, options.tokenTtlSeconds ?? 600);
    this.switches = { ...DEFAULT_SWITCHES, ...options.contract };
    this.rateLimiter = options.rateLimit === undefined ? undefined : new RateLimiter(options.rateLimit, now);
  }

  /** Starts an emulator listening on 127.0.0.1. */
  static async start(options: EmulatorOptions = {}): Promise<DockerHubEmulator> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => {
        resolve();
      });
    });
    const emulator = new DockerHubEmulator(server, options.now ?? Date.now, options);
    server.on("request", (req: IncomingMessage, res: ServerResponse) => {
      emulator.handle(req, res).catch((error: unknown) => {
        res.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
    return emulator;
  }

  /** Stops listening, drops open connections and releases pending delays. */
  async close(): Promise<void> {
    for (const release of this.pendingDelays) release();
    this.pendingDelays.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => {
        if (error === undefined) resolve();
        else reject(error);
      });
    });
  }

  // Seeding

  /**
   * A Hub user. `secret` is its password, or, when it has Docker's PAT prefix
   * (`dckr_pat_`), a personal access token of level `repo:admin` (see
   * {@link addPersonalAccessToken} for another level). Omit it for a user that cannot log in.
   */
  addUser(username: string, options: { readonly secret?: string; readonly fullName?: string } = {}): void {
    const secrets = new Map<string, UserSecret>();
    if (options.secret !== undefined) {
      secrets.set(
        options.secret,
        options.secret.startsWith("dckr_pat_") ? { via: "pat", level: "repo:admin" } : { via: "password" },
      );
    }
    this.store.users.set(username, { username, fullName: options.fullName ?? username, secrets });
  }

  /** A personal access token of an existing user, at `level` (TOKENS: one level for every repository). */
  addPersonalAccessToken(username: string, token: string, level: PatLevel): void {
    const user = this.store.users.get(username);
    if (user === undefined) throw new Error(`addPersonalAccessToken: no user ${username}`);
    user.secrets.set(token, { via: "pat", level });
  }

  /**
   * An organization; `owners` (existing users) may manage it. Its members are
   * the owners and `members` (created when missing); its teams may hold only members.
   */
  addOrg(
    name: string,
    options: { readonly owners?: readonly string[]; readonly members?: readonly string[] } = {},
  ): void {
    for (const member of options.members ?? []) if (!this.store.users.has(member)) this.addUser(member);
    this.store.orgs.set(name, {
      name,
      owners: new Set(options.owners ?? []),
      members: new Set([...(options.owners ?? []), ...(options.members ?? [])]),
      accessTokens: new Map(),
    });
  }

  /** An organization access token: logs in with identifier = the organization name; every scope unless given. */
  addOrgAccessToken(org: string, token: string, scopes: readonly string[] = OAT_SCOPES): void {
    const record = this.store.orgs.get(org);
    if (record === undefined) throw new Error(`addOrgAccessToken: no organization ${org}`);
    record.accessTokens.set(token, [...scopes]);
  }

  /** Makes existing users members of an organization (as if they had accepted an invitation). */
  addOrgMembers(org: string, usernames: readonly string[]): void {
    const record = this.store.orgs.get(org);
    if (record === undefined) throw new Error(`addOrgMembers: no organization ${org}`);
    for (const username of usernames) {
      if (!this.store.users.has(username)) this.addUser(username);
      record.members.add(username);
    }
  }

  /** The pending invitations of an organization: invitee and team. */
  pendingInvites(org: string): { readonly invitee: string; readonly team: string }[] {
    return [...this.store.invites.values()]
      .filter((invite) => invite.org === org)
      .map((invite) => ({ invitee: invite.invitee, team: invite.team }));
  }

  /**
   * The invitee accepts: they join the organization and the invitation's team
   * (that the team is joined on acceptance is not documented; ASSUMPTIONS.md).
   */
  acceptInvite(org: string, invitee: string): void {
    const record = this.store.orgs.get(org);
    const invite = [...this.store.invites.values()].find((i) => i.org === org && i.invitee === invitee);
    if (record === undefined || invite === undefined)
      throw new Error(`acceptInvite: no invitation of ${invitee} to ${org}`);
    record.members.add(invitee);
    if (invite.team !== "") this.store.team(org, invite.team)?.members.add(invitee);
    this.store.invites.delete(invite.id);
  }

  /** A repository, as if created earlier. */
  seedRepository(
    namespace: string,
    name: string,
    options: {
      readonly description?: string;
      readonly fullDescription?: string;
      readonly isPrivate?: boolean;
      readonly immutableTags?: { enabled: boolean; rules: readonly string[] };
    } = {},
  ): void {
    const repo = this.store.addRepository({
      namespace,
      name,
      description: options.description ?? "",
      fullDescription: options.fullDescription ?? "",
      isPrivate: options.isPrivate ?? false,
    });
    repo.immutableTags = options.immutableTags?.enabled ?? false;
    repo.immutableRules = [...(options.immutableTags?.rules ?? [])];
  }

  /** Tags pushed to a repository: explicit names, or `count` generated ones (`tag-0001`...), newest first. */
  seedTags(namespace: string, repository: string, tags: number | readonly string[], ageMs = 0): string[] {
    const repo = this.store.repositories.get(`${namespace}/${repository}`);
    if (repo === undefined) throw new Error(`seedTags: no repository ${namespace}/${repository}`);
    const names =
      typeof tags === "number"
        ? Array.from({ length: tags }, (_, i) => `tag-${String(i + 1).padStart(4, "0")}`)
        : [...tags];
    names.forEach((name, index) => this.store.addTag(repo, name, -ageMs - index * 60_000));
    return names;
  }

  /** A tag Docker Hub lists without a digest (an old push), `ageMs` old. */
  seedTagWithoutDigest(namespace: string, repository: string, name: string, ageMs = 0): void {
    const repo = this.store.repositories.get(`${namespace}/${repository}`);
    if (repo === undefined) throw new Error(`seedTagWithoutDigest: no repository ${namespace}/${repository}`);
    const tag = this.store.addTag(repo, name, -ageMs);
    repo.tags.set(name, { ...tag, withoutDigest: true });
  }

  /** A team with members (users are created when missing); returns its id. */
  seedTeam(
    org: string,
    name: string,
    options: { readonly description?: string; readonly members?: readonly string[] } = {},
  ): number {
    const team = this.store.addTeam(org, name, options.description ?? "");
    for (const member of options.members ?? []) {
      if (!this.store.users.has(member)) this.addUser(member);
      this.store.orgs.get(org)?.members.add(member);
      team.members.add(member);
    }
    return team.id;
  }

  // Inspection

  repository(namespace: string, name: string): RepositorySnapshot | undefined {
    const repo = this.store.repositories.get(`${namespace}/${name}`);
    if (repo === undefined) return undefined;
    return {
      namespace: repo.namespace,
      name: repo.name,
      description: repo.description,
      fullDescription: repo.fullDescription,
      isPrivate: repo.isPrivate,
      immutableTags: { enabled: repo.immutableTags, rules: [...repo.immutableRules] },
      tags: [...repo.tags.keys()],
      teamPermissions: Object.fromEntries(repo.teamPermissions),
    };
  }

  repositoryNames(namespace: string): string[] {
    return [...this.store.repositories.values()]
      .filter((repo) => repo.namespace === namespace)
      .map((repo) => repo.name);
  }

  team(org: string, name: string): TeamSnapshot | undefined {
    const team = this.store.team(org, name);
    return team === undefined
      ? undefined
      : { id: team.id, name: team.name, description: team.description, members: [...team.members] };
  }

  // Faults

  /** The next `count` matching requests answer `status` (5xx as a proxy would: HTML for 502-504). */
  failNext(count: number, status = 503, filter?: FaultFilter): void {
    this.faults.arm(count, { kind: "fail", status }, filter);
  }

  /** The next `count` matching requests are processed, then answered only after `ms`. */
  delayNext(count: number, ms: number, filter?: FaultFilter): void {
    this.faults.arm(count, { kind: "delay", ms }, filter);
  }

  /** The next `count` matching writes (not logins) are performed, then the connection is destroyed unanswered. */
  dropAfterWrite(count: number, filter?: FaultFilter): void {
    this.faults.arm(count, { kind: "drop-after-write" }, filter);
  }

  /** Replaces (or with `undefined` removes) the rate limit. */
  setRateLimit(options: RateLimitOptions | undefined): void {
    this.rateLimiter = options === undefined ? undefined : new RateLimiter(options, this.now);
  }

  /** Invalidates every token issued so far (the next call with one gets 401). */
  revokeTokens(): void {
    this.tokens.revokeAll();
  }

  /** Origin used in `next`/`previous` links (to test that clients refuse foreign links). */
  setPublicUrl(url: string): void {
    this.publicUrl = url;
  }

  // Request log

  get requests(): readonly LoggedRequest[] {
    return this.log;
  }

  /** Requests matching the filter (all when none). */
  countRequests(filter: FaultFilter = {}): number {
    return this.log.filter(
      (entry) =>
        (filter.method === undefined || entry.method === filter.method) &&
        (filter.route === undefined || entry.route === filter.route),
    ).length;
  }

  clearRequestLog(): void {
    this.log.length = 0;
  }

  // Serving

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", this.url);
    const { match, pathKnown } = matchRoute(method, url.pathname);
    const route = match?.route.name ?? "unknown";
    const entry: LoggedRequest = { method, path: url.pathname, query: url.search, route, status: undefined };
    this.log.push(entry);

    const verdict = this.rateLimiter?.take();
    let answer: Answer;
    if (this.switches.legacySlashRedirect && legacyWithoutSlash(method, url.pathname)) {
      // reference/dockerhub-api.md: legacy routes without the trailing slash answer 301 (ASSUMPTIONS.md).
      answer = { status: 301, headers: { location: `${url.pathname}/${url.search}` } };
    } else if (verdict !== undefined && !verdict.allowed) {
      // Body as in the reference's 429 example.
      answer = { status: 429, body: { detail: "Rate limit exceeded", error: false } };
    } else {
      const failure = this.faults.take(method, route, ["fail"]);
      answer =
        failure?.kind === "fail"
          ? injectedFailure(failure.status)
          : this.dispatch(req, method, url, raw, match, pathKnown);
    }

    if (
      method !== "GET" &&
      route !== "auth.token" &&
      this.faults.take(method, route, ["drop-after-write"]) !== undefined
    ) {
      req.socket.destroy();
      return;
    }
    const delay = this.faults.take(method, route, ["delay"]);
    if (delay?.kind === "delay") await this.wait(delay.ms);
    if (res.destroyed || req.socket.destroyed) return;

    entry.status = answer.status;
    const headers: Record<string, string> = { ...(verdict?.headers ?? {}), ...(answer.headers ?? {}) };
    if (answer.html !== undefined) {
      res.writeHead(answer.status, { ...headers, "content-type": "text/html" });
      res.end(answer.html);
    } else if (answer.body === undefined) {
      res.writeHead(answer.status, headers);
      res.end();
    } else {
      res.writeHead(answer.status, { ...headers, "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
    }
  }

  private dispatch(
    req: IncomingMessage,
    method: string,
    url: URL,
    raw: string,
    match: RouteMatch | undefined,
    pathKnown: boolean,
  ): Answer {
    try {
      if (match === undefined) {
        throw pathKnown
          ? new HttpProblem(405, { detail: `Method "${method}" not allowed.` })
          : new HttpProblem(404, { detail: "Not found." });
      }
      const principal = this.authenticate(match.route.auth, req.headers.authorization);
      checkAccess(match.route.name, url.pathname, principal, this.switches);
      let body: unknown;
      if (raw.trim() !== "") {
        try {
          body = JSON.parse(raw);
        } catch {
          throw new HttpProblem(400, { detail: "JSON parse error - request body is not valid JSON" });
        }
      }
      const result = match.route.handler({
        store: this.store,
        tokens: this.tokens,
        principal,
        params: match.params,
        url,
        body,
        publicUrl: this.publicUrl,
        switches: this.switches,
      });
      return { status: result.status, body: result.body };
    } catch (error) {
      if (error instanceof HttpProblem) return { status: error.status, body: error.body };
      throw error;
    }
  }

  private authenticate(mode: AuthMode, header: string | undefined): Principal | undefined {
    if (mode === "none") return undefined;
    if (header === undefined) {
      if (mode === "optional") return undefined;
      throw new HttpProblem(401, { detail: "Authentication credentials were not provided." });
    }
    const token = /^Bearer (\S+)$/.exec(header)?.[1];
    if (token === undefined)
      throw new HttpProblem(401, { detail: "Invalid Authorization header: expected a bearer token." });
    const check = this.tokens.verify(token);
    if (!check.ok)
      throw new HttpProblem(401, { detail: check.reason === "expired" ? "Token has expired." : "Token is invalid." });
    return check.principal;
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const release = (): void => {
        clearTimeout(timer);
        this.pendingDelays.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      this.pendingDelays.add(release);
    });
  }
}

function injectedFailure(status: number): Answer {
  const reason = HTML_ERRORS[status];
  if (reason !== undefined) return { status, html: `<html><body><h1>${status} ${reason}</h1></body></html>` };
  return { status, body: { detail: status >= 500 ? "Internal server error" : "Injected failure" } };
}
