/*
 * The test suite's system tools, as tests/tools/system-tools.tsv lists them
 * (the one list: the pretest step, .ci/run, this repository's CI workflow and
 * the README all follow it).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** One tool the tests need besides Node.js and npm. */
export interface SystemTool {
  readonly command: string;
  /** `apt`: a Debian/Ubuntu package; `pip`: a PyPI requirement. */
  readonly source: "apt" | "pip";
  readonly package: string;
  readonly use: string;
}

/** Where the list lives, relative to the repository root. */
export const SYSTEM_TOOLS_FILE = "tests/tools/system-tools.tsv";

/**
 * Parses the list's text.
 * @throws on a line that is not four tab-separated fields with a known source
 */
export function parseSystemTools(text: string): SystemTool[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const [command, source, pkg, use, ...rest] = line.split("\t");
      if (
        command === undefined ||
        pkg === undefined ||
        use === undefined ||
        rest.length > 0 ||
        (source !== "apt" && source !== "pip")
      ) {
        throw new Error(`${SYSTEM_TOOLS_FILE}: not "command<TAB>apt|pip<TAB>package<TAB>use": ${JSON.stringify(line)}`);
      }
      return { command, source, package: pkg, use };
    });
}

/** The list, read from the repository. */
export function systemTools(root = join(__dirname, "..", "..", "..")): SystemTool[] {
  return parseSystemTools(readFileSync(join(root, SYSTEM_TOOLS_FILE), "utf8"));
}

/** The README's table of the list (its `system-tools` section). */
export function systemToolsTable(tools: readonly SystemTool[]): string {
  const rows = tools.map((t) => `| \`${t.command}\` | ${t.source} | \`${t.package}\` | ${t.use} |`);
  return ["| command | from | package | used for |", "|---|---|---|---|", ...rows, ""].join("\n");
}
