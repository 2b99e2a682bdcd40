import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { criticalPath, NeedsError } from "../../../lib/workflows/stats/critical-path";
import { expandMatrix } from "../../../lib/workflows/stats/matrix";
import { isEmulated, runnerArch } from "../../../lib/workflows/runner-arch";
import { scriptBuilds } from "../../../lib/workflows/stats/script";
import {
  pipelineStats,
  readWorkflow,
  summarizeImages,
  type PipelineStats,
  type WorkflowDoc,
  type WorkflowResolver,
} from "../../../lib/workflows/stats";

import { CHANNELS } from "../../../lib/channels";
import { renderReleaseWorkflows } from "../../../lib/workflows/generate";
import type { ReleaseWorkflowInput } from "../../../lib/workflows/input";
import { SAMPLE_INPUT } from "./fixtures";

const FIXTURES = path.resolve(__dirname, "..", "..", "..", "bench", "fixtures");

const doc = (text: string): WorkflowDoc => readWorkflow(YAML.parse(text), "test.yml");

/** Stats of a workflow given as YAML lines, with local callees by file name. */
function stats(lines: readonly string[], callees: Readonly<Record<string, readonly string[]>> = {}): PipelineStats {
  const resolve: WorkflowResolver = (uses) => {
    const callee = callees[path.basename(uses)];
    return callee === undefined ? undefined : doc(callee.join("\n"));
  };
  return pipelineStats(doc(lines.join("\n")), resolve);
}

/** `platform runner-arch emulated` per build, sorted, for compact assertions. */
const builds = (s: PipelineStats) =>
  s.builds
    .map((b) => `${b.image} ${b.platform} on ${b.runner} (${b.runnerArch})${b.emulated ? " emulated" : ""}`)
    .sort();

function fixtureStats(dir: string, file: string): PipelineStats {
  const read = (name: string) => readWorkflow(YAML.parse(fs.readFileSync(path.join(dir, name), "utf8")), name);
  const resolve: WorkflowResolver = (uses) =>
    fs.existsSync(path.join(dir, path.basename(uses))) ? read(path.basename(uses)) : undefined;
  return pipelineStats(read(file), resolve);
}

describe("workflow stats: matrix expansion", () => {
  it("expands GitHub's documented include example to its six legs", () => {
    const legs = expandMatrix({
      fruit: ["apple", "pear"],
      animal: ["cat", "dog"],
      include: [
        { color: "green" },
        { color: "pink", animal: "cat" },
        { fruit: "apple", shape: "circle" },
        { fruit: "banana" },
        { fruit: "banana", animal: "cat" },
      ],
    });
    assert.deepEqual(legs, [
      { fruit: "apple", animal: "cat", color: "pink", shape: "circle" },
      { fruit: "apple", animal: "dog", color: "green", shape: "circle" },
      { fruit: "pear", animal: "cat", color: "pink" },
      { fruit: "pear", animal: "dog", color: "green" },
      { fruit: "banana" },
      { fruit: "banana", animal: "cat" },
    ]);
  });

  it("removes excluded legs, makes one leg per include when there is no list, and one leg for an expression", () => {
    assert.deepEqual(expandMatrix({ os: ["a", "b"], arch: ["x", "y"], exclude: [{ os: "b", arch: "y" }] }), [
      { os: "a", arch: "x" },
      { os: "a", arch: "y" },
      { os: "b", arch: "x" },
    ]);
    assert.deepEqual(expandMatrix({ include: [{ p: 1 }, { p: 2 }] }), [{ p: 1 }, { p: 2 }]);
    assert.deepEqual(expandMatrix("${{ fromJSON(needs.plan.outputs.matrix) }}"), [{}]);
    assert.deepEqual(expandMatrix(undefined), [{}]);
  });

  it("counts one build per leg, with matrix values resolved in runs-on, platforms and env", () => {
    const s = stats([
      "env: { IMAGE: docker.io/org/app }",
      "jobs:",
      "  build:",
      "    runs-on: ${{ matrix.runner }}",
      "    strategy:",
      "      matrix:",
      "        include:",
      "          - { platform: linux/amd64, runner: ubuntu-24.04 }",
      "          - { platform: linux/arm64, runner: ubuntu-24.04-arm }",
      "    steps:",
      "      - uses: docker/build-push-action@v6",
      "        with: { platforms: '${{ matrix.platform }}', tags: '${{ env.IMAGE }}:latest' }",
    ]);
    assert.deepEqual(builds(s), [
      "app linux/amd64 on ubuntu-24.04 (amd64)",
      "app linux/arm64 on ubuntu-24.04-arm (arm64)",
    ]);
  });
});

