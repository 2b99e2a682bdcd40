/**
 * A registry through the OCI distribution API: list the tags (`tags/list`,
 * following `Link` to the last page), GET a tag's manifest with every
 * accepted media type, PUT the same bytes under another tag. This is
 * how tags move on Docker Hub, whose Hub API cannot retag
 * (reference: dockerhub-api.md, "Registry API").
 *
 * Authentication follows the registry's challenge: a `401` with
 * `WWW-Authenticate: Bearer realm=…,service=…` is answered by fetching a token
 * from the realm (Docker Hub: auth.docker.io) with the credentials as Basic
 * auth, `Basic` by sending them directly (a plain registry with htpasswd).
 * https://distribution.github.io/distribution/spec/auth/token/
 * https://github.com/opencontainers/distribution-spec/blob/main/spec.md
 *
 * Tested against a real registry (Debian's docker-registry, distribution
 * 2.8.2) with Basic auth and with token auth (a token service of the tests'
 * own issuing JWTs the registry verifies); Docker Hub itself cannot be
 * reached from the tests.
 */
import { createHash } from "node:crypto";
import { ociRepositoryWhere } from "../../lib/pins/messages";
import { MANIFEST_MEDIA_TYPES, type Manifest, type TagStore } from "./store";

/** Who the registry is told we are. */
export interface OciCredentials {
  readonly username: string;
  readonly secret: string;
}

/** A missing or half-set credential in the environment: a user error. */
export class OciConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OciConfigurationError";
  }
}

/**
 * Reads `DOCKERHUB_USERNAME` and `DOCKERHUB_TOKEN` (the same variables the
 * Docker Hub resources use). Neither set: anonymous, which only a registry
 * that asks for no credentials accepts.
 */
export function credentialsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): OciCredentials | undefined {
  const username = env.DOCKERHUB_USERNAME?.trim() ?? "";
  const secret = env.DOCKERHUB_TOKEN?.trim() ?? "";
  if (username === "" && secret === "") return undefined;
  if (username === "")
    throw new OciConfigurationError(
      "DOCKERHUB_TOKEN is set but DOCKERHUB_USERNAME is not: set it to the account (or organization) the token belongs to",
    );
  if (secret === "")
    throw new OciConfigurationError(
      "DOCKERHUB_USERNAME is set but DOCKERHUB_TOKEN is not: set it to an access token that may push to the repositories",
    );
  return { username, secret };
}

const REQUEST_TIMEOUT_MS = 30_000;
/** Tags asked for per page of the tag list; registries may answer with fewer. */
const TAGS_PAGE = 1000;
const ACCEPTED = new Set<string>(MANIFEST_MEDIA_TYPES);

const sha256 = (body: Buffer): string => `sha256:${createHash("sha256").update(body).digest("hex")}`;
const basic = (credentials: OciCredentials): string =>
  `Basic ${Buffer.from(`${credentials.username}:${credentials.secret}`).toString("base64")}`;

/** `Bearer realm="…",service="…"` as a scheme and its parameters (values may hold commas inside quotes). */
function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(header);
  const params: Record<string, string> = {};
  for (const [, key = "", quoted, bare] of (match?.[2] ?? "").matchAll(/([A-Za-z]+)=(?:"([^"]*)"|([^\s,]+))/g))
    params[key.toLowerCase()] = quoted ?? bare ?? "";
  return { scheme: (match?.[1] ?? "").toLowerCase(), params };
}

/** The registry's error list (`{"errors":[{"code","message"}]}`) as one line, or the status text. */
async function describeFailure(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const { errors } = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    if (Array.isArray(errors) && errors.length > 0)
      return `HTTP ${response.status} ${errors.map((e) => `${e.code ?? "?"}: ${e.message ?? ""}`).join("; ")}`;
  } catch {
    // not the registry's JSON error format
  }
  return `HTTP ${response.status} ${text.slice(0, 200)}`.trim();
}

