/*
 * GitHub Actions as an OIDC identity provider in IAM.
 * https://docs.github.com/en/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-aws
 */

/** Host of GitHub Actions' token issuer; also the prefix of its IAM condition keys. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/** The issuer URL, as IAM's OIDC provider takes it. */
export const GITHUB_OIDC_URL = `https://${GITHUB_OIDC_HOST}`;

/** The audience `aws-actions/configure-aws-credentials` requests. */
export const STS_AUDIENCE = "sts.amazonaws.com";

/** IAM condition key holding the token's audience. */
export const GITHUB_OIDC_AUD_KEY = `${GITHUB_OIDC_HOST}:aud`;

/** IAM condition key holding the token's subject. */
export const GITHUB_OIDC_SUB_KEY = `${GITHUB_OIDC_HOST}:sub`;

/** Arguments of the account's GitHub OIDC provider, named as `aws.iam.OpenIdConnectProvider` takes them. */
export interface GithubOidcProviderSpec {
  /** The issuer URL. Changing it replaces the provider. */
  readonly url: string;
  /** Audiences the provider accepts. */
  readonly clientIdLists: readonly string[];
}

/**
 * The GitHub Actions OIDC provider (rule A1).
 *
 * No thumbprints: IAM verifies the TLS certificate of GitHub's JWKS endpoint
 * against its library of trusted root CAs, uses configured thumbprints only for
 * providers whose certificate no such CA signed, and `ThumbprintList` is optional
 * in CreateOpenIDConnectProvider
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html;
 * background: https://github.blog/changelog/2023-06-27-github-actions-update-on-oidc-integration-with-aws/).
 * A pinned thumbprint would only be one more value to rotate.
 */
export function githubOidcProviderSpec(): GithubOidcProviderSpec {
  return { url: GITHUB_OIDC_URL, clientIdLists: [STS_AUDIENCE] };
}
