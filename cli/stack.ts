import * as fs from "node:fs";
import * as path from "node:path";
import { formatProblems, parseConfigMap, type ReleaseConfig } from "../lib/config";
import { parseStackFile, type StackConfigMap } from "../lib/plan/stack-config";
import { UserError } from "./errors";

function stacksIn(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
      .filter((s): s is string => s !== undefined);
  } catch {
    return [];
  }
}

/** `Pulumi.<stack>.yaml` in `dir` as the engine's config map; a missing file names the stacks there. */
export function readStackConfigMap(dir: string, stack: string): StackConfigMap {
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new UserError(
      `no stack file Pulumi.${stack}.yaml in ${dir}; stacks here: ${stacksIn(dir).join(", ") || "none"}`,
    );
  }
  try {
    return parseStackFile(text, path.basename(file));
  } catch (err) {
    throw new UserError((err as Error).message, { cause: err });
  }
}

/** The validated config of a stack, or a UserError listing every problem. */
export function loadStackConfig(dir: string, stack: string): ReleaseConfig {
  const { config, secretKeys } = readStackConfigMap(dir, stack);
  const loaded = parseConfigMap(config, secretKeys);
  if (!loaded.ok) throw new UserError(formatProblems(loaded.problems));
  return loaded.config;
}
