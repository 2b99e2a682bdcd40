import * as fs from "node:fs";
import * as path from "node:path";

/** Reads files the config names, relative to the project directory; undefined when one cannot be read. */
export function projectFileReader(projectDir: string): (relativePath: string) => string | undefined {
  return (relativePath) => {
    try {
      return fs.readFileSync(path.resolve(projectDir, relativePath), "utf8");
    } catch {
      return undefined;
    }
  };
}
