import { RetentionError } from "./errors";
import type { RepositoryImage } from "./image";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads the output of `aws ecr describe-images --output json` (the JSON text, or
 * the value it parses to)
 * into images for the evaluator. `imagePushedAt` may be an ISO 8601 string or
 * epoch seconds (the CLI prints either, depending on its `cli_timestamp_format`).
 * The output does not say which manifests an index lists, so `indexDigests`
 * stays unset; add it from `batch-get-image` when evaluating untagged rules.
 *
 * @throws {RetentionError} naming the offending path, e.g. `imageDetails[2].imageDigest`.
 */
export function parseDescribeImages(json: unknown): RepositoryImage[] {
  let doc: unknown = json;
  if (typeof json === "string") {
    try {
      doc = JSON.parse(json);
    } catch (e) {
      throw new RetentionError(
        "describe-images",
        `is not JSON (${(e as Error).message}); run aws ecr describe-images --output json`,
      );
    }
  }
  if (!isObj(doc) || !Array.isArray(doc.imageDetails)) {
    throw new RetentionError(
      "imageDetails",
      "is missing; expected the object printed by aws ecr describe-images --output json",
    );
  }
  const seen = new Set<string>();
  return doc.imageDetails.map((detail: unknown, i) => {
    const at = `imageDetails[${i}]`;
    if (!isObj(detail)) throw new RetentionError(at, "must be an object");
    const digest = detail.imageDigest;
    if (typeof digest !== "string" || !/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(digest)) {
      throw new RetentionError(
        `${at}.imageDigest`,
        `must be a digest like "sha256:<hex>", got ${JSON.stringify(digest)}`,
      );
    }
    if (seen.has(digest))
      throw new RetentionError(`${at}.imageDigest`, `${digest} appears twice; pass one page set without duplicates`);
    seen.add(digest);
    const tags = detail.imageTags ?? [];
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === "string" && t.length > 0)) {
      throw new RetentionError(`${at}.imageTags`, "must be a list of tag strings when present");
    }
    const pushedAt = parseTime(detail.imagePushedAt, `${at}.imagePushedAt`);
    const image: RepositoryImage = { digest, tags: tags as string[], pushedAt };
    return typeof detail.imageManifestMediaType === "string"
      ? { ...image, mediaType: detail.imageManifestMediaType }
      : image;
  });
}

function parseTime(v: unknown, path: string): Date {
  if (typeof v === "number" && Number.isFinite(v) && v >= 0) return new Date(v * 1000);
  // Require a date and a time with an explicit zone: a zoneless time would be read in local time.
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
    const d = new Date(v);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new RetentionError(
    path,
    `must be an ISO 8601 time with a zone ("2026-11-28T03:17:00+00:00") or epoch seconds, got ${v === undefined ? "nothing" : JSON.stringify(v)}`,
  );
}
