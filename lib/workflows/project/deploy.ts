/*
 * deploy.yml: every push to main applies the prod stack (`pulumi up --refresh`), in the protected
 * environment `production` (its reviewers and branch policy gate the run and
 * hold the credentials). Deployments queue rather than cancel: an `up`
 * stopped half way leaves the stack's resources half changed.
 */
import type { Workflow } from "../model";
import { assumeAwsRole, checkout, pulumiStep, RUNNER, setupNode } from "./common";

/** The deploy workflow. */
export function deployWorkflow(): Workflow {
  return {
    fileName: "deploy.yml",
    name: "Deploy",
    on: { push: { branches: ["main"] } },
    concurrency: { group: "deploy-prod", cancelInProgress: false },
    jobs: {
      up: {
        name: "pulumi up (prod)",
        runsOn: RUNNER,
        environment: { name: "production" },
        permissions: { contents: "read", idToken: "write" },
        timeoutMinutes: 60,
        steps: [
          checkout(),
          ...setupNode(false),
          assumeAwsRole("deploy"),
          // Refreshed first, so what was changed by hand (a team member, a merged
          // delivery branch GitHub deleted) is seen, and undone where it is declared.
          pulumiStep("Apply the prod stack", "up", { diff: true, refresh: true }),
        ],
      },
    },
  };
}
