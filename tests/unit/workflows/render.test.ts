import assert from "node:assert/strict";
import YAML from "yaml";
import type { Workflow } from "../../../lib/workflows/model";
import { PINNED_ACTIONS } from "../../../lib/workflows/pinned-actions";
import { GENERATED_HEADER, renderWorkflow } from "../../../lib/workflows/render";
import { WorkflowModelError } from "../../../lib/workflows/invariants";

const minimal: Workflow = {
  fileName: "example.yml",
  name: "Example",
  on: { push: { branches: ["main"] }, workflowDispatch: {} },
  jobs: {
    build: {
      runsOn: "ubuntu-24.04",
      permissions: { contents: "read", pullRequests: "none" },
      timeoutMinutes: 5,
      steps: [
        { name: "Check out", uses: "checkout", with: { "persist-credentials": false } },
        { name: "Say hello", env: { WHO: "${{ github.actor }}" }, run: 'echo "hello $WHO"\n' },
      ],
    },
  },
};

function withJob(patch: Partial<Workflow["jobs"][string]>): Workflow {
  return { ...minimal, jobs: { build: { ...minimal.jobs.build!, ...patch } } };
}

describe("workflow renderer", () => {
  it("maps camelCase fields to workflow keys and always writes top-level permissions: {}", () => {
    const parsed = YAML.parse(renderWorkflow(minimal)) as Record<string, unknown>;
    assert.deepEqual(parsed.permissions, {});
    assert.deepEqual(parsed.on, { push: { branches: ["main"] }, workflow_dispatch: {} });
    const job = (parsed.jobs as Record<string, Record<string, unknown>>).build!;
    assert.equal(job["runs-on"], "ubuntu-24.04");
    assert.equal(job["timeout-minutes"], 5);
    assert.deepEqual(job.permissions, { contents: "read", "pull-requests": "none" });
  });

  it("writes each action as owner/repo@sha with the tag as a trailing comment", () => {
    const text = renderWorkflow(minimal);
    const { action, sha, tag } = PINNED_ACTIONS.checkout;
    assert.ok(text.includes(`uses: ${action}@${sha} # ${tag}\n`), text);
  });

  it("starts with the generated-file header naming what to edit instead", () => {
    const text = renderWorkflow(minimal);
    const header = GENERATED_HEADER.split("\n")
      .map((line) => `#${line}`)
      .join("\n");
    assert.ok(text.startsWith(`${header}\n`));
    assert.match(GENERATED_HEADER, /stack config/);
    assert.match(GENERATED_HEADER, /lib\/workflows/);
  });

  it("renders the same model to the same bytes", () => {
    assert.equal(renderWorkflow(minimal), renderWorkflow(structuredClone(minimal)));
  });

  it("refuses ${{ }} in a run script, naming workflow, job and step", () => {
    const bad = withJob({ steps: [{ name: "Echo ref", run: "echo ${{ github.head_ref }}" }] });
    assert.throws(
      () => renderWorkflow(bad),
      (err: unknown) => {
        assert.ok(err instanceof WorkflowModelError);
        assert.equal(err.workflow, "example.yml");
        assert.equal(err.job, "build");
        assert.equal(err.step, "Echo ref");
        assert.match(err.message, /^example\.yml: job "build": step "Echo ref": .*W4/);
        return true;
      },
    );
  });

  it("refuses a checkout that keeps credentials", () => {
    const bad = withJob({ steps: [{ name: "Check out", uses: "checkout" }] });
    assert.throws(() => renderWorkflow(bad), /step "Check out": .*persist-credentials: false/);
  });

  it("refuses id-token: write in a job that neither assumes a role, signs nor attests", () => {
    assert.throws(
      () => renderWorkflow(withJob({ permissions: { idToken: "write" } })),
      /job "build": has id-token: write/,
    );
  });

  it("refuses a credentialed job outside an environment", () => {
    const bad = withJob({
      steps: [{ name: "Log in", uses: "dockerLogin", with: { username: "u", password: "${{ secrets.TOKEN }}" } }],
    });
    assert.throws(() => renderWorkflow(bad), /job "build": touches registry credentials .*W9/);
  });

  it("refuses a pushing build without provenance mode=max and SBOM", () => {
    const bad = withJob({
      environment: { name: "stable" },
      steps: [{ name: "Push", uses: "buildPush", with: { push: true, provenance: "mode=min", sbom: true } }],
    });
    assert.throws(() => renderWorkflow(bad), /step "Push": .*W10/);
  });

  it("refuses a schedule at minute 0 and a schedule without workflow_dispatch", () => {
    assert.throws(
      () => renderWorkflow({ ...minimal, on: { schedule: [{ cron: "*/15 3 * * *" }], workflowDispatch: {} } }),
      /fires at minute 0/,
    );
    assert.throws(
      () => renderWorkflow({ ...minimal, on: { schedule: [{ cron: "17 3 * * *" }] } }),
      /workflow_dispatch/,
    );
  });

  it("refuses needs on a job that does not exist and a missing timeout", () => {
    assert.throws(() => renderWorkflow(withJob({ needs: ["plan"] })), /job "build": needs "plan"/);
    assert.throws(() => renderWorkflow(withJob({ timeoutMinutes: 0 })), /timeoutMinutes/);
  });
});
