import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { keepOwner, ownersAfter, type CurrentOrgRoles } from "../../lib/access/membership";
import { teamMemberRoles, type GitHubAccessPlan } from "../../lib/access/plan";
import type { Role } from "../../lib/access/roles";
import { readOrgRoles } from "./org-roles";

/** The logical name of a person's Membership in the GitHubAccess component `name`. */
export function membershipName(name: string, login: string): string {
  return `${name}-member-${login.toLowerCase()}`;
}

export interface GitHubAccessArgs {
  /** What to grant, decided in lib/access from the stack config. */
  readonly plan: GitHubAccessPlan;
}

/**
 * Maintainers' access on GitHub: one closed team per role with authoritative
 * members, each team's permission on the source repository, and organization
 * memberships only when the plan manages them. Logical names are natural keys
 * (login, role), so reordering people changes nothing and removing a person
 * removes exactly their grants.
 */
export class GitHubAccess extends pulumi.ComponentResource {
  /** Team name per role. */
  readonly teams: Record<string, pulumi.Output<string>>;
  /** GitHub's team id per role (numeric, as a string), for reviewers and ruleset bypass actors. */
  readonly teamIds: Partial<Record<Role, pulumi.Output<string>>>;
  /**
   * Every person's organization role before this run, as GitHub reports it.
   * The program awaits it: a read that fails must fail the run, not only the
   * registrations that wait for it.
   */
  readonly currentOrgRoles: Promise<CurrentOrgRoles>;

  constructor(name: string, args: GitHubAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("release:github:Access", name, {}, opts);
    const { plan } = args;
    const child = { parent: this };
    // Who is an owner decides the memberships' roles (never demoted) and the
    // team roles GitHub reads back; only GitHub knows it, so it is read, not assumed.
    this.currentOrgRoles = readOrgRoles(plan.org, plan.people, child);
    // The inputs that wait for the roles fail with an error of their own, so
    // the one the program reports keeps its text.
    const current = pulumi.output(
      this.currentOrgRoles.catch(() => {
        throw new pulumi.RunError("not registered: the organization roles could not be read");
      }),
    );

    // Deleting a Membership removes the person from the whole organization
    // (RemoveOrgMembership, resource_github_membership.go:191-196 at v6.13.0): only when config asks for it.
    for (const member of plan.members) {
      new github.Membership(
        membershipName(name, member.login),
        { username: member.login, role: current.apply((c) => keepOwner(member, c)) },
        child,
      );
    }

    this.teams = {};
    this.teamIds = {};
    for (const team of plan.teams) {
      const resource = new github.Team(
        `${name}-team-${team.role}`,
        { name: team.name, description: team.description, privacy: "closed" },
        child,
      );
      this.teams[team.role] = resource.name;
      this.teamIds[team.role] = resource.id;
      // Authoritative: anyone added to the team by hand is removed on the next run.
      // Someone not in the organization yet is invited by GitHub: the provider adds
      // each member with PUT /orgs/{org}/teams/{team_slug}/memberships/{username}
      // (resource_github_team_members.go:389-397 at v6.13.0), which, called by an
      // owner, "will send an invitation to the person via email" and keeps the
      // membership pending until they accept (GitHub REST docs, "Add or update team
      // membership for a user"). An empty role gets no TeamMembers resource (the
      // provider needs one member).
      if (team.members.length > 0) {
        new github.TeamMembers(
          `${name}-members-${team.role}`,
          {
            teamSlug: resource.slug,
            members: current.apply((c) =>
              teamMemberRoles(team.members, ownersAfter(plan, c)).map((m) => ({ username: m.login, role: m.role })),
            ),
          },
          child,
        );
      }
      new github.TeamRepository(
        `${name}-repo-${team.role}`,
        { teamId: resource.slug, repository: plan.repository, permission: team.repoPermission },
        child,
      );
    }

    this.registerOutputs({ teams: this.teams });
  }
}
