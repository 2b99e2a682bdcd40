import * as pulumi from "@pulumi/pulumi";
import type { PinTarget } from "../lib/pins/targets";
import { ecrRepositoryKey } from "../lib/registries/ecr";
import { MovingTags } from "../providers/retag/resources";

export interface RollbackPinsArgs {
  /** Where each pinned channel's moving tags are re-pointed (lib/pins `pinTargets`). */
  readonly targets: readonly PinTarget[];
  /** Each channel's ECR repository resource of an image, by ecrRepositoryKey, so a pin waits for its repository. */
  readonly ecrRepositories: Readonly<Record<string, pulumi.Resource>>;
  /** Each image's Docker Hub repository resource. */
  readonly hubRepositories: Readonly<Record<string, pulumi.Resource>>;
}

/**
 * Rollback pins (`channels.<channel>.pin`): the channel's moving tags point at
 * the pinned version's image in ECR and on Docker Hub, re-pointed by digest
 * without a rebuild. The Docker Hub side waits for the ECR side of the same
 * image, so a failure leaves at most one registry moved, and the next
 * `pulumi up` finishes it. Removing the pin deletes these resources, which
 * changes nothing in the registries: the release workflows move the tags again.
 */
export class RollbackPins extends pulumi.ComponentResource {
  /** Digest each pinned repository's moving tags point at, by target name. */
  readonly digests: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: RollbackPinsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("release:index:RollbackPins", name, {}, opts);
    this.digests = {};
    const ecrSide = new Map<string, MovingTags>();
    for (const target of [...args.targets].sort((a, b) =>
      a.registry === b.registry ? 0 : a.registry === "ecr" ? -1 : 1,
    )) {
      const repository =
        target.registry === "ecr"
          ? args.ecrRepositories[ecrRepositoryKey(target.channel, target.image)]
          : args.hubRepositories[target.image];
      const first = ecrSide.get(`${target.channel}/${target.image}`);
      const resource = new MovingTags(
        `${name}-${target.name}`,
        {
          registry: target.registry,
          repository: target.repository,
          channel: target.channel,
          retention: target.retention,
          sourceTag: target.sourceTag,
          tagScheme: target.tagScheme,
          tags: [...target.tags],
          ...(target.ecr !== undefined ? { ecr: target.ecr } : {}),
          ...(target.oci !== undefined ? { oci: target.oci } : {}),
        },
        {
          parent: this,
          dependsOn: [...(repository !== undefined ? [repository] : []), ...(first !== undefined ? [first] : [])],
        },
      );
      if (target.registry === "ecr") ecrSide.set(`${target.channel}/${target.image}`, resource);
      this.digests[target.name] = resource.digest;
    }
    this.registerOutputs({ digests: this.digests });
  }
}
