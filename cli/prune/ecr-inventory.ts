/*
 * Reads an ECR repository for the orphan prune: every image, and the manifests
 * each image index lists. Every call goes through EcrCalls so the prune can
 * report how many calls of each operation it made.
 */
import {
  BatchDeleteImageCommand,
  BatchGetImageCommand,
  DescribeImagesCommand,
  type BatchDeleteImageCommandInput,
  type BatchDeleteImageCommandOutput,
  type BatchGetImageCommandInput,
  type BatchGetImageCommandOutput,
  type DescribeImagesCommandInput,
  type DescribeImagesCommandOutput,
  type ECRClient,
} from "@aws-sdk/client-ecr";
import { IMAGE_INDEX_MEDIA_TYPES, isImageIndexMediaType, type StoredImage } from "../../lib/retention/orphans";

/**
 * Most image ids one BatchGetImage or BatchDeleteImage call takes
 * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchGetImage.html,
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchDeleteImage.html).
 */
export const ECR_BATCH_LIMIT = 100;

/** Largest DescribeImages page (1 to 1000; https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html). */
const DESCRIBE_PAGE_SIZE = 1000;

/** The ECR operations the prune uses, each counted. */
export class EcrCalls {
  private readonly counts = new Map<string, number>();

  constructor(private readonly client: ECRClient) {}

  describeImages(input: DescribeImagesCommandInput): Promise<DescribeImagesCommandOutput> {
    this.count("DescribeImages");
    return this.client.send(new DescribeImagesCommand(input));
  }

  batchGetImage(input: BatchGetImageCommandInput): Promise<BatchGetImageCommandOutput> {
    this.count("BatchGetImage");
    return this.client.send(new BatchGetImageCommand(input));
  }

  batchDeleteImage(input: BatchDeleteImageCommandInput): Promise<BatchDeleteImageCommandOutput> {
    this.count("BatchDeleteImage");
    return this.client.send(new BatchDeleteImageCommand(input));
  }

  /** Calls made so far, by operation name, in name order. */
  byOperation(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  private count(operation: string): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }
}

/** A stored image with the size the summary adds up. */
export interface EcrImage extends StoredImage {
  /** `imageSizeInBytes`: ECR's figure, which counts layers shared with other images. */
  readonly sizeInBytes?: number;
}

/** Which repository (and registry) to read. */
export interface RepositoryRef {
  readonly repositoryName: string;
  /** The account of the registry; the credentials' own when unset. */
  readonly registryId?: string;
}

/**
 * Lists every image of a repository, following `nextToken` to the last page.
 * `imageStatus: ANY` includes archived images: an archived index still lists
 * its children and must keep them (by default DescribeImages returns only
 * ACTIVE images).
 */
export async function listImages(calls: EcrCalls, repo: RepositoryRef, now: Date): Promise<EcrImage[]> {
  const images: EcrImage[] = [];
  let nextToken: string | undefined;
  do {
    const page = await calls.describeImages({
      ...repo,
      maxResults: DESCRIBE_PAGE_SIZE,
      filter: { tagStatus: "ANY", imageStatus: "ANY" },
      ...(nextToken !== undefined ? { nextToken } : {}),
    });
    for (const detail of page.imageDetails ?? []) {
      if (detail.imageDigest === undefined) continue;
      images.push({
        digest: detail.imageDigest,
        tags: detail.imageTags ?? [],
        // ECR always reports the push time; were it missing, "just pushed" keeps the image.
        pushedAt: detail.imagePushedAt ?? now,
        ...(detail.imageManifestMediaType !== undefined ? { mediaType: detail.imageManifestMediaType } : {}),
        ...(detail.subjectManifestDigest !== undefined ? { subjectDigest: detail.subjectManifestDigest } : {}),
        ...(detail.imageStatus !== undefined ? { status: detail.imageStatus } : {}),
        ...(detail.imageSizeInBytes !== undefined ? { sizeInBytes: detail.imageSizeInBytes } : {}),
      });
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined && nextToken !== "");
  return images;
}

/** The manifests each readable index lists, and why the others could not be read. */
export interface IndexChildren {
  readonly children: Map<string, string[]>;
  /** One line per index that could not be read. */
  readonly problems: string[];
}

/**
 * Reads the manifest of every image index among `images`, in batches of
 * {@link ECR_BATCH_LIMIT}, and returns the digests each lists: per-platform
 * manifests and BuildKit's attestation manifests alike
 * (https://docs.docker.com/build/metadata/attestations/attestation-storage/).
 * `acceptedMediaTypes` names both index types so ECR returns the index as
 * stored rather than refusing or converting it.
 */
export async function readIndexChildren(
  calls: EcrCalls,
  repo: RepositoryRef,
  images: readonly EcrImage[],
): Promise<IndexChildren> {
  const indexes = images.filter((img) => isImageIndexMediaType(img.mediaType)).map((img) => img.digest);
  const children = new Map<string, string[]>();
  const problems: string[] = [];
  for (let start = 0; start < indexes.length; start += ECR_BATCH_LIMIT) {
    const batch = indexes.slice(start, start + ECR_BATCH_LIMIT);
    const { images: found = [], failures = [] } = await calls.batchGetImage({
      ...repo,
      imageIds: batch.map((imageDigest) => ({ imageDigest })),
      acceptedMediaTypes: [...IMAGE_INDEX_MEDIA_TYPES],
    });
    for (const image of found) {
      const digest = image.imageId?.imageDigest;
      if (digest === undefined || !batch.includes(digest)) continue;
      const listed = listedDigests(image.imageManifest);
      if (listed === undefined) problems.push(`${digest}: its manifest is not an image index (no "manifests" list)`);
      else children.set(digest, listed);
    }
    for (const failure of failures) {
      problems.push(
        `${failure.imageId?.imageDigest ?? "an index"}: ${failure.failureCode ?? "failure"} ${failure.failureReason ?? ""}`.trimEnd(),
      );
    }
  }
  for (const digest of indexes) {
    if (!children.has(digest) && !problems.some((p) => p.startsWith(digest)))
      problems.push(`${digest}: BatchGetImage returned neither the manifest nor a failure`);
  }
  return { children, problems };
}

/** The `manifests[].digest` of an image index manifest, or undefined when the text is not one. */
function listedDigests(manifest: string | undefined): string[] | undefined {
  if (manifest === undefined) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(manifest);
  } catch {
    return undefined;
  }
  if (typeof doc !== "object" || doc === null || !("manifests" in doc) || !Array.isArray(doc.manifests))
    return undefined;
  const digests: string[] = [];
  for (const entry of doc.manifests as unknown[]) {
    if (typeof entry !== "object" || entry === null || !("digest" in entry) || typeof entry.digest !== "string")
      return undefined;
    digests.push(entry.digest);
  }
  return digests;
}