describe("workflow stats: runners and emulation", () => {
  it("reads the architecture off the runner labels", () => {
    const cases: [string[], string][] = [
      [["ubuntu-24.04"], "amd64"],
      [["ubuntu-latest"], "amd64"],
      [["ubuntu-24.04-arm"], "arm64"],
      [["ubuntu-22.04-arm"], "arm64"],
      [["windows-11-arm"], "arm64"],
      [["windows-latest"], "amd64"],
      [["macos-latest"], "arm64"],
      [["macos-14-xlarge"], "arm64"],
      [["macos-13"], "amd64"],
      [["self-hosted", "linux", "ARM64"], "arm64"],
      [["self-hosted", "linux", "X64"], "amd64"],
      [["self-hosted"], "unknown"],
      [["farm-runner"], "unknown"],
      [["${{ inputs.runner }}"], "unknown"],
      [[], "unknown"],
    ];
    for (const [labels, arch] of cases) assert.equal(runnerArch(labels), arch, labels.join(","));
  });

  it("calls a build emulated when its platform is not the runner's, on an unknown runner only with QEMU", () => {
    assert.equal(isEmulated("linux/arm64", "amd64", true), true);
    assert.equal(isEmulated("linux/arm64", "arm64", true), false);
    assert.equal(isEmulated("linux/386", "amd64", false), false);
    assert.equal(isEmulated("linux/arm/v7", "arm64", true), true);
    assert.equal(isEmulated("linux/arm64", "unknown", true), true);
    assert.equal(isEmulated("linux/arm64", "unknown", false), false);
  });

  it("counts QEMU builds of one multi-platform step per platform, and builds the runner's own platform without platforms", () => {
    const s = stats([
      "jobs:",
      "  multi:",
      "    runs-on: ubuntu-24.04",
      "    steps:",
      "      - uses: docker/setup-qemu-action@v3",
      "      - uses: docker/build-push-action@v6",
      "        with:",
      "          tags: org/app:1",
      "          platforms: |",
      "            linux/amd64",
      "            linux/arm64",
      "  native:",
      "    runs-on: ubuntu-24.04-arm",
      "    steps:",
      "      - uses: docker/build-push-action@v6",
      "        with: { tags: org/app:1 }",
      "  unknown:",
      "    runs-on: [self-hosted, gpu]",
      "    steps:",
      "      - uses: docker/build-push-action",
      "        with: { tags: org/app:1 }",
    ]);
    assert.deepEqual(builds(s), [
      "app ? on self-hosted, gpu (unknown)",
      "app linux/amd64 on ubuntu-24.04 (amd64)",
      "app linux/arm64 on ubuntu-24.04 (amd64) emulated",
      "app linux/arm64 on ubuntu-24.04-arm (arm64)",
    ]);
    const [app] = summarizeImages(s.builds);
    assert.deepEqual(app!.builds, { "?": 1, "linux/amd64": 1, "linux/arm64": 2 });
    assert.deepEqual(app!.emulated, { "linux/arm64": 1 });
  });
});

