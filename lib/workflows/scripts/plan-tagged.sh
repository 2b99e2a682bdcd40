# Plan of a beta or stable build, run in a full clone checked out at the
# pushed tag; lib/channels/release.ts planTaggedRelease makes the same
# decisions. Env: CHANNEL, GIT_TAG, PIN (the channel's pin variable),
# RELEASE_BRANCHES (the default branch, then patterns such as release-*),
# GIT_TAG_PREFIX, STABLE_RE, BETA_RE, PRE_PREFIX, VERSION_TAG (the image tag
# template), MOVING_RULES (one "scope template" per line), EXAMPLE.
# Outputs: version, sha, tags, moving.
if [[ "$GIT_TAG" != "$GIT_TAG_PREFIX"* ]]; then version=""; else version="${GIT_TAG#"$GIT_TAG_PREFIX"}"; fi
if [[ "$CHANNEL" == stable ]]; then version_re="$STABLE_RE"; else version_re="$BETA_RE"; fi
if [[ -z "$version" || ! "$version" =~ $version_re ]]; then
  echo "::error title=Not a $CHANNEL release tag::\"$GIT_TAG\" is not a $CHANNEL tag such as $EXAMPLE; nothing was built."
  exit 1
fi
on_branch=false
read -ra patterns <<<"$RELEASE_BRANCHES"
while IFS= read -r branch; do
  for pattern in "${patterns[@]}"; do
    # shellcheck disable=SC2053 # the pattern is a glob on purpose
    if [[ "$branch" == $pattern ]] && git merge-base --is-ancestor HEAD "refs/remotes/origin/$branch"; then on_branch=true; fi
  done
done < <(git for-each-ref --format='%(refname:lstrip=3)' refs/remotes/origin/)
if [[ "$on_branch" != true ]]; then
  echo "::error title=Tag not on $CHANNEL branch::$GIT_TAG points at a commit that is not on a $CHANNEL release branch ($RELEASE_BRANCHES); nothing was built."
  exit 1
fi
tags=("$(render "$VERSION_TAG" "version=$version")")
if (( ${#tags[0]} > 128 )); then
  echo "::error title=Tag too long::${tags[0]} is longer than 128 characters; nothing was built."
  exit 1
fi
IFS=' ' read -r major minor _ _ <<<"$(version_parts "$version")"
higher=false higher_major=false higher_minor=false
while IFS= read -r published; do
  [[ -n "$published" ]] || continue
  if [[ "$(version_cmp "$published" "$version")" == 1 ]]; then
    higher=true
    IFS=' ' read -r p_major p_minor _ _ <<<"$(version_parts "$published")"
    if [[ "$p_major" == "$major" ]]; then higher_major=true; fi
    if [[ "$p_major" == "$major" && "$p_minor" == "$minor" ]]; then higher_minor=true; fi
  fi
done < <(published_versions "$CHANNEL")
# The tags a pin holds: the ones a rollback to the pinned version points at it.
held=()
if [[ -n "$PIN" ]]; then
  pin_major="" pin_minor=""
  if [[ "$PIN" =~ $version_re ]]; then IFS=' ' read -r pin_major pin_minor _ _ <<<"$(version_parts "$PIN")"; fi
  while IFS=' ' read -r _ template; do
    [[ -n "$template" ]] || continue
    if [[ -z "$pin_major" ]]; then held+=("$template"); else held+=("$(render "$template" "major=$pin_major" "minor=$pin_minor")"); fi
  done <<<"$MOVING_RULES"
fi
moving=()
pinned=()
while IFS=' ' read -r scope template; do
  [[ -n "$template" ]] || continue
  case "$scope" in
    always) follows=true ;;
    highest) follows="$([[ "$higher" == false ]] && echo true || echo false)" ;;
    highest-major) follows="$([[ "$higher_major" == false ]] && echo true || echo false)" ;;
    highest-minor) follows="$([[ "$higher_minor" == false ]] && echo true || echo false)" ;;
    *) echo "::error::unknown moving scope $scope"; exit 1 ;;
  esac
  [[ "$follows" == true ]] || continue
  tag="$(render "$template" "major=$major" "minor=$minor")"
  is_held=false
  for h in "${held[@]}"; do if [[ "$h" == "$tag" ]]; then is_held=true; fi; done
  if [[ "$is_held" == true ]]; then pinned+=("$tag"); else moving+=("$tag"); fi
done <<<"$MOVING_RULES"
{
  echo "version=$version"
  echo "sha=$(git rev-parse HEAD)"
  echo "tags=${tags[*]}"
  echo "moving=${moving[*]}"
} >>"$GITHUB_OUTPUT"
{
  echo "### Release plan"
  echo "- version: \`$version\`"
  echo "- tags: \`${tags[*]}\`"
  echo "- moving tags: \`${moving[*]:-none}\`"
  if (( ${#pinned[@]} > 0 )); then
    echo "- held by the pin \`$PIN\` until the pin variable is cleared: \`${pinned[*]}\`"
  fi
} >>"$GITHUB_STEP_SUMMARY"
