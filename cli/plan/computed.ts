import { ecrRegistryHost, partitionOfRegion } from "../../lib/aws/arn";
import type { ComputedHandler } from "./mock-runtime";

/** Where the stack's AWS resources live, from its config. */
export interface AwsLocation {
  readonly accountId: string;
  readonly region: string;
}

/**
 * The outputs each provider computes that the program reads back, derived from
 * inputs exactly as the provider does: GitHub slugs team names; AWS builds
 * ARNs and repository URLs from the account, region and name.
 */
export function computedOutputs(aws: AwsLocation | undefined): ComputedHandler {
  return (type, inputs) => {
    const name = typeof inputs.name === "string" ? inputs.name : undefined;
    switch (type) {
      case "github:index/team:Team":
        // GitHub lowercases a team name and turns runs of other characters into "-".
        // Team ids are numbers; a stable stand-in derived from the name keeps plans diffable.
        return name !== undefined
          ? { slug: name.toLowerCase().replace(/[^a-z0-9_]+/g, "-"), id: String(standInId(name)) }
          : {};
    }
    if (aws === undefined) return {};
    if (type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider" && typeof inputs.url === "string") {
      return {
        arn: `arn:${partitionOfRegion(aws.region)}:iam::${aws.accountId}:oidc-provider/${inputs.url.replace(/^https:\/\//, "")}`,
      };
    }
    if (name === undefined) return {};
    const partition = partitionOfRegion(aws.region);
    const host = ecrRegistryHost(aws.region, aws.accountId);
    switch (type) {
      case "aws:ecr/repository:Repository":
        return {
          arn: `arn:${partition}:ecr:${aws.region}:${aws.accountId}:repository/${name}`,
          repositoryUrl: `${host}/${name}`,
          registryId: aws.accountId,
        };
      case "aws:iam/role:Role":
        return { arn: `arn:${partition}:iam::${aws.accountId}:role/${name}` };
      default:
        return {};
    }
  };
}

/** A stable positive number from a name (FNV-1a), standing in for a provider-assigned id. */
function standInId(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return (h % 9_000_000) + 1_000_000;
}

/** The stack's AWS account and region from its config map, when present. */
export function awsLocationFromConfig(config: Readonly<Record<string, string>>): AwsLocation | undefined {
  try {
    const registries = JSON.parse(config["release-infra:registries"] ?? "null") as {
      ecr?: { accountId?: unknown; region?: unknown };
    } | null;
    const ecr = registries?.ecr;
    return typeof ecr?.accountId === "string" && typeof ecr.region === "string"
      ? { accountId: ecr.accountId, region: ecr.region }
      : undefined;
  } catch {
    return undefined;
  }
}
