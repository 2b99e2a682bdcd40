/*
 * `npm run docs`: rewrites the generated sections of README.md and
 * Pulumi.yaml from their sources (lib/docs/documents.ts). `--check` only says
 * whether they are current.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generatedDocuments } from "../lib/docs/documents";
import { writeSections } from "../lib/docs/sections";

const root = join(__dirname, "..");
const check = process.argv.includes("--check");
for (const document of generatedDocuments(root)) {
  const file = join(root, document.file);
  const current = readFileSync(file, "utf8");
  const generated = writeSections(current, document.sections, document.syntax);
  if (generated === current) continue;
  if (check) {
    console.error(`${document.file}'s generated sections are out of date: run npm run docs`);
    process.exitCode = 1;
  } else {
    writeFileSync(file, generated);
    console.log(`${document.file}: generated sections rewritten`);
  }
}
