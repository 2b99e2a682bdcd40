import { parseDeployedAccess } from "../lib/access/deployed";
import { parseDeployedPins } from "../lib/pins/retention";
import { UserError } from "./errors";
import { readJsonFile } from "./user-file";

const FIX = "pass the plan.json an earlier `release-infra plan` wrote (out/plan.json by default)";

/**
 * The outputs of `plan --previous FILE`, which stand in for the last
 * deployment: read and checked before the program runs, with the parsers the
 * program reads the deployment's outputs with, so that a wrong file is a user
 * error naming the file and the fix rather than a failure inside the program.
 *
 * @throws {UserError} when the file cannot be read, is not JSON, or is not a plan.
 */
export function readPreviousOutputs(file: string): Record<string, unknown> {
  const path = `--previous ${file}`;
  const doc = readJsonFile("--previous", file, FIX);
  const outputs = (doc as { outputs?: unknown } | null)?.outputs;
  if (typeof outputs !== "object" || outputs === null || Array.isArray(outputs))
    throw new UserError('has no "outputs" map, so it is not a plan', { path, fix: FIX });
  const record = outputs as Record<string, unknown>;
  // The parsers the program reads the deployment's outputs with (components/program.ts).
  for (const [output, parse] of [
    ["access", parseDeployedAccess],
    ["pins", parseDeployedPins],
  ] as const) {
    try {
      parse(record[output]);
    } catch (err) {
      throw new UserError(`outputs.${output}: ${(err as Error).message}`, { path, fix: FIX, cause: err });
    }
  }
  return record;
}
