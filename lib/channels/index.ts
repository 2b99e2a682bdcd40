/**
 * The release channel model: which tags each channel pushes and how the
 * registries must treat them. Pure functions over plain data.
 */
export { CHANNELS, CHANNEL_SOURCES, isChannel } from "./channel";
export type { Channel, ChannelSource } from "./channel";
export { classifyTag, movingTagsForBeta, movingTagsForStable, nightlyDate, tagsFor, versionFromGitTag } from "./tags";
export type { ChannelTags, ReleaseInput, TagClass } from "./tags";
export {
  IMMUTABLE_SHAPE_ECR_WILDCARDS,
  IMMUTABLE_TAG_SHAPES,
  MAX_TAG_LENGTH,
  MOVING_TAG_SHAPES,
  NAMED_MOVING_TAGS,
  SIGNATURE_TAG_SHAPE,
} from "./shapes";
export {
  describeEcrImmutability,
  dockerHubImmutableTagRules,
  ecrFilterProblems,
  ecrTagIsImmutable,
  ecrTagMutability,
  ECR_MAX_FILTER_WILDCARDS,
  ECR_MAX_MUTABILITY_FILTERS,
  ECR_MUTABILITY_FILTER_RE,
} from "./mutability";
export type { EcrMutabilityFilter, EcrTagMutability, ImmutableShape } from "./mutability";
export { compileWildcard, matchesWildcard, wildcardCount } from "./wildcard";
