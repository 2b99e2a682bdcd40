/**
 * `retag:MovingTags`: a rollback pin applied to one repository. Recorded type
 * `pulumi-nodejs:dynamic/retag:MovingTags`. Credentials are never inputs:
 * ECR uses the AWS SDK's default chain, the OCI registry (Docker Hub)
 * DOCKERHUB_USERNAME and DOCKERHUB_TOKEN, all from the environment of the
 * process running `pulumi`, so nothing secret reaches the state.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Channel } from "../../lib/channels/channel";
import type { TagScheme } from "../../lib/channels/scheme";
import type { ChannelRetention } from "./inputs";
import { movingTagsProvider } from "./provider";

/** Inputs of {@link MovingTags}. */
export interface MovingTagsArgs {
  /**
   * `"ecr"` (AWS SDK) or `"oci"` (the OCI distribution API, e.g. Docker Hub's
   * registry). Changing it replaces the resource.
   */
  readonly registry: pulumi.Input<"ecr" | "oci">;
  /**
   * `<project>/<image>` in ECR, `<namespace>/<image>` on Docker Hub. Changing
   * it replaces the resource.
   * @example "cortex/cortex"
   */
  readonly repository: pulumi.Input<string>;
  /** The pinned channel; the version and the tags must be the channel's. */
  readonly channel: pulumi.Input<Channel>;
  /**
   * What retention keeps of the channel (its `channels.<channel>.retention`):
   * a version it would not keep is refused before any tag moves, unless the
   * image already holds one of the tags (retention keeps it then).
   * @example { keepLast: 20 }
   */
  readonly retention: pulumi.Input<ChannelRetention>;
  /**
   * The pinned version's tag in the registry (`model.versionTag`); it must
   * exist in the repository.
   * @example "1.4.9"
   * @example "beta-1.0.9-rc8"
   */
  readonly sourceTag: pulumi.Input<string>;
  /**
   * The stack's tag scheme (`release-infra:tagScheme`, defaults applied): which
   * tags are versions of the channel and which are moving tags.
   */
  readonly tagScheme: pulumi.Input<TagScheme>;
  /**
   * The moving tags to point at the source tag's image (lib/pins
   * `pinnedMovingTags`). Version tags are refused.
   * @example ["1.4", "1", "stable", "latest"]
   */
  readonly tags: pulumi.Input<pulumi.Input<string>[]>;
  /** ECR only (and required there): the registry's region and account. Changing it replaces the resource. */
  readonly ecr?: pulumi.Input<{ readonly region: pulumi.Input<string>; readonly registryId: pulumi.Input<string> }>;
  /**
   * OCI only (and required there): the registry's base URL. Changing it replaces the resource.
   * @example { baseUrl: "https://registry-1.docker.io" }
   */
  readonly oci?: pulumi.Input<{ readonly baseUrl: pulumi.Input<string> }>;
}

/**
 * Points a channel's moving tags at a pinned version's image in one
 * repository, by copying the version's manifest under each tag (no pull, no
 * rebuild). `refresh` sees tags moved since; the next `up` moves them back.
 * Deleting the resource (removing the pin) leaves the registry as it is and
 * hands the tags back to the release workflows.
 * Id: `ecr:<account>:<region>/<repository>` or `oci:<baseUrl>/<repository>`.
 */
export class MovingTags extends pulumi.dynamic.Resource {
  /** Digest of the pinned version's image. */
  declare readonly digest: pulumi.Output<string>;
  /** Where each tag pointed at the last apply or refresh. */
  declare readonly tagDigests: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: MovingTagsArgs, opts?: pulumi.CustomResourceOptions) {
    super(movingTagsProvider, name, { ...args, digest: undefined, tagDigests: undefined }, opts, "retag", "MovingTags");
  }
}
