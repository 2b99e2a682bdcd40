/** `prune dockerhub`: retention for Docker Hub, which has no lifecycle policies. */
export { DockerHubPruneError, registerDockerHubPruneCommand, type PruneCommandDeps } from "./command";
export { pruneDockerHub, renderPruneDecisions, renderPruneSummary } from "./prune";
export type { FailedDeletion, PruneClient, PruneOptions, PruneResult, RepositoryPrune } from "./prune";
export { createProgress, type Progress, type ProgressOptions, type ProgressStream } from "./progress";
