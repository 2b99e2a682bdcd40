/*
 * drift.yml: once a day, `pulumi preview --refresh --expect-no-changes` on the prod
 * stack. Anything the preview would change was changed outside this program
 * (or the preview failed); either way an issue labelled `infra-drift` is
 * opened, or the open one gets a comment, linking the run. Only the job that
 * writes the issue may write issues.
 */
import type { Workflow } from "../model";
import { assumeAwsRole, checkout, pulumiStep, RUNNER, script, setupNode } from "./common";

/** Label of the drift issue; the open issue with it is the one updated. */
export const DRIFT_LABEL = "infra-drift";

/** When the check runs (UTC), off minute 0 (W12). */
export const DRIFT_SCHEDULE = "23 5 * * *";

/** The drift workflow. */
export function driftWorkflow(): Workflow {
  return {
    fileName: "drift.yml",
    name: "Drift",
    on: { schedule: [{ cron: DRIFT_SCHEDULE }], workflowDispatch: {} },
    concurrency: { group: "drift", cancelInProgress: false },
    jobs: {
      detect: {
        name: "pulumi preview --refresh --expect-no-changes (prod)",
        runsOn: RUNNER,
        // The preview environment's credentials suffice: nothing is changed.
        environment: { name: "preview" },
        permissions: { contents: "read", idToken: "write" },
        timeoutMinutes: 30,
        outputs: { drift: "${{ steps.result.outputs.drift }}" },
        steps: [
          checkout(),
          ...setupNode(false),
          assumeAwsRole("drift"),
          {
            ...pulumiStep("Preview the prod stack", "preview", {
              diff: true,
              refresh: true,
              "expect-no-changes": true,
            }),
            id: "preview",
            continueOnError: true,
          },
          script(
            "Record the result",
            `
if [ "$OUTCOME" = "success" ]; then echo "drift=false" >> "$GITHUB_OUTPUT"; else echo "drift=true" >> "$GITHUB_OUTPUT"; fi
`,
            { OUTCOME: "${{ steps.preview.outcome }}" },
            "result",
          ),
        ],
      },
      report: {
        name: "Open or update the drift issue",
        needs: ["detect"],
        if: "needs.detect.outputs.drift == 'true'",
        runsOn: RUNNER,
        permissions: { issues: "write" },
        timeoutMinutes: 5,
        steps: [
          script(
            "Open or update the issue",
            `
body="The daily \\\`pulumi preview --refresh --expect-no-changes --stack prod\\\` found changes or failed: $RUN_URL
Something was changed outside this program (or the preview broke). Review the run, then either bring the change into the stack config or let \\\`pulumi up\\\` undo it."
gh label create "$LABEL" --color D93F0B --description "The prod stack differs from what is deployed" --force
number=$(gh issue list --state open --label "$LABEL" --json number --jq '.[0].number // empty')
if [ -n "$number" ]; then
  gh issue comment "$number" --body "$body"
else
  gh issue create --title "Drift in the prod stack" --label "$LABEL" --body "$body"
fi
`,
            {
              GH_TOKEN: "${{ github.token }}",
              GH_REPO: "${{ github.repository }}",
              LABEL: DRIFT_LABEL,
              RUN_URL: "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}",
            },
          ),
        ],
      },
    },
  };
}
