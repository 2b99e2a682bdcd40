import { createHash } from "node:crypto";
import { UserError } from "../../../lib/errors";
import { DockerHubClient, type DockerHubClientOptions } from "./client";
import { credentialKind, type Credential } from "./credentials";

/**
 * A missing or malformed setting in the environment: a user error, not a bug.
 * A class of its own because `adopt` collects it with its other credential problems.
 */
export class HubConfigurationError extends UserError {}

/** Tuning that is not read from the environment (timeouts, retries, test clocks). */
export type ClientTuning = Omit<DockerHubClientOptions, "identifier" | "secret" | "credentials" | "baseUrl">;

/** The two identities the environment may hold, each a pair of variables. */
const PAIRS = [
  {
    identifier: "DOCKERHUB_USERNAME",
    secret: "DOCKERHUB_TOKEN",
    what: "a Docker Hub user (an organization owner) and its personal access token of level Read, Write, Delete (or password)",
  },
  {
    identifier: "DOCKERHUB_ORG",
    secret: "DOCKERHUB_ORG_TOKEN",
    what: "the organization's name and an organization access token (dckr_oat_...) with the scopes the README lists",
  },
] as const;

/**
 * The credentials the environment holds (see {@link clientFromEnv}) and what is
 * wrong with it: a half-set pair, or nothing set at all.
 */
export function credentialsFromEnv(env: Readonly<Record<string, string | undefined>>): {
  readonly credentials: Credential[];
  readonly problems: string[];
} {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const problems: string[] = [];
  const credentials: Credential[] = [];
  for (const pair of PAIRS) {
    const identifier = read(pair.identifier);
    const secret = read(pair.secret);
    if (identifier !== undefined && secret !== undefined) {
      credentials.push({ identifier, secret, kind: credentialKind(secret) });
    } else if (identifier !== undefined || secret !== undefined) {
      const missing = identifier === undefined ? pair.identifier : pair.secret;
      problems.push(`${missing} is not set: set ${pair.identifier} and ${pair.secret} together (${pair.what})`);
    }
  }
  if (credentials.length === 0 && problems.length === 0) {
    problems.push(
      PAIRS.map((pair) => `set ${pair.identifier} and ${pair.secret} (${pair.what})`).join("; or ") +
        "; the README's Docker Hub credentials table says which operation needs which",
    );
  }
  return { credentials, problems };
}

/** Clients built from the environment, one per distinct setting, so each credential logs in once per process. */
const cache = new Map<string, DockerHubClient>();

/**
 * Builds a client from the environment: `DOCKERHUB_USERNAME` + `DOCKERHUB_TOKEN`
 * (a user's personal access token or password) and/or `DOCKERHUB_ORG` +
 * `DOCKERHUB_ORG_TOKEN` (an organization access token), and, optionally,
 * `DOCKERHUB_API_URL` (default https://hub.docker.com). Each operation uses the
 * credential Docker allows for it (./credentials.ts). Without tuning, the
 * client is shared by every caller in the process with the same settings, so
 * its logins are reused until their tokens expire (repeated logins can lock an
 * account for 10 minutes, hub-feedback#2201).
 * Throws a {@link HubConfigurationError} naming every missing or half-set variable.
 */
export function clientFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  tuning: ClientTuning = {},
): DockerHubClient {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const { credentials, problems } = credentialsFromEnv(env);
  const baseUrl = read("DOCKERHUB_API_URL");
  if (baseUrl !== undefined && !/^https?:\/\/[^/]/.test(baseUrl)) {
    problems.push(
      `DOCKERHUB_API_URL must be an http(s) URL such as https://hub.docker.com, got ${JSON.stringify(baseUrl)}`,
    );
  }
  if (problems.length > 0) throw new HubConfigurationError(problems.join("; "));

  const options = {
    ...tuning,
    credentials: credentials.map(({ identifier, secret }) => ({ identifier, secret })),
    ...(baseUrl === undefined ? {} : { baseUrl }),
  };
  if (Object.keys(tuning).length > 0) return new DockerHubClient(options);
  const key = createHash("sha256")
    .update(JSON.stringify([baseUrl, credentials]))
    .digest("hex");
  let client = cache.get(key);
  if (client === undefined) {
    client = new DockerHubClient(options);
    cache.set(key, client);
  }
  return client;
}
