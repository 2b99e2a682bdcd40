/*
 * AWS side of the release system as plain data: the GitHub OIDC provider, the
 * per-channel CI roles' trust and push policies, the cross-account pull policy,
 * the ARNs they refer to, and the checker of rules A2 and A3.
 */
export * from "./arn";
export * from "./check-policy";
export * from "./github-oidc";
export * from "./github-subject";
export * from "./parse-policy";
export * from "./policy-document";
export * from "./pull-policy";
export * from "./push-policy";
export * from "./trust-policy";
