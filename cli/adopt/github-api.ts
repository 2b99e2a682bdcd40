/*
 * The few GitHub REST reads adopt makes, with `fetch`: a token from
 * GITHUB_TOKEN, the API origin from GITHUB_API_URL (as GitHub Actions sets it;
 * tests point it at a local server), pages followed by the `Link` header
 * (docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api).
 */
import { AdoptError, networkReason } from "./errors";

export const GITHUB_API_URL = "https://api.github.com";

/** The API version adopt's response shapes follow (docs.github.com/en/rest/about-the-rest-api/api-versions). */
const API_VERSION = "2022-11-28";

/** What the token needs to read everything adopt reads. */
export const GITHUB_TOKEN_NEEDS =
  "a token with the read:org and repo scopes (a fine-grained one: Members, Administration, Environments and Variables read)";

export interface GitHubApiOptions {
  readonly token: string;
  /** @default https://api.github.com */
  readonly baseUrl?: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch;
  /** Per-request timeout. @default 30000 */
  readonly timeoutMs?: number;
}

/** The `rel="next"` URL of a `Link` header. */
export function nextLink(header: string | null): string | undefined {
  if (header === null) return undefined;
  for (const part of header.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (match !== null) return match[1];
  }
  return undefined;
}

export class GitHubApi {
  private readonly base: string;
  private readonly fetchImpl: typeof globalThis.fetch;
  private readonly timeoutMs: number;
  /** Requests sent, for tests and the summary. */
  requests = 0;

  constructor(private readonly options: GitHubApiOptions) {
    this.base = (options.baseUrl ?? GITHUB_API_URL).replace(/\/+$/, "");
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** GET one resource. */
  async get(path: string): Promise<unknown> {
    return (await this.send(`${this.base}${path}`)).body;
  }

  /**
   * Every item of a list, all pages (100 a page). `field` names the array in
   * answers that wrap it (`{total_count, environments: [...]}`).
   */
  async list(path: string, field?: string): Promise<unknown[]> {
    const items: unknown[] = [];
    let url: string | undefined = `${this.base}${path}${path.includes("?") ? "&" : "?"}per_page=100`;
    while (url !== undefined) {
      const { body, link } = await this.send(url);
      const page = field === undefined ? body : (body as Record<string, unknown> | null)?.[field];
      if (!Array.isArray(page))
        throw new AdoptError(
          `GitHub answered GET ${path} with ${field === undefined ? "no list" : `no "${field}" list`}`,
        );
      items.push(...(page as unknown[]));
      url = nextLink(link);
      // Only GitHub's own pages: a next link elsewhere would send the token there.
      if (url !== undefined && !url.startsWith(this.base))
        throw new AdoptError(`GitHub's next page for ${path} is off ${this.base}: ${url}`);
    }
    return items;
  }

  private async send(url: string): Promise<{ body: unknown; link: string | null }> {
    const path = url.slice(this.base.length);
    let response: Response;
    this.requests += 1;
    try {
      response = await this.fetchImpl(url, {
        headers: {
          accept: "application/vnd.github+json",
          authorization: `Bearer ${this.options.token}`,
          "x-github-api-version": API_VERSION,
          "user-agent": "release-infra-adopt",
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const reason = networkReason(err) ?? (err as Error).message;
      throw new AdoptError(
        `cannot reach the GitHub API at ${this.base} (${reason}): check the network, or GITHUB_API_URL if it is set`,
        { cause: err },
      );
    }
    const text = await response.text();
    if (!response.ok) throw new AdoptError(refusal(response, path, text));
    try {
      return { body: JSON.parse(text) as unknown, link: response.headers.get("link") };
    } catch {
      throw new AdoptError(`GitHub answered GET ${path} with a body that is not JSON`);
    }
  }
}

function refusal(response: Response, path: string, text: string): string {
  let message = text.slice(0, 200);
  try {
    const said = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof said === "string") message = said;
  } catch {
    // not JSON: the text itself
  }
  const said = `GitHub answered GET ${path} with ${response.status} (${message})`;
  if (response.status === 401) return `${said}: GITHUB_TOKEN was refused; set it to ${GITHUB_TOKEN_NEEDS}`;
  if ((response.status === 403 || response.status === 429) && response.headers.get("x-ratelimit-remaining") === "0") {
    const reset = Number(response.headers.get("x-ratelimit-reset"));
    const at = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : "";
    return `${said}: the rate limit is used up${at}; run again later, or use --from with a saved dump`;
  }
  if (response.status === 403) return `${said}: GITHUB_TOKEN may not read this; it needs ${GITHUB_TOKEN_NEEDS}`;
  if (response.status === 404)
    return `${said}: the organization or repository does not exist, or GITHUB_TOKEN cannot see it (it needs ${GITHUB_TOKEN_NEEDS})`;
  return said;
}
