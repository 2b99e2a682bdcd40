/*
 * The CPU architecture of a runner, read off its `runs-on` labels, and whether
 * a build platform runs natively on it or under QEMU.
 * https://docs.github.com/en/actions/using-github-hosted-runners/using-github-hosted-runners/about-github-hosted-runners#standard-github-hosted-runners-for-public-repositories
 */

/** A runner's architecture; `unknown` for an expression or a label that does not say. */
export type RunnerArch = "amd64" | "arm64" | "unknown";

// A whole word of the label, so `ubuntu-24.04-arm`, `windows-11-arm` and a
// self-hosted `ARM64` match but a label such as `farm-1` does not.
const ARM = /(^|[^a-z0-9])(arm|arm64|aarch64)($|[^a-z0-9])/i;
// Self-hosted runners carry their architecture as a label (`X64`, `ARM64`).
const X64 = /^(x64|amd64|x86_64)$/i;
// Intel macOS images: macos-13 and older, the `-large` sizes and `-intel`; the others
// (`macos-latest`, `macos-14`, the `-xlarge` sizes) are Apple silicon.
const MACOS_INTEL = /^macos-(1[0-3]|(\d+|latest)-large|\d+-intel)$/i;

/** The architecture of the runner a job with these `runs-on` labels gets. */
export function runnerArch(labels: readonly string[]): RunnerArch {
  if (labels.length === 0 || labels.some((label) => label.includes("${{"))) return "unknown";
  if (labels.some((label) => ARM.test(label))) return "arm64";
  if (labels.some((label) => /^macos-/i.test(label))) {
    return labels.some((label) => MACOS_INTEL.test(label)) ? "amd64" : "arm64";
  }
  if (labels.some((label) => /^(ubuntu|windows)-/i.test(label) || X64.test(label))) return "amd64";
  return "unknown";
}

/** The architecture part of a platform: `linux/arm64/v8` is `arm64`, `linux/arm/v7` is `arm`. */
export function platformArch(platform: string): string {
  const parts = platform.split("/");
  return (parts.length > 1 ? parts[1] : parts[0])!.toLowerCase();
}

// What each runner executes without emulation: an x86-64 CPU runs 386 code;
// GitHub's arm64 runners (Cobalt 100, Neoverse N2: no AArch32) run arm64 only.
const NATIVE: Readonly<Record<Exclude<RunnerArch, "unknown">, readonly string[]>> = {
  amd64: ["amd64", "386"],
  arm64: ["arm64"],
};

/**
 * Whether building `platform` on a runner of `arch` needs QEMU. On an unknown
 * runner that is only assumed when the job sets QEMU up.
 */
export function isEmulated(platform: string, arch: RunnerArch, jobSetsUpQemu: boolean): boolean {
  if (arch === "unknown") return jobSetsUpQemu;
  return !NATIVE[arch].includes(platformArch(platform));
}
