/*
 * ci.yml: the README's commands on every pull request and every push to main:
 * the test suite (with the system tools of tests/tools/system-tools.tsv: moto
 * from PyPI at the version the suite was measured with, the rest through the
 * same setup script .ci/run and `npm test` use), the type check, the linter,
 * and the offline plan of the prod stack kept as an artifact for review.
 */
import type { AcceptedFinding } from "../lint";
import type { Workflow } from "../model";
import { checkout, READ_CONTENTS, RUNNER, script, setupNode } from "./common";
import { systemTools } from "./system-tools";

/** The CI workflow. */
export function ciWorkflow(): Workflow {
  const pipRequirements = systemTools()
    .filter((tool) => tool.source === "pip")
    .map((tool) => `'${tool.package}'`)
    .join(" ");
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
            "Install the PyPI test tools",
            `
python3 -m venv "$RUNNER_TEMP/pypi-tools"
"$RUNNER_TEMP/pypi-tools/bin/pip" install --disable-pip-version-check ${pipRequirements}
echo "$RUNNER_TEMP/pypi-tools/bin" >> "$GITHUB_PATH"
`,
          ),
          // As root, the setup script installs the Debian packages of the list; PATH keeps the PyPI tools visible to its check.
          script("Install the test tools", `sudo env "PATH=$PATH" bash tests/tools/system-tools.sh`),
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

/**
 * Checker findings on this repository's own workflows that stay, each with
 * its reason. The test job installs moto from PyPI pinned by version only:
 * W11 (Scorecard Pinned-Dependencies) asks for a hashed requirements file of
 * the whole dependency closure, which can only be produced with access to
 * PyPI's files. The job holds no secrets and publishes nothing.
 */
export const CI_ACCEPTED_FINDINGS: readonly AcceptedFinding[] = [
  {
    rule: "W11",
    file: ".github/workflows/ci.yml",
    job: "test",
    step: "Install the PyPI test tools",
    reason:
      "moto is pinned by version, its dependencies are not: the hashed requirements file needs PyPI's files to be written; the job holds no secrets",
  },
];
