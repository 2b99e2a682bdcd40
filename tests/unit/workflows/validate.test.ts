import assert from "node:assert/strict";
import { renderReleaseWorkflows } from "../../../lib/workflows/generate";
import { actionlintFindings, workflowParserFindings } from "../../../lib/workflows/validate";
import { SAMPLE_INPUT } from "./fixtures";

const rendered = renderReleaseWorkflows(SAMPLE_INPUT);

const BROKEN = `on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-24.04
    needs: missing
    timeout-minutes: often
    steps:
      - run: echo "\${{ github.event.head_commit.message }}"
`;

describe("workflow validators", () => {
  it("GitHub's workflow parser reports no error in any generated workflow", async () => {
    for (const { path, content } of rendered) assert.deepEqual(await workflowParserFindings(path, content), [], path);
  });

  it("actionlint reports no finding in any generated workflow", async () => {
    for (const { path, content } of rendered) assert.deepEqual(await actionlintFindings(path, content), [], path);
  });

  it("both validators report a broken workflow", async () => {
    assert.ok((await workflowParserFindings("broken.yml", BROKEN)).length > 0);
    const lint = await actionlintFindings("broken.yml", BROKEN);
    assert.ok(
      lint.some((finding) => finding.message.includes("potentially untrusted")),
      JSON.stringify(lint),
    );
    assert.ok(
      lint.some((finding) => finding.message.includes("missing")),
      JSON.stringify(lint),
    );
  });
});
