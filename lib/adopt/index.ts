/**
 * Adopting an existing setup: what a stack declares compared with what Docker
 * Hub, GitHub and AWS already have. Pure functions over plain data.
 */
export { compareStack } from "./compare";
export { DUMP_VERSION, dumpSchema, parseDump, renderDump } from "./dump";
export type { ExistingAws, ExistingDockerHub, ExistingGitHub, ExistingState, TagCounts } from "./dump";
export { formatDifference, importSteps, renderAdoptJson, renderAdoptTable } from "./render";
export { SERVICES } from "./report";
export type { AdoptEntry, AdoptReport, AdoptStatus, Difference, NotCompared, Service, UnmanagedEntry } from "./report";
export { countTagClasses, describeTagCounts } from "./tags";
