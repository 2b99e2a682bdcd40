/*
 * Rule G6 (and the Pulumi half of A4): stateful resources are protected from
 * deletion by Pulumi options. A policy sees `protect` (PolicyResourceOptions)
 * but not `retainOnDelete`, which the engine does not send to analyzers; the
 * program tests assert retainOnDelete instead.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS_TYPES } from "./aws";
import { GITHUB_TYPES } from "./github-types";
import { describeResource } from "./inputs";
import { onTypes } from "./validate";

/** Resources whose deletion loses something that cannot be recreated, by type: what they are and what is lost. */
export const STATEFUL_TYPES: Readonly<Record<string, { readonly kind: string; readonly loses: string }>> = {
  [AWS_TYPES.ecrRepository]: { kind: "ECR repository", loses: "every pushed image" },
  [AWS_TYPES.oidcProvider]: { kind: "IAM OIDC provider", loses: "every CI role's way in (one provider per account)" },
  [GITHUB_TYPES.repository]: { kind: "GitHub repository", loses: "the source, its issues and its release history" },
};

/** G6: stateful resources carry `protect`. */
export const statefulResourcesProtected: ResourceValidationPolicy = {
  name: "g6-stateful-resources-protected",
  description:
    "G6/A4: ECR repositories, the GitHub OIDC provider and GitHub repositories are declared with the protect resource option.",
  enforcementLevel: "mandatory",
  validateResource: onTypes(Object.keys(STATEFUL_TYPES), (props, args, report) => {
    const stateful = STATEFUL_TYPES[args.type];
    if (args.opts.protect || stateful === undefined) return;
    report(
      `${describeResource(stateful.kind, args.name, props.name)}: not protected, so a refactor or a removed config entry would delete ${stateful.loses}; ` +
        "declare it with the resource options { protect: true, retainOnDelete: true }",
    );
  }),
};
