import * as fs from "node:fs";
import { UserError } from "./errors";

/**
 * The JSON of a file the user named with `flag`, or a user error naming the
 * flag and the file: not found, a directory, unreadable, not JSON. `fix` says
 * where such a file comes from.
 */
export function readJsonFile(flag: string, file: string, fix: string): unknown {
  const path = `${flag} ${file}`;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem =
      code === "ENOENT" ? "not found" : code === "EISDIR" ? "is a directory" : `cannot be read (${code ?? "error"})`;
    throw new UserError(problem, { path, fix, cause: err });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UserError(`is not JSON (${(err as Error).message})`, { path, fix, cause: err });
  }
}
