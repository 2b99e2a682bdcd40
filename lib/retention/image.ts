/**
 * One image (manifest or image index) in a repository, as the lifecycle
 * evaluator sees it. ECR lifecycle rules act on images, not tags: expiring an
 * image removes all of its tags.
 */
export interface RepositoryImage {
  /** `sha256:<hex>`; unique within the repository. */
  readonly digest: string;
  /** Tags currently on the image; empty when untagged. */
  readonly tags: readonly string[];
  /** When the image was pushed (`imagePushedAt`). */
  readonly pushedAt: Date;
  /**
   * For a per-platform manifest (or attestation manifest) of a multi-arch
   * build: the digests of the image indexes that list it. ECR stores these
   * children as separate, untagged images.
   */
  readonly indexDigests?: readonly string[];
  /** `imageManifestMediaType`, when known. */
  readonly mediaType?: string;
}
