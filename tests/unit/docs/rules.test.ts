import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { lintWorkflowText, RULES } from "../../../lib/workflows/lint";
import { BAD } from "../workflows/lint-examples";

const ROOT = path.join(__dirname, "..", "..", "..");
const RULES_MD = fs.readFileSync(path.join(ROOT, "docs", "rules.md"), "utf8");
// Where rule ids are cited: the program, the policy pack, the command and the README.
const CITING = ["lib", "policy", "components", "providers", "cli", "README.md"];

function filesUnder(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!fs.statSync(full).isDirectory()) return [entry];
  return fs.readdirSync(full).flatMap((name) => filesUnder(path.join(entry, name)));
}

/** The rule ids a text cites, ranges (`W1-W12`, `G1-G4`) expanded. */
function citedIds(text: string): Set<string> {
  const ids = new Set<string>();
  for (const match of text.matchAll(/\b([WGASD])(\d{1,2})(?:\s*[-–]\s*\1?(\d{1,2}))?\b/g)) {
    const [, family, from, to] = match;
    for (let n = Number(from); n <= Number(to ?? from); n++) ids.add(`${family}${n}`);
  }
  return ids;
}

/** The cells of a markdown table row; `\|` is a literal bar inside a cell. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replaceAll("\\|", "|"));
}

interface Definition {
  readonly id: string;
  readonly text: string;
  readonly files: readonly string[];
}

const DEFINITIONS: readonly Definition[] = RULES_MD.split("\n")
  .filter((line) => /^\| [WGASD]\d+ \|/.test(line))
  .map((line) => {
    const [id = "", text = "", enforced = ""] = cells(line);
    return { id, text, files: [...enforced.matchAll(/`([^`]+)`/g)].map((match) => match[1]!) };
  });

/** The rows of the table under a `## heading` of docs/rules.md. */
function tableUnder(heading: string): string[][] {
  const section = RULES_MD.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  assert.ok(section, `docs/rules.md has no "## ${heading}" section`);
  return section
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| audit") && !line.startsWith("| check"))
    .map(cells);
}

describe("docs/rules.md", () => {
  const citations = new Map<string, Set<string>>();
  for (const file of CITING.flatMap(filesUnder)) {
    for (const id of citedIds(fs.readFileSync(path.join(ROOT, file), "utf8"))) {
      citations.set(id, (citations.get(id) ?? new Set()).add(file));
    }
  }
  const defined = new Set(DEFINITIONS.map((definition) => definition.id));

  it("defines every rule id the code, the policy pack, the command and the README cite", () => {
    const missing = [...citations]
      .filter(([id]) => !defined.has(id))
      .map(([id, files]) => `${id} (${[...files].join(", ")})`);
    assert.deepEqual(missing, [], "cited but not defined in docs/rules.md");
  });

  it("defines no id that nothing cites, and each id once", () => {
    assert.deepEqual(
      DEFINITIONS.map((definition) => definition.id).filter((id) => !citations.has(id)),
      [],
      "defined in docs/rules.md but cited nowhere",
    );
    assert.equal(defined.size, DEFINITIONS.length, "an id is defined twice");
  });

  it("lists, for each rule, files that exist, at least one of which cites the rule", () => {
    for (const { id, files } of DEFINITIONS) {
      assert.ok(files.length > 0, `${id} names no file it is enforced in`);
      for (const file of files) assert.ok(fs.existsSync(path.join(ROOT, file)), `${id}: ${file} does not exist`);
      assert.ok(
        files.some((file) => citations.get(id)?.has(file)),
        `${id}: none of ${files.join(", ")} cites it`,
      );
    }
  });

  it("words each workflow rule as the checker does", () => {
    const documented = new Map(
      DEFINITIONS.filter((definition) => definition.id.startsWith("W")).map((definition) => [
        definition.id,
        definition.text,
      ]),
    );
    assert.deepEqual(
      RULES.map((rule) => [rule.id, documented.get(rule.id)]),
      RULES.map((rule) => [rule.id, rule.summary]),
    );
    assert.equal(documented.size, RULES.length, "docs/rules.md defines a W rule the checker does not have");
  });

  for (const [heading, prefix, total] of [
    ["zizmor audits", "", 41],
    ["OpenSSF Scorecard checks", "scorecard:", 20],
  ] as const) {
    describe(heading, () => {
      const rows = tableUnder(heading);
      const covered = rows.filter(([, by]) => by !== "not applicable");

      it(`lists all ${total}, once each, and states the counts`, () => {
        const names = rows.map(([name = ""]) => name.replaceAll("`", ""));
        assert.equal(new Set(names).size, total, names.join(", "));
        assert.equal(names.length, total);
        const unit = heading.startsWith("zizmor") ? "audits" : "checks";
        assert.match(
          RULES_MD,
          new RegExp(
            `Coverage: ${covered.length} of ${total} ${unit} covered, ${total - covered.length} not applicable\\.`,
          ),
        );
      });

      it("says why each one that does not apply does not", () => {
        for (const [name, , note] of rows.filter(([, by]) => by === "not applicable"))
          assert.ok((note ?? "").split(/\s+/).length >= 3, `${name} has no reason`);
      });

      for (const [name = "", by = ""] of covered) {
        const audit = `${prefix}${name.replaceAll("`", "")}`;
        const ids = by.split(/,\s*/);
        it(`${audit}: each of ${by} catches a failing example of it`, () => {
          for (const id of ids) {
            assert.ok(
              RULES.some((rule) => rule.id === id),
              `${id} is not a rule of the checker`,
            );
            const examples = BAD.filter((example) => example.audits?.includes(audit));
            assert.ok(
              examples.some((example) =>
                lintWorkflowText("example.yml", example.text).some((finding) => finding.rule === id),
              ),
              `no failing example of ${audit} in tests/unit/workflows/lint-examples.ts gets a ${id} finding`,
            );
          }
        });
      }
    });
  }
});
