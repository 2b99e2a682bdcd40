/*
 * The text patterns config values must match, in one place: the config
 * schema (./schema.ts) validates with them, and the release workflow
 * generator's own input check (lib/workflows/input.ts), which the library
 * also offers to callers that build its input by hand, reads the same ones.
 */

/** GitHub logins: alphanumerics and single inner hyphens, at most 39 characters. */
export const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** GitHub repository names (GitHub refuses "." and ".."). */
export const GITHUB_REPOSITORY = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;
/** Docker IDs and Docker Hub organization names: 4 to 30 lowercase letters and digits (https://docs.docker.com/accounts/create-account/). */
export const DOCKER_ID = /^[a-z0-9]{4,30}$/;
/** A name valid both as an ECR repository path segment and a Docker Hub repository name (the stricter of the two). */
export const IMAGE_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** A project or team slug. */
export const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,37}[a-z0-9])?$/;
/** A git branch name (git check-ref-format, the parts that matter here). */
export const BRANCH = /^(?!\/|.*\/\/|.*\.\.|.*\/$|.*\.lock$)[A-Za-z0-9._/-]{1,244}$/;
/** The shape of an AWS region code. */
export const AWS_REGION = /^[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d$/;
/** An AWS account id. */
export const AWS_ACCOUNT = /^\d{12}$/;
/** A path inside the repository: relative, no leading "/", no ".." segment. */
export const REPO_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._/-]+$/;
/** The build platforms the release workflows support. */
export const PLATFORMS = [
  "linux/amd64",
  "linux/arm64",
  "linux/arm/v7",
  "linux/arm/v6",
  "linux/386",
  "linux/ppc64le",
  "linux/s390x",
  "linux/riscv64",
] as const;
/** A build platform the release workflows support. */
export const PLATFORM = new RegExp(`^(?:${PLATFORMS.map((p) => p.replaceAll("/", "\\/")).join("|")})$`);
/** A Dockerfile build stage name. */
export const BUILD_TARGET = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** A runner label. */
export const RUNNER_LABEL = /^[A-Za-z0-9._-]+$/;
/** An image reference pinned by digest. */
export const PINNED_IMAGE = /^[a-z0-9./_-]+(?::[A-Za-z0-9._-]+)?@sha256:[0-9a-f]{64}$/;
