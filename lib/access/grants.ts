import type { ReleaseConfig } from "../config/schema";
import { dockerHubGrants } from "../dockerhub/plan";
import { planGitHubAccess, type Grant } from "./plan";

/**
 * Every grant the stack gives people, on GitHub and Docker Hub: the `access`
 * stack output and what the mass-removal guard compares. Sorted by person
 * (case-insensitively), then grant.
 */
export function accessGrants(config: ReleaseConfig): Grant[] {
  return [...planGitHubAccess(config).grants, ...dockerHubGrants(config)].sort(
    (a, b) => a.person.toLowerCase().localeCompare(b.person.toLowerCase()) || a.grant.localeCompare(b.grant),
  );
}
