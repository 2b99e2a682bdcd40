import { ecrRegistryHost, ecrRepositoryArn, githubOidcProviderArn, partitionOfRegion } from "../aws/arn";
import { githubOidcProviderSpec } from "../aws/github-oidc";
import { renderPolicyDocument } from "../aws/policy-document";
import { crossAccountPullPolicy } from "../aws/pull-policy";
import { channelPushPolicy } from "../aws/push-policy";
import { channelTrustPolicy } from "../aws/trust-policy";
import { CHANNELS, type Channel } from "../channels/channel";
import { describeEcrImmutability, ecrTagMutability, type EcrTagMutability } from "../channels/mutability";
import type { ReleaseConfig } from "../config/schema";
import { compileLifecyclePolicy } from "../retention/compile";
import { describeRetention } from "../retention/describe";
import { renderLifecyclePolicy } from "../retention/render";
import { channelImages } from "./channels";
import { retentionIntent } from "./retention";

/** What the stack outputs say of one image's ECR repository (the `repositories` output). */
export interface RepositoryOutput {
  readonly ecr: string;
  readonly retention: readonly string[];
  readonly immutability: readonly string[];
}

export interface EcrRepositoryPlan {
  readonly image: string;
  /** `<project>/<image>`. */
  readonly name: string;
  readonly arn: string;
  readonly url: string;
  readonly mutability: EcrTagMutability;
  /** Lifecycle policy JSON, rules sorted by priority. */
  readonly lifecyclePolicy: string;
  /** The retention in plain words, for the plan. */
  readonly retention: readonly string[];
  /** Which tags ECR refuses to overwrite and which rest on the workflows' check, in plain words. */
  readonly immutability: readonly string[];
  /** Repository policy JSON when other accounts may pull. */
  readonly pullPolicy?: string;
  /** Channels whose CI role may push here. */
  readonly channels: readonly Channel[];
}

export interface CiRolePlan {
  readonly channel: Channel;
  /** IAM role name, `<project>-release-<channel>`. */
  readonly roleName: string;
  readonly arn: string;
  readonly trustPolicy: string;
  readonly pushPolicy: string;
}

/** Everything the AWS side declares, decided from config alone. */
export interface EcrPlan {
  readonly accountId: string;
  readonly region: string;
  /** The registry host CI logs in to. */
  readonly registry: string;
  readonly scanType: "BASIC" | "ENHANCED";
  readonly replicationRegions: readonly string[];
  readonly dockerhubCacheCredentialArn?: string;
  /** The GitHub OIDC provider: created here unless an existing one is configured. */
  readonly oidcProvider: {
    readonly create: boolean;
    readonly arn: string;
    readonly url: string;
    readonly clientIdLists: readonly string[];
  };
  readonly repositories: readonly EcrRepositoryPlan[];
  readonly roles: readonly CiRolePlan[];
}

/** ECR repositories are `<project>/<image>`, so one account can hold several projects. */
export function ecrRepositoryPrefix(config: Pick<ReleaseConfig, "project">): string {
  return `${config.project.name}/`;
}

export function planEcr(config: ReleaseConfig): EcrPlan {
  const { accountId, region } = config.registries.ecr;
  const partition = partitionOfRegion(region);
  const intent = retentionIntent(config);
  const pushers = channelImages(config);
  const lifecyclePolicy = renderLifecyclePolicy(compileLifecyclePolicy(intent));
  const retention = describeRetention(intent);
  const pullAccounts = config.registries.ecr.pullAccounts;
  const registry = ecrRegistryHost(region, accountId);

  const mutability = ecrTagMutability();
  const repositories = config.images.map((image): EcrRepositoryPlan => {
    const name = `${ecrRepositoryPrefix(config)}${image.name}`;
    return {
      image: image.name,
      name,
      arn: ecrRepositoryArn(region, accountId, name),
      url: `${registry}/${name}`,
      mutability,
      lifecyclePolicy,
      retention,
      immutability: describeEcrImmutability(mutability),
      ...(pullAccounts.length > 0
        ? { pullPolicy: renderPolicyDocument(crossAccountPullPolicy({ accountIds: pullAccounts, partition })) }
        : {}),
      channels: CHANNELS.filter((c) => pushers[c].includes(image.name)),
    };
  });

  const existing = config.registries.ecr.oidcProviderArn;
  const spec = githubOidcProviderSpec();
  const providerArn = existing ?? githubOidcProviderArn(accountId, partition);
  const ids =
    config.github.orgId !== undefined && config.github.repositoryId !== undefined
      ? { orgId: config.github.orgId, repositoryId: config.github.repositoryId }
      : {};

  const roles = CHANNELS.map((channel): CiRolePlan => {
    const roleName = `${config.project.name}-release-${channel}`;
    return {
      channel,
      roleName,
      arn: `arn:${partition}:iam::${accountId}:role/${roleName}`,
      trustPolicy: renderPolicyDocument(
        channelTrustPolicy({
          providerArn,
          org: config.github.org,
          repository: config.github.repository,
          channel,
          ...ids,
        }),
      ),
      pushPolicy: renderPolicyDocument(
        channelPushPolicy({
          repositoryArns: repositories.filter((r) => r.channels.includes(channel)).map((r) => r.arn),
        }),
      ),
    };
  });

  return {
    accountId,
    region,
    registry,
    scanType: config.registries.ecr.scanning === "enhanced" ? "ENHANCED" : "BASIC",
    replicationRegions: config.registries.ecr.replicationRegions,
    ...(config.registries.ecr.dockerhubCacheCredentialArn !== undefined
      ? { dockerhubCacheCredentialArn: config.registries.ecr.dockerhubCacheCredentialArn }
      : {}),
    oidcProvider: {
      create: existing === undefined,
      arn: providerArn,
      url: spec.url,
      clientIdLists: [...spec.clientIdLists],
    },
    repositories,
    roles,
  };
}
