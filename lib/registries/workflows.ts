import { CHANNELS } from "../channels/channel";
import type { ReleaseConfig } from "../config/schema";
import type { ReleaseWorkflowInput } from "../workflows/input";
import { channelImages } from "./channels";
import { ecrRepositoryPrefix } from "./ecr";

/** The release workflows' input, read off the stack config and the ECR registry host. */
export function workflowInput(config: ReleaseConfig, ecrRegistry: string): ReleaseWorkflowInput {
  const { workflows } = config;
  return {
    org: config.github.org,
    repository: config.github.repository,
    devBranch: config.github.devBranch,
    defaultBranch: config.github.defaultBranch,
    tagScheme: config.tagScheme,
    images: config.images.map((i) => ({
      name: i.name,
      context: i.context,
      dockerfile: i.dockerfile,
      platforms: i.platforms,
      buildArgs: i.buildArgs,
      submodules: i.submodules,
      ...(i.target !== undefined ? { target: i.target } : {}),
    })),
    channelImages: channelImages(config),
    ecr: {
      region: config.registries.ecr.region,
      registry: ecrRegistry,
      repositoryPrefixes: Object.fromEntries(CHANNELS.map((c) => [c, ecrRepositoryPrefix(config, c)])),
    },
    dockerhubNamespace: config.registries.dockerhub.namespace,
    nightlySchedule: config.channels.nightly.schedule,
    scanSeverity: workflows.scanSeverity,
    runner: workflows.runner,
    platformRunners: workflows.platformRunners,
    buildCache: workflows.buildCache,
    ...(workflows.testCommand !== undefined ? { testCommand: workflows.testCommand } : {}),
    toolImages: workflows.toolImages,
  };
}
