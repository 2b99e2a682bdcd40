/*
 * Rules W1-W12 of security-rules.md ("Workflows (rendered YAML)") over a parsed
 * workflow file. They read YAML, not the generator's model, so they also hold
 * for hand-edited files and for this repository's own workflows.
 */
import { CHANNELS } from "../../channels";
import { cronFiresAtMinuteZero } from "../../schedule/cron";
import type { LintFinding, RuleId } from "./finding";
import { asRecord, isRecord, type JobView, type StepView, type WorkflowView } from "./workflow-view";

/** A finding before the checker adds the rule and file. */
export type RuleFinding = Omit<LintFinding, "rule" | "file">;

/** One rule: its id and its check. */
export interface Rule {
  readonly id: RuleId;
  readonly check: (workflow: WorkflowView, options: LintOptions) => RuleFinding[];
}

/** What the checker may take as given about the repository. */
export interface LintOptions {
  /**
   * Environment names known to exist with protection rules. A job naming any
   * other gets a W9 finding: GitHub creates a missing environment unprotected.
   * @default the release channels, which the release system creates
   */
  readonly environments?: readonly string[];
}

const ALLOWED_TRIGGERS = ["push", "schedule", "workflow_dispatch", "pull_request", "workflow_call"];
const SHA_REF = /^[^@\s]+@[0-9a-f]{40}$/;
const TAG_COMMENT = /^v?\d+(?:\.\d+){0,2}(?:\s|$)/;

/** The action a `uses:` names, without `@ref`: `owner/repo[/path]`. */
function actionOf(step: StepView): string | undefined {
  return step.uses?.split("@")[0]?.toLowerCase();
}

function usesAction(step: StepView, ...actions: string[]): boolean {
  const action = actionOf(step);
  return action !== undefined && actions.includes(action);
}

function truthy(value: unknown): boolean {
  return value === true || value === "true";
}

function falsy(value: unknown): boolean {
  return value === false || value === "false";
}