/**
 * A repository in a registry at `baseUrl` (e.g. https://registry-1.docker.io);
 * `tagsPage` is how many tags each page of the tag list asks for.
 */
export function ociStore(
  baseUrl: string,
  repository: string,
  credentials: OciCredentials | undefined,
  { tagsPage = TAGS_PAGE } = {},
): TagStore {
  const host = new URL(baseUrl).host;
  const where = ociRepositoryWhere(baseUrl, repository);
  let authorization: string | undefined;

  const manifestPath = (tag: string): string => `/v2/${repository}/manifests/${encodeURIComponent(tag)}`;
  const call = (method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Response> =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: authorization === undefined ? headers : { ...headers, Authorization: authorization },
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });

  /** Answers the registry's challenge; sets the Authorization header every later request carries. */
  async function authenticate(challenge: string | null): Promise<void> {
    const { scheme, params } = parseChallenge(challenge ?? "");
    const who =
      credentials === undefined
        ? "no credentials are set (DOCKERHUB_USERNAME, DOCKERHUB_TOKEN)"
        : `the credentials of ${credentials.username}`;
    if (scheme === "basic") {
      if (credentials === undefined) throw new OciConfigurationError(`${where} asks for a login and ${who}`);
      authorization = basic(credentials);
      return;
    }
    if (scheme !== "bearer" || params.realm === undefined)
      throw new Error(`${where} asks for an unsupported login (WWW-Authenticate: ${challenge ?? "none"})`);
    const realm = new URL(params.realm);
    // Credentials go to the token service only over HTTPS, or to the registry's own host.
    if (realm.protocol !== "https:" && realm.host !== host)
      throw new Error(
        `${where} names a token service over plain HTTP on another host (${realm.origin}); refusing to send credentials there`,
      );
    // pull,push up front: the challenge to a GET asks for pull only, and every retag writes.
    realm.searchParams.set("scope", `repository:${repository}:pull,push`);
    if (params.service !== undefined) realm.searchParams.set("service", params.service);
    const response = await fetch(realm, {
      headers: credentials === undefined ? {} : { Authorization: basic(credentials) },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok)
      throw new Error(
        `the token service of ${where} (${realm.origin}) refused ${who}: ${await describeFailure(response)}`,
      );
    const { token, access_token: accessToken } = (await response.json()) as { token?: string; access_token?: string };
    const value = token ?? accessToken;
    if (value === undefined || value === "")
      throw new Error(`the token service of ${where} (${realm.origin}) answered without a token`);
    authorization = `Bearer ${value}`;
  }

  /** One request to `path` (what it is for: `what`), authenticating once when challenged. */
  async function request(
    method: string,
    path: string,
    what: string,
    headers: Record<string, string>,
    body?: Buffer,
  ): Promise<Response> {
    const response = await call(method, path, headers, body);
    if (response.status !== 401) return response;
    await response.arrayBuffer();
    await authenticate(response.headers.get("www-authenticate"));
    const retried = await call(method, path, headers, body);
    if (retried.status === 401 || retried.status === 403) {
      throw new Error(
        `${where} refused ${credentials === undefined ? "an anonymous request" : credentials.username} to ${method} ${what}: ${await describeFailure(retried)}; ` +
          `check that DOCKERHUB_USERNAME and DOCKERHUB_TOKEN are set and that the token may push to ${repository}`,
      );
    }
    return retried;
  }

  /**
   * Pages of up to `tagsPage` tags; the registry names the next page in a
   * `Link: <…>; rel="next"` header, which is followed on the registry's own
   * host only (the credentials go with it) until there is none.
   */
  async function list(): Promise<string[]> {
    const tags: string[] = [];
    const seen = new Set<string>();
    let path: string | undefined = `/v2/${repository}/tags/list?n=${tagsPage}`;
    while (path !== undefined) {
      if (seen.has(path))
        throw new Error(`${where}: the tag list names ${path} as its next page again; stopping rather than looping`);
      seen.add(path);
      const response = await request("GET", path, "the tag list", { Accept: "application/json" });
      if (response.status === 404) {
        // The repository has no tags yet (NAME_UNKNOWN until the first push).
        await response.arrayBuffer();
        return tags;
      }
      if (!response.ok) throw new Error(`${where}: listing the tags failed: ${await describeFailure(response)}`);
      const page = (await response.json()) as { tags?: unknown };
      if (
        page.tags !== null &&
        page.tags !== undefined &&
        !(Array.isArray(page.tags) && page.tags.every((tag) => typeof tag === "string"))
      ) {
        throw new Error(`${where}: the tag list is not a list of tags: ${JSON.stringify(page).slice(0, 200)}`);
      }
      tags.push(...(page.tags ?? []));
      path = nextPage(response.headers.get("link"));
    }
    return tags;
  }

  /** The path of the `rel="next"` page in a Link header, on this registry. */
  function nextPage(link: string | null): string | undefined {
    const target = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(link ?? "")?.[1];
    if (target === undefined) return undefined;
    const url = new URL(target, baseUrl);
    if (url.host !== host)
      throw new Error(
        `${where}: the tag list's next page is on another host (${url.origin}); refusing to send credentials there`,
      );
    return `${url.pathname}${url.search}`;
  }

  async function get(tag: string): Promise<Manifest | undefined> {
    const response = await request("GET", manifestPath(tag), `"${tag}"`, { Accept: MANIFEST_MEDIA_TYPES.join(", ") });
    if (response.status === 404) {
      await response.arrayBuffer();
      return undefined;
    }
    if (!response.ok) throw new Error(`${where}: reading the tag "${tag}" failed: ${await describeFailure(response)}`);
    const body = Buffer.from(await response.arrayBuffer());
    const digest = sha256(body);
    // The header is optional in the OCI spec; when present it must agree with the bytes.
    const reported = response.headers.get("docker-content-digest");
    if (reported !== null && reported !== digest)
      throw new Error(`${where}: the tag "${tag}" is reported as ${reported} but its manifest hashes to ${digest}`);
    const mediaType = (response.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
    if (!ACCEPTED.has(mediaType))
      throw new Error(
        `${where}: the tag "${tag}" holds a manifest of type "${mediaType}", which is not an image index or image manifest (${MANIFEST_MEDIA_TYPES.join(", ")})`,
      );
    return { digest, mediaType, body };
  }

  /**
   * HEAD of the manifest: the registry's `Docker-Content-Digest`, which the
   * distribution API returns for a HEAD of a manifest (OCI distribution spec,
   * "Checking if content exists in the registry"); a registry that leaves it
   * out is read with a GET instead. Docker Hub counts pulls by method: a GET
   * of a manifest is a pull, a HEAD is not
   * (https://docs.docker.com/docker-hub/usage/pulls/, "Pull definition").
   */
  async function digest(tag: string): Promise<string | undefined> {
    const response = await request("HEAD", manifestPath(tag), `"${tag}"`, { Accept: MANIFEST_MEDIA_TYPES.join(", ") });
    await response.arrayBuffer();
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`${where}: reading the tag "${tag}" failed: HTTP ${response.status}`);
    return response.headers.get("docker-content-digest") ?? (await get(tag))?.digest;
  }

  async function put(tag: string, manifest: Manifest): Promise<string> {
    const response = await request(
      "PUT",
      manifestPath(tag),
      `"${tag}"`,
      { "Content-Type": manifest.mediaType },
      manifest.body,
    );
    if (!response.ok)
      throw new Error(`${where} refused to point "${tag}" at ${manifest.digest}: ${await describeFailure(response)}`);
    await response.arrayBuffer();
    return response.headers.get("docker-content-digest") ?? sha256(manifest.body);
  }

  return { where, list, get, digest, put, close: () => undefined };
}
