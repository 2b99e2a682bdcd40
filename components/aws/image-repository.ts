import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EcrRepositoryPlan } from "../../lib/registries/ecr";

export interface ImageRepositoryArgs {
  /** The repository's settings, decided in lib/registries from config. */
  readonly plan: EcrRepositoryPlan;
}

/**
 * One image's ECR repository: version tags immutable and moving tags mutable
 * (from the channel model), scan on push, encryption, one lifecycle policy from
 * the retention compiler, and a pull policy when other accounts pull.
 *
 * The repository is `protect`ed and `retainOnDelete`: removing an image from
 * config drops it from the stack but never deletes the repository or its
 * images (rules A4, G6). `forceDelete: false` refuses deletion of a non-empty
 * repository even if someone unprotects it.
 */
export class ImageRepository extends pulumi.ComponentResource {
  readonly repository: aws.ecr.Repository;
  readonly arn: pulumi.Output<string>;
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: ImageRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("release:aws:ImageRepository", name, {}, opts);
    const { plan } = args;

    this.repository = new aws.ecr.Repository(
      name,
      {
        name: plan.name,
        imageTagMutability: plan.mutability.imageTagMutability,
        imageTagMutabilityExclusionFilters: plan.mutability.imageTagMutabilityExclusionFilters.map((f) => ({ ...f })),
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "AES256" }],
        forceDelete: false,
      },
      { parent: this, protect: true, retainOnDelete: true },
    );

    new aws.ecr.LifecyclePolicy(
      `${name}-lifecycle`,
      { repository: this.repository.name, policy: plan.lifecyclePolicy },
      { parent: this },
    );

    if (plan.pullPolicy !== undefined) {
      new aws.ecr.RepositoryPolicy(
        `${name}-pull`,
        { repository: this.repository.name, policy: plan.pullPolicy },
        { parent: this },
      );
    }

    this.arn = this.repository.arn;
    this.url = this.repository.repositoryUrl;
    this.registerOutputs({ arn: this.arn, url: this.url });
  }
}
