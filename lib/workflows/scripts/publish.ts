/*
 * Scripts of the publishing jobs: image references for the build, signing by
 * digest and re-pointing moving tags by digest. Re-pointing uses
 * `docker buildx imagetools create`, already on GitHub's runners, rather than
 * crane, whose setup action downloads a binary without checking its checksum.
 */
import { STRICT } from "./shell";

const DIGEST_CHECK = `if [[ ! "$DIGEST" =~ ^sha256:[0-9a-f]{64}$ ]]; then
  echo "::error::the build produced no image digest (got \\"$DIGEST\\")"
  exit 1
fi`;

/**
 * Writes output `refs`: every repository in REPOSITORIES (space-separated)
 * with every tag in TAGS (space-separated), one reference per line.
 */
export function imageRefsScript(): string {
  return `${STRICT}
read -ra repositories <<<"$REPOSITORIES"
read -ra tags <<<"$TAGS"
if (( \${#tags[@]} == 0 )); then
  echo "::error::the plan produced no tags to push"
  exit 1
fi
{
  echo "refs<<REFS_END"
  for repository in "\${repositories[@]}"; do
    for tag in "\${tags[@]}"; do echo "$repository:$tag"; done
  done
  echo "REFS_END"
} >>"$GITHUB_OUTPUT"`;
}

/** Signs DIGEST in every repository of REPOSITORIES with cosign keyless (GitHub OIDC identity). */
export function signScript(): string {
  return `${STRICT}
${DIGEST_CHECK}
read -ra repositories <<<"$REPOSITORIES"
for repository in "\${repositories[@]}"; do
  cosign sign --yes "$repository@$DIGEST"
done`;
}

/**
 * Points every tag in MOVING at DIGEST in every repository of REPOSITORIES,
 * checks that each tag now resolves to DIGEST and lists the moves in the job summary.
 */
export function moveTagsScript(): string {
  return `${STRICT}
${DIGEST_CHECK}
read -ra repositories <<<"$REPOSITORIES"
read -ra moving <<<"$MOVING"
for repository in "\${repositories[@]}"; do
  for tag in "\${moving[@]}"; do
    docker buildx imagetools create --tag "$repository:$tag" "$repository@$DIGEST"
    now="$(docker buildx imagetools inspect "$repository:$tag" --format '{{json .Manifest}}' | jq -r .digest)"
    if [[ "$now" != "$DIGEST" ]]; then
      echo "::error::$repository:$tag points at $now after the move, not $DIGEST"
      exit 1
    fi
    echo "- \\\`$repository:$tag\\\` -> \\\`$DIGEST\\\`" >>"$GITHUB_STEP_SUMMARY"
  done
done`;
}
