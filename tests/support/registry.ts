/*
 * Starts a real OCI registry for integration tests: Debian's `docker-registry`
 * (CNCF distribution 2.8.2) on a 127.0.0.1 port the kernel picks, with htpasswd Basic
 * auth, its config and storage in a temp dir, stopped by its PID. Also seeds
 * it with small images through plain distribution API calls.
 *
 * Needs the Debian packages `docker-registry` (/usr/bin/docker-registry) and
 * `apache2-utils` (`htpasswd`: the registry accepts bcrypt hashes only, and
 * Node.js has no bcrypt). Without them the start fails, naming the package.
 */
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServerProcess } from "./server-process";
import { makeSigningCertificate, startTokenFront, type TokenFront, type TokenRequest } from "./token-service";

/** A running registry. */
export interface RegistryServer {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** The user and password it accepts (htpasswd, or the token service's). */
  readonly username: string;
  readonly password: string;
  /** `basic`: htpasswd Basic auth; `token`: Bearer tokens from the token service (./token-service.ts). */
  readonly auth: RegistryAuth;
  /** Token mode: the `service` tokens are issued for. */
  readonly tokenService?: string;
  /** Token mode: every request the token service received, in order; empty otherwise. */
  readonly tokenRequests: readonly TokenRequest[];
  /** Stops the registry, waits for it to exit and removes its temp dir. */
  stop(): Promise<void>;
}

export type RegistryAuth = "basic" | "token";

const REGISTRY_BIN = "/usr/bin/docker-registry";
const START_DEADLINE_MS = 15_000;

function htpasswdLine(username: string, password: string): string {
  const result = spawnSync("htpasswd", ["-nbB", username, password], { encoding: "utf8" });
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(
      `htpasswd failed (${result.error?.message ?? result.stderr.trim()}): install the Debian package apache2-utils`,
    );
  }
  return result.stdout.trim();
}

/**
 * Starts the registry and resolves once `/v2/` answers (with its 401 challenge).
 * With `auth: "token"` the registry trusts tokens from a token service that
 * shares its front port (./token-service.ts), as Docker Hub's registry trusts auth.docker.io.
 * @throws when a package is missing, the registry exits early or does not answer in time
 */
