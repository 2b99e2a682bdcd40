/*
 * The words a refused pin is reported in, written once: the retag provider
 * says them at `pulumi up` (providers/retag/operations.ts) and the program
 * says the same at `pulumi preview`, from what the registry reads found
 * (lib/registries/reads.ts), so both name the repository and the fix alike.
 */

/** How messages name an ECR repository: `ECR repository cortex/cortex (111122223333, us-east-1)`. */
export function ecrRepositoryWhere(
  location: { readonly region: string; readonly registryId: string },
  repository: string,
): string {
  return `ECR repository ${repository} (${location.registryId}, ${location.region})`;
}

/** How messages name a repository of an OCI registry: `registry registry-1.docker.io, repository menloltd/cortex`. */
export function ociRepositoryWhere(baseUrl: string, repository: string): string {
  return `registry ${new URL(baseUrl).host}, repository ${repository}`;
}

/** The pin's version is not in the repository: nothing to point its moving tags at. */
export function missingPinTargetMessage(where: string, sourceTag: string, tags: readonly string[]): string {
  return (
    `${where} has no image tagged ${sourceTag}, so ${tags.join(", ")} cannot be pointed at it; nothing was changed. ` +
    `Pin a version that was published to every registry (or one retention has not removed).`
  );
}

/** The pin judged against the repository's tags was refused (a `PinError`'s message). */
export function refusedPinMessage(where: string, reason: string): string {
  return `${where}: ${reason}; nothing was changed`;
}
