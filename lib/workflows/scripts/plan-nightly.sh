# Plan of a nightly, image by image, run in a full clone of the dev branch
# after logging in to both registries; lib/channels/release.ts planNightly
# makes the same decisions. Env: GIT_TAG_PREFIX, STABLE_RE, BETA_RE,
# PRE_PREFIX, NIGHTLY_TAGS (templates, one per line; the first is the
# version), COMMIT_TAG (template with {sha}), NIGHTLY_MOVING (space-separated),
# RUN_NUMBER, RUN_OFFSET, PIN, IMAGES (one "id repository..." per line).
# Outputs: version, sha, skip (every image already built), and per image
# skip_<id>, tags_<id>, moving_<id>.
sha="$(git rev-parse HEAD)"
short="${sha:0:7}"
date="$(date -u +%Y%m%d)"
run="$(( RUN_NUMBER + RUN_OFFSET ))"
released="0.0.0"
while IFS= read -r published; do
  [[ -n "$published" ]] || continue
  if [[ "$(version_cmp "$published" "$released")" == 1 ]]; then released="$published"; fi
done < <(published_versions stable)
IFS=' ' read -r r_major r_minor _ _ <<<"$(version_parts "$released")"
next="$r_major.$(num_inc "$r_minor").0"
while IFS= read -r published; do
  [[ -n "$published" ]] || continue
  if [[ "$(version_cmp "${published%%-*}" "$next")" == 1 ]]; then next="${published%%-*}"; fi
done < <(published_versions beta)
values=("released=$released" "next=$next" "date=$date" "sha=$sha" "short=$short" "run=$run")
all=()
while IFS= read -r template; do
  [[ -n "$template" ]] || continue
  all+=("$(render "$template" "${values[@]}")")
done <<<"$NIGHTLY_TAGS"
version="${all[0]}"
commit="$(render "$COMMIT_TAG" "${values[@]}")"
all+=("$commit")
for tag in "${all[@]}"; do
  if (( ${#tag} > 128 )); then
    echo "::error title=Tag too long::$tag is longer than 128 characters; nothing was built."
    exit 1
  fi
done
read -ra moving <<<"$NIGHTLY_MOVING"
if [[ -n "$PIN" ]]; then moving=(); fi
exists() { docker buildx imagetools inspect "$1" >/dev/null 2>&1; }
skip_all=true
{
  echo "version=$version"
  echo "sha=$sha"
} >>"$GITHUB_OUTPUT"
echo "### Nightly plan: \`$version\` from \`$sha\`" >>"$GITHUB_STEP_SUMMARY"
while IFS=' ' read -r id repositories; do
  [[ -n "$id" ]] || continue
  read -ra repos <<<"$repositories"
  built=false
  for repository in "${repos[@]}"; do
    if exists "$repository:$commit"; then built=true; fi
  done
  if [[ "$built" == true ]]; then
    echo "skip_$id=true" >>"$GITHUB_OUTPUT"
    echo "- $id: skipped, $sha is already built (\`$commit\` exists)" >>"$GITHUB_STEP_SUMMARY"
    continue
  fi
  push=()
  for tag in "${all[@]}"; do
    taken=false
    for repository in "${repos[@]}"; do
      if exists "$repository:$tag"; then taken=true; fi
    done
    if [[ "$taken" == false ]]; then
      push+=("$tag")
    elif [[ "$tag" == "$version" ]]; then
      echo "::error title=Nightly version taken::$version already exists for another build of $id; nothing was built. Raise tagScheme.nightly.runOffset or add {short} to the first nightly tag."
      exit 1
    else
      echo "::notice::$tag already exists and is immutable; $id does not push it."
    fi
  done
  skip_all=false
  {
    echo "skip_$id=false"
    echo "tags_$id=${push[*]}"
    echo "moving_$id=${moving[*]}"
  } >>"$GITHUB_OUTPUT"
  echo "- $id: tags \`${push[*]}\`, moving \`${moving[*]:-none}\`" >>"$GITHUB_STEP_SUMMARY"
done <<<"$IMAGES"
echo "skip=$skip_all" >>"$GITHUB_OUTPUT"
if [[ -n "$PIN" ]]; then
  echo "- the channel is pinned to \`$PIN\`: moving tags stay where they are until the pin variable is cleared" >>"$GITHUB_STEP_SUMMARY"
fi
