/*
 * Which Docker Hub credential may call which route, as Docker defines it, and
 * the one place that lists the undocumented routes the client still needs.
 *
 * Sources (read for this table):
 * - SPEC: docker/docs content/reference/api/hub/latest.yaml (c065f80): the
 *   routes it documents, and the `oat` label on the organization routes.
 * - TOKENS: docker/docs content/manuals/security/access-tokens/reference.md and
 *   organization-access-tokens.md: PAT levels (repo:public_read, repo:read,
 *   repo:write, repo:admin = "Read, Write, Delete"); OAT scopes; "OATs only
 *   work with the namespace-scoped routes", the legacy /v2/repositories/...
 *   routes answer 403 "token issued from organization access token is not
 *   allowed" whatever the scopes.
 * - TF: docker/terraform-provider-docker (a15631f) internal/hubclient and its
 *   README: PATs are limited to managing repositories; teams need a password or
 *   an OAT; the legacy routes it calls for what SPEC does not document.
 * - hub-feedback#2438: a PAT-issued token on the organization routes answers
 *   403 "token issued from personal access token".
 * The access-token docs say OATs can also update and delete repositories, tags
 * and team assignments "under /v2/namespaces/{namespace}/repositories/", but no
 * version of SPEC gives those paths, so none is guessed: those operations go
 * through the legacy routes, which take a password or a PAT.
 */
import { UserError } from "../../../lib/errors";

/** How a secret logs in, by Docker's documented token prefixes (TOKENS). */
export type CredentialKind = "password" | "pat" | "oat";

/** A personal access token's permission level, lowest first (TOKENS; API scope names). */
export const PAT_LEVELS = ["repo:public_read", "repo:read", "repo:write", "repo:admin"] as const;
export type PatLevel = (typeof PAT_LEVELS)[number];

/** One identity the client may log in as. */
export interface Credential {
  /** Username (password, PAT) or organization name (OAT). */
  readonly identifier: string;
  readonly secret: string;
  readonly kind: CredentialKind;
}

/** The kind of a secret: `dckr_oat_...` and `dckr_pat_...` are Docker's token prefixes; anything else is a password. */
export function credentialKind(secret: string): CredentialKind {
  if (secret.startsWith("dckr_oat_")) return "oat";
  if (secret.startsWith("dckr_pat_")) return "pat";
  return "password";
}

/** What one operation needs of a credential. */
export interface OperationContract {
  /** Method and path, as the client calls it. */
  readonly route: string;
  /** Documented in SPEC; otherwise why it is used and which Docker tool uses the same route. */
  readonly documented: true | { readonly why: string; readonly usedBy: string };
  /** The OAT scope it needs, or `false` when OATs are refused there. */
  readonly oat: string | false;
  /** The lowest PAT level that may call it, or `false` when PATs are refused there. */
  readonly pat: PatLevel | false;
}

const legacy = (why: string, usedBy = "docker/terraform-provider-docker internal/hubclient") => ({ why, usedBy });

