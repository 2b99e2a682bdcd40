/*
 * W23, W24, W25: the image hand-off of a multi-runner release (Docker's
 * "distribute build across multiple runners"): build jobs push by digest, a
 * publish job tags and signs the index it creates from their digests.
 *
 * W23: a digest that crosses a job boundary is checked before a script puts it
 *      in an image reference, and an index is made from digests, never tags
 *      (a tag can move between the build and the publish job).
 * W24: in a workflow with a blocking vulnerability scan, every tag is published
 *      after the scan of the very digest it names, and the scan reads that
 *      digest from the registry rather than a second, local build.
 * W25: a job that creates an index from other jobs' digests signs and attests
 *      the index it created, not the platform images.
 */
import { site, text, usesAction, type Rule, type RuleFinding } from "../rule";
import { commands } from "../script";
import { asRecord, isRecord, type JobView, type StepView, type WorkflowView } from "../workflow-view";
import { ATTESTING, buildPushes } from "../actions";

const NEEDS_OUTPUT = /needs\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g;
const STEP_OUTPUT = /steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g;

/** The job ids a job lists under `needs:`. */
export function needsOf(job: JobView): string[] {
  const needs = job.raw.needs;
  if (typeof needs === "string") return [needs];
  return Array.isArray(needs) ? needs.map(String) : [];
}

/** Every job a job waits for, directly or through the jobs it waits for. */
export function transitiveNeeds(workflow: WorkflowView, job: JobView): Set<string> {
  const byId = new Map(workflow.jobs.map((candidate) => [candidate.id, candidate]));
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const next = byId.get(id);
    if (next !== undefined) needsOf(next).forEach(visit);
  };
  needsOf(job).forEach(visit);
  return seen;
}

/** Whether a job output carries an image digest: named so, or set from a step's `digest` output. */
function isDigestOutput(workflow: WorkflowView, jobId: string, output: string): boolean {
  const job = workflow.jobs.find((candidate) => candidate.id === jobId);
  const value = text(asRecord(job?.raw.outputs)[output]);
  return /digest/i.test(output) || /\.outputs\.digest\b/.test(value);
}

/** The digest outputs of other jobs an expression text reads. */
function neededDigests(workflow: WorkflowView, value: string): { job: string; output: string }[] {
  return [...value.matchAll(NEEDS_OUTPUT)]
    .map((m) => ({ job: m[1]!, output: m[2]! }))
    .filter(({ job, output }) => isDigestOutput(workflow, job, output));
}

