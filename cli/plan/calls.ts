/*
 * The provider functions (invokes) the program calls, answered in-process for
 * the offline plan and the tests, the way the real providers answer them.
 */
import { GITHUB_FUNCTIONS } from "../../lib/resource-types";
import type { CallHandler } from "./mock-runtime";

/**
 * A failed call as the engine reports it. The SDK rejects an invoke with the
 * gRPC error's `details` (@pulumi/pulumi runtime/invoke.js), so an answer that
 * fails must carry them, or the program would see the text "undefined".
 */
export class CallError extends Error {
  readonly details: string;
  constructor(message: string) {
    super(message);
    this.name = "CallError";
    this.details = message;
  }
}

/**
 * What `github.getMembership` fails with for someone who is neither a member
 * nor invited: GitHub's 404 in go-github's words, wrapped by the bridge
 * ("invoking <token>") and the engine ("invocation of <token> returned an error").
 */
export function notAMemberError(org: string, username: string): CallError {
  const token = GITHUB_FUNCTIONS.getMembership;
  return new CallError(
    `invocation of ${token} returned an error: invoking ${token}: GET https://api.github.com/orgs/${org}/memberships/${username}: 404 Not Found []`,
  );
}

/**
 * Answers `github.getMembership` from `orgRoles` (login -> "admin" or
 * "member", the organization as GitHub holds it); anyone else is neither a
 * member nor invited. The offline plan passes nothing: it cannot know who is
 * in the organization, and says so (lib/plan/markdown.ts).
 */
export function offlineCalls(orgRoles: Readonly<Record<string, string>> = {}): CallHandler {
  const roles = new Map(Object.entries(orgRoles).map(([login, role]) => [login.toLowerCase(), role]));
  return (token, inputs) => {
    if (token !== GITHUB_FUNCTIONS.getMembership) return undefined;
    const username = String(inputs.username);
    const org = String(inputs.organization);
    const role = roles.get(username.toLowerCase());
    if (role === undefined) throw notAMemberError(org, username);
    // The data source's outputs (data_source_github_membership.go:14-35, 55-72 at v6.13.0).
    return { id: `${org}:${username}`, username, organization: org, role, state: "active", etag: 'W/"offline"' };
  };
}
