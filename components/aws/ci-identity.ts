import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Channel } from "../../lib/channels/channel";
import type { EcrPlan } from "../../lib/registries/ecr";

export interface CiIdentityArgs {
  readonly plan: Pick<EcrPlan, "oidcProvider" | "roles">;
  /** Resources the roles' push policies name; the roles are created after them. */
  readonly repositories: readonly pulumi.Resource[];
  /** The GitHub environments the trust policies name; the roles are created after them. */
  readonly after?: readonly pulumi.Resource[];
}

/**
 * How CI reaches AWS without a long-lived secret: GitHub's OIDC provider (one
 * per account, or an existing one), and one role per channel that only that
 * channel's GitHub environment can assume and that may only push to that
 * channel's repositories (rules A1-A3). Policy documents come from lib/aws.
 */
export class CiIdentity extends pulumi.ComponentResource {
  /** Role ARN per channel, for the GitHub environments' AWS_ROLE_ARN. */
  readonly roleArns: Record<Channel, pulumi.Output<string>>;

  constructor(name: string, args: CiIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("release:aws:CiIdentity", name, {}, opts);
    const { oidcProvider, roles } = args.plan;

    const provider = oidcProvider.create
      ? new aws.iam.OpenIdConnectProvider(
          `${name}-github-oidc`,
          { url: oidcProvider.url, clientIdLists: [...oidcProvider.clientIdLists] },
          // One provider per account: deleting it would cut every CI role off.
          { parent: this, protect: true },
        )
      : undefined;

    const roleArns: Partial<Record<Channel, pulumi.Output<string>>> = {};
    for (const role of roles) {
      const resource = new aws.iam.Role(
        `${name}-${role.channel}`,
        {
          name: role.roleName,
          description: `Pushes ${role.channel} images from GitHub Actions (environment ${role.channel})`,
          assumeRolePolicy: role.trustPolicy,
          maxSessionDuration: 3600,
        },
        { parent: this, dependsOn: [...(provider !== undefined ? [provider] : []), ...(args.after ?? [])] },
      );
      new aws.iam.RolePolicy(
        `${name}-${role.channel}-push`,
        { role: resource.name, name: "push", policy: role.pushPolicy },
        { parent: this, dependsOn: [...args.repositories] },
      );
      roleArns[role.channel] = resource.arn;
    }
    this.roleArns = roleArns as Record<Channel, pulumi.Output<string>>;
    this.registerOutputs({ roleArns: this.roleArns });
  }
}
