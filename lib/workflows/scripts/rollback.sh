# Rollback: re-points a channel's moving tags at the digest an existing
# version already has, in every repository, without rebuilding. It resolves
# every repository first and changes nothing unless all of them have the
# version, so a typo cannot leave the registries half rolled back.
# Env: CHANNEL, VERSION (the dispatch inputs); per channel <CHANNEL>_VERSION_RE
# (anchored ERE), <CHANNEL>_TAG (the version's image tag template),
# <CHANNEL>_REPOSITORIES and <CHANNEL>_MOVING (space-separated templates),
# <CHANNEL>_EXAMPLE.
# shellcheck disable=SC2153 # VERSION is the dispatch input, version the value without the git tag prefix
version="${VERSION#"$GIT_TAG_PREFIX"}"
case "$CHANNEL" in
  nightly | beta | stable) ;;
  *)
    echo "::error title=Unknown channel::\"$CHANNEL\" is not a release channel"
    exit 1
    ;;
esac
prefix="${CHANNEL^^}"
version_re_var="${prefix}_VERSION_RE" tag_var="${prefix}_TAG" repositories_var="${prefix}_REPOSITORIES"
moving_var="${prefix}_MOVING" example_var="${prefix}_EXAMPLE"
if [[ ! "$version" =~ ${!version_re_var} ]]; then
  echo "::error title=Not a $CHANNEL version::\"$VERSION\" is not a $CHANNEL version such as ${!example_var}; nothing was changed."
  exit 1
fi
tag="$(render "${!tag_var}" "version=$version")"
read -ra repositories <<<"${!repositories_var}"
major="" minor=""
if [[ "$CHANNEL" != nightly ]]; then IFS=' ' read -r major minor _ _ <<<"$(version_parts "$version")"; fi
moving=()
read -ra templates <<<"${!moving_var}"
for template in "${templates[@]}"; do moving+=("$(render "$template" "major=$major" "minor=$minor")"); done
declare -A digests=()
missing=()
for repository in "${repositories[@]}"; do
  digest="$(docker buildx imagetools inspect "$repository:$tag" --format '{{json .Manifest}}' 2>/dev/null | jq -r '.digest // ""' || true)"
  if [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]]; then
    digests["$repository"]="$digest"
  else
    missing+=("$repository:$tag")
  fi
done
if (( ${#missing[@]} > 0 )); then
  echo "::error title=Version not found::$version does not exist in ${missing[*]}; nothing was changed. Roll back only to a version that was published to every registry."
  {
    echo "### Rollback of $CHANNEL refused"
    echo "$version does not exist in:"
    for ref in "${missing[@]}"; do echo "- \`$ref\`"; done
  } >>"$GITHUB_STEP_SUMMARY"
  exit 1
fi
{
  echo "### Rollback of $CHANNEL to $version"
  echo "| tag | digest |"
  echo "| --- | --- |"
} >>"$GITHUB_STEP_SUMMARY"
for repository in "${repositories[@]}"; do
  digest="${digests[$repository]}"
  for moving_tag in "${moving[@]}"; do
    docker buildx imagetools create --tag "$repository:$moving_tag" "$repository@$digest"
    echo "| \`$repository:$moving_tag\` | \`$digest\` |" >>"$GITHUB_STEP_SUMMARY"
  done
done
echo "To keep the next $CHANNEL build from moving the tags forward again, set the repository variable ${prefix}_PIN to $version." >>"$GITHUB_STEP_SUMMARY"
