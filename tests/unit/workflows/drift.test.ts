import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { renderProjectWorkflows } from "../../../lib/workflows/project";
import { DISAGREE_EXIT_CODE } from "../../../lib/status/registry-status";

interface StepYaml {
  name: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
}
const drift = YAML.parse(renderProjectWorkflows().find((f) => f.path.endsWith("drift.yml"))!.content) as {
  jobs: Record<string, { if?: string; outputs?: Record<string, string>; steps: StepYaml[] }>;
};
const step = (job: string, name: string): StepYaml => drift.jobs[job]!.steps.find((s) => s.name === name)!;

/** Runs the step's script with a fake `npm` that prints `output` and exits with `code`. */
function compare(code: number, output: string): { status: number | null; outputs: string; npm: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-step-"));
  try {
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(
      path.join(bin, "npm"),
      `#!/usr/bin/env bash\necho "$*" > "$NPM_LOG"\nprintf '%s\\n' "$NPM_OUTPUT"\nexit ${String(code)}\n`,
      { mode: 0o755 },
    );
    const outputs = path.join(dir, "outputs");
    fs.writeFileSync(outputs, "");
    const r = spawnSync("bash", ["-c", step("detect", "Compare the registries").run!], {
      cwd: dir,
      env: {
        PATH: `${bin}:${process.env.PATH ?? ""}`,
        NPM_LOG: path.join(dir, "npm.log"),
        NPM_OUTPUT: output,
        GITHUB_OUTPUT: outputs,
        STACK: "prod",
      },
      encoding: "utf8",
    });
    return {
      status: r.status,
      outputs: fs.readFileSync(outputs, "utf8"),
      npm: fs.readFileSync(path.join(dir, "npm.log"), "utf8"),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("drift.yml compares the registries", () => {
  it("runs release-infra status on the stack and passes its table on as the status output", () => {
    const agree = compare(0, "the registries agree");
    assert.equal(agree.status, 0);
    assert.equal(agree.npm.trim(), "run --silent release-infra -- status --stack prod");
    assert.match(agree.outputs, /^registries=agree\nstatus<<(status_\d+)\nthe registries agree\n\1\n$/);
  });

  it("tells disagreement (exit 3) from a status that could not run, and never fails the job for either", () => {
    assert.equal(DISAGREE_EXIT_CODE, 3);
    const disagree = compare(DISAGREE_EXIT_CODE, "the registries DISAGREE");
    assert.equal(disagree.status, 0);
    assert.match(disagree.outputs, /^registries=disagree\n/);
    const broken = compare(1, "release-infra: DOCKERHUB_TOKEN is set but DOCKERHUB_USERNAME is not");
    assert.equal(broken.status, 0);
    assert.match(broken.outputs, /^registries=unreadable\n[\s\S]*DOCKERHUB_USERNAME is not/);
  });

  it("opens or updates the registries issue only then, with the table, apart from the preview's drift issue", () => {
    const reads = "needs.detect.outputs.registries == 'disagree' || needs.detect.outputs.registries == 'unreadable'";
    assert.equal(drift.jobs.report!.if, `needs.detect.outputs.drift == 'true' || ${reads}`);
    const registries = step("report", "Open or update the registries issue");
    assert.equal(registries.if, reads);
    const env = registries.env ?? {};
    assert.equal(env.LABEL, "registries-disagree");
    assert.equal(env.STATUS, "${{ needs.detect.outputs.status }}");
    assert.equal(step("report", "Open or update the issue").if, "needs.detect.outputs.drift == 'true'");
    assert.equal(drift.jobs.detect!.outputs?.registries, "${{ steps.registries.outputs.registries }}");
  });
});
