/*
 * Stand-ins for git, docker and date so the generated bash scripts can run in
 * tests. State comes from environment variables and a directory that plays
 * the registry: one JSON file per image reference, `{"digest": ..., "annotations": ...}`.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const GIT = `#!/usr/bin/env bash
case "$1" in
  rev-parse) echo "$FAKE_HEAD" ;;
  tag) printf '%s\n' "$FAKE_TAGS" | sed '/^$/d' ;;
  merge-base) [[ "$FAKE_ON_BRANCH" == yes ]] ;;
  *) echo "fake git: unexpected $*" >&2; exit 2 ;;
esac
`;

const DATE = `#!/usr/bin/env bash
echo "$FAKE_DATE"
`;

const DOCKER = `#!/usr/bin/env bash
set -euo pipefail
key() { printf '%s' "$1" | tr '/:@' '___'; }
[[ "$1" == buildx && "$2" == imagetools ]] || { echo "fake docker: unexpected $*" >&2; exit 2; }
command="$3"
shift 3
case "$command" in
  inspect)
    ref=""
    while (( $# > 0 )); do
      case "$1" in --format) shift ;; --raw) ;; *) ref="$1" ;; esac
      shift
    done
    file="$FAKE_REGISTRY/$(key "$ref")"
    [[ -f "$file" ]] || { echo "ERROR: $ref: not found" >&2; exit 1; }
    cat "$file"
    ;;
  create)
    # As buildx documents it: one source and no annotation is a carbon copy
    # (the same digest); otherwise a new index whose digest follows from the
    # sources and annotations, the same for every --tag.
    targets=() sources=() annotations=()
    while (( $# > 0 )); do
      case "$1" in
        --tag) targets+=("$2"); shift 2 ;;
        --annotation) annotations+=("$2"); shift 2 ;;
        -*) echo "fake docker: unexpected flag $1" >&2; exit 2 ;;
        *) [[ "$1" == *@sha256:* ]] || { echo "fake docker: source $1 is not by digest" >&2; exit 2; }; sources+=("$1"); shift ;;
      esac
    done
    (( \${#targets[@]} > 0 && \${#sources[@]} > 0 )) || { echo "fake docker: nothing to create" >&2; exit 2; }
    if (( \${#sources[@]} == 1 && \${#annotations[@]} == 0 )); then
      digest="\${sources[0]##*@}"
    else
      digest="sha256:$(printf '%s\n' "\${sources[@]##*@}" "\${annotations[@]}" | sha256sum | cut -c1-64)"
    fi
    for target in "\${targets[@]}"; do
      echo "create $target \${sources[*]}" >>"$FAKE_REGISTRY/log"
      printf '{"digest":"%s"}' "$digest" >"$FAKE_REGISTRY/$(key "$target")"
    done
    if [[ -n "\${FAKE_TAMPER:-}" ]]; then
      printf '{"digest":"%s"}' "sha256:$(printf 0%.0s {1..64})" >"$FAKE_REGISTRY/$(key "$FAKE_TAMPER")"
    fi
    ;;
  *) echo "fake docker: unexpected $command" >&2; exit 2 ;;
esac
`;

/** The result of one script run. */
export interface ScriptRun {
  readonly status: number;
  readonly stderr: string;
  readonly stdout: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
  /** `create <target> <source>` lines, in order. */
  readonly creates: string[];
}

/** A sandbox with fake tools on PATH and an empty fake registry. */
export class FakeRunner {
  readonly dir = mkdtempSync(join(tmpdir(), "release-scripts-"));
  private readonly bin = join(this.dir, "bin");
  readonly registry = join(this.dir, "registry");

  /** `realGit`: leave the real git on PATH (the scripts then run in a real repository, the working directory). */
  constructor(readonly options: { readonly realGit?: boolean; readonly cwd?: string } = {}) {
    mkdirSync(this.bin);
    mkdirSync(this.registry);
    const tools = [
      ["docker", DOCKER],
      ["date", DATE],
      ...(options.realGit === true ? [] : [["git", GIT] as const]),
    ] as const;
    for (const [name, text] of tools) {
      writeFileSync(join(this.bin, name), text);
      chmodSync(join(this.bin, name), 0o755);
    }
  }

  /** Puts an image reference in the fake registry. */
  publish(ref: string, digest: string, annotations: Record<string, string> = {}): void {
    writeFileSync(join(this.registry, ref.replaceAll(/[/:@]/g, "_")), JSON.stringify({ digest, annotations }));
  }

  /** Empties the fake registry. */
  reset(): void {
    rmSync(this.registry, { recursive: true, force: true });
    mkdirSync(this.registry);
  }

  /** Runs `script` with bash as a GitHub Actions step would, with `env` added. */
  run(script: string, env: Record<string, string>): ScriptRun {
    const outputFile = join(this.dir, "output");
    const summaryFile = join(this.dir, "summary");
    writeFileSync(outputFile, "");
    writeFileSync(summaryFile, "");
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
      encoding: "utf8",
      ...(this.options.cwd === undefined ? {} : { cwd: this.options.cwd }),
      env: {
        PATH: `${this.bin}:${process.env.PATH ?? ""}`,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        FAKE_REGISTRY: this.registry,
        ...env,
      },
    });
    const log = join(this.registry, "log");
    return {
      status: result.status ?? -1,
      stderr: result.stderr,
      stdout: result.stdout,
      outputs: parseOutputs(readFileSync(outputFile, "utf8")),
      summary: readFileSync(summaryFile, "utf8"),
      creates: existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [],
    };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// GITHUB_OUTPUT lines: `key=value` or `key<<DELIM` ... `DELIM`.
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) {
      outputs[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return outputs;
}
