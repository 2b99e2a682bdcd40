import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseConfigMap } from "../../../lib/config";
import { parseStackFile } from "../../../lib/plan";
import { planEcr } from "../../../lib/registries/ecr";
import { workflowInput } from "../../../lib/registries/workflows";
import { renderReleaseWorkflows } from "../../../lib/workflows/generate";
import { lintWorkflowText } from "../../../lib/workflows/lint";
import { shellcheckFindings, validateWorkflow } from "../../../lib/workflows/validate";

const ROOT = path.resolve(__dirname, "..", "..", "..");

describe("the prod stack's release workflows", function () {
  this.timeout(30_000);
  const loaded = parseConfigMap(
    parseStackFile(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8"), "Pulumi.prod.yaml").config,
  );
  if (!loaded.ok) throw new Error("Pulumi.prod.yaml is invalid");
  const config = loaded.config;
  const files = renderReleaseWorkflows(workflowInput(config, planEcr(config).registry));

  it("renders the four release workflows", () => {
    assert.deepEqual(
      files.map((f) => f.path),
      [
        ".github/workflows/release-nightly.yml",
        ".github/workflows/release-beta.yml",
        ".github/workflows/release-stable.yml",
        ".github/workflows/release-rollback.yml",
      ],
    );
  });

  it("pushes each channel to its own ECR repositories, the ones the registry declares for it, and no other", () => {
    const repositories = planEcr(config).repositories;
    for (const channel of ["nightly", "beta", "stable"] as const) {
      const workflow = files.find((f) => f.path.endsWith(`release-${channel}.yml`))!.content;
      for (const repo of repositories) {
        // A URL may be a prefix of another's only across channels, so match the whole reference.
        const named = new RegExp(`${repo.url.replaceAll(/[./]/g, "\\$&")}(?![\\w/.-])`).test(workflow);
        assert.equal(named, repo.channel === channel, `${channel}: ${repo.url}`);
      }
    }
  });

  it("pass GitHub's workflow parser, actionlint and our W1-W12 checker with zero findings", async () => {
    for (const file of files) {
      assert.deepEqual(await validateWorkflow(file.path, file.content), [], file.path);
      assert.deepEqual(lintWorkflowText(file.path, file.content), [], file.path);
    }
  });
});

describe("shellcheck on run: scripts", () => {
  it("reports a script problem with its job and step, and knows env: variables are set", () => {
    const workflow = [
      "on: workflow_dispatch",
      "permissions: {}",
      "jobs:",
      "  build:",
      "    runs-on: ubuntu-24.04",
      "    permissions: {}",
      "    timeout-minutes: 5",
      "    env:",
      "      TARGETS: a b",
      "    steps:",
      "      - name: Loop",
      "        run: |",
      '          for t in $TARGETS; do echo "$t"; done',
      "          cd $HOME",
    ].join("\n");
    const findings = shellcheckFindings("w.yml", workflow);
    assert.deepEqual(
      findings.map((f) => [f.line, f.message.replace(/ Double quote.*/, "")]),
      [
        [2, "job build, step Loop: SC2164 (warning) Use 'cd ... || exit' or 'cd ... || return' in case cd fails."],
        [2, "job build, step Loop: SC2086 (info)"],
      ],
    );
  });
});
