import { CONFIG_DEFAULTS } from "../config/defaults";
import { DEFAULT_PLATFORM_RUNNERS, EMULATE } from "../config/runners";
import type { ReleaseWorkflowInput } from "./input";

/** Where one platform of an image builds: a runner label, and whether that runner emulates the platform. */
export interface PlatformRunner {
  readonly runsOn: string;
  /** Built under QEMU: no native runner is configured for the platform. */
  readonly emulated: boolean;
}

/**
 * The runner of one platform's builds: its native runner from
 * `platformRunners` (over the defaults), else `runner` under QEMU. `runner`
 * is taken to be amd64 (GitHub's `ubuntu-*` labels are), so amd64 is never
 * emulated there.
 */
export function platformRunner(
  input: Pick<ReleaseWorkflowInput, "platformRunners" | "runner">,
  platform: string,
): PlatformRunner {
  const label = { ...DEFAULT_PLATFORM_RUNNERS, ...input.platformRunners }[platform];
  if (label !== undefined && label !== EMULATE) return { runsOn: label, emulated: false };
  return { runsOn: jobRunner(input), emulated: platform !== "linux/amd64" };
}

/** The runner of the jobs that build no image (plan, test, publish, rollback), and of emulated platforms. */
export function jobRunner(input: Pick<ReleaseWorkflowInput, "runner">): string {
  return input.runner ?? CONFIG_DEFAULTS.runner;
}