describe("workflow stats: reusable workflows", () => {
  const callee = [
    "on:",
    "  workflow_call:",
    "    inputs:",
    "      runner: { type: string, default: ubuntu-24.04 }",
    "      platforms: { type: string, required: true }",
    "jobs:",
    "  prepare: { runs-on: ubuntu-24.04, steps: [{ run: echo }] }",
    "  image:",
    "    needs: prepare",
    "    runs-on: ${{ inputs.runner }}",
    "    steps:",
    "      - uses: docker/build-push-action@v6",
    "        with: { platforms: '${{ inputs.platforms }}', tags: 'org/app:${{ github.sha }}' }",
  ];

  it("resolves a local reusable workflow with its with: inputs and input defaults, per matrix leg of the caller", () => {
    const s = stats(
      [
        "jobs:",
        "  build:",
        "    strategy: { matrix: { arch: [amd64, arm64] } }",
        "    uses: ./.github/workflows/image.yml",
        "    with: { platforms: 'linux/${{ matrix.arch }}' }",
      ],
      { "image.yml": callee },
    );
    assert.deepEqual(builds(s), [
      "app linux/amd64 on ubuntu-24.04 (amd64)",
      "app linux/arm64 on ubuntu-24.04 (amd64) emulated",
    ]);
    assert.deepEqual(
      s.builds.map((b) => b.job),
      ["build/image", "build/image"],
    );
    assert.equal(s.criticalPath, 2);
    assert.deepEqual(s.unresolved, []);
  });

  it("counts a workflow it cannot read as one job with no builds and names it", () => {
    const s = stats([
      "jobs:",
      "  remote: { uses: 'docker/github-builder/.github/workflows/build.yml@v1' }",
      "  missing: { uses: ./.github/workflows/missing.yml, needs: remote }",
    ]);
    assert.deepEqual(s.builds, []);
    assert.equal(s.criticalPath, 2);
    assert.deepEqual(s.unresolved, [
      "docker/github-builder/.github/workflows/build.yml@v1",
      "./.github/workflows/missing.yml",
    ]);
  });
});

describe("workflow stats: critical path", () => {
  it("counts the jobs of the longest needs chain, a called workflow by its own chain", () => {
    assert.equal(criticalPath([]), 0);
    assert.equal(
      criticalPath([
        { id: "plan", needs: [], length: 1 },
        { id: "a", needs: ["plan"], length: 1 },
        { id: "b", needs: ["plan"], length: 3 },
        { id: "merge", needs: ["a", "b"], length: 1 },
        { id: "lone", needs: [], length: 1 },
      ]),
      5,
    );
  });

  it("refuses a cycle and a need that names no job", () => {
    assert.throws(
      () =>
        criticalPath([
          { id: "a", needs: ["b"], length: 1 },
          { id: "b", needs: ["a"], length: 1 },
        ]),
      NeedsError,
    );
    assert.throws(
      () => criticalPath([{ id: "a", needs: ["nope"], length: 1 }]),
      /job a needs nope, which is not a job/,
    );
  });
});

