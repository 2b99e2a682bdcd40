/*
 * Recognizing credentials in GitHub Actions secrets and variables (rules S1,
 * S2, D1). A policy sees every input in plain text, secret or not (Pulumi
 * decrypts secrets before policies run: https://github.com/pulumi/pulumi-policy/issues/241),
 * so it can tell a credential by its name or by the documented prefix of its
 * value, but not whether the program marked it secret.
 */
import { DOCKERHUB_TOKEN_SECRET } from "../lib/github/environments";

/** Names that say "this is a credential": a token, password, key or secret. */
const CREDENTIAL_WORD = /(?:^|_)(?:TOKEN|PAT|PASSWORD|PASSWD|PASS|SECRET|KEY|CREDENTIALS?)(?:_|$)/i;

/** Names that say "for a container registry". */
const REGISTRY_WORD = /(?:^|_)(?:DOCKER|DOCKERHUB|HUB|REGISTRY|ECR|GHCR|QUAY|AWS)(?:_|$)/i;

/**
 * Documented prefixes of credential values: Docker Hub personal and
 * organization access tokens (`dckr_pat_`, `dckr_oat_`), AWS access key ids
 * (`AKIA`/`ASIA` and 16 more characters), GitHub tokens (`ghp_`, `gho_`,
 * `ghu_`, `ghs_`, `github_pat_`), which also log in to ghcr.io.
 */
const CREDENTIAL_VALUE = /^(?:dckr_(?:pat|oat)_|github_pat_|gh[pousr]_|(?:AKIA|ASIA)[0-9A-Z]{16}$)/;

/** Docker Hub personal access tokens: a person's credential (rule D1 refuses them for CI). */
export const DOCKERHUB_PERSONAL_TOKEN_PREFIX = "dckr_pat_";

/** Whether a secret or variable name says it holds a credential. */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL_WORD.test(name);
}

/** Whether a secret or variable name says it holds a registry credential (`DOCKERHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`). */
export function isRegistryCredentialName(name: string): boolean {
  return name.toUpperCase() === DOCKERHUB_TOKEN_SECRET || (REGISTRY_WORD.test(name) && CREDENTIAL_WORD.test(name));
}

/** Whether a value has the shape of a registry or GitHub credential. */
export function looksLikeCredential(value: string): boolean {
  return CREDENTIAL_VALUE.test(value);
}
