/*
 * What a maintainer must know before `pulumi up` that is not an error: a
 * secret that is not set, a first run into an account or organization that
 * already has some of what the program creates, an account-wide setting the
 * program takes over. The program exports them (`notices`) and warns with
 * them; the offline plan lists them first.
 */
import { githubOidcProviderArn, partitionOfRegion } from "../aws/arn";
import type { ReleaseConfig } from "./schema";

/** Which secret config values are set (their values never reach this module). */
export interface SecretsSet {
  readonly dockerhubToken: boolean;
}

/** The notices of this stack, in a stable order. */
export function stackNotices(config: ReleaseConfig, secrets: SecretsSet): string[] {
  const notices: string[] = [];
  const { ecr } = config.registries;
  if (!secrets.dockerhubToken) {
    notices.push(
      "release-infra:dockerhubToken is not set: the nightly, beta and stable environments get no DOCKERHUB_TOKEN secret, so the release workflows' Docker Hub login fails; set it with `pulumi config set --secret dockerhubToken <organization access token>`",
    );
  }
  if (ecr.oidcProviderArn === undefined) {
    const arn = githubOidcProviderArn(ecr.accountId, partitionOfRegion(ecr.region));
    notices.push(
      `the GitHub OIDC provider is created in account ${ecr.accountId}; an account has at most one for token.actions.githubusercontent.com, so if it exists already creating it fails: reuse it with \`pulumi config set --path registries.ecr.oidcProviderArn ${arn}\` (not managed then), or adopt it with the plan's import list`,
    );
  }
  const { github } = config;
  if (github.orgMembership === "managed") {
    notices.push(
      `github.orgMembership is managed: every person is made a member of the GitHub organization ${github.org}${github.adminsAreOrgOwners ? " and every admin an owner" : ""}, and deleting a person's entry removes them from the whole organization, other projects' access included; an existing owner is never demoted`,
    );
  }
  if (ecr.scanning !== undefined) {
    notices.push(
      `registries.ecr.scanning is set: the registry scanning configuration of account ${ecr.accountId} in ${ecr.region} is managed here (${ecr.scanning}, every repository), replacing whatever the account had, other projects' repositories included`,
    );
  }
  return notices;
}
