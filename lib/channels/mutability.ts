import { IMMUTABLE_SHAPE_ECR_WILDCARDS, IMMUTABLE_TAG_SHAPES } from "./shapes";
import { matchesWildcard, wildcardCount } from "./wildcard";

/** An ECR tag-mutability exclusion filter (API type ImageTagMutabilityExclusionFilter). */
export interface EcrMutabilityFilter {
  readonly filter: string;
  readonly filterType: "WILDCARD";
}

/** The name of one immutable tag shape of the channel model (`release`, `beta`, ...). */
export type ImmutableShape = keyof typeof IMMUTABLE_TAG_SHAPES;

/** The ECR repository settings that make version tags immutable and moving tags mutable. */
export interface EcrTagMutability {
  readonly imageTagMutability: "MUTABLE_WITH_EXCLUSION";
  readonly imageTagMutabilityExclusionFilters: readonly EcrMutabilityFilter[];
  /** Immutable shapes ECR itself refuses to overwrite (a filter matches them). */
  readonly enforcedByEcr: readonly ImmutableShape[];
  /**
   * Immutable shapes no filter within ECR's limits can single out: ECR would
   * let a push overwrite them, so only the release workflows' check that a
   * version tag does not exist yet protects them (and Docker Hub's rules there).
   */
  readonly workflowOnly: readonly ImmutableShape[];
}

/*
 * ECR's limits on exclusion filters, as terraform-provider-aws validates them
 * (internal/service/ecr/repository.go: MaxItems 5; StringLenBetween(1, 128);
 * StringMatch ^[a-zA-Z0-9._*-]+$; validateImageTagMutabilityExclusionFilter:
 * at most 2 `*`; a recent upstream version, its exact bundled tag not pinned),
 * the length, characters and wildcards also stated at the pinned version in
 * @pulumi/aws 7.48.0 types/input.d.ts (RepositoryImageTagMutabilityExclusionFilter.filter).
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageTagMutabilityExclusionFilter.html
 */
/** At most this many filters per repository. */
export const ECR_MAX_MUTABILITY_FILTERS = 5;
/** Allowed text of one exclusion filter: 1 to 128 of `[0-9a-zA-Z._*-]`. */
export const ECR_MUTABILITY_FILTER_RE = /^[0-9a-zA-Z._*-]{1,128}$/;
/** At most this many `*` in one filter. */
export const ECR_MAX_FILTER_WILDCARDS = 2;

/** Why ECR (through the AWS provider) would refuse `filter`; empty when it accepts it. */
export function ecrFilterProblems(filter: string): string[] {
  const problems: string[] = [];
  if (!ECR_MUTABILITY_FILTER_RE.test(filter)) {
    problems.push(`${JSON.stringify(filter)} must be 1 to 128 characters of letters, digits and . _ * -`);
  }
  const wildcards = wildcardCount(filter);
  if (wildcards > ECR_MAX_FILTER_WILDCARDS) {
    problems.push(
      `${JSON.stringify(filter)} has ${String(wildcards)} wildcards; ECR allows at most ${String(ECR_MAX_FILTER_WILDCARDS)}`,
    );
  }
  return problems;
}

/**
 * ECR tag mutability for a repository the channels push to, derived from the
 * channel model's tag shapes.
 *
 * Why MUTABLE_WITH_EXCLUSION (everything mutable, the filters immutable):
 * the moving tags include `X` and `X.Y`, whose values are not known in
 * advance, and an ECR wildcard cannot say "digits only", so no filter list
 * could name the mutable tags for IMMUTABLE_WITH_EXCLUSION (`*.*` for `1.5`
 * would also free `1.5.0`). The immutable shapes become filters where a
 * wildcard within ECR's limits matches all of the shape and no moving or
 * signature tag: `*-beta.*`, `*-nightly.*`, `nightly-*`. Stable release tags
 * (`1.5.0`) have none: only `*.*.*` separates them from `1.5`, and the
 * provider refuses three wildcards. They are protected by the workflows'
 * check that a version tag does not exist yet, and on Docker Hub by its
 * immutable-tag rules.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
 */
