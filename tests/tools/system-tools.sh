#!/usr/bin/env bash
# Makes sure the system tools of system-tools.tsv (beside this script) are here
# before any test runs. `npm test` runs it first (pretest), and so does .ci/run.
#
#   bash tests/tools/system-tools.sh          install what is missing with apt-get when
#                                             running as root on Debian or Ubuntu; else, or
#                                             for a PyPI tool, print the exact install
#                                             command and exit 1, before any test runs
#   bash tests/tools/system-tools.sh --check  only report what is missing (exit 1 if any)
set -euo pipefail

list="$(dirname "${BASH_SOURCE[0]}")/system-tools.tsv"
mode="${1:-install}"
if [[ "$mode" != install && "$mode" != --check ]]; then
  echo "usage: bash tests/tools/system-tools.sh [--check]" >&2
  exit 2
fi

missing_apt=()
missing_pip=()
missing_commands=()
find_missing() {
  missing_apt=()
  missing_pip=()
  missing_commands=()
  local command source package
  while IFS=$'\t' read -r command source package _; do
    [[ -z "$command" || "$command" == "#"* ]] && continue
    command -v "$command" >/dev/null 2>&1 && continue
    missing_commands+=("$command")
    case "$source" in
      apt) missing_apt+=("$package") ;;
      pip) missing_pip+=("$package") ;;
      *)
        echo "system-tools.tsv: unknown source '$source' for $command" >&2
        exit 2
        ;;
    esac
  done <"$list"
}
find_missing

debian_like=0
if [[ -r /etc/os-release ]]; then
  # shellcheck disable=SC1091
  family="$(. /etc/os-release && printf ' %s %s ' "${ID:-}" "${ID_LIKE:-}")"
  case "$family" in *" debian "* | *" ubuntu "*) debian_like=1 ;; esac
fi

if [[ "$mode" == install && "${#missing_apt[@]}" -gt 0 && "$debian_like" == 1 && "$(id -u)" == 0 ]]; then
  echo "== installing the missing test tools: ${missing_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  log="$(mktemp)"
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing_apt[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "apt-get could not install ${missing_apt[*]}" >&2
    exit 1
  fi
  rm -f "$log"
  find_missing
fi

[[ "${#missing_commands[@]}" -eq 0 ]] && exit 0

{
  echo "The tests need tools this machine does not have: ${missing_commands[*]}. No test was run."
  if [[ "${#missing_apt[@]}" -gt 0 ]]; then
    if [[ "$debian_like" == 1 ]]; then
      echo "Install them with:"
      echo "  sudo apt-get install -y --no-install-recommends ${missing_apt[*]}"
    else
      echo "They are the Debian/Ubuntu packages ${missing_apt[*]}; the registry tests run Debian's"
      echo "/usr/bin/docker-registry, so on another system run the tests in a Debian or Ubuntu container or VM."
    fi
  fi
  if [[ "${#missing_pip[@]}" -gt 0 ]]; then
    printf -v requirements "'%s' " "${missing_pip[@]}"
    echo "Install the PyPI ones (a virtualenv or pipx keeps them apart) and put them on PATH:"
    echo "  pip install ${requirements% }"
  fi
} >&2
exit 1
