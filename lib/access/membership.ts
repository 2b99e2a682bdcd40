/*
 * GitHub organization roles. The organization may hold other projects, so by
 * default the stack manages none of it: it adds people to this project's
 * teams only (GitHub invites whoever is not a member yet). With
 * `github.orgMembership: managed` it also manages each person's membership,
 * "member" unless `github.adminsAreOrgOwners` makes admins owners, and it
 * never demotes anyone who is an owner already: that role was given outside
 * this stack, perhaps for another project.
 */
import type { GitHubConfig, SafetyConfig } from "../config/schema";
import type { GitHubAccessPlan, Grant, OrgMemberPlan } from "./plan";
import { ROLE_GRANTS, type Role } from "./roles";

/** GitHub's organization roles that a membership sets (`admin` is an owner). */
export type OrgRole = "admin" | "member";

/**
 * Each person's organization role now, by lowercase login, as GitHub reports
 * it (for a pending invitation, the role it was sent with). A login that is
 * absent is neither a member nor invited.
 */
export type CurrentOrgRoles = Readonly<Record<string, string>>;

/** The organization role config gives `role`; `undefined` when organization membership is not managed here. */
export function configuredOrgRole(
  role: Role,
  github: Pick<GitHubConfig, "orgMembership" | "adminsAreOrgOwners">,
): OrgRole | undefined {
  if (github.orgMembership === "unmanaged") return undefined;
  return github.adminsAreOrgOwners && ROLE_GRANTS[role].githubOrgOwner ? "admin" : "member";
}

const isOwner = (current: CurrentOrgRoles, login: string): boolean => current[login.toLowerCase()] === "admin";

/** The role a managed membership sets: the configured one, except that an owner stays an owner. */
export function keepOwner(member: OrgMemberPlan, current: CurrentOrgRoles): OrgRole {
  return isOwner(current, member.login) ? "admin" : member.role;
}

/** The managed memberships with the roles to set ({@link keepOwner}). */
export function membershipRoles(plan: GitHubAccessPlan, current: CurrentOrgRoles): OrgMemberPlan[] {
  return plan.members.map((m) => ({ login: m.login, role: keepOwner(m, current) }));
}

/**
 * Who is an organization owner once this run is applied, as lowercase logins:
 * with managed membership, whoever's membership says "admin"; otherwise
 * whoever is one now (the stack changes no organization role).
 */
export function ownersAfter(plan: GitHubAccessPlan, current: CurrentOrgRoles): Set<string> {
  const owners =
    plan.orgMembership === "managed"
      ? membershipRoles(plan, current).filter((m) => m.role === "admin")
      : plan.people.filter((login) => isOwner(current, login)).map((login) => ({ login }));
  return new Set(owners.map((m) => m.login.toLowerCase()));
}

/**
 * Whether a failed `github.getMembership` means "neither a member nor
 * invited". The data source returns GitHub's answer as an error
 * (integrations/terraform-provider-github@v6.13.0
 * github/data_source_github_membership.go:49-53), and GitHub answers 404 for
 * such a person (the provider's own test expects "Not Found",
 * data_source_github_membership_test.go:43-63). go-github words it
 * `GET <url>: 404 Not Found []` (google/go-github@v88.0.0 github/github.go:1461-1466).
 * Only that answer for a membership URL counts: any other failure (a token
 * without read:org, a rate limit, SAML) must fail the run, since guessing
 * "member" could demote an owner.
 */
export function isNotAMember(message: string): boolean {
  return /\/memberships\/[^\s:]+: 404 Not Found\b/.test(message);
}

/**
 * Switching a deployed stack from managed to unmanaged membership: Pulumi
 * would delete the memberships it no longer declares, and deleting one removes
 * the person from the whole organization. Returns the error text naming the
 * way out (drop them from the state, then allow the change once, or keep
 * managing them), or undefined. The last deployment's `access` output is all
 * a run can see of its state, so `safety.allowMassRemoval` is the
 * acknowledgement. `urnOf` gives the URN of a person's Membership.
 */
export function membershipHandoverProblem(
  previous: readonly Grant[] | undefined,
  github: Pick<GitHubConfig, "org" | "orgMembership">,
  safety: Pick<SafetyConfig, "allowMassRemoval">,
  urnOf: (login: string) => string,
): string | undefined {
  if (github.orgMembership === "managed" || previous === undefined || safety.allowMassRemoval) return undefined;
  const prefix = `github:org:${github.org}:`;
  const people = [...new Set(previous.filter((g) => g.grant.startsWith(prefix)).map((g) => g.person))];
  if (people.length === 0) return undefined;
  return [
    `release-infra:github.orgMembership is "unmanaged", but the last deployment manages the GitHub organization membership of ${people.length} ${people.length === 1 ? "person" : "people"} (${people.join(", ")}); deleting those memberships would remove them from the organization ${github.org}; nothing was changed.`,
    `  To stop managing them and keep everyone in the organization, drop the memberships from the stack's state first:`,
    ...people.map((login) => `    pulumi state delete '${urnOf(login)}'`),
    `  then allow this one change: pulumi config set --path safety.allowMassRemoval true && pulumi up`,
    `  and set it back with: pulumi config set --path safety.allowMassRemoval false`,
    `  (allowing it without dropping them from the state removes them from the organization).`,
    `  To keep managing them: pulumi config set --path github.orgMembership managed`,
  ].join("\n");
}
