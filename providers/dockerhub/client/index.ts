/**
 * Docker Hub API client: typed, retrying, counting; no Pulumi inside. The dynamic
 * providers and the tag prune build one with {@link clientFromEnv}.
 */
export { DockerHubClient, DOCKER_HUB_URL, type DockerHubClientOptions } from "./client";
export { clientFromEnv, HubConfigurationError, type ClientTuning } from "./env";
export {
  HubAuthError,
  HubConflictError,
  HubError,
  HubNetworkError,
  HubNotFoundError,
  HubRateLimitError,
  HubResponseError,
  HubServerError,
  HubValidationError,
  type HttpMethod,
} from "./errors";
export type { HubStats } from "./stats";
export * from "./types";
