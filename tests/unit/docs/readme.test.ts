import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readmeSections } from "../../../lib/docs/readme";
import { readSection, writeSections } from "../../../lib/docs/sections";
import { parseSystemTools, systemTools } from "../../../lib/workflows/project/system-tools";

const ROOT = join(__dirname, "..", "..", "..");

describe("README.md's generated sections", () => {
  it("are exactly what their sources generate (npm run docs rewrites them)", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    for (const section of readmeSections(ROOT)) {
      assert.equal(readSection(readme, section.name), section.content, `section ${section.name}: run npm run docs`);
    }
  });

  it("replace only the text between their markers", () => {
    const text = "intro\n<!-- t:begin (generated) -->\nold\n<!-- t:end -->\noutro\n";
    assert.equal(
      writeSections(text, [{ name: "t", content: "new" }]),
      "intro\n<!-- t:begin (generated) -->\nnew\n<!-- t:end -->\noutro\n",
    );
    assert.throws(() => readSection("no markers", "t"), /no generated section "t"/);
  });
});

describe("the system tools list", () => {
  it("names every tool the tests start, each with a known source", () => {
    const commands = systemTools(ROOT).map((t) => t.command);
    for (const command of ["docker-registry", "htpasswd", "openssl", "shellcheck", "jq", "moto_server"])
      assert.ok(commands.includes(command), command);
  });

  it("refuses a malformed line instead of skipping it", () => {
    assert.throws(() => parseSystemTools("jq\tbrew\tjq\tjson\n"), /apt\|pip/);
    assert.throws(() => parseSystemTools("jq apt jq json\n"), /apt\|pip/);
    assert.deepEqual(parseSystemTools("# comment\n\njq\tapt\tjq\tjson\n"), [
      { command: "jq", source: "apt", package: "jq", use: "json" },
    ]);
  });
});
