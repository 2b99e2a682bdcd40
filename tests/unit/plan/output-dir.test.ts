import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UserError } from "../../../cli/errors";
import { diffPlanDirs } from "../../../cli/plan/diff";
import { addPlanFile, PLAN_RECORD, recordedFiles, writePlanFiles } from "../../../cli/plan/output-dir";
import { writePlan } from "../../../cli/plan/run";
import type { PlanDocument, PlanResource } from "../../../lib/plan/model";
import { GITHUB } from "../../../lib/resource-types";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-dir-"));
after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

let n = 0;
/** A fresh plan directory holding `files` (path → content). */
function planDir(files: Record<string, string> = {}): string {
  const dir = path.join(tmp, `d${++n}`);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const workflow = (file: string): PlanResource => ({
  urn: `urn:pulumi:prod::release-infra::${GITHUB.file}::${file}`,
  type: GITHUB.file,
  name: file,
  inputs: { repository: "cortex.cpp", branch: "main", file: `.github/workflows/${file}`, content: `# ${file}\n` },
  read: false,
  custom: true,
});
const doc = (...workflows: string[]): PlanDocument => ({
  project: "release-infra",
  stack: "prod",
  resources: workflows.map(workflow),
  outputs: {},
});

const read = (dir: string, rel: string) => fs.readFileSync(path.join(dir, rel), "utf8");
const exists = (dir: string, rel: string) => fs.existsSync(path.join(dir, rel));
const userError = (pattern: RegExp) => (err: unknown) => err instanceof UserError && pattern.test(err.message);

describe("plan --out: what a plan writes and removes", () => {
  it("keeps a user's files in files/ and elsewhere through two plans, and removes the file the second plan no longer writes", () => {
    const dir = planDir({
      "notes.md": "mine\n",
      "files/cortex.cpp/README.md": "mine too\n",
      "files/elsewhere/keep.yml": "and this\n",
    });
    const notes: string[] = [];
    writePlan(doc("a.yml", "b.yml"), dir, [], (line) => notes.push(line));
    assert.equal(read(dir, "files/cortex.cpp/.github/workflows/b.yml"), "# b.yml\n");
    writePlan(doc("a.yml"), dir, [], (line) => notes.push(line));

    assert.ok(!exists(dir, "files/cortex.cpp/.github/workflows/b.yml"), "the earlier plan's file is removed");
    assert.equal(read(dir, "files/cortex.cpp/.github/workflows/a.yml"), "# a.yml\n");
    assert.equal(read(dir, "notes.md"), "mine\n");
    assert.equal(read(dir, "files/cortex.cpp/README.md"), "mine too\n");
    assert.equal(read(dir, "files/elsewhere/keep.yml"), "and this\n");
    assert.deepEqual(recordedFiles(dir), new Set(["files/cortex.cpp/.github/workflows/a.yml", "plan.json", "plan.md"]));
    assert.deepEqual(notes, [
      `note: left alone 2 files in ${dir} that no plan wrote: files/cortex.cpp/README.md, files/elsewhere/keep.yml`,
      `note: left alone 2 files in ${dir} that no plan wrote: files/cortex.cpp/README.md, files/elsewhere/keep.yml`,
    ]);
  });

  it("removes the directories only its own removed files left empty", () => {
    const dir = planDir({ "files/other/empty-soon/x": "mine\n" });
    writePlanFiles(dir, new Map([["files/gone/deep/a.yml", "a"]]));
    fs.rmSync(path.join(dir, "files/other/empty-soon/x"));
    const { removed } = writePlanFiles(dir, new Map([["plan.md", "p"]]));
    assert.deepEqual(removed, ["files/gone/deep/a.yml"]);
    assert.ok(!exists(dir, "files/gone"));
    assert.ok(exists(dir, "files/other/empty-soon"), "a directory it never wrote into stays");
  });

  it("refuses, before writing or removing anything, to overwrite a file no plan wrote", () => {
    const dir = planDir({ "plan.md": "my own notes\n", "files/cortex.cpp/.github/workflows/a.yml": "mine\n" });
    assert.throws(
      () => writePlan(doc("a.yml"), dir, [], () => undefined),
      userError(
        new RegExp(
          `^refusing to write the plan to ${dir}: it would overwrite files/cortex\\.cpp/\\.github/workflows/a\\.yml, plan\\.md \\(${dir} holds no \\.release-infra-plan\\.json .*\\); nothing was written or removed\\. Move them away`,
        ),
      ),
    );
    assert.equal(read(dir, "plan.md"), "my own notes\n");
    assert.equal(read(dir, "files/cortex.cpp/.github/workflows/a.yml"), "mine\n");
    assert.ok(!exists(dir, "plan.json") && !exists(dir, PLAN_RECORD));
  });

  it("refuses a file the record does not list even when a record exists", () => {
    const dir = planDir();
    writePlanFiles(dir, new Map([["plan.md", "p"]]));
    fs.writeFileSync(path.join(dir, "plan.json"), "mine\n");
    assert.throws(
      () => writePlanFiles(dir, new Map([["plan.json", "{}"]])),
      userError(
        /it would overwrite plan\.json \(\.release-infra-plan\.json does not list it as written by the last plan\)/,
      ),
    );
    assert.equal(read(dir, "plan.json"), "mine\n");
  });

  it("refuses to write through a file or a symbolic link in the way, and never removes anything through a link", () => {
    const outside = planDir({ "victim.yml": "outside\n" });
    const dir = planDir({ "files/taken": "a file, not a directory\n" });
    assert.throws(
      () => writePlanFiles(dir, new Map([["files/taken/a.yml", "a"]])),
      userError(/overwrite files\/taken /),
    );

    const linked = planDir();
    writePlanFiles(linked, new Map([["files/link/victim.yml", "ours"]]));
    fs.rmSync(path.join(linked, "files/link"), { recursive: true });
    fs.symlinkSync(outside, path.join(linked, "files/link"), "dir");
    assert.throws(
      () => writePlanFiles(linked, new Map([["files/link/victim.yml", "x"]])),
      userError(/overwrite files\/link /),
    );
    writePlanFiles(linked, new Map([["plan.md", "p"]]));
    assert.equal(read(outside, "victim.yml"), "outside\n");
  });

  it("refuses a record that is not one, or lists a path outside the directory", () => {
    for (const record of ["not json", JSON.stringify({ files: ["../../etc/passwd"] }), JSON.stringify({})]) {
      const dir = planDir({ [PLAN_RECORD]: record });
      assert.throws(
        () => writePlanFiles(dir, new Map([["plan.md", "p"]])),
        userError(/\.release-infra-plan\.json is not a plan's record of its files/),
      );
      assert.ok(!exists(dir, "plan.md"));
    }
  });

  it("makes plan-diff read as generated files only those a plan wrote, not a user's file under files/", () => {
    const base = planDir();
    const head = planDir({ "files/cortex.cpp/mine.txt": "mine\n" });
    writePlan(doc("a.yml"), base, [], () => undefined);
    writePlan(doc("a.yml", "b.yml"), head, [], () => undefined);
    assert.deepEqual(
      diffPlanDirs(base, head).diff.files.map((f) => [f.path, f.status]),
      [["cortex.cpp/.github/workflows/b.yml", "added"]],
    );
  });

  it("adds plan-diff.md to the record, so the next plan replaces or removes it, and refuses a user's plan-diff.md", () => {
    const dir = planDir();
    writePlanFiles(dir, new Map([["plan.md", "p"]]));
    addPlanFile(dir, "plan-diff.md", "diff\n");
    assert.deepEqual(recordedFiles(dir), new Set(["plan-diff.md", "plan.md"]));
    assert.deepEqual(writePlanFiles(dir, new Map([["plan.md", "p"]])).removed, ["plan-diff.md"]);

    const unrecorded = planDir({ "plan.json": "a plan by a program that keeps no record\n" });
    addPlanFile(unrecorded, "plan-diff.md", "diff\n");
    assert.equal(read(unrecorded, "plan-diff.md"), "diff\n");
    assert.equal(recordedFiles(unrecorded), undefined, "no record that would list plan-diff.md alone");

    const mine = planDir({ "plan-diff.md": "my diff\n" });
    assert.throws(
      () => {
        addPlanFile(mine, "plan-diff.md", "diff\n");
      },
      userError(/overwrite plan-diff\.md/),
    );
    assert.equal(read(mine, "plan-diff.md"), "my diff\n");
  });
});
