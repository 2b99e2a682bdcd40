/**
 * Rollback pins applied to registries: the `retag:MovingTags` dynamic
 * resource, which re-points moving tags in ECR or an OCI registry (Docker Hub).
 */
export { MovingTags } from "./resources";
export type { MovingTagsArgs } from "./resources";
export { movingTagsProvider } from "./provider";
