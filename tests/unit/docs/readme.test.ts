import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";
import { generatedDocuments } from "../../../lib/docs/documents";
import { readSection, writeSections, YAML_COMMENT } from "../../../lib/docs/sections";
import { parseSystemTools, systemTools } from "../../../lib/workflows/project/system-tools";

const ROOT = join(__dirname, "..", "..", "..");

describe("generated sections (README.md, Pulumi.yaml)", () => {
  for (const document of generatedDocuments(ROOT)) {
    it(`of ${document.file} are exactly what their sources generate (npm run docs rewrites them)`, () => {
      const text = readFileSync(join(ROOT, document.file), "utf8");
      for (const section of document.sections) {
        assert.equal(
          readSection(text, section.name, document.syntax),
          section.content,
          `${document.file} section ${section.name}: run npm run docs`,
        );
      }
    });
  }

  it("of Pulumi.yaml are comments only: Pulumi reads the same project with or without them", () => {
    const text = readFileSync(join(ROOT, "Pulumi.yaml"), "utf8");
    const yaml = generatedDocuments(ROOT).find((d) => d.file === "Pulumi.yaml")!;
    const emptied = writeSections(
      text,
      yaml.sections.map((s) => ({ name: s.name, content: "" })),
      yaml.syntax,
    );
    assert.notEqual(emptied, text);
    assert.deepEqual(YAML.parse(emptied), YAML.parse(text));
  });

  it("replace only the text between their markers", () => {
    const text = "intro\n<!-- t:begin (generated) -->\nold\n<!-- t:end -->\noutro\n";
    assert.equal(
      writeSections(text, [{ name: "t", content: "new" }]),
      "intro\n<!-- t:begin (generated) -->\nnew\n<!-- t:end -->\noutro\n",
    );
    assert.throws(() => readSection("no markers", "t"), /no generated section "t"/);
  });

  it("are marked by whole-line comments of the document's language", () => {
    const yaml = "a: 1\n# t:begin (generated)\n# old\n# t:end\nb: 2\n";
    assert.equal(writeSections(yaml, [{ name: "t", content: "# new\n" }], YAML_COMMENT), yaml.replace("old", "new"));
    // A marker inside a line is text, not a marker.
    assert.throws(() => readSection("x: 1 # t:begin\n# t:end\n", "t", YAML_COMMENT), /no generated section "t"/);
    assert.throws(() => readSection("# t:end\n# t:begin\n", "t", YAML_COMMENT), /no generated section "t"/);
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
