/** In-process Docker Hub API emulator for tests; see ASSUMPTIONS.md for what it infers. */
export {
  DockerHubEmulator,
  type EmulatorOptions,
  type LoggedRequest,
  type RepositorySnapshot,
  type TeamSnapshot,
} from "./emulator";
export type { FaultFilter } from "./faults";
export type { RateLimitOptions, RetryAfterStyle } from "./rate-limit";
