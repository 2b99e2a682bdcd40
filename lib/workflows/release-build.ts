/*
 * The build workflows of the three channels (release-nightly.yml,
 * release-beta.yml, release-stable.yml). They share one shape:
 *
 *   plan -> [test] -> build-<image>-<platform> (per image and platform, in parallel) -> publish
 *
 * `plan` decides the version and tags without credentials (nightly also asks
 * the registries whether the commit was already built); the build jobs
 * (./release-images.ts) build each platform once on its own runner and scan
 * the pushed digest; `publish` creates, tags, signs and attests each image's
 * index, then re-points the moving tags by digest unless the channel is pinned.
 */
import { CHANNEL_SOURCES, type Channel } from "../channels";
import { inputModel, jobSafe, type ReleaseImage, type ReleaseWorkflowInput } from "./input";
import type { Job, Triggers, Workflow } from "./model";
import { buildJobs, publishJob } from "./release-images";
import { jobRunner } from "./runners";
import { nightlyPlanEnv, nightlyPlanScript, taggedPlanEnv, taggedPlanScript } from "./scripts/plan";
import { STRICT } from "./scripts/shell";
import { checkoutStep, dockerhubLoginStep, ecrLoginSteps, imageRefs, runStep } from "./steps";

// Minutes per job: a hung registry releases the channel's concurrency group.
const TIMEOUTS = { plan: 10, test: 60 } as const;

/** The repository variable that pins a channel's moving tags, e.g. `STABLE_PIN`. */
export function pinVariable(channel: Channel): string {
  return `${channel.toUpperCase()}_PIN`;
}

/** The images a channel builds. */
export function channelImages(input: ReleaseWorkflowInput, channel: Channel): ReleaseImage[] {
  const selected = input.channelImages?.[channel];
  return input.images.filter((image) => selected === undefined || selected.includes(image.name));
}

/** File name of a channel's build workflow. */
export function buildWorkflowFileName(channel: Channel): string {
  return `release-${channel}.yml`;
}

/** The build workflow of one channel. */
export function buildWorkflow(input: ReleaseWorkflowInput, channel: Channel): Workflow {
  const images = channelImages(input, channel);
  const runner = jobRunner(input);
  const skipGuard = channel === "nightly" ? "needs.plan.outputs.skip != 'true'" : undefined;
  // A nightly decides each image on its own: one already built from this commit is skipped.
  const imageGuard = (image: ReleaseImage) =>
    channel === "nightly" ? `needs.plan.outputs.skip_${jobSafe(image.name)} != 'true'` : undefined;
  const jobs: Record<string, Job> = { plan: planJob(input, channel, runner, images) };
  if (input.testCommand !== undefined) {
    jobs.test = {
      name: "Build and test",
      runsOn: runner,
      needs: ["plan"],
      ...(skipGuard === undefined ? {} : { if: skipGuard }),
      permissions: { contents: "read" },
      timeoutMinutes: TIMEOUTS.test,
      steps: [
        checkoutStep("${{ needs.plan.outputs.sha }}", false, submodulesOf(images)),
        runStep("Build and test", `${STRICT}\nbash -euo pipefail -c "$TEST_COMMAND"`, {
          TEST_COMMAND: input.testCommand,
        }),
      ],
    };
  }
  const needs = input.testCommand === undefined ? ["plan"] : ["plan", "test"];
  for (const image of images) Object.assign(jobs, buildJobs(input, channel, image, needs, imageGuard(image)));
  jobs.publish = publishJob(input, channel, images);
  return {
    fileName: buildWorkflowFileName(channel),
    name: `Release ${channel}`,
    on: triggers(channel, input),
    concurrency: { group: `release-${channel}`, cancelInProgress: false },
    jobs,
  };
}

function triggers(channel: Channel, input: ReleaseWorkflowInput): Triggers {
  if (channel === "nightly") return { schedule: [{ cron: input.nightlySchedule }], workflowDispatch: {} };
  return { push: { tags: [inputModel(input).gitTagFilter(channel)] } };
}

/** The submodules a checkout of these images needs: the most any of them asks for. */
function submodulesOf(images: readonly ReleaseImage[]): boolean | "recursive" {
  if (images.some((image) => image.submodules === "recursive")) return "recursive";
  return images.some((image) => image.submodules === true);
}

function releaseBranch(input: ReleaseWorkflowInput, channel: Channel): string {
  return CHANNEL_SOURCES[channel].branch === "dev" ? input.devBranch : input.defaultBranch;
}

const PLAN_OUTPUTS = ["version", "sha", "tags", "moving"] as const;
const output = (name: string) => `\${{ steps.plan.outputs.${name} }}`;

function planJob(input: ReleaseWorkflowInput, channel: Channel, runner: string, images: readonly ReleaseImage[]): Job {
  const outputs = Object.fromEntries(PLAN_OUTPUTS.map((name) => [name, output(name)]));
  const pin = `\${{ vars.${pinVariable(channel)} }}`;
  const model = inputModel(input);
  if (channel === "nightly") {
    const perImage = images.flatMap((image) =>
      ["skip", "tags", "moving"].map((name) => `${name}_${jobSafe(image.name)}`),
    );
    return {
      name: "Plan",
      runsOn: runner,
      // Reading the registries needs the channel's role and token, which only this environment holds.
      environment: { name: channel },
      permissions: { contents: "read", idToken: "write" },
      timeoutMinutes: TIMEOUTS.plan,
      outputs: {
        version: output("version"),
        sha: output("sha"),
        skip: output("skip"),
        ...Object.fromEntries(perImage.map((name) => [name, output(name)])),
      },
      steps: [
        checkoutStep(releaseBranch(input, channel), true),
        ...ecrLoginSteps(input, channel),
        dockerhubLoginStep(),
        runStep(
          "Plan the nightly",
          nightlyPlanScript(),
          {
            ...nightlyPlanEnv(model),
            RUN_NUMBER: "${{ github.run_number }}",
            PIN: pin,
            IMAGES: images
              .map((image) => {
                const refs = imageRefs(input, image, channel);
                return `${jobSafe(image.name)} ${refs.ecr} ${refs.dockerhub}`;
              })
              .join("\n"),
          },
          "plan",
        ),
      ],
    };
  }
  return {
    name: "Plan",
    runsOn: runner,
    permissions: { contents: "read" },
    timeoutMinutes: TIMEOUTS.plan,
    outputs,
    steps: [
      checkoutStep(undefined, true),
      runStep(
        `Plan the ${channel} release`,
        taggedPlanScript(),
        {
          ...taggedPlanEnv(model, channel),
          GIT_TAG: "${{ github.ref_name }}",
          RELEASE_BRANCHES: [
            releaseBranch(input, channel),
            ...(channel === "stable" ? model.scheme.stable.releaseBranches : []),
          ].join(" "),
          PIN: pin,
        },
        "plan",
      ),
    ],
  };
}
