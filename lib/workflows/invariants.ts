/*
 * Checks a workflow model before rendering. Each broken invariant throws a
 * WorkflowModelError naming the workflow, job and step, so a generator bug is
 * reported where it was made rather than as a finding in the rendered file.
 */
import { cronFiresAtMinuteZero } from "../schedule/cron";
import { isActionStep, type Job, type Step, type Workflow } from "./model";
import type { ActionKey } from "./pinned-actions";

/** A workflow model that breaks an invariant: a bug in the generator that built it. */
export class WorkflowModelError extends Error {
  constructor(
    readonly workflow: string,
    readonly job: string | undefined,
    readonly step: string | undefined,
    detail: string,
  ) {
    const where = [
      workflow,
      job === undefined ? undefined : `job "${job}"`,
      step === undefined ? undefined : `step "${step}"`,
    ];
    super(`${where.filter((part) => part !== undefined).join(": ")}: ${detail}`);
    this.name = "WorkflowModelError";
  }
}

const FILE_NAME = /^[a-z0-9][a-z0-9._-]*\.ya?ml$/;
// GitHub: ids start with a letter or `_` and contain only alphanumerics, `-` or `_`.
const ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// GitHub's own ceiling for a job on a hosted runner.
const MAX_TIMEOUT_MINUTES = 360;

// Actions whose use justifies `id-token: write` (W2): assuming the AWS role,
// keyless signing and build attestations.
const NEEDS_ID_TOKEN: readonly ActionKey[] = ["awsCredentials", "cosignInstaller", "attestBuildProvenance"];
// Actions that handle registry or cloud credentials and so belong in an environment (W9).
const CREDENTIAL_ACTIONS: readonly ActionKey[] = ["awsCredentials", "ecrLogin", "dockerLogin", "dockerhubDescription"];

/** Throws a {@link WorkflowModelError} for the first invariant the workflow breaks. */
export function assertWorkflowInvariants(workflow: Workflow): void {
  const fail = (detail: string, job?: string, step?: string): never => {
    throw new WorkflowModelError(workflow.fileName, job, step, detail);
  };
  if (!FILE_NAME.test(workflow.fileName)) fail(`file name must be lowercase and end in .yml or .yaml`);
  const { on } = workflow;
  if (
    on.push === undefined &&
    on.pullRequest === undefined &&
    on.schedule === undefined &&
    on.workflowDispatch === undefined &&
    on.workflowCall === undefined
  ) {
    fail("has no trigger");
  }
  for (const { cron } of on.schedule ?? []) {
    if (cronFiresAtMinuteZero(cron)) fail(`schedule "${cron}" fires at minute 0; pick another minute (W12)`);
  }
  if (on.schedule !== undefined && on.workflowDispatch === undefined)
    fail("a scheduled workflow must also allow workflow_dispatch (W12)");
  for (const [name, input] of Object.entries(on.workflowDispatch?.inputs ?? {})) {
    if (input.type === "choice" && input.options.length === 0) fail(`input "${name}" is a choice without options`);
  }
  checkEnv(workflow.env, (detail) => fail(detail));
  const jobIds = Object.keys(workflow.jobs);
  if (jobIds.length === 0) fail("has no jobs");
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    checkJob(jobId, job, jobIds, (detail, step) => fail(detail, jobId, step));
  }
}

function checkJob(
  jobId: string,
  job: Job,
  jobIds: readonly string[],
  fail: (detail: string, step?: string) => never,
): void {
  if (!ID.test(jobId)) fail("job id must start with a letter or _ and contain only letters, digits, - and _");
  for (const need of job.needs ?? []) {
    if (need === jobId || !jobIds.includes(need)) fail(`needs "${need}", which is not another job of this workflow`);
  }
  if (!Number.isInteger(job.timeoutMinutes) || job.timeoutMinutes < 1 || job.timeoutMinutes > MAX_TIMEOUT_MINUTES) {
    fail(`timeoutMinutes must be a whole number from 1 to ${MAX_TIMEOUT_MINUTES}`);
  }
  if (job.steps.length === 0) fail("has no steps");
  checkEnv(job.env, fail);
  const stepIds = new Set<string>();
  const stepNames = new Set<string>();
  for (const step of job.steps) {
    if (step.name.trim() === "") fail("a step has no name");
    if (stepNames.has(step.name)) fail("step name is used twice in this job", step.name);
    stepNames.add(step.name);
    if (step.id !== undefined) {
      if (!ID.test(step.id))
        fail(`step id "${step.id}" must start with a letter or _ and contain only letters, digits, - and _`, step.name);
      if (stepIds.has(step.id)) fail(`step id "${step.id}" is used twice in this job`, step.name);
      stepIds.add(step.id);
    }
    checkEnv(step.env, (detail) => fail(detail, step.name));
    checkStep(step, (detail) => fail(detail, step.name));
  }
  const uses = (keys: readonly ActionKey[]) => job.steps.some((step) => isActionStep(step) && keys.includes(step.uses));
  if (job.permissions.idToken === "write" && !uses(NEEDS_ID_TOKEN)) {
    fail("has id-token: write but neither assumes the AWS role, signs nor attests (W2)");
  }
  if (job.permissions.attestations === "write" && !uses(["attestBuildProvenance"]))
    fail("has attestations: write but does not attest (W2)");
  if (job.permissions.securityEvents === "write" && !uses(["uploadSarif"]))
    fail("has security-events: write but uploads no SARIF (W2)");
  if (uses(["awsCredentials"]) && job.permissions.idToken !== "write")
    fail("assumes the AWS role through OIDC but lacks id-token: write");
  if (job.environment === undefined && (uses(CREDENTIAL_ACTIONS) || mentionsSecrets(job))) {
    fail("touches registry credentials or the AWS role outside a deployment environment (W9)");
  }
}

function checkStep(step: Step, fail: (detail: string) => never): void {
  if (!isActionStep(step)) {
    if (step.run.includes("${{"))
      fail('run script contains "${{ }}"; pass the value through env: and quote "$VAR" (W4)');
    return;
  }
  const inputs = step.with ?? {};
  if (step.uses === "checkout" && inputs["persist-credentials"] !== false)
    fail("actions/checkout must set persist-credentials: false (W6)");
  if (step.uses === "buildPush") {
    if (String(inputs["build-args"] ?? "").includes("secrets."))
      fail("secrets in build-args end up in the provenance; use BuildKit secrets (W7)");
    if (inputs.push === true && (!String(inputs.provenance ?? "").includes("mode=max") || inputs.sbom !== true)) {
      fail("a pushing build must set provenance: mode=max and sbom: true (W10)");
    }
  }
}

function checkEnv(env: Readonly<Record<string, string>> | undefined, fail: (detail: string) => never): void {
  for (const name of Object.keys(env ?? {})) {
    if (!ENV_NAME.test(name)) fail(`environment variable name "${name}" is not a valid shell variable name`);
  }
}

// `secrets.GITHUB_TOKEN` is the job's own token, not a registry credential.
function mentionsSecrets(job: Job): boolean {
  return /\bsecrets\.(?!GITHUB_TOKEN\b)/.test(JSON.stringify(job));
}
