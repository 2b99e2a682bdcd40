/*
 * What the program reads from the registries before it registers anything,
 * so that `pulumi preview` already shows it and refuses what `pulumi up`
 * would refuse: each rollback pin's target in ECR and on Docker Hub, and the
 * build tool images the release workflows run. Plain data and pure functions;
 * components/registry-reads.ts does the reading (the @pulumi/docker and
 * @pulumi/aws invokes) and hands the answers back to {@link judgeRegistryReads}.
 */
import { platformRunner } from "../workflows/runners";
import { compileTagScheme } from "../channels/model";
import type { ReleaseConfig } from "../config/schema";
import { configPath } from "../config/problems";
import { ecrRegistryHost } from "../aws/arn";
import { PinError } from "../pins/errors";
import { ecrRepositoryWhere, missingPinTargetMessage, ociRepositoryWhere, refusedPinMessage } from "../pins/messages";
import { planPin } from "../pins/plan";
import { pinVersionOfTag } from "../pins/shape";
import { configuredPins, pinTargets, type PinTarget } from "../pins/targets";
import { retentionIntent } from "./retention";

/** The build tools whose images the release workflows run. */
export const TOOLS = ["binfmt", "buildkit"] as const;
export type Tool = (typeof TOOLS)[number];

/**
 * The image each tool runs when `workflows.toolImages` leaves it unset: the
 * actions' own defaults, both tags their publishers move.
 * - binfmt: docker/setup-qemu-action v4.2.0 (the pinned commit 96fe6ef) action.yml:10-13,
 *   input `image`, default `docker.io/tonistiigi/binfmt:latest` (the same repository
 *   as `tonistiigi/binfmt`, written here in the short form the pin takes).
 * - buildkit: docker/setup-buildx-action v4.3.0 (commit 37fe631) action.yml:13-16
 *   creates a `docker-container` builder, whose image without `driver-opts:
 *   image=...` is buildx's `bkimage.DefaultImage`, docker/buildx
 *   driver/bkimage/bkimage.go:4 (`moby/buildkit:buildx-stable-1`).
 */
export const DEFAULT_TOOL_IMAGES: Readonly<Record<Tool, { readonly reference: string; readonly by: string }>> = {
  binfmt: { reference: "tonistiigi/binfmt:latest", by: "docker/setup-qemu-action's default QEMU image" },
  buildkit: { reference: "moby/buildkit:buildx-stable-1", by: "docker/setup-buildx-action's default BuildKit image" },
};

/** One pin target to read: its repository, and the name `docker.getRegistryImage` is asked for. */
export interface PinRead {
  readonly target: PinTarget;
  /**
   * `<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>` or, on
   * Docker Hub, `<namespace>/<image>:<tag>`: without a registry host the
   * provider reads registry-1.docker.io (kreuzwerker/terraform-provider-docker
   * v4.5.0 internal/provider/resource_docker_image_funcs.go:328-334).
   */
  readonly reference: string;
  /** How messages name the repository: as the retag provider names it. */
  readonly where: string;
}

/** One tool image the workflows run. */
export interface ToolRead {
  readonly tool: Tool;
  /** The configured reference (`name[:tag]@sha256:...`) or the action's default. */
  readonly reference: string;
  /** The digest the config pins it to; undefined when the config leaves the tool unset. */
  readonly pinnedDigest?: string;
}

/** Everything the program reads, decided from config alone. */
export interface RegistryReadPlan {
  readonly pins: readonly PinRead[];
  readonly tools: readonly ToolRead[];
  /**
   * The ECR registry, when a pin targets it: only then is its token fetched
   * (`aws.ecr.getAuthorizationToken`) and its repositories listed.
   */
  readonly ecr?: { readonly region: string; readonly registryId: string; readonly host: string };
  /** Whether an unpinned tool image is accepted (`workflows.allowUnpinnedToolImages`). */
  readonly allowUnpinnedTools: boolean;
}

/**
 * The tools the workflows use: QEMU's binfmt only when a platform builds
 * under emulation (lib/workflows/runners.ts `platformRunner`: no native runner
 * configured for it), BuildKit always.
 */
export function usedTools(config: Pick<ReleaseConfig, "images" | "workflows">): Tool[] {
  const emulated = config.images.some((image) =>
    image.platforms.some((platform) => platformRunner(config.workflows, platform).emulated),
  );
  return emulated ? ["binfmt", "buildkit"] : ["buildkit"];
}

