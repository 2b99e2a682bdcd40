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

  it("exits 0 for a directory of clean workflows", async () => {
    const clean = fs.mkdtempSync(path.join(tmp, "clean-"));
    const code = await main(["lint-workflows", clean]);
    assert.equal(code, 0);
    assert.equal(written, "0 findings\n");
  });
});