export function ecrTagMutability(): EcrTagMutability {
  const shapes = Object.keys(IMMUTABLE_TAG_SHAPES) as ImmutableShape[];
  const enforcedByEcr = shapes.filter((shape) => IMMUTABLE_SHAPE_ECR_WILDCARDS[shape] !== undefined);
  const filters = enforcedByEcr.map((shape) => ({
    filter: IMMUTABLE_SHAPE_ECR_WILDCARDS[shape]!,
    filterType: "WILDCARD" as const,
  }));
  const invalid = filters.flatMap((f) => ecrFilterProblems(f.filter));
  if (invalid.length > 0 || filters.length > ECR_MAX_MUTABILITY_FILTERS) {
    throw new Error(
      `the channel model's ECR filters break ECR's limits: ${invalid.join("; ") || `${String(filters.length)} filters`}`,
    );
  }
  return {
    imageTagMutability: "MUTABLE_WITH_EXCLUSION",
    imageTagMutabilityExclusionFilters: filters,
    enforcedByEcr,
    workflowOnly: shapes.filter((shape) => !enforcedByEcr.includes(shape)),
  };
}

/** How each immutable shape is named in the plan and the README. */
const SHAPE_WORDS: Readonly<Record<ImmutableShape, string>> = {
  release: "release versions (X.Y.Z)",
  beta: "beta versions (X.Y.Z-beta.N)",
  nightlyVersion: "nightly versions (X.Y.Z-nightly.DATE.SHA)",
  nightlyDated: "dated nightlies (nightly-YYYYMMDD)",
};

/** What ECR itself guarantees under `settings`, and what rests on the workflows, in plain words. */
export function describeEcrImmutability(settings: EcrTagMutability): string[] {
  const lines = [
    `ECR refuses to overwrite ${settings.enforcedByEcr.map((s) => `${SHAPE_WORDS[s]} \`${IMMUTABLE_SHAPE_ECR_WILDCARDS[s]!}\``).join(", ")}; every other tag is mutable`,
  ];
  if (settings.workflowOnly.length > 0) {
    lines.push(
      `${settings.workflowOnly.map((s) => SHAPE_WORDS[s]).join(", ")}: ECR would accept an overwrite (no filter within its limits of ${String(ECR_MAX_FILTER_WILDCARDS)} wildcards tells them from moving tags); only the release workflows' check that a version tag does not exist yet protects them`,
    );
  }
  return lines;
}

/**
 * Docker Hub immutable-tag rules (regexes): stable release tags (`X.Y.Z`) only,
 * never a moving or signature tag. Docker Hub has no exclusion mode, so the
 * rules list what is immutable.
 *
 * Why not beta and dated nightly tags too, as in ECR: Docker Hub refuses to
 * delete an immutable tag, and it has no lifecycle policies, so the scheduled
 * prune is the only way betas and nightlies ever leave it. Immutable, they would
 * pile up forever. Release tags are kept forever by the retention intent, so
 * immutability costs nothing there. Betas and nightlies are still never
 * overwritten: the release workflows refuse to push a version tag that exists.
 */
export function dockerHubImmutableTagRules(): string[] {
  return [IMMUTABLE_TAG_SHAPES.release];
}

/**
 * Whether ECR refuses to re-point `tag` under `settings`: with
 * MUTABLE_WITH_EXCLUSION the filters list immutable tags, with
 * IMMUTABLE_WITH_EXCLUSION they list mutable ones.
 */
export function ecrTagIsImmutable(
  settings: {
    readonly imageTagMutability: string;
    readonly imageTagMutabilityExclusionFilters: readonly EcrMutabilityFilter[];
  },
  tag: string,
): boolean {
  const excluded = settings.imageTagMutabilityExclusionFilters.some((f) => matchesWildcard(f.filter, tag));
  switch (settings.imageTagMutability) {
    case "MUTABLE":
      return false;
    case "IMMUTABLE":
      return true;
    case "MUTABLE_WITH_EXCLUSION":
      return excluded;
    case "IMMUTABLE_WITH_EXCLUSION":
      return !excluded;
    default:
      throw new Error(`unknown imageTagMutability "${settings.imageTagMutability}"`);
  }
}
