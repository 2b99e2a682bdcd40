import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderReleaseWorkflows } from "../../../lib/workflows/generate";
import { formatFinding, lintWorkflowDir, lintWorkflowText, RULES, type LintFinding } from "../../../lib/workflows/lint";
import { workflowParserFindings } from "../../../lib/workflows/validate";
import { SAMPLE_INPUT } from "./fixtures";
import { BAD, FINE, GOOD, mutate, withJob } from "./lint-examples";

function describeFindings(findings: readonly LintFinding[]): string {
  return findings.map((finding) => formatFinding(finding)).join("; ") || "nothing";
}

describe("workflow checker (W1-W25)", () => {
  it("finds nothing in the good example", () => {
    assert.deepEqual(lintWorkflowText("good.yml", GOOD), []);
  });

  for (const { rule, why, text } of BAD) {
    it(`${rule} catches ${why}`, () => {
      const findings = lintWorkflowText("bad.yml", text);
      assert.ok(
        findings.some((finding) => finding.rule === rule),
        `expected ${rule}, got ${describeFindings(findings)}`,
      );
    });
  }

  for (const { rule, why, text } of FINE) {
    it(`${rule} accepts ${why}`, () => {
      const findings = lintWorkflowText("fine.yml", text);
      assert.deepEqual(findings, [], describeFindings(findings));
    });
  }

  it("has a failing example and, for the rules added with zizmor's audits, a passing one", () => {
    const failing = new Set(BAD.map(({ rule }) => rule));
    const passing = new Set(FINE.map(({ rule }) => rule));
    assert.deepEqual(
      RULES.map((rule) => rule.id).filter((id) => !failing.has(id)),
      [],
    );
    const added = RULES.map((rule) => rule.id).filter((id) => Number(id.slice(1)) >= 13 && id !== "W20");
    assert.deepEqual(
      added.filter((id) => !passing.has(id)),
      [],
    );
  });

  it("names the job, step and line of a finding", () => {
    const [finding] = lintWorkflowText("bad.yml", mutate(" # v7.0.1", ""));
    assert.deepEqual(
      { rule: finding?.rule, file: finding?.file, job: finding?.job, step: finding?.step, line: finding?.at?.line },
      { rule: "W3", file: "bad.yml", job: "publish", step: "Check out", line: 22 },
    );
    assert.equal(
      formatFinding(finding!),
      'bad.yml: job "publish": step "Check out": [W3] actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 has no "# vX.Y.Z" comment naming the tag its SHA was resolved from (line 22)',
    );
  });

  it("points a script finding at the line of the script", () => {
    const text = mutate(
      '        run: cosign sign --yes "example.com/app@$DIGEST"\n',
      '        run: |\n          cosign sign --yes "example.com/app@$DIGEST"\n          npm install\n',
    );
    const finding = lintWorkflowText("bad.yml", text).find((candidate) => candidate.rule === "W11");
    assert.equal(text.split("\n")[(finding?.at?.line ?? 0) - 1]?.trim(), "npm install");
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

describe("workflow checker: YAML anchors, aliases and merge keys", () => {
  // Two jobs sharing values through anchors: the second job's findings come through aliases.
  const twoJobs = (second: string) =>
    withJob(`  second:
    runs-on: ubuntu-24.04
    timeout-minutes: 5
${second}`);

  it("checks permissions: *alias as the anchored permissions, naming both lines", () => {
    const withAlias = twoJobs("    permissions: *scopes\n    steps:\n      - run: echo hi\n").replace(
      "    timeout-minutes: 30\n",
      "    timeout-minutes: 30\n    x-scopes: &scopes write-all\n",
    );
    const finding = lintWorkflowText("alias.yml", withAlias).find(
      (candidate) => candidate.rule === "W1" && candidate.job === "second",
    );
    assert.ok(finding, describeFindings(lintWorkflowText("alias.yml", withAlias)));
    const aliasLine = withAlias.split("\n").findIndex((line) => line.includes("*scopes")) + 1;
    const anchorLine = withAlias.split("\n").findIndex((line) => line.includes("&scopes")) + 1;
    assert.deepEqual(finding.at, {
      line: aliasLine,
      through: [{ name: "scopes", line: aliasLine, anchorLine }],
      valueLine: anchorLine,
    });
    assert.match(
      formatFinding(finding),
      new RegExp(`\\(line ${aliasLine}, the value of alias \\*scopes \\(anchor &scopes at line ${anchorLine}\\)\\)$`),
    );
  });

  it("checks uses: *alias, with the comment of the anchored value", () => {
    const text = twoJobs(
      "    permissions: {}\n    steps:\n      - uses: &checkout actions/checkout@v4\n        with: { persist-credentials: false }\n      - uses: *checkout\n        with: { persist-credentials: false }\n",
    );
    const findings = lintWorkflowText("alias.yml", text).filter((finding) => finding.rule === "W3");
    assert.equal(findings.length, 2, describeFindings(findings));
    assert.deepEqual(
      findings.map((finding) => finding.at?.through.map((alias) => alias.name)),
      [[], ["checkout"]],
    );
  });

  it("checks run: *alias", () => {
    const text = twoJobs(
      '    permissions: {}\n    steps:\n      - run: &cmd echo "${{ github.event.head_commit.message }}"\n      - run: *cmd\n',
    );
    assert.equal(lintWorkflowText("alias.yml", text).filter((finding) => finding.rule === "W4").length, 2);
  });

  it("checks steps: *alias, pointing into the anchor and naming the alias", () => {
    const text = `${GOOD.replace("    steps:\n", "    steps: &steps\n")}  second:\n    runs-on: ubuntu-24.04\n    timeout-minutes: 5\n    permissions: {}\n    steps: *steps\n`;
    const findings = lintWorkflowText("alias.yml", text).filter((finding) => finding.job === "second");
    // The copied steps assume the AWS role without id-token: write... and outside an environment.
    assert.ok(
      findings.some((finding) => finding.rule === "W9"),
      describeFindings(findings),
    );
    const w3 = lintWorkflowText("alias.yml", text.replace(" # v7.0.1", "")).filter((finding) => finding.rule === "W3");
    assert.equal(w3.length, 2);
    assert.match(formatFinding(w3[1]!), /reached through alias \*steps at line \d+ \(anchor &steps at line \d+\)/);
  });

  it("checks env merged with <<: *alias", () => {
    const text = twoJobs(
      "    permissions: {}\n    env:\n      <<: &legacy { ACTIONS_ALLOW_UNSECURE_COMMANDS: true }\n      OTHER: x\n    steps:\n      - run: echo hi\n",
    );
    assert.ok(lintWorkflowText("merge.yml", text).some((finding) => finding.rule === "W15"));
  });

  it("lets explicit keys win over merged ones, as YAML merge keys do", () => {
    const text = mutate(
      "        with:\n          persist-credentials: false\n",
      "        with:\n          <<: &keep { persist-credentials: true }\n          persist-credentials: false\n",
    );
    assert.equal(lintWorkflowText("merge.yml", text).filter((finding) => finding.rule === "W6").length, 0);
  });

  it("reads merge keys, which GitHub's parser refuses while it accepts aliases", async () => {
    const job = (env: string) =>
      `on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    env: &base\n      A: "1"\n    steps:\n      - run: echo a\n  b:\n    runs-on: ubuntu-24.04\n${env}    steps:\n      - run: echo b\n`;
    assert.deepEqual(await workflowParserFindings("alias.yml", job("    env: *base\n")), []);
    const merged = job("    env:\n      <<: *base\n      B: '2'\n");
    assert.notDeepEqual(await workflowParserFindings("merge.yml", merged), []);
  });

  it("refuses an alias that contains itself and an alias bomb", () => {
    assert.equal(lintWorkflowText("loop.yml", "a: &a [*a]\n")[0]?.rule, "YAML");
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...["b", "c", "d", "e", "f"].map(
        (name, i) => `${name}: &${name} [${Array(10).fill(`*${"abcdef"[i]}`).join(", ")}]`,
      ),
    ].join("\n");
    const [finding] = lintWorkflowText("bomb.yml", `${bomb}\n`);
    assert.ok(finding);
    assert.equal(finding.rule, "YAML");
    assert.match(finding.message, /more than 100000 values/);
  });

  it("keeps a key named __proto__ as data", () => {
    const findings = lintWorkflowText(
      "proto.yml",
      mutate(
        "        env:\n          DIGEST:",
        "        env:\n          __proto__: { polluted: true }\n          DIGEST:",
      ),
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(findings, []);
  });
});

describe("accepted findings", () => {
  const workflow = [
    "on: push",
    "permissions: {}",
    "jobs:",
    "  t:",
    "    runs-on: ubuntu-24.04",
    "    permissions: {}",
    "    timeout-minutes: 5",
    "    steps:",
    "      - name: Tools",
    "        run: pip install moto==5.2.1",
  ].join("\n");
  const accept = { rule: "W11", file: "w.yml", job: "t", step: "Tools", reason: "no hashes offline" } as const;

  it("are left out only for the rule, file, job and step the caller names", () => {
    assert.ok(lintWorkflowText("w.yml", workflow).some((f) => f.rule === "W11"));
    assert.deepEqual(lintWorkflowText("w.yml", workflow, { accepted: [accept] }), []);
    assert.ok(
      lintWorkflowText("w.yml", workflow, { accepted: [{ ...accept, step: "Other" }] }).some((f) => f.rule === "W11"),
    );
  });

  it("are reported once they no longer occur", () => {
    const fixed = workflow.replace("pip install moto==5.2.1", "echo done");
    assert.deepEqual(
      lintWorkflowText("w.yml", fixed, { accepted: [accept] }).map((f) => f.message),
      ["an accepted W11 finding no longer occurs; remove its acceptance"],
    );
  });
});
