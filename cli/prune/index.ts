/** The `prune` command: retention for registries without lifecycle policies (Docker Hub). */
export { PruneError, registerPruneCommand, type PruneCommandDeps } from "./command";
export { pruneDockerHub, renderPruneDecisions, renderPruneSummary } from "./prune";
export type { FailedDeletion, PruneClient, PruneOptions, PruneResult, RepositoryPrune } from "./prune";
export { createProgress, type Progress, type ProgressOptions, type ProgressStream } from "./progress";
