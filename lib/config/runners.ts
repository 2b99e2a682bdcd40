/** The build platforms' runners: the values `workflows.platformRunners` defaults to and accepts. */

/** A `workflows.platformRunners` value that builds the platform under QEMU on `workflows.runner`. */
export const EMULATE = "emulate";

/**
 * Native runners of the platforms GitHub hosts runners for: `ubuntu-24.04`
 * (x64) and `ubuntu-24.04-arm` (arm64, free for public repositories).
 * https://docs.github.com/en/actions/reference/runners/github-hosted-runners#standard-github-hosted-runners-for-public-repositories
 */
export const DEFAULT_PLATFORM_RUNNERS: Readonly<Record<string, string>> = {
  "linux/amd64": "ubuntu-24.04",
  "linux/arm64": "ubuntu-24.04-arm",
};
