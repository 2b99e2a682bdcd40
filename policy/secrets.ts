/*
 * Rules S1 and S2: credentials live only in GitHub secrets, and registry
 * credentials only in a channel environment's secrets. What a policy cannot
 * see is whether a value was a Pulumi secret: it receives every input
 * decrypted (see ./credentials.ts); the program tests assert secretness.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isCredentialName, isRegistryCredentialName, looksLikeCredential } from "./credentials";
import { GITHUB_TYPES } from "./github-types";
import { describeResource, str } from "./inputs";
import { onTypes } from "./validate";

const VARIABLE_KINDS: Readonly<Record<string, string>> = {
  [GITHUB_TYPES.environmentVariable]: "GitHub environment variable",
  [GITHUB_TYPES.repositoryVariable]: "GitHub repository variable",
  [GITHUB_TYPES.organizationVariable]: "GitHub organization variable",
};

/** S1: no credential is stored as a plain Actions variable, which anyone with read access sees. */
export const noCredentialVariables: ResourceValidationPolicy = {
  name: "s1-no-credential-variables",
  description:
    "S1: GitHub Actions variables (plain text, readable by anyone who can read the repository) hold no token, password or key.",
  enforcementLevel: "mandatory",
  validateResource: onTypes(Object.keys(VARIABLE_KINDS), (props, args, report) => {
    const name = str(props.variableName) ?? "";
    const value = str(props.value) ?? "";
    if (!isCredentialName(name) && !looksLikeCredential(value)) return;
    report(
      `${describeResource(VARIABLE_KINDS[args.type] ?? args.type, args.name)} (${name}): a variable is stored and shown in plain text, and this one ${isCredentialName(name) ? "is named as" : "holds"} a credential; ` +
        "make it a secret of the channel's environment (github.ActionsEnvironmentSecret) fed from pulumi config set --secret",
    );
  }),
};

const SECRET_KINDS: Readonly<Record<string, string>> = {
  [GITHUB_TYPES.repositorySecret]: "GitHub repository secret",
  [GITHUB_TYPES.organizationSecret]: "GitHub organization secret",
};

/** S2: registry credentials are never repository- or organization-wide secrets. */
export const registryCredentialsInEnvironments: ResourceValidationPolicy = {
  name: "s2-registry-credentials-in-environments",
  description:
    "S2: registry credentials are environment secrets only, never repository or organization secrets, which every workflow run (a pull request's included) can read.",
  enforcementLevel: "mandatory",
  validateResource: onTypes(Object.keys(SECRET_KINDS), (props, args, report) => {
    const name = str(props.secretName) ?? "";
    const value = str(props.value) ?? str(props.plaintextValue) ?? "";
    if (!isRegistryCredentialName(name) && !looksLikeCredential(value)) return;
    report(
      `${describeResource(SECRET_KINDS[args.type] ?? args.type, args.name)} (${name}): holds a registry credential any workflow of the repository can read; ` +
        "delete it and set it as the channel environment's secret (github.ActionsEnvironmentSecret, as GitHubRepository does with dockerhubTokens)",
    );
  }),
};