export async function startRegistry({
  auth = "basic",
}: { readonly auth?: RegistryAuth } = {}): Promise<RegistryServer> {
  try {
    accessSync(REGISTRY_BIN, constants.X_OK);
  } catch {
    throw new Error(`${REGISTRY_BIN} not found: install the Debian package docker-registry`);
  }
  const username = "releaser";
  const password = randomBytes(12).toString("hex");
  const dir = await mkdtemp(join(tmpdir(), "oci-registry-"));
  let front: TokenFront | undefined;
  let authSection: string[];
  let tokenService: string | undefined;
  if (auth === "token") {
    const settings = makeSigningCertificate(dir, "release-infra-tests");
    tokenService = settings.service;
    front = await startTokenFront({ username, password, settings });
    authSection = [
      "  token:",
      `    realm: http://127.0.0.1:${String(front.port)}/token`,
      `    service: ${settings.service}`,
      `    issuer: ${settings.issuer}`,
      `    rootcertbundle: ${settings.certFile}`,
    ];
  } else {
    await writeFile(join(dir, "htpasswd"), `${htpasswdLine(username, password)}\n`);
    authSection = ["  htpasswd:", "    realm: release-infra-tests", `    path: ${join(dir, "htpasswd")}`];
  }
  await writeFile(
    join(dir, "config.yml"),
    [
      "version: 0.1",
      "log:",
      // info: the line that names the bound port ("listening on 127.0.0.1:40123") is an info line.
      "  level: info",
      "  accesslog:",
      "    disabled: true",
      "storage:",
      "  filesystem:",
      `    rootdirectory: ${join(dir, "data")}`,
      "  delete:",
      "    enabled: true",
      "http:",
      "  addr: 127.0.0.1:0",
      `  secret: ${randomBytes(16).toString("hex")}`,
      "auth:",
      ...authSection,
      "",
    ].join("\n"),
  );
  const { port, stop } = await startServerProcess({
    name: "docker-registry",
    command: REGISTRY_BIN,
    args: ["serve", join(dir, "config.yml")],
    announce: /listening on 127\.0\.0\.1:(\d+)/,
    deadlineMs: START_DEADLINE_MS,
    // Ready when /v2/ answers with its auth challenge.
    ready: async (bound) => {
      const response = await fetch(`http://127.0.0.1:${String(bound)}/v2/`, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      return response.status === 401;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  }).catch(async (error: unknown) => {
    await front?.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  front?.forwardTo(port);
  return {
    baseUrl: `http://127.0.0.1:${String(front?.port ?? port)}`,
    username,
    password,
    auth,
    ...(tokenService === undefined ? {} : { tokenService }),
    tokenRequests: front?.requests ?? [],
    stop: async () => {
      await front?.close();
      await stop();
    },
  };
}

const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const sha256 = (body: Buffer) => `sha256:${createHash("sha256").update(body).digest("hex")}`;

/**
 * A client for seeding and inspecting a test registry: plain distribution API
 * calls with Basic auth, or in token mode with a Bearer token per repository
 * from the token service.
 */
export class RegistrySeeder {
  private readonly basic: string;
  private readonly tokens = new Map<string, string>();

  constructor(private readonly registry: RegistryServer) {
    this.basic = `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString("base64")}`;
  }

  private async authorization(repository: string): Promise<string> {
    if (this.registry.auth === "basic") return this.basic;
    const cached = this.tokens.get(repository);
    if (cached !== undefined) return cached;
    const url = new URL(`${this.registry.baseUrl}/token`);
    url.searchParams.set("service", this.registry.tokenService ?? "");
    url.searchParams.set("scope", `repository:${repository}:pull,push`);
    const response = await fetch(url, { headers: { Authorization: this.basic } });
    if (!response.ok) throw new Error(`the token service refused the seeder: HTTP ${response.status}`);
    const { token } = (await response.json()) as { token: string };
    this.tokens.set(repository, `Bearer ${token}`);
    return `Bearer ${token}`;
  }

  private async call(
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: Buffer,
  ): Promise<Response> {
    const url = path.startsWith("http") ? new URL(path) : new URL(`${this.registry.baseUrl}${path}`);
    const repository = /^\/v2\/(.+)\/(?:blobs|manifests|tags)\//.exec(url.pathname)?.[1] ?? "";
    return fetch(url, {
      method,
      headers: { ...headers, Authorization: await this.authorization(repository) },
      ...(body === undefined ? {} : { body }),
    });
  }

  /** Uploads a blob (monolithic: POST a session, PUT the bytes with their digest). */
  async pushBlob(repository: string, body: Buffer): Promise<string> {
    const digest = sha256(body);
    const session = await this.call("POST", `/v2/${repository}/blobs/uploads/`);
    await session.arrayBuffer();
    const location = session.headers.get("location");
    if (session.status !== 202 || location === null)
      throw new Error(`starting a blob upload failed: HTTP ${session.status}`);
    const target = new URL(location, this.registry.baseUrl);
    target.searchParams.set("digest", digest);
    const done = await this.call("PUT", target.toString(), { "Content-Type": "application/octet-stream" }, body);
    await done.arrayBuffer();
    if (done.status !== 201) throw new Error(`uploading blob ${digest} failed: HTTP ${done.status}`);
    return digest;
  }

  /** Puts manifest bytes under `reference`; returns their digest. */
  async pushManifest(repository: string, reference: string, mediaType: string, body: Buffer): Promise<string> {
    const response = await this.call(
      "PUT",
      `/v2/${repository}/manifests/${reference}`,
      { "Content-Type": mediaType },
      body,
    );
    const text = await response.text();
    if (response.status !== 201)
      throw new Error(`putting manifest ${repository}:${reference} failed: HTTP ${response.status} ${text}`);
    return sha256(body);
  }

  /**
   * Pushes a small multi-platform image (an OCI index over one image
   * manifest, its config and one layer) under each of `tags`; `seed` makes it
   * unique, and the same seed always gives the same digest. Returns the index digest.
   */
  async pushImage(repository: string, tags: readonly string[], seed: string): Promise<string> {
    const config = Buffer.from(
      JSON.stringify({
        architecture: "amd64",
        os: "linux",
        rootfs: { type: "layers", diff_ids: [] },
        config: { Labels: { seed } },
      }),
    );
    const layer = Buffer.from(`layer of ${seed}`);
    const configDigest = await this.pushBlob(repository, config);
    const layerDigest = await this.pushBlob(repository, layer);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: configDigest, size: config.length },
        layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", digest: layerDigest, size: layer.length }],
      }),
    );
    const manifestDigest = await this.pushManifest(repository, sha256(manifest), OCI_MANIFEST, manifest);
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [
          {
            mediaType: OCI_MANIFEST,
            digest: manifestDigest,
            size: manifest.length,
            platform: { architecture: "amd64", os: "linux" },
          },
        ],
      }),
    );
    for (const tag of tags) await this.pushManifest(repository, tag, OCI_INDEX, index);
    return sha256(index);
  }

  /** The manifest `tag` points at, as served (bytes and media type). */
  async manifestOf(repository: string, tag: string): Promise<{ body: Buffer; mediaType: string }> {
    const response = await this.call("GET", `/v2/${repository}/manifests/${tag}`, {
      Accept: [OCI_INDEX, OCI_MANIFEST].join(", "),
    });
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) throw new Error(`reading ${repository}:${tag} failed: HTTP ${response.status}`);
    return { body, mediaType: (response.headers.get("content-type") ?? "").split(";")[0]!.trim() };
  }

  /** The digest `tag` points at (hash of the bytes served), or `undefined` when it does not exist. */
  async digestOf(repository: string, tag: string): Promise<string | undefined> {
    const response = await this.call("GET", `/v2/${repository}/manifests/${tag}`, {
      Accept: [OCI_INDEX, OCI_MANIFEST].join(", "),
    });
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw new Error(`reading ${repository}:${tag} failed: HTTP ${response.status}`);
    return sha256(body);
  }
}
