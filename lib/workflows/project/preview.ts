/*
 * preview.yml: what a pull request would change, on the pull request.
 *
 * - From a branch of this repository: `pulumi preview --diff` against the real
 *   state, with the credentials of the `preview` environment; pulumi/actions
 *   comments the result on the pull request.
 * - From a fork: no secret reaches the run (and none may: the fork's code
 *   runs). The offline `release-infra plan --base <base commit>` evaluates the
 *   base's program and the pull request's, and the diff of the two plans goes
 *   to the job summary and a pull request comment (one, updated on each push).
 *   GitHub gives a fork's `pull_request` run a read-only token in public
 *   repositories, so there the comment step cannot post and the job summary
 *   is where the diff is read; the trigger stays `pull_request` regardless
 *   (never `pull_request_target`, W5).
 */
import type { Workflow } from "../model";
import { assumeAwsRole, checkout, pulumiStep, RUNNER, script, setupNode, STACK } from "./common";

const SAME_REPOSITORY = "github.event.pull_request.head.repo.full_name == github.repository";

/** First line of the plan-diff comment, by which a later run finds the comment to update. */
export const PLAN_DIFF_MARKER = "<!-- release-infra plan diff -->";

// GitHub refuses comments longer than 65,536 characters.
const MAX_COMMENT_BYTES = 60000;

/** The preview workflow. */
export function previewWorkflow(): Workflow {
  return {
    fileName: "preview.yml",
    name: "Preview",
    on: { pullRequest: {} },
    // One preview per pull request at a time, never cut short (a cancelled preview can leave a stale lock in the state).
    concurrency: { group: "preview-${{ github.event.pull_request.number }}", cancelInProgress: false },
    jobs: {
      preview: {
        name: "pulumi preview (prod)",
        if: SAME_REPOSITORY,
        runsOn: RUNNER,
        environment: { name: "preview" },
        permissions: { contents: "read", idToken: "write", pullRequests: "write" },
        timeoutMinutes: 30,
        steps: [
          checkout(),
          ...setupNode(false),
          assumeAwsRole("preview"),
          pulumiStep("Preview the prod stack", "preview", {
            diff: true,
            "comment-on-pr": true,
            "github-token": "${{ github.token }}",
          }),
        ],
      },
      "plan-diff": {
        name: "Offline plan diff (fork)",
        if: `!(${SAME_REPOSITORY})`,
        runsOn: RUNNER,
        permissions: { contents: "read", pullRequests: "write" },
        timeoutMinutes: 20,
        steps: [
          // The base commit must be in the clone for `git archive`.
          checkout(true),
          ...setupNode(true),
          script(
            "Diff the plans",
            `
npm run --silent release-infra -- plan --stack "$STACK" --out out --base "$BASE_SHA" > /dev/null
body="$RUNNER_TEMP/plan-diff.md"
{ echo "$MARKER"; cat out/plan-diff.md; } > "$body"
if [ "$(wc -c < "$body")" -gt ${MAX_COMMENT_BYTES} ]; then
  head -c ${MAX_COMMENT_BYTES} "$body" > "$body.cut"
  printf '\\n\\n(The diff is longer than a comment can hold; the whole diff is in the job summary of this run.)\\n' >> "$body.cut"
  mv "$body.cut" "$body"
fi
cat out/plan-diff.md >> "$GITHUB_STEP_SUMMARY"
`,
            { STACK, BASE_SHA: "${{ github.event.pull_request.base.sha }}", MARKER: PLAN_DIFF_MARKER },
          ),
          script(
            "Find the previous plan-diff comment",
            `
id=$(gh api --paginate "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" \\
  --jq ".[] | select(.user.login == \\"github-actions[bot]\\" and (.body | startswith(\\"$MARKER\\"))) | .id" | tail -n 1)
echo "id=$id" >> "$GITHUB_OUTPUT"
`,
            {
              GH_TOKEN: "${{ github.token }}",
              PR_NUMBER: "${{ github.event.pull_request.number }}",
              MARKER: PLAN_DIFF_MARKER,
            },
            "previous",
          ),
          {
            name: "Comment the diff",
            uses: "createOrUpdateComment",
            // A fork's token is read-only in public repositories; the job summary still has the diff.
            continueOnError: true,
            with: {
              "issue-number": "${{ github.event.pull_request.number }}",
              "comment-id": "${{ steps.previous.outputs.id }}",
              "body-path": "${{ runner.temp }}/plan-diff.md",
              "edit-mode": "replace",
            },
          },
        ],
      },
    },
  };
}
