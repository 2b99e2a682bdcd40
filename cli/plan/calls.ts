/*
 * The provider functions (invokes) the program calls, answered in-process for
 * the offline plan and the tests, the way the real providers answer them.
 */
import { AWS_FUNCTIONS, DOCKER_FUNCTIONS, GITHUB_FUNCTIONS } from "../../lib/resource-types";
import { NOT_READ, type CallAnswer, type CallHandler } from "./mock-runtime";

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
 * A provider function's failure as the program sees it: the provider's own
 * message, wrapped by the bridge ("invoking <token>") and the engine
 * ("invocation of <token> returned an error").
 */
export function invokeError(token: string, message: string): CallError {
  return new CallError(`invocation of ${token} returned an error: invoking ${token}: ${message}`);
}

/**
 * What `github.getMembership` fails with for someone who is neither a member
 * nor invited: GitHub's 404 in go-github's words.
 */
export function notAMemberError(org: string, username: string): CallError {
  return invokeError(
    GITHUB_FUNCTIONS.getMembership,
    `GET https://api.github.com/orgs/${org}/memberships/${username}: 404 Not Found []`,
  );
}

const PINNED_DIGEST = /@(sha256:[0-9a-f]{64})$/;

/**
 * The registry reads without a registry: the offline plan answers from the
 * config what the config decides, and nothing else. `docker.getRegistryImage`
 * of a reference pinned by digest is that digest (the provider asks the
 * registry for exactly that manifest, and its Docker-Content-Digest is the
 * digest asked for: data_source_docker_registry_image.go:65-66 at v4.5.0 sets
 * `id` and `sha256_digest` to it). Anything else (a tag, a repository's tag
 * list, ECR's login) is answered with no value, as an engine answers an
 * invoke it does not serve, and the plan says it was not read.
 */
export function offlineRegistryReads(token: string, inputs: Record<string, unknown>): CallAnswer {
  if (token === DOCKER_FUNCTIONS.getRegistryImage) {
    const name = String(inputs.name);
    const digest = PINNED_DIGEST.exec(name)?.[1];
    return digest === undefined ? NOT_READ : { id: digest, name, sha256Digest: digest, insecureSkipVerify: false };
  }
  if (token === AWS_FUNCTIONS.getImages || token === AWS_FUNCTIONS.getAuthorizationToken) return NOT_READ;
  return undefined;
}

/**
 * Answers `github.getMembership` from `orgRoles` (login -> "admin" or
 * "member", the organization as GitHub holds it); anyone else is neither a
 * member nor invited. The offline plan passes nothing: it cannot know who is
 * in the organization, and says so (lib/plan/markdown.ts). Registry reads are
 * answered by {@link offlineRegistryReads}.
 */
export function offlineCalls(orgRoles: Readonly<Record<string, string>> = {}): CallHandler {
  const roles = new Map(Object.entries(orgRoles).map(([login, role]) => [login.toLowerCase(), role]));
  return (token, inputs) => {
    if (token !== GITHUB_FUNCTIONS.getMembership) return offlineRegistryReads(token, inputs);
    const username = String(inputs.username);
    const org = String(inputs.organization);
    const role = roles.get(username.toLowerCase());
    if (role === undefined) throw notAMemberError(org, username);
    // The data source's outputs (data_source_github_membership.go:14-35, 55-72 at v6.13.0).
    return { id: `${org}:${username}`, username, organization: org, role, state: "active", etag: 'W/"offline"' };
  };
}
