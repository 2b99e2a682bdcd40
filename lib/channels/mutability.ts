import type { Channel } from "./channel";
import type { ImmutableShape, TagModel } from "./model";
import { renderTemplate } from "./template";
import { matchesWildcard, wildcardCount } from "./wildcard";

export type { ImmutableShape } from "./model";

/** An ECR tag-mutability exclusion filter (API type ImageTagMutabilityExclusionFilter). */
export interface EcrMutabilityFilter {
  readonly filter: string;
  readonly filterType: "WILDCARD";
}

/** The ECR repository settings that make version tags immutable and moving tags mutable. */
export interface EcrTagMutability {
  readonly imageTagMutability: "MUTABLE_WITH_EXCLUSION";
  readonly imageTagMutabilityExclusionFilters: readonly EcrMutabilityFilter[];
  /** Immutable shapes ECR itself refuses to overwrite, each with its filter. */
  readonly enforcedByEcr: readonly MutabilityShape[];
  /**
   * Immutable shapes no filter within ECR's limits can single out: ECR would
   * let a push overwrite them, so only the release workflows' check that a
   * version tag does not exist yet protects them (and Docker Hub's rules there).
   */
  readonly workflowOnly: readonly MutabilityShape[];
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

/** One immutable shape of the scheme as the mutability settings treat it. */
export interface MutabilityShape {
  /** The shape's id in the model (`stable`, `beta`, `nightly-0`, `commit`). */
  readonly id: string;
  readonly channel: Channel;
  /** The configured template, e.g. `beta-{version}`. */
  readonly template: string;
  /** The exclusion filter that makes it immutable in ECR; absent for a workflow-only shape. */
  readonly filter?: string;
}

/**
 * ECR tag mutability for a repository the channels push to, derived from the
 * tag scheme's immutable shapes.
 *
 * Why MUTABLE_WITH_EXCLUSION (everything mutable, the filters immutable):
 * moving tags such as `X` and `X.Y` have values not known in advance, and an
 * ECR wildcard cannot say "digits only", so no filter list could name the
 * mutable tags for IMMUTABLE_WITH_EXCLUSION (`*.*` for `1.5` would also free
 * `1.5.0`). Each immutable shape becomes a filter where a wildcard within
 * ECR's limit of 2 `*` matches all of the shape and no moving or signature tag
 * ({@link TagModel.ecrWildcard}): `*-beta.*`, `nightly-*`, `sha-*`. A shape with
 * none (a stable `X.Y.Z`: only `*.*.*` separates it from `1.5`) is
 * workflow-only: the workflows' check that a version tag does not exist yet
 * protects it, and on Docker Hub its immutable-tag rule. Equal filters are
 * written once; beyond ECR's 5 filters the least specific (fewest literal
 * characters) are dropped and their shapes reported as workflow-only.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
 */
export function ecrTagMutability(model: TagModel): EcrTagMutability {
  const candidates = model.immutable.map((shape) => ({
    shape,
    filter: model.ecrWildcard(shape, ECR_MAX_FILTER_WILDCARDS, false),
  }));
  const specificity = (filter: string) => filter.replaceAll("*", "").length;
  const distinct = [...new Set(candidates.flatMap((c) => (c.filter === undefined ? [] : [c.filter])))];
  // Stable sort: among equally specific filters the scheme's order decides.
  const kept = new Set(
    distinct
      .map((filter, i) => ({ filter, i }))
      .sort((a, b) => specificity(b.filter) - specificity(a.filter) || a.i - b.i)
      .slice(0, ECR_MAX_MUTABILITY_FILTERS)
      .map((f) => f.filter),
  );
  const filters = distinct.filter((f) => kept.has(f)).map((filter) => ({ filter, filterType: "WILDCARD" as const }));
  const invalid = filters.flatMap((f) => ecrFilterProblems(f.filter));
  if (invalid.length > 0) {
    // ecrWildcard stays within the limits; a failure here is a bug in the model.
    throw new Error(`the tag scheme's ECR filters break ECR's limits: ${invalid.join("; ")}`);
  }
  const view = (c: (typeof candidates)[number]): MutabilityShape => ({
    id: c.shape.id,
    channel: c.shape.channel,
    template: c.shape.template,
    ...(c.filter !== undefined && kept.has(c.filter) ? { filter: c.filter } : {}),
  });
  const shapes = candidates.map(view);
  return {
    imageTagMutability: "MUTABLE_WITH_EXCLUSION",
    imageTagMutabilityExclusionFilters: filters,
    enforcedByEcr: shapes.filter((s) => s.filter !== undefined),
    workflowOnly: shapes.filter((s) => s.filter === undefined),
  };
}

/** A shape in words: `beta tags beta-{version}`. */
function shapeWords(shape: MutabilityShape): string {
  const what =
    shape.id === "commit"
      ? "nightly commit tags"
      : shape.channel === "stable"
        ? "release tags"
        : `${shape.channel} tags`;
  return `${what} \`${shape.template}\``;
}

/** What ECR itself guarantees under `settings`, and what rests on the workflows, in plain words. */
export function describeEcrImmutability(settings: EcrTagMutability): string[] {
  const lines =
    settings.enforcedByEcr.length === 0
      ? ["ECR refuses to overwrite no tag; every tag is mutable"]
      : [
          `ECR refuses to overwrite ${settings.enforcedByEcr.map((s) => `${shapeWords(s)} (\`${s.filter!}\`)`).join(", ")}; every other tag is mutable`,
        ];
  if (settings.workflowOnly.length > 0) {
    lines.push(
      `${settings.workflowOnly.map(shapeWords).join(", ")}: ECR would accept an overwrite (no filter within its limits of ${String(ECR_MAX_MUTABILITY_FILTERS)} filters of ${String(ECR_MAX_FILTER_WILDCARDS)} wildcards tells them from moving tags); only the release workflows' check that a version tag does not exist yet protects them`,
    );
  }
  return lines;
}