/** Every operation the client performs, by the route name it reports. */
export const OPERATIONS = {
  "repositories.create": {
    route: "POST /v2/namespaces/{ns}/repositories",
    documented: true,
    oat: "scope-repository-create",
    pat: "repo:write",
  },
  "repository.get": {
    route: "GET /v2/namespaces/{ns}/repositories/{repo}",
    documented: true,
    oat: "scope-repository-read",
    pat: "repo:public_read",
  },
  "repositories.list": {
    // Without scope-repository-list an OAT silently sees only public repositories (TOKENS).
    route: "GET /v2/namespaces/{ns}/repositories",
    documented: true,
    oat: "scope-repository-list",
    pat: "repo:read",
  },
  "repository.immutable-tags": {
    route: "PATCH /v2/namespaces/{ns}/repositories/{repo}/immutabletags",
    documented: true,
    oat: "scope-repository-settings-admin",
    pat: "repo:admin",
  },
  "repository.update": {
    route: "PATCH /v2/repositories/{ns}/{repo}/",
    documented: legacy("SPEC has no route that changes a description or the overview"),
    oat: false,
    pat: "repo:admin",
  },
  "repository.privacy": {
    route: "POST /v2/repositories/{ns}/{repo}/privacy",
    documented: legacy("SPEC has no route that changes a repository's visibility"),
    oat: false,
    pat: "repo:admin",
  },
  "repository.delete": {
    route: "DELETE /v2/repositories/{ns}/{repo}/",
    documented: legacy("SPEC has no route that deletes a repository"),
    oat: false,
    pat: "repo:admin",
  },
  "tags.list": {
    route: "GET /v2/namespaces/{ns}/repositories/{repo}/tags",
    documented: true,
    oat: "scope-tag-read",
    pat: "repo:public_read",
  },
  "tag.delete": {
    route: "DELETE /v2/repositories/{ns}/{repo}/tags/{tag}/",
    documented: legacy("SPEC has no route that deletes a tag", "docker/hub-tool"),
    oat: false,
    pat: "repo:admin",
  },
  "team-permissions.create": {
    // Documented, but under /v2/repositories: OATs are refused on that prefix (TOKENS).
    route: "POST /v2/repositories/{ns}/{repo}/groups",
    documented: true,
    oat: false,
    pat: "repo:admin",
  },
  "team-permission.get": {
    route: "GET /v2/repositories/{ns}/{repo}/groups/{teamId}/",
    documented: legacy("SPEC documents only the creation of a team's repository permission"),
    oat: false,
    pat: "repo:admin",
  },
  "team-permission.update": {
    route: "PATCH /v2/repositories/{ns}/{repo}/groups/{teamId}/",
    documented: legacy("SPEC documents only the creation of a team's repository permission"),
    oat: false,
    pat: "repo:admin",
  },
  "team-permission.delete": {
    route: "DELETE /v2/repositories/{ns}/{repo}/groups/{teamId}/",
    documented: legacy("SPEC documents only the creation of a team's repository permission"),
    oat: false,
    pat: "repo:admin",
  },
  "teams.list": { route: "GET /v2/orgs/{org}/groups", documented: true, oat: "scope-group-read", pat: false },
  "teams.create": { route: "POST /v2/orgs/{org}/groups", documented: true, oat: "scope-group-edit", pat: false },
  "team.get": { route: "GET /v2/orgs/{org}/groups/{team}", documented: true, oat: "scope-group-read", pat: false },
  "team.update": { route: "PATCH /v2/orgs/{org}/groups/{team}", documented: true, oat: "scope-group-edit", pat: false },
  "team.delete": {
    route: "DELETE /v2/orgs/{org}/groups/{team}",
    documented: true,
    oat: "scope-group-edit",
    pat: false,
  },
  "team-members.list": {
    route: "GET /v2/orgs/{org}/groups/{team}/members",
    documented: true,
    oat: "scope-group-read",
    pat: false,
  },
  "team-members.add": {
    route: "POST /v2/orgs/{org}/groups/{team}/members",
    documented: true,
    oat: "scope-group-edit",
    pat: false,
  },
  "team-member.remove": {
    route: "DELETE /v2/orgs/{org}/groups/{team}/members/{username}",
    documented: true,
    oat: "scope-group-edit",
    pat: false,
  },
  "org-members.list": { route: "GET /v2/orgs/{org}/members", documented: true, oat: "scope-member-read", pat: false },
  "invites.list": { route: "GET /v2/orgs/{org}/invites", documented: true, oat: "scope-invite-read", pat: false },
  "invites.create": { route: "POST /v2/invites/bulk", documented: true, oat: "scope-invite-edit", pat: false },
  "invite.delete": { route: "DELETE /v2/invites/{id}", documented: true, oat: "scope-invite-edit", pat: false },
} as const satisfies Readonly<Record<string, OperationContract>>;

export type Operation = keyof typeof OPERATIONS;

/** Whether a credential of `kind` may call `operation` at all (its level or scopes aside). */
export function kindMayCall(kind: CredentialKind, operation: Operation): boolean {
  const contract: OperationContract = OPERATIONS[operation];
  return kind === "password" || (kind === "oat" ? contract.oat !== false : contract.pat !== false);
}

/**
 * The credential to call `operation` with: the organization access token where
 * Docker allows one (it is scoped to the organization and meant for
 * automation), else the user's token or password; `undefined` when neither can.
 */
export function credentialFor(operation: Operation, credentials: readonly Credential[]): Credential | undefined {
  const order: readonly CredentialKind[] = ["oat", "pat", "password"];
  return [...credentials]
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
    .find((c) => kindMayCall(c.kind, operation));
}

/** What a credential must have for `operation`, in words, for errors and the README. */
export function requirement(operation: Operation): string {
  const contract: OperationContract = OPERATIONS[operation];
  const ways = [
    ...(contract.oat === false ? [] : [`an organization access token with ${contract.oat}`]),
    ...(contract.pat === false ? [] : [`a personal access token of level ${contract.pat} (or the password)`]),
    ...(contract.oat === false && contract.pat === false ? ["the account's password"] : []),
  ];
  if (contract.pat === false) ways.push("the password of an organization owner");
  return ways.join(", or ");
}

/**
 * The operations in `needed` that none of `credentials` can call, each with
 * what it needs: empty when the credentials can do the job.
 */
export function missingCredentials(
  needed: readonly Operation[],
  credentials: readonly Credential[],
): { readonly operation: Operation; readonly needs: string }[] {
  return [...new Set(needed)]
    .filter((operation) => credentialFor(operation, credentials) === undefined)
    .map((operation) => ({ operation, needs: requirement(operation) }));
}

/**
 * No credential the client was given may call an operation: a user error
 * (which token to set), not a bug. A class of its own so that a caller can
 * tell it from the other user errors.
 */
export class HubCredentialError extends UserError {}
