import type { Handler } from "../context";
import { HttpProblem } from "../problem";
import type { Principal } from "../tokens";
import { FieldErrors, objectBody } from "../validation";

/**
 * POST /v2/auth/token `{identifier, secret}`: a user with its password or a personal
 * access token, or an organization with one of its organization access tokens.
 */
export const createAccessToken: Handler = ({ store, tokens, body }) => {
  const input = objectBody(body);
  const errors = new FieldErrors();
  if (typeof input.identifier !== "string" || input.identifier === "")
    errors.add("identifier", "This field is required.");
  if (typeof input.secret !== "string" || input.secret === "") errors.add("secret", "This field is required.");
  errors.throwIfAny();
  const identifier = input.identifier as string;
  const secret = input.secret as string;

  let principal: Principal | undefined;
  const userSecret = store.users.get(identifier)?.secrets.get(secret);
  const orgScopes = store.orgs.get(identifier)?.accessTokens.get(secret);
  if (userSecret !== undefined) principal = { kind: "user", username: identifier, ...userSecret };
  else if (orgScopes !== undefined) principal = { kind: "org", org: identifier, scopes: orgScopes };
  // Never echo the identifier or the secret back: the answer only says it failed.
  if (principal === undefined) throw new HttpProblem(401, { detail: "Incorrect authentication credentials" });
  return { status: 200, body: { access_token: tokens.issue(principal) } };
};