/** What to read for this stack. */
export function planRegistryReads(
  config: Pick<ReleaseConfig, "project" | "registries" | "images" | "channels" | "tagScheme" | "workflows">,
): RegistryReadPlan {
  const { region, accountId } = config.registries.ecr;
  const host = ecrRegistryHost(region, accountId);
  const pins = pinTargets(config, configuredPins(config)).map((target): PinRead => {
    if (target.registry === "ecr") {
      return {
        target,
        reference: `${host}/${target.repository}:${target.sourceTag}`,
        where: ecrRepositoryWhere(target.ecr!, target.repository),
      };
    }
    return {
      target,
      reference: `${target.repository}:${target.sourceTag}`,
      where: ociRepositoryWhere(target.oci!.baseUrl, target.repository),
    };
  });
  const tools = usedTools(config).map((tool): ToolRead => {
    const configured = config.workflows.toolImages[tool];
    if (configured === undefined) return { tool, reference: DEFAULT_TOOL_IMAGES[tool].reference };
    return { tool, reference: configured, pinnedDigest: configured.slice(configured.indexOf("@") + 1) };
  });
  return {
    pins,
    tools,
    ...(pins.some((p) => p.target.registry === "ecr") ? { ecr: { region, registryId: accountId, host } } : {}),
    allowUnpinnedTools: config.workflows.allowUnpinnedToolImages,
  };
}

/**
 * The answer to one read. `not-read`: the engine answered without a value, as
 * it does for an invoke it does not serve (the SDK then returns `{}`,
 * @pulumi/pulumi runtime/invoke.js `resp.getUnknown()`); the offline plan's
 * engine answers every registry read so, since it reads no registry.
 */
export type Lookup<T> =
  | { readonly status: "found"; readonly value: T }
  | { readonly status: "missing"; readonly detail: string }
  | { readonly status: "failed"; readonly detail: string }
  | { readonly status: "not-read" };

/** The tags of an ECR repository and the digest each points at (`aws.ecr.getImages`). */
export type TagDigests = Readonly<Record<string, string>>;

/** What the reads found, by pin target name and by tool. */
export interface RegistryReadResults {
  /** `docker.getRegistryImage` of each pin's reference: the digest. */
  readonly pinDigests: Readonly<Record<string, Lookup<string>>>;
  /** `aws.ecr.getImages` of each ECR pin's repository. */
  readonly ecrTags: Readonly<Record<string, Lookup<TagDigests>>>;
  readonly tools: Readonly<Partial<Record<Tool, Lookup<string>>>>;
}

/**
 * Whether a failed `docker.getRegistryImage` means "no such image": the
 * provider reports the registry's status, and a manifest that does not exist
 * is a 404 (data_source_docker_registry_image.go:61, 126 and 156 at v4.5.0:
 * `Got error when attempting to fetch image version <repo>:<tag> from
 * registry: got bad response from registry: 404 Not Found`).
 */
export function isMissingImage(message: string): boolean {
  return /got bad response from registry: 404 Not Found/i.test(message);
}

/** One read as the stack outputs and the plan show it. */
export interface ReadSummary {
  readonly reference: string;
  /** The digest the registry holds for it, or null when it was not read. */
  readonly digest: string | null;
  /** `read`, or why there is no digest. */
  readonly status: string;
}

/** The `registryReads` stack output. */
export interface RegistryReadsOutput {
  /** By pin target name (`pin-stable-cortex-ecr`). */
  readonly pins: Readonly<Record<string, ReadSummary & { readonly channel: string; readonly image: string }>>;
  /** By tool: what the release workflows run. */
  readonly toolImages: Readonly<
    Record<string, ReadSummary & { readonly pinned: boolean; readonly allowedUnpinned?: boolean }>
  >;
}

/** What the reads decide. */
export interface RegistryReadVerdict {
  /** Each refused pin or tool image; the run fails with all of them, before anything is registered. */
  readonly problems: readonly string[];
  /** What to know that is no reason to stop. */
  readonly warnings: readonly string[];
  readonly output: RegistryReadsOutput;
}

const NOT_READ = "not read: the engine gave no answer (so does the offline plan, which reads no registry)";

