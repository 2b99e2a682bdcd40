import { CHANNELS, type Channel } from "../channels/channel";
import { compileTagScheme } from "../channels/model";
import type { TagScheme } from "../channels/scheme";
import type { ReleaseConfig } from "../config/schema";
import { channelImages } from "../registries/channels";
import { ecrRepositoryName } from "../registries/ecr";
import { retentionIntent } from "../registries/retention";
import type { RetentionIntent } from "../retention/intent";
import { PinError } from "./errors";
import { pinnedMovingTags, pinProblem } from "./shape";

/** Docker Hub's registry host: the OCI distribution API, not the Hub API. */
export const DOCKER_HUB_REGISTRY_URL = "https://registry-1.docker.io";

/** One repository a pin re-points tags in: the inputs of one `retag:MovingTags`. */
export interface PinTarget {
  /** Resource name, `pin-<channel>-<image>-<ecr|dockerhub>`: stable across config reorderings. */
  readonly name: string;
  readonly channel: Channel;
  /** What retention keeps of the channel; the provider refuses a version it would not keep. */
  readonly retention: RetentionIntent[Channel];
  readonly image: string;
  readonly registry: "ecr" | "oci";
  /** `<project>/<image>` in ECR, `<namespace>/<image>` on Docker Hub. */
  readonly repository: string;
  /** The registry tag of the pinned version (`model.versionTag`, e.g. `beta-1.0.9-rc8`). */
  readonly sourceTag: string;
  /** The stack's tag scheme, by which the provider judges the tags. */
  readonly tagScheme: TagScheme;
  /** The moving tags pointed at it. */
  readonly tags: readonly string[];
  readonly ecr?: { readonly region: string; readonly registryId: string };
  readonly oci?: { readonly baseUrl: string };
}

/** The pinned version per channel, from `channels.<channel>.pin`; unpinned channels are absent. */
export function configuredPins(config: Pick<ReleaseConfig, "channels">): Partial<Record<Channel, string>> {
  const pins: Partial<Record<Channel, string>> = {};
  for (const channel of CHANNELS) {
    const version = config.channels[channel].pin;
    if (version !== undefined) pins[channel] = version;
  }
  return pins;
}

/**
 * Every repository each pinned channel's tags are re-pointed in: for each
 * image the channel publishes, its ECR repository and its Docker Hub
 * repository. Decided from config alone, so the resources are known at
 * construction. An unpinned channel has no target.
 *
 * @throws {PinError} for a pin config validation should have refused ({@link pinProblem}).
 */
export function pinTargets(
  config: Pick<ReleaseConfig, "project" | "registries" | "images" | "channels" | "tagScheme">,
  pins: Readonly<Partial<Record<Channel, string>>>,
): PinTarget[] {
  const images = channelImages(config);
  const { region, accountId } = config.registries.ecr;
  const namespace = config.registries.dockerhub.namespace;
  const intent = retentionIntent(config);
  const model = compileTagScheme(config.tagScheme);
  const tagScheme = config.tagScheme;
  return CHANNELS.flatMap((channel) => {
    const version = pins[channel];
    if (version === undefined) return [];
    const problem = pinProblem(model, channel, version);
    if (problem !== undefined) throw new PinError(`channels.${channel}.pin`, problem);
    const tags = pinnedMovingTags(model, channel, version);
    const sourceTag = model.versionTag(channel, version);
    const retention = intent[channel];
    return images[channel].flatMap((image): PinTarget[] => [
      {
        name: `pin-${channel}-${image}-ecr`,
        channel,
        retention,
        image,
        registry: "ecr",
        repository: ecrRepositoryName(config, channel, image),
        sourceTag,
        tagScheme,
        tags,
        ecr: { region, registryId: accountId },
      },
      {
        name: `pin-${channel}-${image}-dockerhub`,
        channel,
        retention,
        image,
        registry: "oci",
        repository: `${namespace}/${image}`,
        sourceTag,
        tagScheme,
        tags,
        oci: { baseUrl: DOCKER_HUB_REGISTRY_URL },
      },
    ]);
  });
}