/**
 * Docker Hub immutable-tag rules (anchored RE2): the scheme's stable release
 * tags only, never a moving or signature tag. Docker Hub has no exclusion
 * mode, so the rules list what is immutable.
 *
 * Why not beta and nightly tags too, as in ECR: Docker Hub refuses to delete
 * an immutable tag, and it has no lifecycle policies, so the scheduled prune
 * is the only way betas and nightlies ever leave it. Immutable, they would
 * pile up forever. Release tags are kept forever by the retention intent, so
 * immutability costs nothing there. Betas and nightlies are still never
 * overwritten: the release workflows refuse to push a version tag that exists.
 */
export function dockerHubImmutableTagRules(model: TagModel): string[] {
  return model.dockerHubImmutableRules();
}

/**
 * Example tags of every class the scheme has, for checking a registry's
 * settings without restating which shapes are which: one rendered tag per
 * immutable shape, and the tags that must stay mutable: every moving tag
 * (`{major}` and `{major}.{minor}` rendered for 1.5) and a cosign signature.
 */
export function exampleTags(model: TagModel): {
  readonly immutable: readonly { readonly shape: ImmutableShape; readonly tag: string }[];
  readonly moving: readonly string[];
  readonly signature: string;
} {
  const { identifier, separator } = model.scheme.prerelease;
  const values = {
    released: "1.4.2",
    next: "1.5.0",
    date: "20261128",
    short: "ab12cd3",
    sha: "ab12cd3".padEnd(40, "0"),
    run: "224",
    major: "1",
    minor: "5",
  };
  const tagOf = (shape: ImmutableShape): string =>
    shape.channel === "stable"
      ? model.versionTag("stable", "1.5.0")
      : shape.channel === "beta"
        ? model.versionTag("beta", `1.5.0-${identifier}${separator}2`)
        : renderTemplate(shape.template, values);
  return {
    immutable: model.immutable.map((shape) => ({ shape, tag: tagOf(shape) })),
    moving: [...new Set(model.moving.map((m) => renderTemplate(m.template, values)))],
    signature: `sha256-${"0".repeat(64)}.sig`,
  };
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
