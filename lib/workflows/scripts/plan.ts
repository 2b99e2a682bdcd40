/*
 * The `plan` job's scripts: which version a build is, which tags it pushes and
 * which moving tags it re-points. Tagged channels read the git tags (fetched
 * by the checkout); nightly also asks the registry whether the commit was
 * already built.
 */
import type { Channel } from "../../channels";
import { immutableTagTemplates, movingTagRules, shapeAsEre } from "../tag-rules";
import { CORE_GT, movingSelection, shellQuote, STRICT } from "./shell";

/** Annotation on each pushed image index naming the built commit; the nightly skip check reads it. */
export const REVISION_ANNOTATION = "org.opencontainers.image.revision";

const STABLE_RE = shellQuote(shapeAsEre("release"));
const BETA_RE = shellQuote(shapeAsEre("beta"));

// Walks the published version tags once and records which scopes hold a higher
// release than ${version}: the facts the moving-tag rules are decided on.
const COMPARE_PUBLISHED = `higher=false higher_major=false higher_minor=false higher_beta=false
# shellcheck disable=SC2034 # every channel reads some of these facts, none reads all
while IFS= read -r published; do
  published="\${published#v}"
  if [[ "$published" =~ $stable_re ]] && core_gt "$published" "$core"; then
    higher=true
    IFS=. read -r p_major p_minor _ <<<"$published"
    if [[ "$p_major" == "$major" ]]; then higher_major=true; fi
    if [[ "$p_major" == "$major" && "$p_minor" == "$minor" ]]; then higher_minor=true; fi
  fi
  if [[ "$published" =~ $beta_re && -n "$beta" ]]; then
    p_core="\${published%%-*}"
    p_beta="\${published##*.}"
    if core_gt "$p_core" "$core" || { [[ "$p_core" == "$core" ]] && (( p_beta > beta )); }; then higher_beta=true; fi
  fi
done < <(git tag --list 'v*')`;

/** Bash array literal of a channel's immutable tags, built from the channel model's templates. */
function immutableTags(channel: Channel): string {
  return `tags=(${immutableTagTemplates(channel)
    .map((template) => `"${template}"`)
    .join(" ")})`;
}

/**
 * Plan of a beta or stable build, run in a full clone checked out at the pushed tag.
 * Env: GIT_TAG (the pushed tag), RELEASE_BRANCH (the branch the tag must be on),
 * PIN (the channel's `<CHANNEL>_PIN` variable). Outputs: version, sha, tags, moving.
 */
export function taggedPlanScript(channel: Exclude<Channel, "nightly">): string {
  const tagShape = channel === "beta" ? shapeAsEre("beta") : shapeAsEre("release");
  const example = channel === "beta" ? "v1.5.0-beta.2" : "v1.5.0";
  return `${STRICT}
${CORE_GT}
tag_re=${shellQuote(`^v${tagShape.slice(1)}`)}
stable_re=${STABLE_RE}
beta_re=${BETA_RE}
if [[ ! "$GIT_TAG" =~ $tag_re ]]; then
  echo "::error title=Not a ${channel} release tag::\\"$GIT_TAG\\" is not a ${channel} tag such as ${example}; nothing was built."
  exit 1
fi
version="\${GIT_TAG#v}"
core="\${version%%-*}"
beta=""
if [[ "$version" == *-* ]]; then beta="\${version##*.}"; fi
IFS=. read -r major minor _ <<<"$core"
if ! git merge-base --is-ancestor HEAD "refs/remotes/origin/$RELEASE_BRANCH"; then
  echo "::error title=Tag not on ${channel} branch::$GIT_TAG points at a commit that is not on $RELEASE_BRANCH; ${channel} releases are tagged on $RELEASE_BRANCH."
  exit 1
fi
${COMPARE_PUBLISHED}
${immutableTags(channel)}
${movingSelection(movingTagRules(channel))}
${OUTPUTS}`;
}

/**
 * Plan of a nightly build, run in a full clone of the dev branch after logging
 * in to ECR. Env: ECR_REPOSITORIES (space-separated image references), PIN.
 * Outputs: version, sha, tags, moving, skip (`true` when every image's moving
 * nightly tag already carries this commit).
 */
export function nightlyPlanScript(): string {
  return `${STRICT}
${CORE_GT}
stable_re=${STABLE_RE}
beta_re=${BETA_RE}
sha="$(git rev-parse HEAD)"
short="\${sha:0:7}"
date="$(date -u +%Y%m%d)"
# The version dev is heading for: the minor after the highest release, or the
# highest beta's version when a beta for a later version has been cut.
released="0.0.0"
while IFS= read -r published; do
  published="\${published#v}"
  if [[ "$published" =~ $stable_re ]] && core_gt "$published" "$released"; then released="$published"; fi
done < <(git tag --list 'v*')
IFS=. read -r r_major r_minor _ <<<"$released"
version="$r_major.$((r_minor + 1)).0"
while IFS= read -r published; do
  published="\${published#v}"
  if [[ "$published" =~ $beta_re ]] && core_gt "\${published%%-*}" "$version"; then version="\${published%%-*}"; fi
done < <(git tag --list 'v*')
read -ra repositories <<<"$ECR_REPOSITORIES"
skip=true
for repository in "\${repositories[@]}"; do
  revision="$(docker buildx imagetools inspect --raw "$repository:nightly" 2>/dev/null | jq -r '.annotations["${REVISION_ANNOTATION}"] // ""' || true)"
  if [[ "$revision" != "$sha" ]]; then skip=false; fi
done
${immutableTags("nightly")}
# An immutable tag that already exists (a second nightly on the same day) cannot
# be pushed again: keep the existing one and push the others.
kept=()
for tag in "\${tags[@]}"; do
  taken=false
  for repository in "\${repositories[@]}"; do
    if docker buildx imagetools inspect "$repository:$tag" >/dev/null 2>&1; then taken=true; fi
  done
  if [[ "$taken" == true ]]; then
    echo "::notice::$tag already exists and is immutable; this build does not push it."
  else
    kept+=("$tag")
  fi
done
tags=("\${kept[@]}")
${movingSelection(movingTagRules("nightly"))}
echo "skip=$skip" >>"$GITHUB_OUTPUT"
if [[ "$skip" == true ]]; then
  echo "Nightly skipped: $sha is already the nightly image." >>"$GITHUB_STEP_SUMMARY"
fi
${OUTPUTS}`;
}

// Shared tail: step outputs and a summary of the plan.
const OUTPUTS = `{
  echo "version=$version"
  echo "sha=$(git rev-parse HEAD)"
  echo "tags=\${tags[*]}"
  echo "moving=\${moving[*]}"
} >>"$GITHUB_OUTPUT"
{
  echo "### Release plan"
  echo "- version: \\\`$version\\\`"
  echo "- tags: \\\`\${tags[*]}\\\`"
  echo "- moving tags: \\\`\${moving[*]:-none}\\\`"
  if [[ -n "$PIN" ]]; then
    echo "- the channel is pinned to \\\`$PIN\\\`: moving tags stay where they are until the pin variable is cleared"
  fi
} >>"$GITHUB_STEP_SUMMARY"`;
