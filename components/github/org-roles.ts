import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { isNotAMember, type CurrentOrgRoles } from "../../lib/access/membership";

/**
 * Each person's current role in the organization, read with the provider's
 * `github.getMembership` invoke (GET /orgs/{org}/memberships/{username};
 * integrations/terraform-provider-github@v6.13.0
 * github/data_source_github_membership.go:39-74, outputs `role` and `state`).
 * An invoke runs in `pulumi preview` too, so the preview already shows which
 * roles a run keeps. A person GitHub answers 404 for is neither a member nor
 * invited and is left out ({@link isNotAMember}); any other failure fails the
 * run rather than guess a role.
 */
export function readOrgRoles(
  org: string,
  logins: readonly string[],
  opts: pulumi.InvokeOptions,
): Promise<CurrentOrgRoles> {
  const reads = logins.map(async (login): Promise<[string, string] | undefined> => {
    try {
      const membership = await github.getMembership({ organization: org, username: login }, opts);
      return [login.toLowerCase(), membership.role];
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isNotAMember(message)) return undefined;
      throw new pulumi.RunError(
        `cannot read the role of ${login} in the GitHub organization ${org} (github.getMembership: ${message}); ` +
          `the run stops rather than guess, since a guess could demote an owner: check that the token has the admin:org scope`,
      );
    }
  });
  return Promise.all(reads).then((entries) =>
    Object.fromEntries(entries.filter((e): e is [string, string] => e !== undefined)),
  );
}
