import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import type { GitHubAccessPlan } from "../../lib/access/plan";
import type { Role } from "../../lib/access/roles";

export interface GitHubAccessArgs {
  /** What to grant, decided in lib/access from the stack config. */
  readonly plan: GitHubAccessPlan;
}

/**
 * Maintainers' access on GitHub: org membership per person, one closed team per
 * role with authoritative members, and each team's permission on the source
 * repository. Logical names are natural keys (login, role), so reordering
 * people changes nothing and removing a person removes exactly their grants.
 */
export class GitHubAccess extends pulumi.ComponentResource {
  /** Team name per role. */
  readonly teams: Record<string, pulumi.Output<string>>;
  /** GitHub's team id per role (numeric, as a string), for reviewers and ruleset bypass actors. */
  readonly teamIds: Partial<Record<Role, pulumi.Output<string>>>;

  constructor(name: string, args: GitHubAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("release:github:Access", name, {}, opts);
    const { plan } = args;
    const child = { parent: this };

    for (const member of plan.members) {
      new github.Membership(
        `${name}-member-${member.login.toLowerCase()}`,
        { username: member.login, role: member.role },
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
      // An empty role gets no TeamMembers resource (the provider needs one member).
      if (team.members.length > 0) {
        new github.TeamMembers(
          `${name}-members-${team.role}`,
          { teamSlug: resource.slug, members: team.members.map((m) => ({ username: m.login, role: m.role })) },
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
