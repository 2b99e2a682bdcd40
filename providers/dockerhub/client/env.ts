import { DockerHubClient, type DockerHubClientOptions } from "./client";

/** A missing or malformed setting in the environment: a user error, not a bug. */
export class HubConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HubConfigurationError";
  }
}

/** Tuning that is not read from the environment (timeouts, retries, test clocks). */
export type ClientTuning = Omit<DockerHubClientOptions, "identifier" | "secret" | "baseUrl">;

const WHAT_IS_NEEDED: Readonly<Record<string, string>> = {
  DOCKERHUB_USERNAME:
    "the Docker Hub username, or the organization name when DOCKERHUB_TOKEN is an organization access token",
  DOCKERHUB_TOKEN: "a personal access token or an organization access token (dckr_oat_...)",
};

/**
 * Builds a client from `DOCKERHUB_USERNAME` (identifier), `DOCKERHUB_TOKEN` (secret)
 * and, optionally, `DOCKERHUB_API_URL` (default https://hub.docker.com). Throws a
 * {@link HubConfigurationError} naming every missing variable and what it should hold.
 */
export function clientFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  tuning: ClientTuning = {},
): DockerHubClient {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const identifier = read("DOCKERHUB_USERNAME");
  const secret = read("DOCKERHUB_TOKEN");
  const missing = Object.entries(WHAT_IS_NEEDED)
    .filter(([name]) => read(name) === undefined)
    .map(([name, what]) => `${name} is not set: set it to ${what}`);
  if (identifier === undefined || secret === undefined) throw new HubConfigurationError(missing.join("; "));

  const baseUrl = read("DOCKERHUB_API_URL");
  if (baseUrl !== undefined && !/^https?:\/\/[^/]/.test(baseUrl)) {
    throw new HubConfigurationError(
      `DOCKERHUB_API_URL must be an http(s) URL such as https://hub.docker.com, got ${JSON.stringify(baseUrl)}`,
    );
  }
  return new DockerHubClient({ ...tuning, identifier, secret, ...(baseUrl === undefined ? {} : { baseUrl }) });
}
