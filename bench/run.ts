// `npm run bench`: prints tables of measured numbers. Not part of the tests.
import { benchPlan, benchProgram, type Row } from "./program";

function table(title: string, rows: readonly Row[]): string {
  const cols = Object.keys(rows[0] ?? {});
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(" | ")} |`;
  return [`## ${title}`, "", line(cols), `|${width.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map((r) => line(cols.map((c) => String(r[c]))))].join("\n");
}

async function main(): Promise<void> {
  process.stdout.write(`${table("Program evaluation under the recording engine", await benchProgram())}\n\n`);
  process.stdout.write(`${table("Offline plan (whole process, Pulumi.prod.yaml)", benchPlan())}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
