/*
 * What a refresh reads back from GitHub for the resources whose stored form
 * differs from what was sent, so a test can prove that a refreshed preview of
 * an unchanged stack shows no changes. Everything else reads back as declared.
 *
 * - github_team_members (integrations/terraform-provider-github@v6.13.0
 *   resource_github_team_members.go:291-360) reads direct members over GraphQL,
 *   logins lowercased, roles `member`/`maintainer`; the username diff ignores
 *   case (:68-73). GitHub stores an organization owner as a maintainer, whatever
 *   was asked (provider docs, website/docs/r/team_members.html.markdown): the
 *   stack's Memberships of role `admin`, and whoever owned the organization
 *   before the run (`orgOwners`), since the stack never demotes an owner.
 *   Whether GitHub promotes a member of a team that has no maintainer is not
 *   documented: `promoteWhenNoMaintainer` switches it, and tests run both ways.
 * - github_team_repository reads `role_name` back, `read` as `pull` and `write`
 *   as `push` (resource_github_team_repository.go:160; util_permissions.go:10-22).
 */
import type { RecordedResource } from "../../cli/plan/mock-runtime";
import { GITHUB } from "../../lib/resource-types";

export interface ReadBackOptions {
  readonly promoteWhenNoMaintainer: boolean;
  /** Owners of the organization before the run (what github.getMembership answered "admin" for). @default none */
  readonly orgOwners?: readonly string[];
}

interface Member {
  readonly username: string;
  readonly role: string;
}

const TEAM_MEMBERS = GITHUB.teamMembers;
const TEAM_REPOSITORY = GITHUB.teamRepository;
const MEMBERSHIP = GITHUB.membership;

/** The inputs a refresh of `resource` would store, given the stack's other resources. */
export function readBack(
  resource: RecordedResource,
  stack: readonly RecordedResource[],
  options: ReadBackOptions,
): Record<string, unknown> {
  if (resource.type === TEAM_REPOSITORY) {
    const permission = resource.inputs.permission;
    const normalized = permission === "read" ? "pull" : permission === "write" ? "push" : permission;
    return { ...resource.inputs, permission: normalized };
  }
  if (resource.type !== TEAM_MEMBERS) return resource.inputs;
  const owners = new Set(
    stack
      .filter((r) => r.type === MEMBERSHIP && r.inputs.role === "admin")
      .map((r) => String(r.inputs.username))
      .concat(options.orgOwners ?? [])
      .map((login) => login.toLowerCase()),
  );
  const declared = (resource.inputs.members ?? []) as readonly Member[];
  let stored = declared.map((m) => {
    const login = m.username.toLowerCase();
    return { username: login, role: owners.has(login) ? "maintainer" : m.role };
  });
  if (options.promoteWhenNoMaintainer && stored.length > 0 && !stored.some((m) => m.role === "maintainer")) {
    stored = stored.map((m, i) => (i === 0 ? { ...m, role: "maintainer" } : m));
  }
  return { ...resource.inputs, members: stored };
}

/**
 * The inputs whose read-back value differs from the declared one, as the
 * provider diffs them (team member usernames compared without case). An empty
 * list is an empty refreshed preview for that resource.
 */
export function refreshDiff(
  declared: Record<string, unknown>,
  stored: Record<string, unknown>,
  type: string,
): string[] {
  const canonical = (key: string, value: unknown): string => {
    if (type === TEAM_MEMBERS && key === "members" && Array.isArray(value)) {
      return JSON.stringify(
        (value as Member[])
          .map((m) => ({ username: m.username.toLowerCase(), role: m.role }))
          .sort((a, b) => a.username.localeCompare(b.username)),
      );
    }
    return JSON.stringify(value);
  };
  return [...new Set([...Object.keys(declared), ...Object.keys(stored)])]
    .filter((key) => canonical(key, declared[key]) !== canonical(key, stored[key]))
    .sort();
}
