import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Channel } from "../../lib/channels/channel";
import type { EcrPlan } from "../../lib/registries/ecr";
import { CiIdentity } from "./ci-identity";
import { ImageRepository } from "./image-repository";

export interface RegistryArgs {
  readonly plan: EcrPlan;
  /** What the CI roles must be created after: the GitHub environments their trust policies name. */
  readonly rolesAfter?: readonly pulumi.Resource[];
}

/**
 * The project's ECR registry: registry-wide scanning, optional replication and
 * Docker Hub pull-through cache, one ImageRepository per image, and the CI
 * identity. Its AWS provider only works with the configured account, so
 * credentials for any other account fail before anything changes.
 */
export class Registry extends pulumi.ComponentResource {
  readonly repositories: Record<string, ImageRepository>;
  readonly roleArns: Record<Channel, pulumi.Output<string>>;
  readonly registry: string;

  constructor(name: string, args: RegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("release:aws:Registry", name, {}, opts);
    const { plan } = args;

    const provider = new aws.Provider(
      `${name}-aws`,
      { region: plan.region as aws.Region, allowedAccountIds: [plan.accountId] },
      { parent: this },
    );
    const child = { parent: this, provider };

    // Account-wide (PutRegistryScanningConfiguration replaces the whole of it):
    // managed only when the config asks for it.
    if (plan.scanType !== undefined) {
      new aws.ecr.RegistryScanningConfiguration(
        `${name}-scanning`,
        {
          scanType: plan.scanType,
          rules: [
            {
              scanFrequency: plan.scanType === "ENHANCED" ? "CONTINUOUS_SCAN" : "SCAN_ON_PUSH",
              repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }],
            },
          ],
        },
        child,
      );
    }

    if (plan.replicationRegions.length > 0) {
      new aws.ecr.ReplicationConfiguration(
        `${name}-replication`,
        {
          replicationConfiguration: {
            rules: [
              { destinations: plan.replicationRegions.map((region) => ({ region, registryId: plan.accountId })) },
            ],
          },
        },
        child,
      );
    }

    if (plan.dockerhubCacheCredentialArn !== undefined) {
      new aws.ecr.PullThroughCacheRule(
        `${name}-dockerhub-cache`,
        {
          ecrRepositoryPrefix: "docker-hub",
          upstreamRegistryUrl: "registry-1.docker.io",
          credentialArn: plan.dockerhubCacheCredentialArn,
        },
        child,
      );
    }

    this.repositories = {};
    for (const repo of plan.repositories) {
      this.repositories[repo.key] = new ImageRepository(
        `${name}-${repo.key}`,
        { plan: repo },
        { parent: this, providers: [provider] },
      );
    }

    const identity = new CiIdentity(
      `${name}-ci`,
      { plan, repositories: Object.values(this.repositories).map((r) => r.repository), after: args.rolesAfter ?? [] },
      { parent: this, providers: [provider] },
    );
    this.roleArns = identity.roleArns;
    this.registry = plan.registry;
    this.registerOutputs({ registry: this.registry, roleArns: this.roleArns });
  }
}
