// Release pipeline shape per workflow run (issue "release pipeline speed"): image
// builds per platform, builds under QEMU, the longest `needs` chain and the build
// cache, for this project's generated workflows and for the workflows of
// bench/fixtures (see each directory's header or SOURCE.md for where they are from).
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { CHANNELS, type Channel } from "../lib/channels";
import { parseConfigMap } from "../lib/config";
import { parseStackFile } from "../lib/plan";
import { planEcr } from "../lib/registries/ecr";
import { workflowInput } from "../lib/registries/workflows";
import { renderReleaseWorkflows } from "../lib/workflows/generate";
import type { ReleaseWorkflowInput } from "../lib/workflows/input";
import {
  maxCount,
  pipelineStats,
  readWorkflow,
  summarizeImages,
  totalCount,
  type PlatformCounts,
  type WorkflowDoc,
  type WorkflowResolver,
} from "../lib/workflows/stats";
import { SAMPLE_INPUT } from "../tests/unit/workflows/fixtures";
import type { Row } from "./table";

const ROOT = path.resolve(__dirname, "..");
const FIXTURES = path.join(__dirname, "fixtures");

/** One workflow file to measure. */
interface Source {
  readonly source: string;
  readonly channel: string;
  readonly workflow: WorkflowDoc;
  readonly resolve: WorkflowResolver;
}

/** One row per source, channel and image. */
export function benchPipeline(): Row[] {
  return [...generated(), ...before(), ...cortexCpp(), ...dockerExample()].flatMap(rows);
}

function rows({ source, channel, workflow, resolve }: Source): Row[] {
  const stats = pipelineStats(workflow, resolve);
  const unread = stats.unresolved.length;
  const common = {
    source,
    channel,
    "critical path": unread === 0 ? stats.criticalPath : `${stats.criticalPath} (${unread} unread callees, 1 job each)`,
  };
  const images = summarizeImages(stats.builds);
  if (images.length === 0) {
    return [{ ...common, image: "(no image build)", "builds/platform": 0, emulated: 0, runners: "-", cache: "-" }];
  }
  return images.map((image) => ({
    source,
    channel,
    image: image.image,
    "builds/platform": `${maxCount(image.builds)} (${counts(image.builds)})`,
    emulated: totalCount(image.emulated) === 0 ? 0 : `${totalCount(image.emulated)} (${counts(image.emulated)})`,
    runners: image.runners.join("; "),
    "critical path": common["critical path"],
    cache: image.cache.length === 0 ? "none" : image.cache.join(", "),
  }));
}

/** `amd64 2, arm64 1`: platforms without their `linux/`. */
function counts(byPlatform: PlatformCounts): string {
  return Object.entries(byPlatform)
    .map(([platform, n]) => `${platform.replace(/^linux\//, "")} ${n}`)
    .join(", ");
}

/** The prod stack's release workflows, and the same with every image built for amd64 and arm64. */
function generated(): Source[] {
  const loaded = parseConfigMap(
    parseStackFile(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8"), "Pulumi.prod.yaml").config,
  );
  if (!loaded.ok) throw new Error("Pulumi.prod.yaml is invalid: run `npm run plan` to see why");
  const prod = workflowInput(loaded.config, planEcr(loaded.config).registry);
  const multiArch: ReleaseWorkflowInput = {
    ...prod,
    images: prod.images.map((image) => ({ ...image, platforms: ["linux/amd64", "linux/arm64"] })),
  };
  return [
    ...channelWorkflows("release-infra prod", prod),
    ...channelWorkflows("release-infra prod, amd64+arm64", multiArch),
    // The input the workflow snapshots are made from, to set beside their state at a1fcea5.
    ...channelWorkflows("release-infra sample (now)", SAMPLE_INPUT),
  ];
}

function channelWorkflows(source: string, input: ReleaseWorkflowInput): Source[] {
  const files = renderReleaseWorkflows(input);
  return CHANNELS.map((channel) => {
    const file = files.find((f) => f.path.endsWith(`/release-${channel}.yml`));
    if (file === undefined) throw new Error(`no release-${channel}.yml among the generated workflows`);
    return { source, channel, workflow: readWorkflow(YAML.parse(file.content), file.path), resolve: () => undefined };
  });
}

/** This project's release workflows of commit a1fcea5, before per-platform builds (bench/fixtures/release-infra-a1fcea5). */
function before(): Source[] {
  const dir = path.join(FIXTURES, "release-infra-a1fcea5");
  return CHANNELS.map((channel) => ({
    source: "release-infra sample at a1fcea5 (before)",
    channel,
    workflow: fixture(dir, `release-${channel}.yml`),
    resolve: () => undefined,
  }));
}

const CORTEX_WORKFLOWS: Readonly<Record<Channel, string>> = {
  nightly: "nightly-build.yml",
  beta: "beta-build.yml",
  stable: "stable-build.yml",
};

/** cortex.cpp's channel workflows, their local reusable workflows read from the same directory. */
function cortexCpp(): Source[] {
  const dir = path.join(FIXTURES, "cortex.cpp");
  return CHANNELS.map((channel) => ({
    source: "cortex.cpp",
    channel,
    workflow: fixture(dir, CORTEX_WORKFLOWS[channel]),
    resolve: localResolver(dir),
  }));
}

/** Docker's documented multi-runner example: the QEMU form, then the form with an arm64 runner. */
function dockerExample(): Source[] {
  const dir = path.join(FIXTURES, "docker-multi-runner");
  return [
    { source: "Docker docs, multiple runners", file: "build.yml" },
    { source: "Docker docs, multiple runners, arm64 runner", file: "build-native-arm.yml" },
  ].map(({ source, file }) => ({ source, channel: "-", workflow: fixture(dir, file), resolve: localResolver(dir) }));
}

/** Resolves `./.github/workflows/<file>` to `<dir>/<file>`, or undefined when the file is not there. */
function localResolver(dir: string): WorkflowResolver {
  return (uses) => {
    const file = path.basename(uses);
    return fs.existsSync(path.join(dir, file)) ? fixture(dir, file) : undefined;
  };
}

function fixture(dir: string, file: string): WorkflowDoc {
  const at = path.join(dir, file);
  return readWorkflow(YAML.parse(fs.readFileSync(at, "utf8")), path.relative(ROOT, at));
}
