/**
 * ECR through the AWS SDK: ListImages lists the tags, BatchGetImage reads a
 * tag's manifest and media type, PutImage writes the same manifest under another tag. No image is
 * pulled or pushed (reference: ecr-lifecycle.md, "Retag without pulling").
 *
 * Credentials and endpoint come from the SDK's default chain (environment,
 * profile, web identity, instance role; `AWS_ENDPOINT_URL_ECR` for another
 * endpoint), never from resource inputs.
 */
import { BatchGetImageCommand, ECRClient, paginateListImages, PutImageCommand } from "@aws-sdk/client-ecr";
import { ecrRepositoryWhere } from "../../lib/pins/messages";
import { ImmutableTagError, MANIFEST_MEDIA_TYPES, type Manifest, type TagStore } from "./store";

const errorName = (error: unknown): string => (error instanceof Error ? error.name : "");

/** A repository in an ECR registry. */
export function ecrStore(
  location: { readonly region: string; readonly registryId: string },
  repositoryName: string,
): TagStore {
  const client = new ECRClient({ region: location.region });
  const where = ecrRepositoryWhere(location, repositoryName);
  const { registryId } = location;

  async function list(): Promise<string[]> {
    const tags: string[] = [];
    for await (const page of paginateListImages(
      { client, pageSize: 1000 },
      { registryId, repositoryName, filter: { tagStatus: "TAGGED" } },
    )) {
      for (const id of page.imageIds ?? []) if (id.imageTag !== undefined) tags.push(id.imageTag);
    }
    return tags;
  }

  async function get(tag: string): Promise<Manifest | undefined> {
    const { images = [], failures = [] } = await client.send(
      new BatchGetImageCommand({
        registryId,
        repositoryName,
        imageIds: [{ imageTag: tag }],
        acceptedMediaTypes: [...MANIFEST_MEDIA_TYPES],
      }),
    );
    const image = images[0];
    if (image?.imageManifest !== undefined && image.imageId?.imageDigest !== undefined) {
      return {
        digest: image.imageId.imageDigest,
        mediaType: image.imageManifestMediaType ?? "",
        body: Buffer.from(image.imageManifest, "utf8"),
      };
    }
    const failure = failures[0];
    if (
      failure === undefined ||
      failure.failureCode === "ImageNotFound" ||
      failure.failureCode === "ImageTagDoesNotMatchDigest"
    )
      return undefined;
    throw new Error(
      `${where}: reading the tag "${tag}" failed: ${failure.failureCode ?? "unknown failure"}: ${failure.failureReason ?? ""}`,
    );
  }

  async function put(tag: string, manifest: Manifest): Promise<string> {
    try {
      const { image } = await client.send(
        new PutImageCommand({
          registryId,
          repositoryName,
          imageTag: tag,
          imageManifest: manifest.body.toString("utf8"),
          imageManifestMediaType: manifest.mediaType,
        }),
      );
      return image?.imageId?.imageDigest ?? "";
    } catch (error) {
      if (errorName(error) === "ImageTagAlreadyExistsException")
        throw new ImmutableTagError(where, tag, "ImageTagAlreadyExistsException");
      // ECR answers ImageAlreadyExistsException when the tag is already on this
      // very image; the caller skips those, so seeing it here means the tag
      // moved meanwhile, or the tag is immutable (moto, the ECR emulator the
      // tests use, reports an immutable tag this way). Either way, report what it holds.
      if (errorName(error) === "ImageAlreadyExistsException") {
        const now = await get(tag);
        if (now?.digest === manifest.digest) return now.digest;
        throw new ImmutableTagError(
          where,
          tag,
          `ImageAlreadyExistsException; it still points at ${now?.digest ?? "nothing"}`,
        );
      }
      throw error;
    }
  }

  return {
    where,
    list,
    get,
    digest: async (tag) => (await get(tag))?.digest,
    put,
    close: () => {
      client.destroy();
    },
  };
}
