/*
 * W1, W2: the GITHUB_TOKEN (and any GitHub App token a job mints) gets only
 * the scopes a job uses. OpenSSF Scorecard Token-Permissions; zizmor
 * excessive-permissions and github-app.
 */
import { ATTESTING, AWS_ROLE, SIGNING } from "../actions";
import { isTrue, jobText, site, topLevel, usesAction, type Rule, type RuleFinding } from "../rule";
import { isRecord, type JobView } from "../workflow-view";

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

const GITHUB_APP_TOKEN = ["actions/create-github-app-token", "tibdex/github-app-token"];

export const W1: Rule = {
  id: "W1",
  summary: "Top-level permissions: {}; never read-all or write-all anywhere",
  check: (workflow) => {
    const findings: RuleFinding[] = [];
    const top = workflow.raw.permissions;
    if (!isRecord(top) || Object.keys(top).length > 0) {
      findings.push({
        message: `top-level permissions must be {} (got ${JSON.stringify(top ?? null)}); grant scopes per job`,
        ...topLevel(workflow, "permissions"),
      });
    }
    for (const job of workflow.jobs) {
      if (job.raw.permissions === "read-all" || job.raw.permissions === "write-all") {
        findings.push({
          ...site(workflow, job, undefined, "permissions"),
          message: `permissions: ${job.raw.permissions} grants every scope; list the scopes the job uses`,
        });
      }
    }
    return findings;
  },
};

export const W2: Rule = {
  id: "W2",
  summary:
    "Every job declares permissions, with write scopes only where a step uses them; GitHub App tokens are scoped and revoked",
  check: (workflow) =>
    workflow.jobs.flatMap((job) => {
      const findings: RuleFinding[] = [];
      const permissions = job.raw.permissions;
      if (permissions === undefined)
        findings.push({
          ...site(workflow, job),
          message: "declares no permissions; every job states the scopes it needs ({} for none)",
        });
      if (isRecord(permissions)) {
        for (const [scope, level] of Object.entries(permissions)) {
          if (level === "write" && !(WRITE_JUSTIFIED[scope]?.(job) ?? false))
            findings.push({
              ...site(workflow, job, undefined, "permissions"),
              message: `${scope}: write is not used by any step of this job; drop it`,
            });
        }
      }
      for (const step of job.steps.filter((candidate) => usesAction(candidate, ...GITHUB_APP_TOKEN))) {
        const at = site(workflow, job, step);
        if (isTrue(step.with["skip-token-revoke"]))
          findings.push({ ...at, message: "skip-token-revoke keeps the App token valid after the job; remove it" });
        if (step.with.owner !== undefined && step.with.repositories === undefined)
          findings.push({
            ...at,
            message: "owner without repositories mints a token for every repository of the installation; list them",
          });
        if (!Object.keys(step.with).some((input) => input.startsWith("permission-")))
          findings.push({
            ...at,
            message: "no permission-* input: the token gets every permission the App has; request the ones used",
          });
      }
      return findings;
    }),
};
