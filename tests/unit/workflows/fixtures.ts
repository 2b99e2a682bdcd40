import type { ReleaseWorkflowInput } from "../../../lib/workflows/input";

/** A two-image project: one multi-arch image with a build target, one single-arch image whose name has a dot. */
export const SAMPLE_INPUT: ReleaseWorkflowInput = {
  org: "cortexproject",
  repository: "cortex",
  devBranch: "dev",
  defaultBranch: "main",
  images: [
    {
      name: "cortex",
      context: ".",
      dockerfile: "Dockerfile",
      target: "release",
      platforms: ["linux/amd64", "linux/arm64"],
    },
    {
      name: "query.frontend",
      context: "cmd/query-frontend",
      dockerfile: "cmd/query-frontend/Dockerfile",
      platforms: ["linux/amd64"],
    },
  ],
  channelImages: { nightly: ["cortex"] },
  ecr: { region: "us-east-1", registry: "123456789012.dkr.ecr.us-east-1.amazonaws.com" },
  dockerhubNamespace: "cortexproject",
  nightlySchedule: "17 3 * * *",
  testCommand: "npm ci && npm test",
};
