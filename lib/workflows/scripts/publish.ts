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
 * The publish job's index: checks that every line of DIGESTS (one per
 * platform, from the build jobs) is a digest, creates one image index of
 * SOURCE@<digest> for all of them under every reference in REFS (one per
 * line, both registries: imagetools copies the manifests and blobs a target
 * lacks from SOURCE, docker/buildx commands/imagetools/create.go since v0.9.0,
 * and pushes the same index bytes to every reference)
 * with the ANNOTATIONS (one per line), reads the index digest back from every
 * reference, and writes it to output `digest`. The version tags appear here,
 * after every platform passed its scan.
 */
export function publishIndexScript(): string {
  return `${STRICT}
sources=()
while IFS= read -r digest; do
  if [[ ! "$digest" =~ ^sha256:[0-9a-f]{64}$ ]]; then
    echo "::error::a platform build produced no image digest (got \\"$digest\\"); nothing was tagged"
    exit 1
  fi
  sources+=("$SOURCE@$digest")
done <<<"$DIGESTS"
args=()
while IFS= read -r ref; do
  if [[ -n "$ref" ]]; then args+=(--tag "$ref"); fi
done <<<"$REFS"
while IFS= read -r annotation; do
  if [[ -n "$annotation" ]]; then args+=(--annotation "$annotation"); fi
done <<<"$ANNOTATIONS"
docker buildx imagetools create "\${args[@]}" "\${sources[@]}"
index=""
while IFS= read -r ref; do
  [[ -n "$ref" ]] || continue
  now=""
  # A registry may answer "manifest unknown" just after a push; ask again.
  for attempt in 1 2 3; do
    if now="$(docker buildx imagetools inspect "$ref" --format '{{json .Manifest}}' | jq -r .digest)"; then break; fi
    now=""
    sleep "$(( attempt * 5 ))"
  done
  if [[ ! "$now" =~ ^sha256:[0-9a-f]{64}$ ]]; then
    echo "::error::$ref cannot be read back after the push"
    exit 1
  fi
  if [[ -z "$index" ]]; then
    index="$now"
  elif [[ "$now" != "$index" ]]; then
    echo "::error::$ref points at $now, not $index like the other references"
    exit 1
  fi
  echo "- \\\`$ref\\\` -> \\\`$now\\\`" >>"$GITHUB_STEP_SUMMARY"
done <<<"$REFS"
echo "digest=$index" >>"$GITHUB_OUTPUT"`;
}

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
