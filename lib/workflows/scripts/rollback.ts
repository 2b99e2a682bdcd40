/*
 * The rollback script: re-points a channel's moving tags at the digest an
 * existing version already has, in every repository, without rebuilding. It
 * resolves every repository first and changes nothing unless all of them have
 * the version, so a typo cannot leave the registries half rolled back.
 */
import { IMMUTABLE_TAG_SHAPES, type Channel } from "../../channels";
import { movingTagRules, shapeAsEre } from "../tag-rules";
import { shellQuote, STRICT } from "./shell";

/** What the rollback script needs to know about one channel. */
export interface RollbackChannel {
  readonly channel: Channel;
  /** Image references (ECR and Docker Hub, without tag) the channel publishes. */
  readonly repositories: readonly string[];
}

// The immutable tag shapes that name a version of each channel.
const VERSION_SHAPES: Readonly<Record<Channel, readonly (keyof typeof IMMUTABLE_TAG_SHAPES)[]>> = {
  nightly: ["nightlyVersion", "nightlyDated"],
  beta: ["beta"],
  stable: ["release"],
};

const EXAMPLES: Readonly<Record<Channel, string>> = {
  nightly: "1.5.0-nightly.20261128.ab12cd3 or nightly-20261128",
  beta: "1.5.0-beta.2",
  stable: "1.5.0",
};

function channelCase({ channel, repositories }: RollbackChannel): string {
  const versionRe = VERSION_SHAPES[channel].map((shape) => shapeAsEre(shape)).join("|");
  const moving = movingTagRules(channel).map(({ template }) => `"${template}"`);
  return `  ${channel})
    version_re=${shellQuote(versionRe)}
    example=${shellQuote(EXAMPLES[channel])}
    repositories=(${repositories.map((repository) => shellQuote(repository)).join(" ")})
    moving_tags() { moving=(${moving.join(" ")}); }
    ;;`;
}

/**
 * Env: CHANNEL and VERSION (the dispatch inputs). Fails with a clear message
 * for an unknown channel, a malformed version or a version missing from any
 * repository; otherwise moves the tags and writes what it did to the job summary.
 */
export function rollbackScript(channels: readonly RollbackChannel[]): string {
  return `${STRICT}
version="\${VERSION#v}"
case "$CHANNEL" in
${channels.map((entry) => channelCase(entry)).join("\n")}
  *)
    echo "::error title=Unknown channel::\\"$CHANNEL\\" is not a release channel"
    exit 1
    ;;
esac
if [[ ! "$version" =~ $version_re ]]; then
  echo "::error title=Not a $CHANNEL version::\\"$VERSION\\" is not a $CHANNEL version such as $example; nothing was changed."
  exit 1
fi
IFS=. read -r major minor _ <<<"\${version%%-*}"
moving_tags
declare -A digests=()
missing=()
for repository in "\${repositories[@]}"; do
  digest="$(docker buildx imagetools inspect "$repository:$version" --format '{{json .Manifest}}' 2>/dev/null | jq -r '.digest // ""' || true)"
  if [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]]; then
    digests["$repository"]="$digest"
  else
    missing+=("$repository:$version")
  fi
done
if (( \${#missing[@]} > 0 )); then
  echo "::error title=Version not found::$version does not exist in \${missing[*]}; nothing was changed. Roll back only to a version that was published to every registry."
  {
    echo "### Rollback of $CHANNEL refused"
    echo "$version does not exist in:"
    for ref in "\${missing[@]}"; do echo "- \\\`$ref\\\`"; done
  } >>"$GITHUB_STEP_SUMMARY"
  exit 1
fi
{
  echo "### Rollback of $CHANNEL to $version"
  echo "| tag | digest |"
  echo "| --- | --- |"
} >>"$GITHUB_STEP_SUMMARY"
for repository in "\${repositories[@]}"; do
  digest="\${digests[$repository]}"
  for tag in "\${moving[@]}"; do
    docker buildx imagetools create --tag "$repository:$tag" "$repository@$digest"
    echo "| \\\`$repository:$tag\\\` | \\\`$digest\\\` |" >>"$GITHUB_STEP_SUMMARY"
  done
done
echo "To keep the next $CHANNEL build from moving the tags forward again, set the repository variable \${CHANNEL^^}_PIN to $version." >>"$GITHUB_STEP_SUMMARY"`;
}
