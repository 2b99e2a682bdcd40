/*
 * release-rollback.yml: a manual workflow that points a channel's moving tags
 * back at the digest of an existing version in both registries. Nothing is
 * rebuilt, so the rolled-back image is byte for byte the one that was released.
 */
import { CHANNELS } from "../channels";
import type { ReleaseWorkflowInput } from "./input";
import type { Workflow } from "./model";
import { channelImages } from "./release-build";
import { jobRunner } from "./runners";
import { inputModel } from "./input";
import { rollbackEnv, rollbackScript } from "./scripts/rollback";
import { dockerhubLoginStep, ecrLoginSteps, imageRefs, runStep } from "./steps";

/** File name of the rollback workflow. */
export const ROLLBACK_WORKFLOW_FILE = "release-rollback.yml";

/** The rollback workflow. */
export function rollbackWorkflow(input: ReleaseWorkflowInput): Workflow {
  const channels = CHANNELS.map((channel) => ({
    channel,
    repositories: channelImages(input, channel).flatMap((image) => {
      const refs = imageRefs(input, image, channel);
      return [refs.ecr, refs.dockerhub];
    }),
  }));
  return {
    fileName: ROLLBACK_WORKFLOW_FILE,
    name: "Release rollback",
    runName: "Roll back ${{ inputs.channel }} to ${{ inputs.version }}",
    on: {
      workflowDispatch: {
        inputs: {
          channel: {
            type: "choice",
            description: "Channel whose moving tags are re-pointed",
            required: true,
            options: CHANNELS,
          },
          version: {
            type: "string",
            description: rollbackVersionHelp(input),
            required: true,
          },
        },
      },
    },
    // The same group as the channel's builds: a rollback never interleaves with a release.
    concurrency: { group: "release-${{ inputs.channel }}", cancelInProgress: false },
    jobs: {
      rollback: {
        name: "Roll back",
        runsOn: jobRunner(input),
        // The channel's environment holds its role and token; stable's reviewers approve the rollback.
        environment: { name: "${{ inputs.channel }}" },
        permissions: { idToken: "write" },
        timeoutMinutes: 15,
        steps: [
          ...ecrLoginSteps(input, "rollback"),
          dockerhubLoginStep(),
          runStep("Re-point the moving tags", rollbackScript(), {
            ...rollbackEnv(inputModel(input), channels),
            CHANNEL: "${{ inputs.channel }}",
            VERSION: "${{ inputs.version }}",
          }),
        ],
      },
    },
  };
}

/** The version input's help text, with the scheme's own examples. */
function rollbackVersionHelp(input: ReleaseWorkflowInput): string {
  const model = inputModel(input);
  const { identifier, separator } = model.scheme.prerelease;
  return `Existing version to point them at, e.g. 1.5.0, 1.5.0-${identifier}${separator}2 or a nightly tag such as ${model.scheme.nightly.tags[0]!}`;
}
