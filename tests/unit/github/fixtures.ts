import { parseConfigObject, type ReleaseConfig } from "../../../lib/config";
import { baseConfig } from "../../support/program";

/** The base test config, optionally changed, parsed with every default. */
export function releaseConfig(mutate: (c: ReturnType<typeof baseConfig>) => void = () => undefined): ReleaseConfig {
  const raw = structuredClone(baseConfig());
  mutate(raw);
  const result = parseConfigObject(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

export const ECR_REGISTRY = "111122223333.dkr.ecr.eu-west-1.amazonaws.com";

/** Two small workflow files, as renderReleaseWorkflows returns them. */
export const WORKFLOWS = [
  { path: ".github/workflows/release-nightly.yml", content: "name: Release nightly\n" },
  { path: ".github/workflows/release-stable.yml", content: "name: Release stable\n" },
] as const;
