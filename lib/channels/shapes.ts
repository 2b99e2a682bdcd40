/**
 * The shapes of every tag the release channels push, as anchored regular
 * expressions. They are written with `[0-9]` instead of `\d` and anchored with
 * `^...$`, so the same text means the same as a JavaScript regex and as a
 * Docker Hub immutable-tag rule (Go RE2, lib/dockerhub/re2.ts), whether or not
 * Hub anchors rules itself.
 */

const NUM = "(?:0|[1-9][0-9]*)";
const DATE = "[0-9]{8}";
const SHA = "[0-9a-f]{7,40}";

/** Tags that name one build forever: version tags and dated nightly tags. */
export const IMMUTABLE_TAG_SHAPES = {
  /** `1.5.0` */
  release: `^${NUM}\\.${NUM}\\.${NUM}$`,
  /** `1.5.0-beta.2` */
  beta: `^${NUM}\\.${NUM}\\.${NUM}-beta\\.${NUM}$`,
  /** `1.5.0-nightly.20261128.ab12cd3` */
  nightlyVersion: `^${NUM}\\.${NUM}\\.${NUM}-nightly\\.${DATE}\\.${SHA}$`,
  /** `nightly-20261128` */
  nightlyDated: `^nightly-${DATE}$`,
} as const;

/**
 * The ECR wildcard (`*` matches any run of characters, dots included) that
 * matches every tag of an immutable shape and no moving or signature tag,
 * where one exists within ECR's filter limits (at most 2 `*`). `release`
 * has none: telling `1.5.0` from the moving `1.5` takes `*.*.*`, three
 * wildcards, which the provider refuses. The property tests prove each one.
 */
export const IMMUTABLE_SHAPE_ECR_WILDCARDS: Readonly<Record<keyof typeof IMMUTABLE_TAG_SHAPES, string | undefined>> = {
  release: undefined,
  beta: "*-beta.*",
  nightlyVersion: "*-nightly.*",
  nightlyDated: "nightly-*",
};

/** Tags that are re-pointed at newer (or, on rollback, older) images. */
export const MOVING_TAG_SHAPES = {
  /** `nightly`, `beta`, `stable`, `latest` */
  named: "^(?:nightly|beta|stable|latest)$",
  /** `1` */
  major: `^${NUM}$`,
  /** `1.5` */
  minor: `^${NUM}\\.${NUM}$`,
} as const;

/**
 * Cosign's legacy tag-based storage: signatures, attestations and SBOMs are
 * separate images tagged after the signed digest, rewritten on every re-sign.
 * https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md
 */
export const SIGNATURE_TAG_SHAPE = "^sha256-[0-9a-f]{64}\\.(?:sig|att|sbom)$";

/** The moving tags that do not depend on a version. */
export const NAMED_MOVING_TAGS = ["nightly", "beta", "stable", "latest"] as const;

/** Docker's own limit on a tag: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`. */
export const MAX_TAG_LENGTH = 128;
