/*
 * Starts a real OCI registry for integration tests: Debian's `docker-registry`
 * (CNCF distribution 2.8.2) on a free 127.0.0.1 port, with htpasswd Basic
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
import { freePort, startServerProcess } from "./server-process";

/** A running registry. */
export interface RegistryServer {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** The htpasswd user and password it accepts. */
  readonly username: string;
  readonly password: string;
  /** Stops the registry, waits for it to exit and removes its temp dir. */
  stop(): Promise<void>;
}

const REGISTRY_BIN = "/usr/bin/docker-registry";
const START_DEADLINE_MS = 15_000;

function htpasswdLine(username: string, password: string): string {
  const result = spawnSync("htpasswd", ["-nbB", username, password], { encoding: "utf8" });
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(`htpasswd failed (${result.error?.message ?? result.stderr.trim()}): install the Debian package apache2-utils`);
  }
  return result.stdout.trim();
}

/**
 * Starts the registry and resolves once `/v2/` answers (with its 401 challenge).
 * @throws when a package is missing, the registry exits early or does not answer in time
 */
export async function startRegistry(): Promise<RegistryServer> {
  try {
    accessSync(REGISTRY_BIN, constants.X_OK);
  } catch {
    throw new Error(`${REGISTRY_BIN} not found: install the Debian package docker-registry`);
  }
  const username = "releaser";
  const password = randomBytes(12).toString("hex");
  const dir = await mkdtemp(join(tmpdir(), "oci-registry-"));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  await writeFile(join(dir, "htpasswd"), `${htpasswdLine(username, password)}\n`);
  await writeFile(
    join(dir, "config.yml"),
    [
      "version: 0.1",
      "log:",
      "  level: error",
      "  accesslog:",
      "    disabled: true",
      "storage:",
      "  filesystem:",
      `    rootdirectory: ${join(dir, "data")}`,
      "  delete:",
      "    enabled: true",
      "http:",
      `  addr: 127.0.0.1:${port}`,
      `  secret: ${randomBytes(16).toString("hex")}`,
      "auth:",
      "  htpasswd:",
      "    realm: release-infra-tests",
      `    path: ${join(dir, "htpasswd")}`,
      "",
    ].join("\n"),
  );

  const { stop } = await startServerProcess({
    name: "docker-registry",
    command: REGISTRY_BIN,
    args: ["serve", join(dir, "config.yml")],
    deadlineMs: START_DEADLINE_MS,
    // Ready when /v2/ answers with its Basic-auth challenge.
    ready: async () => {
      const response = await fetch(`${baseUrl}/v2/`, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      return response.status === 401;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  });
  return { baseUrl, username, password, stop };
}

const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const sha256 = (body: Buffer) => `sha256:${createHash("sha256").update(body).digest("hex")}`;

/** A client for seeding and inspecting a test registry: plain distribution API calls with Basic auth. */
export class RegistrySeeder {
  private readonly authorization: string;

  constructor(private readonly registry: RegistryServer) {
    this.authorization = `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString("base64")}`;
  }

  private async call(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer): Promise<Response> {
    const url = path.startsWith("http") ? path : `${this.registry.baseUrl}${path}`;
    return fetch(url, { method, headers: { ...headers, Authorization: this.authorization }, ...(body === undefined ? {} : { body }) });
  }

  /** Uploads a blob (monolithic: POST a session, PUT the bytes with their digest). */
  async pushBlob(repository: string, body: Buffer): Promise<string> {
    const digest = sha256(body);
    const session = await this.call("POST", `/v2/${repository}/blobs/uploads/`);
    await session.arrayBuffer();
    const location = session.headers.get("location");
    if (session.status !== 202 || location === null) throw new Error(`starting a blob upload failed: HTTP ${session.status}`);
    const target = new URL(location, this.registry.baseUrl);
    target.searchParams.set("digest", digest);
    const done = await this.call("PUT", target.toString(), { "Content-Type": "application/octet-stream" }, body);
    await done.arrayBuffer();
    if (done.status !== 201) throw new Error(`uploading blob ${digest} failed: HTTP ${done.status}`);
    return digest;
  }

  /** Puts manifest bytes under `reference`; returns their digest. */
  async pushManifest(repository: string, reference: string, mediaType: string, body: Buffer): Promise<string> {
    const response = await this.call("PUT", `/v2/${repository}/manifests/${reference}`, { "Content-Type": mediaType }, body);
    const text = await response.text();
    if (response.status !== 201) throw new Error(`putting manifest ${repository}:${reference} failed: HTTP ${response.status} ${text}`);
    return sha256(body);
  }

  /**
   * Pushes a small multi-platform image (an OCI index over one image
   * manifest, its config and one layer) under each of `tags`; `seed` makes it
   * unique, and the same seed always gives the same digest. Returns the index digest.
   */
  async pushImage(repository: string, tags: readonly string[], seed: string): Promise<string> {
    const config = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [] }, config: { Labels: { seed } } }));
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
        manifests: [{ mediaType: OCI_MANIFEST, digest: manifestDigest, size: manifest.length, platform: { architecture: "amd64", os: "linux" } }],
      }),
    );
    for (const tag of tags) await this.pushManifest(repository, tag, OCI_INDEX, index);
    return sha256(index);
  }

  /** The digest `tag` points at (hash of the bytes served), or `undefined` when it does not exist. */
  async digestOf(repository: string, tag: string): Promise<string | undefined> {
    const response = await this.call("GET", `/v2/${repository}/manifests/${tag}`, { Accept: [OCI_INDEX, OCI_MANIFEST].join(", ") });
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw new Error(`reading ${repository}:${tag} failed: HTTP ${response.status}`);
    return sha256(body);
  }
}
