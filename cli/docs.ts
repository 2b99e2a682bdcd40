/*
 * `npm run docs`: rewrites the generated sections of README.md from their
 * sources (lib/docs/readme.ts). `--check` only says whether they are current.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readmeSections } from "../lib/docs/readme";
import { writeSections } from "../lib/docs/sections";

const root = join(__dirname, "..");
const file = join(root, "README.md");
const current = readFileSync(file, "utf8");
const generated = writeSections(current, readmeSections(root));
if (process.argv.includes("--check")) {
  if (generated !== current) {
    console.error("README.md's generated sections are out of date: run npm run docs");
    process.exitCode = 1;
  }
} else if (generated !== current) {
  writeFileSync(file, generated);
  console.log("README.md: generated sections rewritten");
}
