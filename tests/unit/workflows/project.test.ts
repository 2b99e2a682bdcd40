import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { formatFinding, lintWorkflowText } from "../../../lib/workflows/lint";
import { projectWorkflows, renderProjectWorkflows } from "../../../lib/workflows/project";
import { CI_ACCEPTED_FINDINGS } from "../../../lib/workflows/project/ci";
import { PROJECT_ENVIRONMENTS } from "../../../lib/workflows/project/common";
import { validateWorkflow } from "../../../lib/workflows/validate";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const DIR = path.join(ROOT, ".github", "workflows");
const REGENERATE =
  'npx tsx -e \'for (const f of require("./lib/workflows/project").renderProjectWorkflows()) require("fs").writeFileSync(f.path, f.content)\'';

interface StepYaml {
  name: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface JobYaml {
  environment?: string;
  permissions: Record<string, string>;
  steps: StepYaml[];
}
interface WorkflowYaml {
  on: Record<string, unknown>;
  jobs: Record<string, JobYaml>;
}

const rendered = renderProjectWorkflows();
const parsed = new Map(rendered.map((f) => [path.basename(f.path), YAML.parse(f.content) as WorkflowYaml]));
const workflow = (file: string): WorkflowYaml => parsed.get(file)!;
const step = (file: string, job: string, name: string): StepYaml =>
  workflow(file).jobs[job]!.steps.find((s) => s.name === name)!;

/** Runs a step's bash script with a fake `npm` that records its arguments. */
function runScript(
  script: string,
  env: Record<string, string>,
): { status: number | null; npm: string[]; outputs: string; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-step-"));
  try {
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "npm"), '#!/usr/bin/env bash\necho "$*" >> "$NPM_LOG"\n', { mode: 0o755 });
    const outputs = path.join(dir, "outputs");
    const log = path.join(dir, "npm.log");
    fs.writeFileSync(outputs, "");
    const r = spawnSync("bash", ["-c", script], {
      env: { PATH: `${bin}:${process.env.PATH ?? ""}`, NPM_LOG: log, GITHUB_OUTPUT: outputs, ...env },
      encoding: "utf8",
    });
    const npm = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
    return { status: r.status, npm, outputs: fs.readFileSync(outputs, "utf8"), stderr: r.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("this repository's own workflows", function () {
  this.timeout(30_000);

  it("renders ci, deploy, drift, preview and retention", () => {
    assert.deepEqual(
      rendered.map((f) => f.path),
      ["ci.yml", "deploy.yml", "drift.yml", "preview.yml", "retention.yml"].map((f) => `.github/workflows/${f}`),
    );
  });

  it("are committed exactly as rendered, with no other workflow beside them", () => {
    const committed = fs
      .readdirSync(DIR)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
    assert.deepEqual(
      committed,
      [...parsed.keys()].sort(),
      `.github/workflows holds other files than the rendered ones; regenerate with ${REGENERATE}`,
    );
    for (const f of rendered) {
      assert.equal(
        fs.readFileSync(path.join(ROOT, f.path), "utf8"),
        f.content,
        `${f.path} differs from its model; regenerate with ${REGENERATE}`,
      );
    }
  });

  it("pass GitHub's workflow parser, actionlint and shellcheck with zero findings", async () => {
    for (const f of rendered) assert.deepEqual(await validateWorkflow(f.path, f.content), [], f.path);
  });

  it("pass every checker rule with zero findings, given this repository's own environments and its accepted findings", () => {
    const findings = rendered
      .flatMap((f) =>
        lintWorkflowText(f.path, f.content, { environments: PROJECT_ENVIRONMENTS, accepted: CI_ACCEPTED_FINDINGS }),
      )
      .map(formatFinding);
    assert.deepEqual(findings, []);
  });

  it("W9 still flags those environments where they are not declared to exist", () => {
    const findings = rendered
      .flatMap((f) => lintWorkflowText(f.path, f.content, { accepted: CI_ACCEPTED_FINDINGS }))
      .map(formatFinding);
    assert.deepEqual(
      findings.map((f) => f.replace(/ is not one known to exist .*$/, "")),
      [
        '.github/workflows/deploy.yml: job "up": [W9] environment "production"',
        '.github/workflows/drift.yml: job "detect": [W9] environment "preview"',
        '.github/workflows/preview.yml: job "preview": [W9] environment "preview"',
        '.github/workflows/retention.yml: job "prune": [W9] environment "retention"',
      ],
    );
  });

  it("hold secrets only in jobs that run in one of the declared environments, with no restored cache there", () => {
    for (const [file, wf] of parsed) {
      for (const [id, job] of Object.entries(wf.jobs)) {
        const text = JSON.stringify(job);
        if (!/secrets\./.test(text)) continue;
        assert.ok((PROJECT_ENVIRONMENTS as readonly string[]).includes(job.environment ?? ""), `${file} ${id}`);
        for (const s of job.steps.filter((x) => x.uses?.startsWith("actions/setup-node@"))) {
          assert.equal(s.with?.["package-manager-cache"], false, `${file} ${id}`);
          assert.equal(s.with.cache, undefined, `${file} ${id}`);
        }
      }
    }
  });

  it("preview: a fork's pull request gets the offline diff without secrets; only same-repository ones reach the preview environment", () => {
    const preview = workflow("preview.yml");
    assert.deepEqual(Object.keys(preview.on), ["pull_request"]);
    const fork = preview.jobs["plan-diff"]!;
    assert.ok(!JSON.stringify(fork).includes("secrets."));
    assert.equal(fork.environment, undefined);
    const diff = step("preview.yml", "plan-diff", "Diff the plans");
    assert.match(diff.run!, /release-infra -- plan --stack "\$STACK" --out out --base "\$BASE_SHA"/);
    assert.equal(diff.env?.BASE_SHA, "${{ github.event.pull_request.base.sha }}");
    const comment = step("preview.yml", "plan-diff", "Comment the diff");
    assert.match(comment.uses!, /^peter-evans\/create-or-update-comment@[0-9a-f]{40}$/);
    const ifs = projectWorkflows().find((w) => w.workflow.fileName === "preview.yml")!.workflow.jobs;
    assert.equal(ifs["plan-diff"]!.if, `!(${ifs.preview!.if!})`);
  });

  it("retention: scheduled runs delete, pull requests and plain manual runs are dry runs", () => {
    const job = workflow("retention.yml").jobs.prune!;
    const on = workflow("retention.yml").on as { pull_request: { paths: string[] } };
    assert.ok(on.pull_request.paths.includes("lib/retention/**"));
    for (const name of ["Prune Docker Hub", "Prune ECR"]) {
      const registry = name === "Prune ECR" ? "ecr" : "dockerhub";
      const script = step("retention.yml", "prune", name).run!;
      const apply = runScript(script, { PRUNE_APPLY: "true", STACK: "prod" });
      assert.equal(apply.status, 0, apply.stderr);
      assert.deepEqual(apply.npm, [`run --silent release-infra -- prune ${registry} --stack prod --apply`]);
      const dry = runScript(script, { PRUNE_APPLY: "false", STACK: "prod" });
      assert.equal(dry.status, 0, dry.stderr);
      assert.deepEqual(dry.npm, [`run --silent release-infra -- prune ${registry} --stack prod`]);
    }
    assert.equal(
      (job as unknown as { env: Record<string, string> }).env.PRUNE_APPLY,
      "${{ github.event_name == 'schedule' || (github.event_name == 'workflow_dispatch' && inputs.apply) }}",
    );
  });

  it("drift: a failed --expect-no-changes preview reports drift, only the reporting job may write issues", () => {
    const record = step("drift.yml", "detect", "Record the result").run!;
    assert.equal(runScript(record, { OUTCOME: "failure" }).outputs, "drift=true\n");
    assert.equal(runScript(record, { OUTCOME: "success" }).outputs, "drift=false\n");
    const preview = step("drift.yml", "detect", "Preview the prod stack");
    assert.equal(preview.with?.["expect-no-changes"], true);
    for (const [file, wf] of parsed) {
      for (const [id, job] of Object.entries(wf.jobs)) {
        assert.equal(job.permissions.issues === "write", file === "drift.yml" && id === "report", `${file} ${id}`);
      }
    }
  });
});
