/*
 * drift.yml: once a day, `pulumi preview --refresh --expect-no-changes` on the prod
 * stack. Anything the preview would change was changed outside this program
 * (or the preview failed); either way an issue labelled `infra-drift` is
 * opened, or the open one gets a comment, linking the run. The same job runs
 * `release-infra status`: when a moving tag points at different images in ECR
 * and on Docker Hub (or a registry cannot be read; exit 3), an issue labelled
 * `registries-disagree` is opened or commented on, with the status table.
 * Only the job that writes the issues may write issues.
 */
import { DISAGREE_EXIT_CODE } from "../../status/registry-status";
import type { Workflow } from "../model";
import { assumeAwsRole, checkout, DOCKERHUB_ENV, pulumiStep, RUNNER, script, setupNode, STACK } from "./common";

/** Label of the drift issue; the open issue with it is the one updated. */
export const DRIFT_LABEL = "infra-drift";

/** Label of the issue that says the registries disagree. */
export const REGISTRIES_LABEL = "registries-disagree";

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
        outputs: {
          drift: "${{ steps.result.outputs.drift }}",
          registries: "${{ steps.registries.outputs.registries }}",
          status: "${{ steps.registries.outputs.status }}",
        },
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
          script(
            "Compare the registries",
            `
set +e
npm run --silent release-infra -- status --stack "$STACK" > status.txt 2>&1
code=$?
set -e
cat status.txt
case "$code" in
  0) echo "registries=agree" >> "$GITHUB_OUTPUT" ;;
  ${String(DISAGREE_EXIT_CODE)}) echo "registries=disagree" >> "$GITHUB_OUTPUT" ;;
  *) echo "registries=unreadable" >> "$GITHUB_OUTPUT" ;;
esac
delimiter="status_$(date +%s%N)"
{ echo "status<<$delimiter"; cat status.txt; echo "$delimiter"; } >> "$GITHUB_OUTPUT"
`,
            {
              STACK,
              DOCKERHUB_USERNAME: DOCKERHUB_ENV.DOCKERHUB_USERNAME!,
              DOCKERHUB_TOKEN: DOCKERHUB_ENV.DOCKERHUB_TOKEN!,
            },
            "registries",
          ),
        ],
      },
      report: {
        name: "Open or update the drift issues",
        needs: ["detect"],
        if: "needs.detect.outputs.drift == 'true' || needs.detect.outputs.registries == 'disagree' || needs.detect.outputs.registries == 'unreadable'",
        runsOn: RUNNER,
        permissions: { issues: "write" },
        timeoutMinutes: 5,
        steps: [
          {
            ...script(
              "Open or update the issue",
              `
body="The daily \\\`pulumi preview --refresh --expect-no-changes --stack prod\\\` found changes or failed: $RUN_URL
Something was changed outside this program (or the preview broke). Review the run, then either bring the change into the stack config or let \\\`pulumi up\\\` undo it."
${openOrUpdateIssue("D93F0B", "The prod stack differs from what is deployed", "Drift in the prod stack")}
`,
              {
                GH_TOKEN: "${{ github.token }}",
                GH_REPO: "${{ github.repository }}",
                LABEL: DRIFT_LABEL,
                RUN_URL: "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}",
              },
            ),
            if: "needs.detect.outputs.drift == 'true'",
          },
          {
            ...script(
              "Open or update the registries issue",
              `
if [ "$REGISTRIES" = "disagree" ]; then
  finding="found moving tags that point at different images in ECR and on Docker Hub, or a repository it could not read"
  advice="Roll the channel back (or re-run its release) so both registries hold the same image, or pin the channel in the stack config."
else
  finding="could not run"
  advice="Its output below says why (the credentials, or the stack config)."
fi
body="The daily \\\`release-infra status --stack prod\\\` $finding: $RUN_URL
$advice

\\\`\\\`\\\`
$STATUS
\\\`\\\`\\\`"
${openOrUpdateIssue("FBCA04", "ECR and Docker Hub disagree on where a moving tag points", "The registries disagree (prod)")}
`,
              {
                GH_TOKEN: "${{ github.token }}",
                GH_REPO: "${{ github.repository }}",
                LABEL: REGISTRIES_LABEL,
                REGISTRIES: "${{ needs.detect.outputs.registries }}",
                STATUS: "${{ needs.detect.outputs.status }}",
                RUN_URL: "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}",
              },
            ),
            if: "needs.detect.outputs.registries == 'disagree' || needs.detect.outputs.registries == 'unreadable'",
          },
        ],
      },
    },
  };
}

/**
 * The end of an issue-reporting step: make sure label $LABEL exists, then
 * comment $body on the open issue carrying it, or open one.
 */
function openOrUpdateIssue(color: string, description: string, title: string): string {
  return `gh label create "$LABEL" --color ${color} --description "${description}" --force
number=$(gh issue list --state open --label "$LABEL" --json number --jq '.[0].number // empty')
if [ -n "$number" ]; then
  gh issue comment "$number" --body "$body"
else
  gh issue create --title "${title}" --label "$LABEL" --body "$body"
fi`;
}
