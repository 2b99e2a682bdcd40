import { ecrRegistryHost, ecrRepositoryArn, githubOidcProviderArn, partitionOfRegion } from "../aws/arn";
import { githubOidcProviderSpec } from "../aws/github-oidc";
import { renderPolicyDocument } from "../aws/policy-document";
import { crossAccountPullPolicy } from "../aws/pull-policy";
import { channelPushPolicy } from "../aws/push-policy";
import { channelTrustPolicy } from "../aws/trust-policy";
import { CHANNELS, type Channel } from "../channels/channel";
import { compileTagScheme } from "../channels/model";
import { describeEcrImmutability, ecrTagMutability, type EcrTagMutability } from "../channels/mutability";
import type { ReleaseConfig } from "../config/schema";
import { compileLifecyclePolicy } from "../retention/compile";
import { describeRetention } from "../retention/describe";
import { renderLifecyclePolicy } from "../retention/render";
import { channelImages } from "./channels";
import { retentionIntent } from "./retention";

/** What the stack outputs say of one channel's ECR repository of an image (the `repositories` output, by key). */
export interface RepositoryOutput {
  readonly image: string;
  readonly channel: Channel;
  readonly ecr: string;
  readonly retention: readonly string[];
  readonly immutability: readonly string[];
}

export interface EcrRepositoryPlan {
  readonly image: string;
  /** The one channel that pushes here (see {@link ecrRepositoryName}). */
  readonly channel: Channel;
  /** Its key among the stack's repositories and in logical names: `<image>`, or `<channel>--<image>`. */
  readonly key: string;
  /** `<project>/<image>` (stable), `<project>/<channel>/<image>` (nightly, beta). */
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
  /**
   * The account-wide registry scanning configuration to manage, when the config
   * asks for it; absent, the account's own is left alone.
   */
  readonly scanType?: "BASIC" | "ENHANCED";
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

/**
 * Where a channel's images live in ECR: stable in `<project>/<image>`, nightly
 * and beta in `<project>/<channel>/<image>`, so one account can hold several
 * projects and each channel's CI role can be given its own repositories only.
 * That is the isolation ECR can enforce: IAM has no condition on image tags
 * (DESIGN.md), but it scopes ecr:PutImage to repository ARNs, so the nightly
 * and beta roles cannot write any tag of the stable repositories, `latest` and
 * `stable` included.
 */
export function ecrRepositoryPrefix(config: Pick<ReleaseConfig, "project">, channel: Channel): string {
  return channel === "stable" ? `${config.project.name}/` : `${config.project.name}/${channel}/`;
}

/** The ECR repository of `image` on `channel`. */
export function ecrRepositoryName(config: Pick<ReleaseConfig, "project">, channel: Channel, image: string): string {
  return `${ecrRepositoryPrefix(config, channel)}${image}`;
}

/**
 * The key of a channel's repository of an image: the image name for stable
 * (the logical names stable repositories always had), `<channel>--<image>`
 * otherwise; image names never hold `--`, so keys never collide.
 */
export function ecrRepositoryKey(channel: Channel, image: string): string {
  return channel === "stable" ? image : `${channel}--${image}`;
}

export function planEcr(config: ReleaseConfig): EcrPlan {
  const { accountId, region } = config.registries.ecr;
  const partition = partitionOfRegion(region);
  const intent = retentionIntent(config);
  const model = compileTagScheme(config.tagScheme);
  const pushers = channelImages(config);
  const lifecyclePolicy = renderLifecyclePolicy(compileLifecyclePolicy(intent, model));
  const retention = describeRetention(intent, model);
  const pullAccounts = config.registries.ecr.pullAccounts;
  const registry = ecrRegistryHost(region, accountId);

  const mutability = ecrTagMutability(model);
  const repositories = config.images.flatMap((image) =>
    CHANNELS.filter((channel) => pushers[channel].includes(image.name)).map((channel): EcrRepositoryPlan => {
      const name = ecrRepositoryName(config, channel, image.name);
      return {
        image: image.name,
        channel,
        key: ecrRepositoryKey(channel, image.name),
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
      };
    }),
  );

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
          repositoryArns: repositories.filter((r) => r.channel === channel).map((r) => r.arn),
        }),
      ),
    };
  });

  return {
    accountId,
    region,
    registry,
    ...(config.registries.ecr.scanning !== undefined
      ? { scanType: config.registries.ecr.scanning === "enhanced" ? ("ENHANCED" as const) : ("BASIC" as const) }
      : {}),
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
