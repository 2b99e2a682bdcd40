import { IMMUTABLE_TAG_SHAPES } from "./shapes";
import { matchesWildcard } from "./wildcard";

/** An ECR tag-mutability exclusion filter (API type ImageTagMutabilityExclusionFilter). */
export interface EcrMutabilityFilter {
  readonly filter: string;
  readonly filterType: "WILDCARD";
}

/** The ECR repository settings that make version tags immutable and moving tags mutable. */
export interface EcrTagMutability {
  readonly imageTagMutability: "MUTABLE_WITH_EXCLUSION";
  readonly imageTagMutabilityExclusionFilters: readonly EcrMutabilityFilter[];
}

/** ECR accepts 1 to 5 filters, each `^[0-9a-zA-Z._*-]{1,128}$`. */
export const ECR_MAX_MUTABILITY_FILTERS = 5;
/** Allowed text of one exclusion filter. */
export const ECR_MUTABILITY_FILTER_RE = /^[0-9a-zA-Z._*-]{1,128}$/;

/**
 * ECR tag mutability for a repository the channels push to.
 *
 * Why MUTABLE_WITH_EXCLUSION (everything mutable, the filters immutable) and
 * not the reverse: the moving tags include `X` and `X.Y`, whose values are not
 * known in advance, and an ECR wildcard cannot say "digits only" (`*` matches
 * any run of characters, dots included), so no small set of filters could list
 * the mutable tags. The immutable ones, however, share a shape a wildcard *can*
 * see: every version tag has at least two dots (`1.5.0`, `1.5.0-beta.2`,
 * `1.5.0-nightly.20261128.ab12cd3`), while no moving tag (`1`, `1.5`,
 * `latest`) and no cosign tag (`sha256-<hex>.sig`, one dot) has two.
 * `*.*.*` therefore catches exactly the version tags among the tags pushed
 * here, and `nightly-*` the dated nightlies (it does not match `nightly`).
 * Other tags with two dots also become immutable, which errs on the safe side.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageTagMutabilityExclusionFilter.html
 */
export function ecrTagMutability(): EcrTagMutability {
  return {
    imageTagMutability: "MUTABLE_WITH_EXCLUSION",
    imageTagMutabilityExclusionFilters: [
      { filter: "*.*.*", filterType: "WILDCARD" },
      { filter: "nightly-*", filterType: "WILDCARD" },
    ],
  };
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
