# Version arithmetic on digit strings, shared by the plan and rollback
# scripts. Numbers are compared and incremented as text, never with shell
# arithmetic, so a version part of 2^63 or more cannot wrap around; the
# TypeScript twin is lib/channels/model.ts (compareVersions, bigint).
# Env: STABLE_RE and BETA_RE (anchored POSIX EREs of stable and beta
# versions), PRE_PREFIX (what precedes a pre-release number, e.g. "-rc").
export LC_ALL=C

# num_cmp A B: prints -1, 0 or 1 for digit strings without leading zeros.
num_cmp() {
  if (( ${#1} != ${#2} )); then
    if (( ${#1} < ${#2} )); then echo -1; else echo 1; fi
  elif [[ "$1" == "$2" ]]; then
    echo 0
  elif [[ "$1" < "$2" ]]; then
    echo -1
  else
    echo 1
  fi
}

# num_inc N: prints N + 1.
num_inc() {
  local n="$1" out="" digit carry=1 i
  for (( i = ${#n} - 1; i >= 0; i-- )); do
    digit="${n:i:1}"
    if (( carry == 1 )); then
      if [[ "$digit" == 9 ]]; then digit=0; else digit=$(( digit + 1 )); carry=0; fi
    fi
    out="$digit$out"
  done
  if (( carry == 1 )); then out="1$out"; fi
  echo "$out"
}

# version_parts V: prints "major minor patch pre" (pre is "-" for a release).
version_parts() {
  local core="${1%%-*}" major minor patch pre
  IFS=. read -r major minor patch <<<"$core"
  pre="${1#"$core"}"
  pre="${pre#"$PRE_PREFIX"}"
  echo "$major $minor $patch ${pre:--}"
}

# version_cmp A B: prints -1, 0 or 1 in release order (rc10 after rc9,
# a release after its pre-releases).
version_cmp() {
  local a b i c
  read -ra a <<<"$(version_parts "$1")"
  read -ra b <<<"$(version_parts "$2")"
  for i in 0 1 2; do
    c="$(num_cmp "${a[i]}" "${b[i]}")"
    if [[ "$c" != 0 ]]; then echo "$c"; return; fi
  done
  if [[ "${a[3]}" == "${b[3]}" ]]; then echo 0
  elif [[ "${a[3]}" == - ]]; then echo 1
  elif [[ "${b[3]}" == - ]]; then echo -1
  else num_cmp "${a[3]}" "${b[3]}"
  fi
}

# published_versions CHANNEL: the versions of the channel's git tags, one per line.
published_versions() {
  local re tag version
  if [[ "$1" == stable ]]; then re="$STABLE_RE"; else re="$BETA_RE"; fi
  while IFS= read -r tag; do
    [[ "$tag" == "$GIT_TAG_PREFIX"* ]] || continue
    version="${tag#"$GIT_TAG_PREFIX"}"
    if [[ "$version" =~ $re ]]; then echo "$version"; fi
  done < <(git tag --list)
}

# render TEMPLATE NAME=VALUE...: fills in {name} placeholders.
render() {
  local out="$1" pair
  shift
  for pair in "$@"; do out="${out//\{${pair%%=*}\}/${pair#*=}}"; done
  echo "$out"
}