/** Variables a script reads out of `$name` (`read ... <<<"$name"`, a `while read` loop fed by it). */
function readFrom(script: string, name: string): string[] {
  if (!new RegExp(String.raw`<<<\s*"?\$(?:\{${name}\}|${name}\b)`).test(script)) return [];
  return [...script.matchAll(/\bread\s+(?:-[A-Za-z]+\s+)*([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
}

/** Whether a script tests `name` (or what it reads out of it) against a `sha256:` digest pattern. */
function checksDigest(script: string, name: string): boolean {
  return [name, ...readFrom(script, name)].some((variable) =>
    new RegExp(String.raw`"?\$(?:\{${variable}\}|${variable}\b)"?\s*=~\s*\^?sha256:`).test(script),
  );
}

/** The source words of a `docker buildx imagetools create` command: what is left after its flags and their values. */
export function imagetoolsSources(command: string): string[] | undefined {
  const at = command.search(/\bdocker\s+buildx\s+imagetools\s+create\b/);
  if (at < 0) return undefined;
  const words = command
    .slice(at)
    .replace(/^docker\s+buildx\s+imagetools\s+create/, "")
    .trim()
    .split(/\s+/)
    .filter((word) => word !== "");
  const withValue = new Set([
    "--tag",
    "-t",
    "--annotation",
    "--file",
    "-f",
    "--platform",
    "-p",
    "--metadata-file",
    "--builder",
  ]);
  const sources: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    if (withValue.has(word)) i += 1;
    else if (!word.startsWith("-")) sources.push(word);
  }
  return sources;
}

/** Whether a `docker buildx imagetools create` command sets a tag. */
function createsTags(command: string): boolean {
  return imagetoolsSources(command) !== undefined && /(?:^|\s)(?:--tag|-t)(?:\s|=)/.test(command);
}

export const W23: Rule = {
  id: "W23",
  summary:
    "A digest handed from another job is checked against ^sha256:[0-9a-f]{64}$ before a script uses it, and image indexes are made from digests, never tags",
  check: (workflow) =>
    workflow.jobs.flatMap((job) =>
      job.steps.flatMap((step): RuleFinding[] => {
        if (step.run === undefined) return [];
        const findings: RuleFinding[] = [];
        for (const [name, value] of Object.entries(asRecord(step.raw.env))) {
          for (const { job: from, output } of neededDigests(workflow, text(value))) {
            if (!checksDigest(step.run, name)) {
              findings.push({
                ...site(workflow, job, step, "env"),
                message: `${name} brings the digest needs.${from}.outputs.${output} into the script unchecked; test it (or each line read from it) with [[ "$x" =~ ^sha256:[0-9a-f]{64}$ ]] before it names an image`,
              });
            }
          }
        }
        for (const command of commands(step.run)) {
          const sources = imagetoolsSources(command);
          for (const source of sources ?? []) {
            if (!source.includes("@")) {
              findings.push({
                ...site(workflow, job, step, "run"),
                message: `docker buildx imagetools create takes ${source} by tag, which can move between jobs; name each source by digest (repository@sha256:...)`,
              });
            }
          }
        }
        return findings;
      }),
    ),
};

/** A Trivy step (action or command) that fails the job on findings. */
function gateStep(step: StepView): boolean {
  if (usesAction(step, "aquasecurity/trivy-action")) return text(step.with["exit-code"]) === "1";
  return step.run !== undefined && /\btrivy\b[^\n]*--exit-code[\s=]+1\b/.test(step.run);
}

/** What a gate scans: the trivy-action's image-ref, or the command line. */
function gateTarget(step: StepView): string {
  return usesAction(step, "aquasecurity/trivy-action") ? text(step.with["image-ref"]) : (step.run ?? "");
}

/** Whether a build-push-action step pushes by digest only (no tag). */
function pushesByDigest(step: StepView): boolean {
  return buildPushes(step) && /push-by-digest=true/.test(text(step.with.outputs));
}

/** Whether a step publishes a tag: a tagged push, a tagging imagetools create, docker push or crane/skopeo copies. */
function publishesTags(step: StepView): boolean {
  if (buildPushes(step)) return !pushesByDigest(step);
  if (step.run === undefined) return false;
  return commands(step.run).some(
    (command) =>
      createsTags(command) ||
      /\bdocker\s+(?:image\s+)?push\b|\bcrane\s+(?:tag|copy|cp)\b|\bskopeo\s+copy\b/.test(command),
  );
}

/** The step whose `digest` output a job output names (`steps.<id>.outputs.digest`). */
function stepOfOutput(job: JobView, output: string): string | undefined {
  const match = [...text(asRecord(job.raw.outputs)[output]).matchAll(STEP_OUTPUT)][0];
  return match?.[1];
}

/** The steps of the same job whose digest output an expression text reads (`steps.<id>.outputs.digest`). */
function stepDigests(value: string): string[] {
  return [...value.matchAll(STEP_OUTPUT)].filter((m) => m[2] === "digest").map((m) => m[1]!);
}

/**
 * Whether the digest step `stepId` of `job` produced has passed a gate: a gate
 * of the job scans it, or the step made it from digests that each passed one
 * (an index of gated platform images, handed over by other jobs or made by
 * earlier steps of this job).
 */
function gatedStep(workflow: WorkflowView, job: JobView, stepId: string, seen: Verdicts): boolean {
  const key = `${job.id}/${stepId}`;
  const known = seen.get(key);
  // A digest that depends on itself (a cycle) passed no gate.
  if (known !== undefined) return known === true;
  seen.set(key, "pending");
  const producer = job.steps.find((step) => step.raw.id === stepId);
  const verdict =
    producer !== undefined &&
    (job.steps.some((step) => gateStep(step) && gateTarget(step).includes(`steps.${stepId}.outputs.digest`)) ||
      digestInputsGated(workflow, job, producer, seen) === true);
  seen.set(key, verdict);
  return verdict;
}

/** What is known of each `job/step` digest while following the hand-offs. */
type Verdicts = Map<string, boolean | "pending">;

/**
 * For a step that takes digests through `env:`: whether every one of them
 * passed a gate; undefined when it takes none.
 */
function digestInputsGated(
  workflow: WorkflowView,
  job: JobView,
  step: StepView,
  seen: Verdicts = new Map(),
): boolean | undefined {
  const env = Object.values(asRecord(step.raw.env)).map(text);
  const handed = env.flatMap((value) => neededDigests(workflow, value));
  const own = env.flatMap(stepDigests);
  if (handed.length === 0 && own.length === 0) return undefined;
  return (
    handed.every((input) => gatedOutput(workflow, input.job, input.output, seen)) &&
    own.every((id) => gatedStep(workflow, job, id, seen))
  );
}

/** Whether the digest a job hands on as `output` has passed a gate (see {@link gatedStep}). */
function gatedOutput(workflow: WorkflowView, jobId: string, output: string, seen: Verdicts): boolean {
  const job = workflow.jobs.find((candidate) => candidate.id === jobId);
  const stepId = job === undefined ? undefined : stepOfOutput(job, output);
  return job !== undefined && stepId !== undefined && gatedStep(workflow, job, stepId, seen);
}

export const W24: Rule = {
  id: "W24",
  summary:
    "Where a vulnerability scan gates a release, every tag is published after the scan of the very digest it names, and the scan reads that digest from the registry, not a second build",
  check: (workflow) => {
    const gated = workflow.jobs.some((job) => job.steps.some(gateStep));
    if (!gated) return [];
    return workflow.jobs.flatMap((job) =>
      job.steps.flatMap((step, index): RuleFinding[] => {
        const at = site(workflow, job, step);
        if (gateStep(step)) {
          return gateTarget(step).includes("@")
            ? []
            : [
                {
                  ...at,
                  message:
                    "the gate scans a tag or a locally loaded build, not the pushed digest: push by digest first and scan repository@<digest>, so what passed is what gets tagged and nothing is built twice",
                },
              ];
        }
        if (!publishesTags(step)) return [];
        const gatedInputs = digestInputsGated(workflow, job, step);
        if (gatedInputs !== undefined) {
          return gatedInputs
            ? []
            : [
                {
                  ...at,
                  message:
                    "publishes tags for a digest no blocking scan read: scan each digest it names (image-ref repository@<digest>) before it is handed on",
                },
              ];
        }
        const before = job.steps.slice(0, index);
        return before.some(gateStep)
          ? []
          : [{ ...at, message: "publishes tags before any blocking vulnerability scan in this job has passed" }];
      }),
    );
  },
};

/** Whether an expression text reads a digest another job handed over. */
function readsNeededDigest(workflow: WorkflowView, value: unknown): boolean {
  return neededDigests(workflow, isRecord(value) ? JSON.stringify(value) : text(value)).length > 0;
}

export const W25: Rule = {
  id: "W25",
  summary:
    "A job that creates an image index from other jobs' digests signs and attests the index it created (a step output of its own), not the platform images",
  check: (workflow) =>
    workflow.jobs.flatMap((job) => {
      const creates = job.steps.some(
        (step) =>
          step.run !== undefined &&
          commands(step.run).some((command) => createsTags(command)) &&
          Object.values(asRecord(step.raw.env)).some((value) => readsNeededDigest(workflow, value)),
      );
      if (!creates) return [];
      return job.steps.flatMap((step): RuleFinding[] => {
        const signs = step.run !== undefined && /\bcosign\s+(?:sign|attest)\b/.test(step.run);
        const subject = usesAction(step, ...ATTESTING) ? step.with["subject-digest"] : undefined;
        const signed = signs ? step.raw.env : subject;
        if (!(signs || subject !== undefined) || !readsNeededDigest(workflow, signed)) return [];
        return [
          {
            ...site(workflow, job, step),
            message:
              "signs or attests a digest another job handed over (a platform image); sign and attest the index this job created, from the output of the step that created it",
          },
        ];
      });
    }),
};
