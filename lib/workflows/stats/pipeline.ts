/*
 * The image builds one run of a workflow makes, and its critical path: every
 * job, every matrix leg, and the jobs of the local reusable workflows it calls
 * (their inputs substituted). A job's `if:` is not evaluated: the numbers are
 * those of a run in which every job runs.
 */
import { cacheType, csvLines, listItems, outputNames, repositoryName } from "./build-values";
import { criticalPath } from "./critical-path";
import { WorkflowDocError, type JobDoc, type StepDoc, type WorkflowDoc } from "./document";
import { substitute, substituteAll, type Contexts } from "./expressions";
import { expandMatrix } from "./matrix";
import { isEmulated, runnerArch, type RunnerArch } from "../runner-arch";
import { scriptBuilds } from "./script";

/** The workflow a local `uses: ./.github/workflows/x.yml` names, or undefined when it is not available. */
export type WorkflowResolver = (uses: string) => WorkflowDoc | undefined;

/** One image build of one platform. */
export interface Build {
  /** The job, through the calling jobs: `build-docker/build` is job `build` of the workflow job `build-docker` calls. */
  readonly job: string;
  /** The `runs-on` labels, expressions substituted where known. */
  readonly runner: string;
  readonly runnerArch: RunnerArch;
  /** The platform built, e.g. `linux/arm64`; `?` for the own platform of an unknown runner. */
  readonly platform: string;
  /** Whether the build runs under QEMU. */
  readonly emulated: boolean;
  /** Repository name of the image, or its job's single image, or the workflow's, or `?`. */
  readonly image: string;
  /** Cache backends configured (`registry`, `gha`, `local`, ...); empty for none. */
  readonly cache: readonly string[];
}

/** What one run of a workflow builds and how long its chain of jobs is. */
export interface PipelineStats {
  readonly builds: readonly Build[];
  /** Jobs on the longest `needs` chain, a called workflow counting as its own longest chain. */
  readonly criticalPath: number;
  /** Called workflows that could not be read; each counts as one job on the critical path. */
  readonly unresolved: readonly string[];
}

// GitHub runs up to ten levels of nested reusable workflows.
// https://docs.github.com/en/actions/sharing-automations/reusing-workflows#nesting-reusable-workflows
const MAX_DEPTH = 10;

/** The builds and critical path of one run of `workflow`. */
export function pipelineStats(workflow: WorkflowDoc, resolve: WorkflowResolver): PipelineStats {
  const walked = walk(workflow, {}, "", resolve, 1);
  const namesOf = (builds: readonly { readonly image: string | undefined }[]) =>
    new Set(builds.flatMap((build) => (build.image === undefined ? [] : [build.image])));
  const only = (names: ReadonlySet<string>) => (names.size === 1 ? [...names][0]! : undefined);
  const fallback = only(namesOf(walked.builds)) ?? "?";
  // A build whose name cannot be read takes its job's single image, else the workflow's.
  const ofJob = (job: string) => only(namesOf(walked.builds.filter((build) => build.job === job)));
  return {
    builds: walked.builds.map((build) => ({ ...build, image: build.image ?? ofJob(build.job) ?? fallback })),
    criticalPath: walked.criticalPath,
    unresolved: walked.unresolved,
  };
}

interface Walked {
  readonly builds: (Omit<Build, "image"> & { readonly image: string | undefined })[];
  readonly criticalPath: number;
  readonly unresolved: string[];
}

function walk(
  workflow: WorkflowDoc,
  inputs: Readonly<Record<string, string>>,
  prefix: string,
  resolve: WorkflowResolver,
  depth: number,
): Walked {
  if (depth > MAX_DEPTH)
    throw new WorkflowDocError(`${prefix}: reusable workflows nest deeper than ${MAX_DEPTH} levels`);
  const builds: Walked["builds"] = [];
  const unresolved: string[] = [];
  const lengths = workflow.jobs.map((job) => {
    const legs = expandMatrix(job.matrix).map((matrix): Contexts => ({ matrix, inputs, env: {} }));
    if (job.uses === undefined) {
      for (const contexts of legs) builds.push(...jobBuilds(workflow, job, contexts, `${prefix}${job.id}`));
      return 1;
    }
    const called = callJob(job.uses, job, legs, `${prefix}${job.id}/`, resolve, depth);
    builds.push(...called.builds);
    unresolved.push(...called.unresolved);
    return called.criticalPath;
  });
  const path = criticalPath(workflow.jobs.map((job, i) => ({ id: job.id, needs: job.needs, length: lengths[i]! })));
  return { builds, criticalPath: path, unresolved: [...new Set(unresolved)] };
}

