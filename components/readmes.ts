import * as fs from "node:fs";
import * as path from "node:path";
import { configPath, type ConfigProblem } from "../lib/config/problems";
import type { ReleaseConfig } from "../lib/config/schema";

/**
 * Reads each image's `readme` (the Docker Hub overview), relative to the
 * project directory. Files are read before anything is registered, so a
 * missing one is a config problem like any other.
 */
export function readReadmes(
  config: ReleaseConfig,
  projectDir: string,
): { readmes: Record<string, string>; problems: ConfigProblem[] } {
  const readmes: Record<string, string> = {};
  const problems: ConfigProblem[] = [];
  config.images.forEach((image, i) => {
    if (image.readme === undefined) return;
    const file = path.resolve(projectDir, image.readme);
    try {
      readmes[image.name] = fs.readFileSync(file, "utf8");
    } catch {
      problems.push({
        path: configPath("images", [i, "readme"]),
        message: `${JSON.stringify(image.readme)} cannot be read (looked for ${file}); give a Markdown file in this repository, relative to Pulumi.yaml`,
      });
    }
  });
  return { readmes, problems };
}