/** A scalar input as text; a mapping or list (not valid for these inputs) as empty text. */
function text(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

/** Every string a job carries (env, with, run, if, ...), for text searches. */
function jobText(job: JobView): string {
  return JSON.stringify(job.raw);
}

/** Each line of a script with the line continuations joined, so one command is one line. */
function commands(script: string): string[] {
  return script.replaceAll(/\\\r?\n/g, " ").split(/\r?\n|;|&&|\|\|/);
}

const AWS_ROLE = ["aws-actions/configure-aws-credentials"];
const SIGNING = ["sigstore/cosign-installer"];
const ATTESTING = ["actions/attest-build-provenance", "actions/attest", "actions/attest-sbom"];
const REGISTRY_CREDENTIALS = [
  "aws-actions/configure-aws-credentials",
  "aws-actions/amazon-ecr-login",
  "docker/login-action",
  "peter-evans/dockerhub-description",
];

function signsOrAttestsInScript(job: JobView): boolean {
  return job.steps.some((step) => step.run !== undefined && /\bcosign\s+(?:sign|attest)\b/.test(step.run));
}

// What justifies each write scope (W2). A scope missing here has no justification in a release system.
const WRITE_JUSTIFIED: Readonly<Record<string, (job: JobView) => boolean>> = {
  "id-token": (job) =>
    job.steps.some((step) => usesAction(step, ...AWS_ROLE, ...SIGNING, ...ATTESTING)) || signsOrAttestsInScript(job),
  attestations: (job) => job.steps.some((step) => usesAction(step, ...ATTESTING)),
  "security-events": (job) => job.steps.some((step) => usesAction(step, "github/codeql-action/upload-sarif")),
  contents: (job) =>
    job.steps.some((step) => step.run !== undefined && /\b(?:git\s+push|gh\s+release)\b/.test(step.run)),
  packages: (job) => jobText(job).includes("ghcr.io"),
  "pull-requests": (job) =>
    job.steps.some(
      (step) =>
        usesAction(step, "peter-evans/create-or-update-comment", "actions/github-script", "pulumi/actions") ||
        /\bgh\s+pr\b/.test(step.run ?? ""),
    ),
  issues: (job) =>
    job.steps.some(
      (step) =>
        usesAction(step, "peter-evans/create-or-update-comment", "actions/github-script") ||
        /\bgh\s+issue\b/.test(step.run ?? ""),
    ),
};

const W1: Rule = {
  id: "W1",
  check: (workflow) => {
    const findings: RuleFinding[] = [];
    const top = workflow.raw.permissions;
    if (!isRecord(top) || Object.keys(top).length > 0) {
      findings.push({
        message: `top-level permissions must be {} (got ${JSON.stringify(top ?? null)}); grant scopes per job`,
      });
    }
    for (const job of workflow.jobs) {
      if (job.raw.permissions === "read-all" || job.raw.permissions === "write-all") {
        findings.push({
          job: job.id,
          message: `permissions: ${job.raw.permissions} grants every scope; list the scopes the job uses`,
        });
      }
    }
    return findings;
  },
};

const W2: Rule = {
  id: "W2",
  check: (workflow) =>
    workflow.jobs.flatMap((job) => {
      const permissions = job.raw.permissions;
      if (permissions === undefined)
        return [
          { job: job.id, message: "declares no permissions; every job states the scopes it needs ({} for none)" },
        ];
      if (!isRecord(permissions)) return [];
      return Object.entries(permissions)
        .filter(([, level]) => level === "write")
        .filter(([scope]) => !(WRITE_JUSTIFIED[scope]?.(job) ?? false))
        .map(([scope]) => ({ job: job.id, message: `${scope}: write is not used by any step of this job; drop it` }));
    }),
};

function pinProblem(uses: string, comment: string | undefined): string | undefined {
  if (uses.startsWith("./")) return undefined;
  if (uses.startsWith("docker://"))
    return uses.includes("@sha256:") ? undefined : `${uses} is a docker image by tag; pin it by @sha256: digest`;
  if (!SHA_REF.test(uses)) return `${uses} is not pinned to a full 40-hex commit SHA`;
  if (comment === undefined || !TAG_COMMENT.test(comment))
    return `${uses} has no "# vX.Y.Z" comment naming the tag its SHA was resolved from`;
  return undefined;
}

const W3: Rule = {
  id: "W3",
  check: (workflow) =>
    workflow.jobs.flatMap((job) => {
      const findings: RuleFinding[] = [];
      const jobProblem = job.uses === undefined ? undefined : pinProblem(job.uses, job.usesComment);
      if (jobProblem !== undefined) findings.push({ job: job.id, message: jobProblem });
      for (const step of job.steps) {
        const problem = step.uses === undefined ? undefined : pinProblem(step.uses, step.usesComment);
        if (problem !== undefined) findings.push({ job: job.id, step: step.label, message: problem });
      }
      return findings;
    }),
};

const W4: Rule = {
  id: "W4",
  check: (workflow) =>
    workflow.jobs.flatMap((job) =>
      job.steps.flatMap((step) => {
        const script = step.run ?? (usesAction(step, "actions/github-script") ? step.with.script : undefined);
        if (typeof script !== "string" || !script.includes("${{")) return [];
        return [
          {
            job: job.id,
            step: step.label,
            message: 'the script contains "${{ }}"; pass the value through env: and quote "$VAR"',
          },
        ];
      }),
    ),
};

const W5: Rule = {
  id: "W5",
  check: (workflow) => {
    const on = workflow.raw.on;
    const events = typeof on === "string" ? [on] : Array.isArray(on) ? on.map(String) : Object.keys(asRecord(on));
    if (events.length === 0) return [{ message: "has no trigger" }];
    return events
      .filter((event) => !ALLOWED_TRIGGERS.includes(event))
      .map((event) => ({ message: `trigger ${event} is not allowed; use only ${ALLOWED_TRIGGERS.join(", ")}` }));
  },
};

const W6: Rule = {
  id: "W6",
  check: (workflow) =>
    workflow.jobs.flatMap((job) =>
      job.steps
        .filter((step) => usesAction(step, "actions/checkout") && !falsy(step.with["persist-credentials"]))
        .map((step) => ({
          job: job.id,
          step: step.label,
          message: "actions/checkout must set persist-credentials: false",
        })),
    ),
};

const W7: Rule = {
  id: "W7",
  check: (workflow) => {
    const findings: RuleFinding[] = [];
    if (/toJSON\(\s*secrets\s*\)/i.test(JSON.stringify(workflow.raw)))
      findings.push({ message: "toJSON(secrets) exposes every secret; pass the ones needed by name" });
    for (const job of workflow.jobs) {
      if (job.raw.secrets === "inherit")
        findings.push({
          job: job.id,
          message: "secrets: inherit passes every secret to the called workflow; pass the ones needed by name",
        });
      for (const step of job.steps) {
        const buildArgs = step.with["build-args"];
        if (
          usesAction(step, "docker/build-push-action") &&
          typeof buildArgs === "string" &&
          /\bsecrets\./.test(buildArgs)
        ) {
          findings.push({
            job: job.id,
            step: step.label,
            message:
              "a secret in build-args is recorded in the provenance; use the secrets input (BuildKit secret mounts)",
          });
        }
      }
    }
    return findings;
  },
};

function publishes(job: JobView): boolean {
  return (
    job.raw.environment !== undefined ||
    job.steps.some(
      (step) =>
        (usesAction(step, "docker/build-push-action") && truthy(step.with.push)) ||
        usesAction(step, ...REGISTRY_CREDENTIALS),
    )
  );
}

function cacheProblem(step: StepView): string | undefined {
  if (usesAction(step, "actions/cache", "actions/cache/restore"))
    return "actions/cache in a publishing job restores what another run saved";
  if (usesAction(step, "docker/build-push-action")) {
    const caches = `${text(step.with["cache-from"])} ${text(step.with["cache-to"])}`;
    if (caches.includes("type=gha"))
      return "type=gha build cache is shared with pull request runs; use a registry cache scoped to the channel or none";
  }
  if (
    usesAction(step, "actions/setup-node") &&
    (step.with.cache !== undefined || !falsy(step.with["package-manager-cache"]))
  ) {
    return "actions/setup-node caches dependencies (package-manager-cache defaults to true); set package-manager-cache: false and no cache";
  }
  if (usesAction(step, "aquasecurity/trivy-action") && !falsy(step.with.cache))
    return "trivy-action caches its database through actions/cache by default; set cache: false";
  return undefined;
}

const W8: Rule = {
  id: "W8",
  check: (workflow) =>
    workflow.jobs
      .filter((job) => publishes(job))
      .flatMap((job) =>
        job.steps.flatMap((step) => {
          const problem = cacheProblem(step);
          return problem === undefined ? [] : [{ job: job.id, step: step.label, message: problem }];
        }),
      ),
};

function environmentName(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  const name = asRecord(value).name;
  return typeof name === "string" ? name : undefined;
}

const W9: Rule = {
  id: "W9",
  check: (workflow, options) =>
    workflow.jobs.flatMap((job) => {
      const known = options.environments ?? CHANNELS;
      const credentialed =
        job.steps.some((step) => usesAction(step, ...REGISTRY_CREDENTIALS)) ||
        /\bsecrets\.(?!GITHUB_TOKEN\b)/.test(jobText(job));
      const name = environmentName(job.raw.environment);
      if (credentialed && name === undefined) {
        return [
          {
            job: job.id,
            message:
              "touches registry credentials or the AWS role but has no environment:; run it in its channel's environment",
          },
        ];
      }
      if (name !== undefined && !name.includes("${{") && !known.includes(name)) {
        return [
          {
            job: job.id,
            message: `environment "${name}" is not one known to exist (${known.join(", ")}); a missing environment is created unprotected`,
          },
        ];
      }
      return [];
    }),
};

function digestReferenced(command: string): boolean {
  return /@(?:sha256:|"?\$)/.test(command);
}

const W10: Rule = {
  id: "W10",
  check: (workflow) =>
    workflow.jobs.flatMap((job) =>
      job.steps.flatMap((step): RuleFinding[] => {
        const at = { job: job.id, step: step.label };
        if (usesAction(step, "docker/build-push-action") && truthy(step.with.push)) {
          const findings: RuleFinding[] = [];
          if (!text(step.with.provenance).includes("mode=max"))
            findings.push({ ...at, message: "a pushing build must set provenance: mode=max" });
          if (!truthy(step.with.sbom)) findings.push({ ...at, message: "a pushing build must set sbom: true" });
          return findings;
        }
        if (usesAction(step, ...ATTESTING)) {
          const name = text(step.with["subject-name"]);
          if (step.with["subject-digest"] === undefined || /:[^/]*$/.test(name.replace(/^[^/]*\//, ""))) {
            return [
              { ...at, message: "attest the pushed digest: set subject-digest and a subject-name without a tag" },
            ];
          }
          return [];
        }
        if (step.run === undefined) return [];
        return commands(step.run).flatMap((command): RuleFinding[] => {
          if (/\bcosign\s+(?:sign|attest)\b/.test(command) && !digestReferenced(command)) {
            return [{ ...at, message: `sign by digest (image@sha256:...), never by tag: ${command.trim()}` }];
          }
          if (/\bdocker\s+(?:image\s+)?push\b/.test(command)) {
            return [{ ...at, message: "push with docker/build-push-action (provenance and SBOM), not docker push" }];
          }
          return [];
        });
      }),
    ),
};

const CURL_PIPE = /\b(?:curl|wget)\b[^|]*\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b/;
const NPM_INSTALL = /\bnpm\s+(?:install|i|add)\b/;

function imageUnpinned(image: unknown): boolean {
  const name = typeof image === "string" ? image : asRecord(image).image;
  return typeof name === "string" && !name.includes("@sha256:");
}

const W11: Rule = {
  id: "W11",
  check: (workflow) =>
    workflow.jobs.flatMap((job) => {
      const findings: RuleFinding[] = [];
      if (imageUnpinned(job.raw.container))
        findings.push({ job: job.id, message: "container: image is not pinned by @sha256: digest" });
      for (const [name, service] of Object.entries(asRecord(job.raw.services))) {
        if (imageUnpinned(service))
          findings.push({ job: job.id, message: `service ${name} image is not pinned by @sha256: digest` });
      }
      for (const step of job.steps) {
        // Commands also arrive through env (a configurable build command), so env values are scripts too.
        const scripts = [step.run ?? "", ...Object.values(asRecord(step.raw.env)).map(String)];
        for (const script of scripts) {
          if (CURL_PIPE.test(script))
            findings.push({
              job: job.id,
              step: step.label,
              message: "pipes a download into a shell; download, verify a checksum, then run",
            });
          if (NPM_INSTALL.test(script))
            findings.push({
              job: job.id,
              step: step.label,
              message: "npm install can change the lockfile; use npm ci",
            });
        }
      }
      return findings;
    }),
};

const W12: Rule = {
  id: "W12",
  check: (workflow) => {
    const findings: RuleFinding[] = [];
    const release = workflow.jobs.some((job) => job.raw.environment !== undefined);
    if (release) {
      const concurrency = asRecord(workflow.raw.concurrency);
      if (typeof concurrency.group !== "string" || !falsy(concurrency["cancel-in-progress"])) {
        findings.push({
          message: "a release workflow needs top-level concurrency: a group per channel and cancel-in-progress: false",
        });
      }
    }
    for (const job of workflow.jobs) {
      if (
        job.uses === undefined &&
        typeof job.raw["timeout-minutes"] !== "number" &&
        typeof job.raw["timeout-minutes"] !== "string"
      ) {
        findings.push({ job: job.id, message: "sets no timeout-minutes (the default is 360)" });
      }
    }
    const on = asRecord(workflow.raw.on);
    const schedules = Array.isArray(on.schedule) ? on.schedule : [];
    for (const entry of schedules) {
      const cron = asRecord(entry).cron;
      if (typeof cron === "string" && cronFiresAtMinuteZero(cron))
        findings.push({ message: `schedule "${cron}" fires at minute 0, when GitHub delays or drops runs` });
    }
    if (schedules.length > 0 && !("workflow_dispatch" in on))
      findings.push({ message: "a scheduled workflow must also allow workflow_dispatch" });
    return findings;
  },
};

/** The workflow rules, in order. */
export const RULES: readonly Rule[] = [W1, W2, W3, W4, W5, W6, W7, W8, W9, W10, W11, W12];
