/*
 * Release pipeline statistics of GitHub Actions workflow files, generated or
 * not: image builds per platform, emulated builds, critical path, caches.
 */
export { readWorkflow, WorkflowDocError, type WorkflowDoc } from "./document";
export { pipelineStats, type Build, type PipelineStats, type WorkflowResolver } from "./pipeline";
export { maxCount, summarizeImages, totalCount, type ImageSummary, type PlatformCounts } from "./summary";
