/*
 * The values of a build's inputs (docker/build-push-action) or flags (buildx)
 * that the statistics read: the image repository of its tags and outputs, and
 * the type of its cache.
 * https://github.com/docker/build-push-action#inputs
 * https://docs.docker.com/build/cache/backends/
 */
import { isResolved } from "./expressions";

/** The items of a list input: comma or newline separated, trimmed. */
export function listItems(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** The items of a newline-separated input whose lines are CSV (`outputs`, `cache-from`). */
export function csvLines(value: string | undefined): string[] {
  return (value ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** The fields of one buildx CSV value such as `type=image,"name=a,b",push=true`. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) {
      fields.push(field);
      field = "";
    } else field += c;
  }
  fields.push(field);
  return fields.map((f) => f.trim()).filter((f) => f !== "");
}

/** The image names of an output value: its `name=` field, itself a comma list. */
export function outputNames(line: string): string[] {
  return csvFields(line)
    .filter((field) => field.startsWith("name="))
    .flatMap((field) => listItems(field.slice("name=".length)));
}

/**
 * The repository name of an image reference: its last path segment without tag
 * or digest (`docker.io/menloltd/cortex:1.0` is `cortex`); undefined when that
 * part is an unresolved expression.
 */
export function repositoryName(ref: string): string | undefined {
  const withoutDigest = ref.split("@")[0]!;
  const last = withoutDigest.slice(withoutDigest.lastIndexOf("/") + 1);
  const name = last.split(":")[0]!.trim();
  return name !== "" && isResolved(name) && !name.includes("}}") ? name : undefined;
}

/**
 * The cache backend of a `cache-from` / `cache-to` value: its `type=` field, or
 * `registry` for a bare reference (buildx's shorthand), `?` when unresolved.
 */
export function cacheType(line: string): string {
  const type = csvFields(line).find((field) => field.startsWith("type="));
  if (type !== undefined) return type.slice("type=".length);
  return isResolved(line) ? "registry" : "?";
}
