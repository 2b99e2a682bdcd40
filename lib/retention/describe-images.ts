import { UserError } from "../errors";
import type { RepositoryImage } from "./image";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads the output of `aws ecr describe-images --output json`, as parsed JSON,
 * into images for the evaluator. `imagePushedAt` may be an ISO 8601 string or
 * epoch seconds (the CLI prints either, depending on its `cli_timestamp_format`).
 * The output does not say which manifests an index lists, so `indexDigests`
 * stays unset; add it from `batch-get-image` when evaluating untagged rules.
 *
 * @throws {UserError} naming the offending path, e.g. `imageDetails[2].imageDigest`.
 */
export function parseDescribeImages(doc: unknown): RepositoryImage[] {
  if (!isObj(doc) || !Array.isArray(doc.imageDetails)) {
    throw new UserError("is missing", {
      path: "imageDetails",
      fix: "pass the object `aws ecr describe-images --repository-name <name> --output json` prints",
    });
  }
  const seen = new Set<string>();
  return doc.imageDetails.map((detail: unknown, i) => {
    const at = `imageDetails[${i}]`;
    if (!isObj(detail)) throw new UserError("must be an object", { path: at });
    const digest = detail.imageDigest;
    if (typeof digest !== "string" || !/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(digest)) {
      throw new UserError(`must be a digest like "sha256:<hex>", got ${JSON.stringify(digest)}`, {
        path: `${at}.imageDigest`,
      });
    }
    if (seen.has(digest))
      throw new UserError(`${digest} appears twice; pass one page set without duplicates`, {
        path: `${at}.imageDigest`,
      });
    seen.add(digest);
    const tags = detail.imageTags ?? [];
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === "string" && t.length > 0)) {
      throw new UserError("must be a list of tag strings when present", { path: `${at}.imageTags` });
    }
    const pushedAt = parseTime(detail.imagePushedAt, `${at}.imagePushedAt`);
    const image: RepositoryImage = { digest, tags: tags as string[], pushedAt };
    return typeof detail.imageManifestMediaType === "string"
      ? { ...image, mediaType: detail.imageManifestMediaType }
      : image;
  });
}

function parseTime(v: unknown, path: string): Date {
  // Require a date and a time with an explicit zone: a zoneless time would be read in local time.
  const d =
    typeof v === "number" && v >= 0
      ? new Date(v * 1000)
      : typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)
        ? new Date(v)
        : undefined;
  if (d !== undefined && !Number.isNaN(d.getTime())) return d;
  throw new UserError(
    `must be an ISO 8601 time with a zone ("2026-11-28T03:17:00+00:00") or epoch seconds, got ${v === undefined ? "nothing" : JSON.stringify(v)}`,
    { path },
  );
}