/** A job that calls a workflow: the callee walked once per matrix leg, or one unread job. */
function callJob(
  uses: string,
  job: JobDoc,
  legs: readonly Contexts[],
  prefix: string,
  resolve: WorkflowResolver,
  depth: number,
): Walked {
  const callee = uses.startsWith("./") ? resolve(uses) : undefined;
  if (callee === undefined) return { builds: [], criticalPath: 1, unresolved: [uses] };
  const walked = legs.map((contexts) =>
    walk(callee, { ...callee.inputDefaults, ...substituteAll(job.with, contexts) }, prefix, resolve, depth + 1),
  );
  return {
    builds: walked.flatMap((w) => w.builds),
    criticalPath: Math.max(...walked.map((w) => w.criticalPath)),
    unresolved: walked.flatMap((w) => w.unresolved),
  };
}

/** The builds of one matrix leg of a job that runs steps. */
function jobBuilds(workflow: WorkflowDoc, job: JobDoc, leg: Contexts, path: string): Walked["builds"] {
  const env = { ...substituteAll(workflow.env, leg), ...substituteAll(job.env, leg) };
  const labels = job.runsOn.map((label) => substitute(label, leg));
  const arch = runnerArch(labels);
  const qemu = job.steps.some((step) => /^docker\/setup-qemu-action(@|$)/.test(step.uses ?? ""));
  const own = `${labels.some((label) => /^windows/i.test(label)) ? "windows" : "linux"}/${arch}`;
  return job.steps.flatMap((step) => {
    const contexts: Contexts = { ...leg, env: { ...env, ...substituteAll(step.env, { ...leg, env }) } };
    return stepBuilds(step, contexts).flatMap((spec) => {
      const platforms = spec.platforms.length > 0 ? spec.platforms : [arch === "unknown" ? "?" : own];
      return platforms.map((platform) => ({
        job: path,
        runner: labels.join(", "),
        runnerArch: arch,
        platform,
        emulated: spec.platforms.length > 0 && isEmulated(platform, arch, qemu),
        image: spec.image,
        cache: spec.cache,
      }));
    });
  });
}

/** One build command or action step, before it is split by platform. */
interface BuildSpec {
  /** Explicit platforms; empty for the runner's own. */
  readonly platforms: readonly string[];
  readonly image: string | undefined;
  readonly cache: readonly string[];
}

/** The builds a step makes: a docker/build-push-action step, or the build commands of a script. */
function stepBuilds(step: StepDoc, contexts: Contexts): BuildSpec[] {
  if (/^docker\/build-push-action(@|$)/.test(step.uses ?? "")) {
    const input = substituteAll(step.with, contexts);
    return [
      spec(
        listItems(input.platforms),
        [...listItems(input.tags), ...csvLines(input.outputs).flatMap(outputNames)],
        [...csvLines(input["cache-from"]), ...csvLines(input["cache-to"])],
      ),
    ];
  }
  if (step.run === undefined) return [];
  return scriptBuilds(substitute(step.run, contexts)).map((build) =>
    spec(
      build.platforms,
      [...build.tags, ...build.outputs.flatMap(outputNames)],
      [...build.cacheFrom, ...build.cacheTo],
    ),
  );
}

function spec(platforms: readonly string[], refs: readonly string[], caches: readonly string[]): BuildSpec {
  const names = [...new Set(refs.map(repositoryName).filter((name) => name !== undefined))].sort();
  return {
    platforms: platforms.map((platform) => platform.trim()).filter((platform) => platform !== ""),
    image: names.length === 0 ? undefined : names.join("+"),
    cache: [...new Set(caches.map(cacheType))].sort(),
  };
}
