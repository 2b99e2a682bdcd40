/**
 * A gallery of tag schemes for tests that must hold for every scheme: this
 * program's default, cortex.cpp's, and three more real projects' as far as a
 * {@link TagScheme} can say them. Sources are in /tmp/research/gallery.md's
 * terms: repository @ commit and file. Where a project has no form the scheme
 * requires (an immutable nightly tag, a commit tag), the one written here says
 * so.
 */
import { compileTagScheme } from "../../lib/channels/model";
import { DEFAULT_TAG_SCHEME, type TagScheme } from "../../lib/channels/scheme";

/**
 * cortex.cpp (janhq/cortex.cpp, image menloltd/cortex): `stable-build.yml` @
 * 800faec0 pushes `X.Y.Z` and `latest`, `beta-build.yml` @ fd7b53a4
 * `beta-X.Y.Z-rcN`, `nightly-build.yml` @ 9d1179c6 `nightly-<latest release
 * without v>-<run number>` (`template-get-update-version.yml` @ adf6e3f8).
 * Pre-releases move no tag. The commit tag is this program's; the legacy
 * patterns hold the tags the old workflows pushed.
 */
export const cortex: TagScheme = {
  gitTagPrefix: "v",
  prerelease: { identifier: "rc", separator: "" },
  stable: { tag: "{version}", moving: ["latest"], releaseBranches: [] },
  beta: { tag: "beta-{version}", moving: [] },
  nightly: { tags: ["nightly-{released}-{run}"], commitTag: "sha-{sha}", moving: [], runOffset: 0 },
  legacy: [
    { pattern: "nightly-*-*", retain: "nightly" },
    { pattern: "beta-*", retain: "beta" },
  ],
};

/**
 * Traefik (docker-library/official-images `library/traefik` @ 37079fb3:
 * `v3.7.11, 3.7.11, v3.7, 3.7, langres, v3, 3, latest`; @ aabd34b0:
 * `v3.7.0-rc.1, 3.7.0-rc.1, langres`; @ ebf26927: `v3.6.0-rc1`). Dotted
 * `-rc.N` from v3.7, undotted `-rcN` before it: those are a legacy beta
 * pattern. traefik/traefik @ fd5a576d `.github/workflows/experimental.yaml`
 * pushes the moving `experimental-master`. Left out: the tags without `v`
 * (a scheme has one release tag form), the codename a pre-release moves
 * (it changes every minor), `-ea.N`. Traefik pushes no immutable dev tag:
 * `experimental-master-{short}` and the commit tag are this gallery's.
 */
export const traefik: TagScheme = {
  gitTagPrefix: "v",
  prerelease: { identifier: "rc", separator: "." },
  stable: { tag: "v{version}", moving: ["v{major}.{minor}", "v{major}", "latest"], releaseBranches: ["v*"] },
  beta: { tag: "v{version}", moving: [] },
  nightly: {
    tags: ["experimental-master-{short}"],
    commitTag: "sha-{sha}",
    moving: ["experimental-master"],
    runOffset: 0,
  },
  legacy: [{ pattern: "v*-rc*", retain: "beta" }],
};

/**
 * Gitea (go-gitea/gitea `.github/workflows/release-tag-version.yml` @ 043efa66:
 * `{{version}}`, `{{major}}`, `{{major}}.{{minor}}`, latest;
 * `release-tag-rc.yml` @ ae0c7935: `v1*-rc*`, `latest=false`, `# 1.2.3-rc0`;
 * `release-nightly.yml` @ 0366eff8: the moving `nightly`). Undotted,
 * zero-based `-rcN`. Left out: the `-rootless` variants and the release
 * branches' `1.X-nightly` (a nightly moving tag is a literal here). Gitea
 * pushes no immutable nightly tag: `nightly-{date}-{short}` is this gallery's.
 */
export const gitea: TagScheme = {
  gitTagPrefix: "v",
  prerelease: { identifier: "rc", separator: "" },
  stable: { tag: "{version}", moving: ["latest", "{major}", "{major}.{minor}"], releaseBranches: ["release/v*"] },
  beta: { tag: "{version}", moving: [] },
  nightly: { tags: ["nightly-{date}-{short}"], commitTag: "sha-{sha}", moving: ["nightly"], runOffset: 0 },
  legacy: [],
};

/**
 * Kubernetes (kubernetes/sig-release @ e8dfc805
 * `release-engineering/reference/versioning.md`: `X.Y.Z-rc.W`, images keep
 * the `v`; kubernetes/kubernetes `build/lib/release.sh` @ 3b0cec32: CI
 * versions `vX.Y.Z-alpha.W.C+<sha>` with `+` turned into `_`). No moving tags
 * at all. Left out: `-alpha.N` and `-beta.N` pre-releases (one pre-release
 * identifier per scheme). The CI tag keeps W at 0 and C as the run; the
 * commit tag is this gallery's.
 */
export const kubernetes: TagScheme = {
  gitTagPrefix: "v",
  prerelease: { identifier: "rc", separator: "." },
  stable: { tag: "v{version}", moving: [], releaseBranches: ["release-*"] },
  beta: { tag: "v{version}", moving: [] },
  nightly: { tags: ["v{next}-alpha.0.{run}_{short}"], commitTag: "sha-{sha}", moving: [], runOffset: 0 },
  legacy: [],
};

/** Every scheme of the gallery, by name. */
export const TAG_SCHEMES: Readonly<Record<string, TagScheme>> = {
  default: DEFAULT_TAG_SCHEME,
  cortex,
  traefik,
  gitea,
  kubernetes,
};

/** The model of the scheme a stack gets when it configures none. */
export const DEFAULT_MODEL = compileTagScheme(DEFAULT_TAG_SCHEME);
