/*
 * retention.yml: the scheduled prune of both registries (Docker Hub has no
 * lifecycle policies; ECR's cannot expire untagged per-platform images
 * safely). Scheduled runs delete (`--apply`); a manual run deletes only when
 * asked; a pull request that touches the retention code or the stack config
 * gets a dry run showing what the change would delete. Credentials come from
 * the `retention` environment, so fork pull requests (which get no secrets)
 * are skipped.
 */
import type { Workflow } from "../model";
import { assumeAwsRole, checkout, DOCKERHUB_ENV, RUNNER, script, setupNode, STACK } from "./common";

/** When the prune runs (UTC), off minute 0 (W12). */
export const RETENTION_SCHEDULE = "41 4 * * *";

/** Paths whose change alters what the prune deletes. */
export const RETENTION_PATHS: readonly string[] = [
  "Pulumi.prod.yaml",
  "lib/retention/**",
  "lib/channels/**",
  "lib/config/**",
  "lib/dockerhub/**",
  "providers/dockerhub/**",
  "cli/prune/**",
  ".github/workflows/retention.yml",
];

/** The retention workflow. */
export function retentionWorkflow(): Workflow {
  return {
    fileName: "retention.yml",
    name: "Retention",
    on: {
      schedule: [{ cron: RETENTION_SCHEDULE }],
      workflowDispatch: {
        inputs: {
          apply: { type: "boolean", description: "Delete (without it, a dry run)", required: false, default: false },
        },
      },
      pullRequest: {},
    },
    // Pull requests queue apart from the scheduled prune, so a dry run never displaces a pending deletion run.
    concurrency: {
      group: "retention-${{ github.event.pull_request.number || 'registries' }}",
      cancelInProgress: false,
    },
    jobs: {
      prune: {
        name: "Prune Docker Hub and ECR (prod)",
        if: "github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository",
        runsOn: RUNNER,
        environment: { name: "retention" },
        permissions: { contents: "read", idToken: "write" },
        timeoutMinutes: 60,
        env: {
          STACK,
          // "true" only for the schedule and a manual run that asks for it: pull requests are always dry runs.
          PRUNE_APPLY:
            "${{ github.event_name == 'schedule' || (github.event_name == 'workflow_dispatch' && inputs.apply) }}",
        },
        steps: [
          checkout(),
          ...setupNode(false),
          assumeAwsRole("retention"),
          script(
            "Prune Docker Hub",
            `
apply=()
if [ "$PRUNE_APPLY" = "true" ]; then apply=(--apply); fi
npm run --silent release-infra -- prune dockerhub --stack "$STACK" "\${apply[@]}"
`,
            DOCKERHUB_ENV,
          ),
          {
            // One registry's failure does not keep the other from its prune.
            ...script(
              "Prune ECR",
              `
apply=()
if [ "$PRUNE_APPLY" = "true" ]; then apply=(--apply); fi
npm run --silent release-infra -- prune ecr --stack "$STACK" "\${apply[@]}"
`,
            ),
            if: "${{ !cancelled() }}",
          },
        ],
      },
    },
  };
}
