import assert from "node:assert/strict";
import { renderReleaseWorkflows } from "../../../lib/workflows/generate";
import { lintWorkflowText } from "../../../lib/workflows/lint";
import { actionlintFindings, validateWorkflow, workflowParserFindings } from "../../../lib/workflows/validate";
import { SAMPLE_INPUT } from "./fixtures";

// The sample as it is, and with arm64 emulated, no cache and a platform GitHub has no runner for.
const rendered = [
  ...renderReleaseWorkflows(SAMPLE_INPUT),
  ...renderReleaseWorkflows({
    ...SAMPLE_INPUT,
    images: SAMPLE_INPUT.images.map((image) => ({ ...image, platforms: [...image.platforms, "linux/arm/v7"] })),
    platformRunners: { "linux/arm64": "emulate" },
    buildCache: "none",
  }).map((file) => ({ ...file, path: file.path.replace(".yml", "-emulated.yml") })),
];

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

  it("shellcheck and the checker's rules report nothing in any generated workflow", async () => {
    for (const { path, content } of rendered) {
      assert.deepEqual(await validateWorkflow(path, content), [], path);
      assert.deepEqual(lintWorkflowText(path, content), [], path);
    }
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
