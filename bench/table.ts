/** One row of a printed benchmark table. */
export interface Row {
  readonly [column: string]: string | number;
}

/** A Markdown table, columns padded. */
export function table(title: string, rows: readonly Row[]): string {
  const cols = Object.keys(rows[0] ?? {});
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(" | ")} |`;
  return [
    `## ${title}`,
    "",
    line(cols),
    `|${width.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.map((r) => line(cols.map((c) => String(r[c])))),
  ].join("\n");
}
