import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderReleaseWorkflows } from "../../../lib/workflows/generate";
import { formatFinding, lintWorkflowDir, lintWorkflowText, type RuleId } from "../../../lib/workflows/lint";
import { SAMPLE_INPUT } from "./fixtures";

const GOOD = `name: Publish
on:
  push:
    tags: ["v[0-9]+.[0-9]+.[0-9]+"]
  schedule:
    - cron: "17 3 * * *"
  workflow_dispatch: {}
permissions: {}
concurrency:
  group: release-stable
  cancel-in-progress: false
jobs:
  publish:
    runs-on: ubuntu-24.04
    environment: stable
    permissions:
      contents: read
      id-token: write
    timeout-minutes: 30
    steps:
      - name: Check out
        uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          persist-credentials: false
      - name: Assume role
        uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3
        with:
          role-to-assume: \${{ vars.AWS_ROLE_ARN }}
          aws-region: us-east-1
      - name: Push
        id: push
        uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0
        with:
          push: true
          provenance: mode=max
          sbom: true
          build-args: VERSION=1
      - name: Sign
        env:
          DIGEST: \${{ steps.push.outputs.digest }}
        run: cosign sign --yes "example.com/app@$DIGEST"
`;

function mutate(from: string, to: string): string {
  assert.ok(GOOD.includes(from), `fixture lacks ${from}`);
  return GOOD.replace(from, to);
}

const JOB_END = `        run: cosign sign --yes "example.com/app@$DIGEST"\n`;

// One bad example per rule: the good workflow with one mistake.
const BAD: readonly { rule: RuleId; why: string; text: string }[] = [
  { rule: "W1", why: "top-level write-all", text: mutate("permissions: {}", "permissions: write-all") },
  {
    rule: "W1",
    why: "job read-all",
    text: mutate("    permissions:\n      contents: read\n      id-token: write\n", "    permissions: read-all\n"),
  },
  {
    rule: "W2",
    why: "job without permissions",
    text: mutate("    permissions:\n      contents: read\n      id-token: write\n", ""),
  },
  { rule: "W2", why: "unused contents: write", text: mutate("      contents: read\n", "      contents: write\n") },
  {
    rule: "W3",
    why: "action by tag",
    text: mutate("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1", "actions/checkout@v7"),
  },
  { rule: "W3", why: "SHA without tag comment", text: mutate(" # v7.0.1", "") },
  {
    rule: "W3",
    why: "docker image by tag",
    text: mutate(JOB_END, `${JOB_END}      - name: Tool\n        uses: docker://alpine:3\n`),
  },
  {
    rule: "W4",
    why: "expression in run",
    text: mutate('"example.com/app@$DIGEST"', '"example.com/app@${{ steps.push.outputs.digest }}"'),
  },
  {
    rule: "W5",
    why: "pull_request_target trigger",
    text: mutate("  workflow_dispatch: {}\n", "  workflow_dispatch: {}\n  pull_request_target: {}\n"),
  },
  {
    rule: "W6",
    why: "checkout keeps credentials",
    text: mutate("          persist-credentials: false\n", "          fetch-depth: 0\n"),
  },
  {
    rule: "W7",
    why: "secret in build-args",
    text: mutate("build-args: VERSION=1", "build-args: TOKEN=${{ secrets.NPM_TOKEN }}"),
  },
  {
    rule: "W7",
    why: "toJSON(secrets)",
    text: mutate(
      "          aws-region: us-east-1\n",
      "          aws-region: us-east-1\n        env:\n          ALL: ${{ toJSON(secrets) }}\n",
    ),
  },
  {
    rule: "W8",
    why: "gha cache in a publishing job",
    text: mutate("          sbom: true\n", "          sbom: true\n          cache-from: type=gha\n"),
  },
  { rule: "W9", why: "credentials outside an environment", text: mutate("    environment: stable\n", "") },
  {
    rule: "W9",
    why: "environment that is no channel",
    text: mutate("    environment: stable\n", "    environment: production\n"),
  },
  { rule: "W10", why: "push without SBOM", text: mutate("          sbom: true\n", "") },
  { rule: "W10", why: "signing a tag", text: mutate('"example.com/app@$DIGEST"', '"example.com/app:latest"') },
  {
    rule: "W11",
    why: "curl piped into sh",
    text: mutate(
      JOB_END,
      `${JOB_END}      - name: Install\n        run: curl -sSfL https://example.com/install.sh | sh\n`,
    ),
  },
  {
    rule: "W11",
    why: "npm install",
    text: mutate(JOB_END, `${JOB_END}      - name: Dependencies\n        run: npm install\n`),
  },
  {
    rule: "W11",
    why: "unpinned container",
    text: mutate("    timeout-minutes: 30\n", "    timeout-minutes: 30\n    container: node:20\n"),
  },
  { rule: "W12", why: "cancel-in-progress", text: mutate("cancel-in-progress: false", "cancel-in-progress: true") },
  { rule: "W12", why: "no timeout", text: mutate("    timeout-minutes: 30\n", "") },
  { rule: "W12", why: "schedule at minute 0", text: mutate('cron: "17 3 * * *"', 'cron: "0 3 * * *"') },
  { rule: "W12", why: "schedule without workflow_dispatch", text: mutate("  workflow_dispatch: {}\n", "") },
];

describe("workflow checker (W1-W12)", () => {
  it("finds nothing in the good example", () => {
    assert.deepEqual(lintWorkflowText("good.yml", GOOD), []);
  });

  for (const { rule, why, text } of BAD) {
    it(`${rule} catches ${why}`, () => {
      const findings = lintWorkflowText("bad.yml", text);
      assert.ok(
        findings.some((finding) => finding.rule === rule),
        `expected ${rule}, got ${findings.map((finding) => formatFinding(finding)).join("; ") || "nothing"}`,
      );
    });
  }

  it("covers every rule with a bad example", () => {
    assert.deepEqual(new Set(BAD.map(({ rule }) => rule)).size, 12);
  });

  it("names the job and step of a finding", () => {
    const [finding] = lintWorkflowText("bad.yml", mutate(" # v7.0.1", ""));
    assert.deepEqual(
      { rule: finding?.rule, file: finding?.file, job: finding?.job, step: finding?.step },
      { rule: "W3", file: "bad.yml", job: "publish", step: "Check out" },
    );
  });

  it("reports a file that is not YAML", () => {
    assert.equal(lintWorkflowText("broken.yml", "jobs: [\n")[0]?.rule, "YAML");
  });

  it("finds nothing in the generated release workflows", () => {
    for (const { path, content } of renderReleaseWorkflows(SAMPLE_INPUT))
      assert.deepEqual(lintWorkflowText(path, content), [], path);
  });

  it("finds nothing in the committed workflow snapshots", async () => {
    assert.deepEqual(await lintWorkflowDir(join(__dirname, "__snapshots__")), []);
  });

  it("lintWorkflowDir checks every .yml and .yaml file in a directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "workflows-"));
    try {
      writeFileSync(join(dir, "good.yml"), GOOD);
      writeFileSync(join(dir, "bad.yaml"), mutate("permissions: {}", "permissions: write-all"));
      writeFileSync(join(dir, "notes.txt"), "permissions: write-all");
      const findings = await lintWorkflowDir(dir);
      assert.deepEqual([...new Set(findings.map((finding) => finding.file))], [join(dir, "bad.yaml")]);
      assert.ok(findings.some((finding) => finding.rule === "W1"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
