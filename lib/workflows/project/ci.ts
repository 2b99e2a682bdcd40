/*
 * ci.yml: the README's commands on every pull request and every push to main:
 * the test suite (which starts moto_server and docker-registry, so both are
 * installed, moto at the version the suite was measured with, as .ci/run
 * expects them), the type check, the linter, and the
 * offline plan of the prod stack kept as an artifact for review.
 */
import type { Workflow } from "../model";
import { checkout, READ_CONTENTS, RUNNER, script, setupNode } from "./common";

/** The moto release the integration tests were measured against (DESIGN.md). */
export const MOTO_VERSION = "5.2.1";

/** The CI workflow. */
export function ciWorkflow(): Workflow {
  return {
    fileName: "ci.yml",
    name: "CI",
    on: { pullRequest: {}, push: { branches: ["main"] } },
    // A newer push to the same pull request makes the older run moot; main keeps every run.
    concurrency: { group: "ci-${{ github.event.pull_request.number || github.sha }}", cancelInProgress: true },
    jobs: {
      test: {
        name: "Test, type check, lint",
        runsOn: RUNNER,
        permissions: READ_CONTENTS,
        timeoutMinutes: 30,
        steps: [
          checkout(),
          ...setupNode(true),
          // A virtualenv: the runner's system Python refuses pip installs (PEP 668).
          script(
            "Install moto",
            `
python3 -m venv "$RUNNER_TEMP/moto"
"$RUNNER_TEMP/moto/bin/pip" install --disable-pip-version-check 'moto[server]==${MOTO_VERSION}'
echo "$RUNNER_TEMP/moto/bin" >> "$GITHUB_PATH"
`,
          ),
          // The integration tests start a real OCI registry (with htpasswd auth) themselves; shellcheck checks generated scripts.
          script(
            "Install docker-registry, htpasswd and shellcheck",
            `
sudo apt-get update -qq
sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-registry apache2-utils shellcheck
`,
          ),
          { name: "Test", run: "npm test" },
          { name: "Type check", run: "npm run typecheck" },
          { name: "Lint", run: "npm run lint" },
        ],
      },
      plan: {
        name: "Offline plan",
        runsOn: RUNNER,
        permissions: READ_CONTENTS,
        timeoutMinutes: 15,
        steps: [
          checkout(),
          ...setupNode(true),
          { name: "Plan the prod stack", run: "npm run plan" },
          {
            name: "Upload the plan",
            uses: "uploadArtifact",
            with: { name: "plan-prod", path: "out/", "if-no-files-found": "error", "retention-days": 14 },
          },
        ],
      },
    },
  };
}
