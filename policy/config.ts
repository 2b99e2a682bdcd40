/*
 * The policy pack's config for a stack. @pulumi/policy 1.21 gives policies
 * the resources but not the stack config, so the policies that depend on the
 * tag scheme (A4, D2) read it from the policy pack config, which
 * `pulumi preview --policy-pack policy --policy-pack-config FILE` passes.
 * `release-infra policy-config --stack NAME` writes FILE from the stack.
 */
import type { TagScheme } from "../lib/channels/scheme";
import { ecrRepositorySettings } from "./aws";
import { dockerHubImmutableTags } from "./dockerhub";

/** `{ <policy name>: { tagScheme } }` for every policy that reads the scheme. */
export function policyPackConfig(tagScheme: TagScheme): Record<string, { readonly tagScheme: TagScheme }> {
  return Object.fromEntries([ecrRepositorySettings, dockerHubImmutableTags].map((p) => [p.name, { tagScheme }]));
}