describe("workflow stats: cache and image", () => {
  it("reads the cache type of cache-from and cache-to, a bare reference being registry, and none without", () => {
    const s = stats([
      "jobs:",
      "  gha:",
      "    runs-on: ubuntu-24.04",
      "    steps:",
      "      - uses: docker/build-push-action@v6",
      "        with: { tags: org/a, cache-from: type=gha, cache-to: 'type=gha,mode=max' }",
      "      - uses: docker/build-push-action@v6",
      "        with:",
      "          tags: org/b",
      "          cache-from: |",
      "            org/b:buildcache",
      "            type=local,src=/tmp/cache",
      "      - uses: docker/build-push-action@v6",
      "        with: { tags: org/c }",
    ]);
    assert.deepEqual(
      summarizeImages(s.builds).map((i) => [i.image, i.cache]),
      [
        ["a", ["gha"]],
        ["b", ["local", "registry"]],
        ["c", []],
      ],
    );
  });

  it("names an unnamed build after the single image of its job before the workflow's", () => {
    const s = stats([
      "jobs:",
      "  a: { runs-on: ubuntu-24.04, steps: [{ uses: docker/build-push-action@v6, with: { tags: 'scan.local/a:c' } }, { uses: docker/build-push-action@v6, with: { tags: '${{ steps.refs.outputs.refs }}' } }] }",
      "  b: { runs-on: ubuntu-24.04, steps: [{ uses: docker/build-push-action@v6, with: { tags: 'x/b:1' } }, { uses: docker/build-push-action@v6 }] }",
    ]);
    assert.deepEqual(
      s.builds.map((b) => `${b.job} ${b.image}`),
      ["a a", "a a", "b b", "b b"],
    );
  });

  it("names the image by its repository, else by the workflow's single image, else ?", () => {
    const one = stats([
      "jobs:",
      "  scan: { runs-on: ubuntu-24.04, steps: [{ uses: docker/build-push-action@v6, with: { tags: 'scan.local/cortex:candidate' } }] }",
      "  push: { runs-on: ubuntu-24.04, steps: [{ uses: docker/build-push-action@v6, with: { tags: '${{ steps.refs.outputs.refs }}' } }] }",
    ]);
    assert.deepEqual(
      one.builds.map((b) => b.image),
      ["cortex", "cortex"],
    );
    const two = stats([
      "jobs:",
      "  a: { runs-on: ubuntu-24.04, steps: [{ uses: docker/build-push-action@v6, with: { tags: 'reg:5000/x/a:1' } }] }",
      "  b: { runs-on: ubuntu-24.04, steps: [{ uses: docker/build-push-action@v6, with: { tags: 'x/b@sha256:00' } }] }",
      "  c: { runs-on: ubuntu-24.04, steps: [{ uses: docker/build-push-action@v6 }] }",
    ]);
    assert.deepEqual(
      two.builds.map((b) => b.image),
      ["a", "b", "?"],
    );
  });
});

describe("workflow stats: docker commands in run: scripts", () => {
  it("reads platforms, tags, outputs and caches of docker build and docker buildx build, not imagetools", () => {
    const script = [
      "set -euo pipefail",
      "docker buildx build \\",
      "  --platform linux/amd64,linux/arm64 \\",
      '  -t "ghcr.io/org/app:${VERSION}" --cache-from=type=registry,ref=ghcr.io/org/app:cache \\',
      "  --cache-to type=inline --push .",
      "docker build -t org/tool:1 . && docker buildx imagetools create -t org/app:latest org/app@sha256:00",
      "# docker build -t commented/out .",
    ].join("\n");
    assert.deepEqual(scriptBuilds(script), [
      {
        platforms: ["linux/amd64", "linux/arm64"],
        tags: ["ghcr.io/org/app:${VERSION}"],
        outputs: [],
        cacheFrom: ["type=registry,ref=ghcr.io/org/app:cache"],
        cacheTo: ["type=inline"],
      },
      { platforms: [], tags: ["org/tool:1"], outputs: [], cacheFrom: [], cacheTo: [] },
    ]);
  });

  it("counts a script build per platform on its job's runner, expressions resolved", () => {
    const s = stats([
      "env: { REGISTRY: ghcr.io/org }",
      "jobs:",
      "  build:",
      "    runs-on: ubuntu-24.04",
      "    steps:",
      "      - uses: docker/setup-qemu-action@v3",
      "      - run: docker buildx build --platform=linux/amd64,linux/arm64 -t ${{ env.REGISTRY }}/app:1 --push .",
    ]);
    assert.deepEqual(builds(s), [
      "app linux/amd64 on ubuntu-24.04 (amd64)",
      "app linux/arm64 on ubuntu-24.04 (amd64) emulated",
    ]);
  });
});

