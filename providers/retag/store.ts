/**
 * What re-pointing tags needs from a registry, whichever API it speaks: list
 * the tags, read a tag's manifest, and write a manifest under a tag.
 */

/** A manifest exactly as the registry stores it. */
export interface Manifest {
  /** `sha256:<hex>`, as the registry addresses it. */
  readonly digest: string;
  /** OCI image index or manifest, Docker manifest list or image manifest. */
  readonly mediaType: string;
  /** The bytes; re-pointing a tag puts these same bytes under it. */
  readonly body: Buffer;
}

/** One repository in one registry. */
export interface TagStore {
  /** For messages, e.g. `ECR repository cortex/cortex (us-east-1)`. */
  readonly where: string;
  /** Every tag in the repository, all pages of them, in no particular order. */
  list(): Promise<string[]>;
  /** The manifest `tag` points at, or `undefined` when the tag does not exist. */
  get(tag: string): Promise<Manifest | undefined>;
  /**
   * The digest `tag` points at, or `undefined` when the tag does not exist,
   * read without fetching the manifest where the registry allows it (Docker
   * Hub counts a manifest GET as a pull, a HEAD not).
   */
  digest(tag: string): Promise<string | undefined>;
  /** Puts `manifest` under `tag`; returns the digest the registry reports for it. */
  put(tag: string, manifest: Manifest): Promise<string>;
  /** Releases the client. */
  close(): void;
}

/** Media types a retag accepts: every image kind a release pushes, single- or multi-platform. */
export const MANIFEST_MEDIA_TYPES = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
] as const;

/** The registry refused to move a tag because it is immutable there. */
export class ImmutableTagError extends Error {
  constructor(
    readonly where: string,
    readonly tag: string,
    detail: string,
  ) {
    super(
      `${where} refuses to move the tag "${tag}": it is immutable there (${detail}). Only moving tags can be pinned, so either "${tag}" ` +
        `does not belong in the pin's tag list or the repository's tag-immutability settings treat it as a version tag; fix whichever is wrong`,
    );
    this.name = "ImmutableTagError";
  }
}