function summary<T>(reference: string, lookup: Lookup<T>, digestOf: (value: T) => string | undefined): ReadSummary {
  switch (lookup.status) {
    case "found":
      return { reference, digest: digestOf(lookup.value) ?? null, status: "read" };
    case "missing":
      return { reference, digest: null, status: "not found" };
    case "failed":
      return { reference, digest: null, status: `read failed: ${lookup.detail}` };
    case "not-read":
      return { reference, digest: null, status: NOT_READ };
  }
}

function sortedRecord<T>(entries: readonly (readonly [string, T])[]): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * A pin judged from the reads as the retag provider judges it at `pulumi up`
 * (providers/retag/operations.ts `pointTags`): no image under the version's
 * tag is refused; in ECR, whose tags an invoke can list, the version is then
 * judged against retention by lib/pins `planPin`, the moving tags already on
 * its image counting as held. No invoke lists a Docker Hub repository's tags
 * (@pulumi/docker 5.2.0 has no `getRegistryImageTags`; upstream's
 * `docker_registry_image_tags` is a plugin-framework data source the bridge does
 * not map), so Docker Hub's own tag list is judged at `pulumi up` only.
 */
function pinProblem(
  config: Pick<ReleaseConfig, "channels" | "tagScheme" | "registries" | "images" | "project">,
  read: PinRead,
  results: RegistryReadResults,
  now: Date,
): string | undefined {
  const { target } = read;
  const digest = results.pinDigests[target.name] ?? { status: "not-read" };
  if (digest.status === "missing") return missingPinTargetMessage(read.where, target.sourceTag, target.tags);
  if (digest.status === "failed") {
    return `${read.where}: cannot read ${read.reference} (${digest.detail}), so the pin of ${target.channel} cannot be checked; nothing was changed`;
  }
  if (target.registry !== "ecr") return undefined;
  const tags = results.ecrTags[target.name] ?? { status: "not-read" };
  if (tags.status === "failed") {
    return `${read.where}: cannot list its tags (aws.ecr.getImages: ${tags.detail}), so the pin of ${target.channel} cannot be checked; nothing was changed`;
  }
  if (tags.status !== "found") return undefined;
  const source = tags.value[target.sourceTag] ?? (digest.status === "found" ? digest.value : undefined);
  if (source === undefined) return missingPinTargetMessage(read.where, target.sourceTag, target.tags);
  const model = compileTagScheme(config.tagScheme);
  try {
    planPin({
      model,
      channel: target.channel,
      version: pinVersionOfTag(model, target.channel, target.sourceTag) ?? target.sourceTag,
      publishedTags: Object.keys(tags.value),
      intent: retentionIntent(config),
      now,
      heldTags: target.tags.filter((tag) => tags.value[tag] === source),
    });
  } catch (error) {
    if (!(error instanceof PinError)) throw error;
    return refusedPinMessage(read.where, error.message);
  }
  return undefined;
}

/** Why a tool image is refused, or undefined; warnings go to `warn`. */
function toolProblem(plan: RegistryReadPlan, read: ToolRead, lookup: Lookup<string>, warn: (w: string) => void) {
  const path = configPath("workflows", ["toolImages", read.tool]);
  if (read.pinnedDigest !== undefined) {
    if (lookup.status === "missing")
      return `${path}: ${read.reference} does not exist in its registry (no manifest has that digest); pin an image that exists, e.g. the digest \`docker buildx imagetools inspect\` prints for the tag you mean`;
    if (lookup.status === "failed") return `${path}: cannot read ${read.reference} (${lookup.detail})`;
    if (lookup.status === "found" && lookup.value !== read.pinnedDigest)
      return `${path}: the registry answers ${lookup.value} for ${read.reference}, not the pinned digest`;
    return undefined;
  }
  const { by } = DEFAULT_TOOL_IMAGES[read.tool];
  const unset = `is not set, so every release build runs ${by} ${read.reference}, a tag its publisher moves, in the workflows that publish this project's public images`;
  if (lookup.status === "found") {
    const pin = `${read.reference}@${lookup.value}`;
    if (plan.allowUnpinnedTools) {
      warn(
        `${path} ${unset} (workflows.allowUnpinnedToolImages accepts it); it is ${lookup.value} now: pin it with workflows.toolImages.${read.tool}: "${pin}"`,
      );
      return undefined;
    }
    return `${path} ${unset}; pin it by digest with workflows.toolImages.${read.tool}: "${pin}" (what it resolves to now), or accept the moving tag with workflows.allowUnpinnedToolImages: true`;
  }
  if (lookup.status === "not-read") return undefined;
  const why = lookup.status === "missing" ? "it was not found" : `reading it failed: ${lookup.detail}`;
  if (plan.allowUnpinnedTools) {
    warn(`${path} ${unset} (workflows.allowUnpinnedToolImages accepts it); its digest could not be read (${why})`);
    return undefined;
  }
  return `${path} ${unset}, and its digest could not be read (${why}) to say what to pin; pin it by digest (\`docker buildx imagetools inspect ${read.reference}\` prints it), or accept the moving tag with workflows.allowUnpinnedToolImages: true`;
}

