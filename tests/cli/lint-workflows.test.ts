import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../cli/main";

describe("release-infra lint-workflows", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lint-cli-"));
  let written = "";
  const write = process.stdout.write.bind(process.stdout);
  beforeEach(() => {
    written = "";
    process.stdout.write = (chunk: string) => {
      written += chunk;
      return true;
    };
  });
  afterEach(() => {
    process.stdout.write = write;
    // The command reports failure through the exit code; keep it out of the test run's.
    process.exitCode = undefined;
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("reports each finding and exits 1 for a workflow that breaks the rules", async () => {
    fs.writeFileSync(
      path.join(tmp, "bad.yml"),
      "on: pull_request_target\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo ${{ github.head_ref }}\n",
    );
    const code = await main(["lint-workflows", tmp]);
    assert.equal(code, 1);
    for (const rule of ["W1", "W2", "W3", "W4", "W5", "W6"]) assert.match(written, new RegExp(`\\b${rule}\\b`), rule);
    assert.match(written, /\d+ findings\n$/);
  });

  it("reports a missing directory as the user's mistake: exit 1, one line, no stack trace", async () => {
    let errors = "";
    const writeError = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk: string) => {
      errors += chunk;
      return true;
    };
    try {
      const missing = path.join(tmp, "no-such-dir");
      assert.equal(await main(["lint-workflows", missing]), 1);
      assert.equal(
        errors,
        `release-infra: lint-workflows: ${missing} does not exist; give a directory of workflow files, e.g. .github/workflows\n`,
      );
      errors = "";
      const file = path.join(tmp, "a-file.yml");
      fs.writeFileSync(file, "on: push\n");
      assert.equal(await main(["lint-workflows", file]), 1);
      assert.match(errors, /is a file, not a directory/);
      assert.doesNotMatch(errors, /\n\s+at /);
    } finally {
      process.stderr.write = writeError;
    }
  });

  it("names the line of each finding, and the alias it was reached through", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, "alias-"));
    fs.writeFileSync(
      path.join(dir, "alias.yml"),
      "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    timeout-minutes: 5\n    permissions: {}\n    steps:\n      - run: &cmd echo ok\n  b:\n    runs-on: ubuntu-24.04\n    timeout-minutes: 5\n    permissions: &all write-all\n    steps:\n      - run: *cmd\n  c:\n    runs-on: ubuntu-24.04\n    timeout-minutes: 5\n    permissions: *all\n    steps:\n      - run: *cmd\n",
    );
    assert.equal(await main(["lint-workflows", dir]), 1);
    assert.match(
      written,
      /job "b": \[W1\] permissions: write-all grants every scope; list the scopes the job uses \(line 13\)\n/,
    );
    assert.match(
      written,
      /job "c": \[W1\] permissions: write-all grants every scope; list the scopes the job uses \(line 19, the value of alias \*all \(anchor &all at line 13\)\)\n/,
    );
  });

  it("exits 0 for a directory of clean workflows", async () => {
    const clean = fs.mkdtempSync(path.join(tmp, "clean-"));
    const code = await main(["lint-workflows", clean]);
    assert.equal(code, 0);
    assert.equal(written, "0 findings\n");
  });
});