describe("workflow stats of the bench fixtures", () => {
  it("Docker's multi-runner example (QEMU form): one build per platform, arm64 under QEMU, critical path 2", () => {
    const s = fixtureStats(path.join(FIXTURES, "docker-multi-runner"), "build.yml");
    assert.deepEqual(builds(s), [
      "my-app linux/amd64 on ubuntu-latest (amd64)",
      "my-app linux/arm64 on ubuntu-latest (amd64) emulated",
    ]);
    assert.equal(s.criticalPath, 2);
    assert.deepEqual(summarizeImages(s.builds)[0]!.cache, []);
  });

  it("Docker's multi-runner example (arm64 runner form): one build per platform, none emulated, critical path 2", () => {
    const s = fixtureStats(path.join(FIXTURES, "docker-multi-runner"), "build-native-arm.yml");
    assert.deepEqual(builds(s), [
      "app linux/amd64 on ubuntu-latest (amd64)",
      "app linux/arm64 on ubuntu-24.04-arm (arm64)",
    ]);
    assert.equal(s.criticalPath, 2);
    assert.deepEqual(s.unresolved, []);
  });

  // Read off the files: each channel calls template-build-docker-x64.yml once, with
  // runs-on ubuntu-latest and no platforms (QEMU is set up but unused), no cache. The
  // longest chains: nightly set-public-provider > build-macos (build-mac > build-universal)
  // > update-latest-version > build-docker-x64 > noti-discord-nightly-and-update-url-readme;
  // beta get-update-version > build-macos (2) > update_release > noti-discord;
  // stable get-update-version > build-macos (2).
  const cortex: [string, number, number][] = [
    ["nightly-build.yml", 6, 5],
    ["beta-build.yml", 5, 4],
    ["stable-build.yml", 3, 4],
  ];
  for (const [file, path_, unread] of cortex) {
    it(`cortex.cpp ${file}: one amd64 build of cortex on ubuntu-latest, no QEMU use, no cache, critical path ${path_}`, () => {
      const s = fixtureStats(path.join(FIXTURES, "cortex.cpp"), file);
      assert.deepEqual(builds(s), ["cortex linux/amd64 on ubuntu-latest (amd64)"]);
      assert.equal(s.builds[0]!.job, "build-docker-x64/build-docker-x64");
      assert.deepEqual(s.builds[0]!.cache, []);
      assert.equal(s.criticalPath, path_);
      assert.equal(s.unresolved.length, unread);
    });
  }
});

describe("workflow stats of the generated release workflows", () => {
  const measure = (input: ReleaseWorkflowInput, channel: string) => {
    const file = renderReleaseWorkflows(input).find((f) => f.path.endsWith(`/release-${channel}.yml`))!;
    return pipelineStats(readWorkflow(YAML.parse(file.content), file.path), () => undefined);
  };

  for (const channel of CHANNELS) {
    it(`${channel}: one build per image and platform, none emulated where a native runner is configured, each with a registry cache`, () => {
      for (const image of summarizeImages(measure(SAMPLE_INPUT, channel).builds)) {
        assert.deepEqual(
          Object.values(image.builds),
          Object.values(image.builds).map(() => 1),
          image.image,
        );
        assert.deepEqual(
          Object.values(image.emulated).filter((n) => n > 0),
          [],
          image.image,
        );
        assert.deepEqual(image.cache, ["registry"], image.image);
      }
    });
  }

  it("counts an emulated build and no cache when arm64 is set to emulate and the cache is off", () => {
    const s = measure({ ...SAMPLE_INPUT, platformRunners: { "linux/arm64": "emulate" }, buildCache: "none" }, "beta");
    const cortex = summarizeImages(s.builds).find((image) => image.image === "cortex")!;
    assert.deepEqual(cortex.emulated, { "linux/arm64": 1 });
    assert.deepEqual(cortex.cache, []);
    // plan, test, build, publish
    assert.equal(s.criticalPath, 4);
  });
});
