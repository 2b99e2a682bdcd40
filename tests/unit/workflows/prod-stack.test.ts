import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { compileTagScheme } from "../../../lib/channels/model";
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

  it("builds cortex.cpp's image as its own workflows do: Dockerfile, stage, build args, submodules, amd64", () => {
    const doc = (channel: string) =>
      YAML.parse(files.find((f) => f.path.endsWith(`release-${channel}.yml`))!.content) as {
        on: unknown;
        jobs: Record<
          string,
          { steps: { uses?: string; id?: string; with?: Record<string, unknown>; env?: Record<string, string> }[] }
        >;
      };
    for (const channel of ["nightly", "beta", "stable"]) {
      const image = doc(channel).jobs["build-cortex-amd64"]!;
      assert.ok(!("build-cortex-arm64" in doc(channel).jobs));
      const push = image.steps.find((step) => step.id === "build")!;
      assert.equal(push.with!.file, "docker/Dockerfile");
      assert.equal(push.with!.target, "runtime");
      assert.equal(push.with!.platforms, "linux/amd64");
      assert.equal(
        push.with!["build-args"],
        "CORTEX_CPP_VERSION=${{ needs.plan.outputs.version }}\nCMAKE_EXTRA_FLAGS=-DCORTEX_VARIANT=prod",
      );
      const checkout = image.steps.find((step) => String(step.uses).startsWith("actions/checkout"))!;
      assert.equal(checkout.with?.submodules, "recursive");
      // No QEMU for an amd64-only image.
      assert.ok(!image.steps.some((step) => String(step.uses).startsWith("docker/setup-qemu-action")));
    }
  });

  it("triggers on cortex.cpp's git tags and pushes its tag names", () => {
    const doc = (channel: string) =>
      YAML.parse(files.find((f) => f.path.endsWith(`release-${channel}.yml`))!.content) as {
        on: { push?: { tags: string[] } };
        jobs: { plan: { steps: { id?: string; env?: Record<string, string> }[] } };
      };
    assert.deepEqual(doc("beta").on.push?.tags, ["v[0-9]+.[0-9]+.[0-9]+-rc[0-9]+"]);
    assert.deepEqual(doc("stable").on.push?.tags, ["v[0-9]+.[0-9]+.[0-9]+"]);
    const env = (channel: string) => doc(channel).jobs.plan.steps.find((step) => step.id === "plan")!.env!;
    assert.equal(env("beta").VERSION_TAG, "beta-{version}");
    assert.equal(env("beta").MOVING_RULES, "");
    assert.equal(env("stable").VERSION_TAG, "{version}");
    assert.equal(env("stable").MOVING_RULES, "highest latest");
    assert.equal(env("nightly").NIGHTLY_TAGS, "nightly-{released}-{run}");
    const model = compileTagScheme(config.tagScheme);
    assert.equal(model.versionOfGitTag("beta", "v1.0.10-rc1"), "1.0.10-rc1");
    assert.equal(model.versionTag("beta", "1.0.10-rc1"), "beta-1.0.10-rc1");
    assert.equal(model.classify("nightly-1.0.1-224").kind, "immutable");
  });

  it("pass GitHub's workflow parser, actionlint and our W1-W25 checker with zero findings", async () => {
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