/**
 * Judges what the reads found: every pin target that does not exist (in
 * either registry) or that retention no longer keeps (in ECR), and every tool
 * image the workflows run unpinned unless the config accepts it. The images
 * this program publishes are public (every Docker Hub repository it declares
 * is, lib/dockerhub/plan.ts), so the tool-image rule holds for every stack.
 * A read the engine did not answer (the offline plan) refuses nothing and is
 * shown as not read.
 */
export function judgeRegistryReads(
  config: Pick<ReleaseConfig, "channels" | "tagScheme" | "registries" | "images" | "project">,
  plan: RegistryReadPlan,
  results: RegistryReadResults,
  now: Date,
): RegistryReadVerdict {
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const read of plan.pins) {
    const problem = pinProblem(config, read, results, now);
    if (problem !== undefined) problems.push(problem);
  }
  for (const read of plan.tools) {
    const problem = toolProblem(plan, read, results.tools[read.tool] ?? { status: "not-read" }, (w) =>
      warnings.push(w),
    );
    if (problem !== undefined) problems.push(problem);
  }
  warnings.push(...registryDisagreements(plan, results));
  const pins = plan.pins.map((read) => {
    const lookup = results.pinDigests[read.target.name] ?? { status: "not-read" };
    return [
      read.target.name,
      { ...summary(read.reference, lookup, (d) => d), channel: read.target.channel, image: read.target.image },
    ] as const;
  });
  const toolImages = plan.tools.map((read) => {
    const lookup = results.tools[read.tool] ?? { status: "not-read" };
    const pinned = read.pinnedDigest !== undefined;
    return [
      read.tool,
      {
        ...summary(read.reference, lookup, (d) => d),
        pinned,
        ...(pinned ? {} : { allowedUnpinned: plan.allowUnpinnedTools }),
      },
    ] as const;
  });
  return { problems, warnings, output: { pins: sortedRecord(pins), toolImages: sortedRecord(toolImages) } };
}

/** A pinned version whose image differs between ECR and Docker Hub: each registry gets its own, but say so. */
function registryDisagreements(plan: RegistryReadPlan, results: RegistryReadResults): string[] {
  const digests = new Map<string, Map<string, string>>();
  for (const read of plan.pins) {
    const lookup = results.pinDigests[read.target.name];
    if (lookup?.status !== "found") continue;
    const key = `${read.target.channel}/${read.target.image}`;
    const byRegistry = digests.get(key) ?? new Map<string, string>();
    byRegistry.set(read.target.registry, lookup.value);
    digests.set(key, byRegistry);
  }
  const warnings: string[] = [];
  for (const [key, byRegistry] of digests) {
    const [ecr, hub] = [byRegistry.get("ecr"), byRegistry.get("oci")];
    if (ecr !== undefined && hub !== undefined && ecr !== hub)
      warnings.push(
        `the pin of ${key} points ECR at ${ecr} and Docker Hub at ${hub}: the two registries hold different images under the same version tag`,
      );
  }
  return warnings;
}

/** The run's failure when any read refuses the stack: every problem, one a line. */
export function formatReadProblems(problems: readonly string[]): string {
  const n = problems.length;
  return [
    `the registries refuse ${n === 1 ? "one thing" : `${String(n)} things`} this stack pins or runs; nothing was changed:`,
    ...problems.map((p) => `  - ${p}`),
  ].join("\n");
}
