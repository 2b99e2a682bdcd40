/**
 * Docker Hub API client: typed, retrying, counting; no Pulumi inside. The dynamic
 * providers and the tag prune build one with {@link clientFromEnv}.
 */
export { DockerHubClient, DOCKER_HUB_URL, type DockerHubClientOptions } from "./client";
export { clientFromEnv, credentialsFromEnv, HubConfigurationError, type ClientTuning } from "./env";
export {
  credentialFor,
  credentialKind,
  HubCredentialError,
  missingCredentials,
  OPERATIONS,
  requirement,
  type Credential,
  type CredentialKind,
  type Operation,
} from "./credentials";
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
