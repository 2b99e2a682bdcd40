/*
 * W6, W7, W9, W16, W21: where credentials may go. zizmor artipacked,
 * secrets-inherit, overprovisioned-secrets, secrets-outside-env,
 * hardcoded-container-credentials and unredacted-secrets.
 */
import { CHANNELS } from "../../../channels";
import { REGISTRY_CREDENTIALS } from "../actions";
import { contextPath, contextsRead, segments, subExpressions, parseExpression, type Expr } from "../expression";
import { effectiveEnv, expressions, isFalse, site, siteOf, usesAction, type Rule, type RuleFinding } from "../rule";
import { asRecord, isRecord, type JobView, type StepView, type WorkflowView } from "../workflow-view";

export const W6: Rule = {
  id: "W6",
  summary: "Every actions/checkout sets persist-credentials: false",
  check: (workflow) =>
    workflow.jobs.flatMap((job) =>
      job.steps
        .filter((step) => usesAction(step, "actions/checkout") && !isFalse(step.with["persist-credentials"]))
        .map((step) => ({
          ...site(workflow, job, step),
          message: "actions/checkout must set persist-credentials: false",
        })),
    ),
};

const readsSecrets = (expr: Expr): boolean =>
  contextsRead(expr).some((path) => path === "secrets" || path.startsWith("secrets."));

/** Whether an expression reads the whole secrets context (toJSON(secrets), ${{ secrets }}) or a computed secret name. */
function overprovisioned(expr: Expr): string | undefined {
  // contextsRead names the longest path it can: a bare "secrets" is the whole context or a computed index.
  if (!contextsRead(expr).includes("secrets")) return undefined;
  const computed = subExpressions(expr).some(
    (sub) => sub.kind === "index" && contextPath(sub.object) === "secrets" && contextPath(sub) === undefined,
  );
  return computed
    ? "secrets[<computed name>] makes every secret reachable; pass the ones needed by name"
    : "the whole secrets context (toJSON(secrets)) exposes every secret; pass the ones needed by name";
}

export const W7: Rule = {
  id: "W7",
  summary: "No secrets: inherit, no toJSON(secrets) or computed secret names, no secrets in build-args",
  check: (workflow) => {
    const findings: RuleFinding[] = [];
    for (const value of expressions(workflow)) {
      const problem = overprovisioned(value.expr);
      if (problem !== undefined) findings.push({ ...siteOf(value), message: problem });
    }
    for (const job of workflow.jobs) {
      if (job.raw.secrets === "inherit")
        findings.push({
          ...site(workflow, job, undefined, "secrets"),
          message: "secrets: inherit passes every secret to the called workflow; pass the ones needed by name",
        });
      for (const step of job.steps) {
        const buildArgs = step.with["build-args"];
        if (!usesAction(step, "docker/build-push-action") || typeof buildArgs !== "string") continue;
        const parsed = segments(buildArgs).flatMap((part) =>
          part.kind === "expression" ? [parseExpression(part.source)] : [],
        );
        if (parsed.some((expr) => expr === undefined || readsSecrets(expr)) || /\bsecrets\s*[.[]/i.test(buildArgs))
          findings.push({
            ...site(workflow, job, step),
            message:
              "a secret in build-args is recorded in the provenance; use the secrets input (BuildKit secret mounts)",
          });
      }
    }
    return findings;
  },
};

function environmentName(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  const name = asRecord(value).name;
  return typeof name === "string" ? name : undefined;
}

/** Whether a job reads any secret besides GITHUB_TOKEN, or hands secrets to a called workflow. */
function readsNamedSecrets(workflow: WorkflowView, job: JobView): boolean {
  if (job.raw.secrets === "inherit" || (isRecord(job.raw.secrets) && Object.keys(job.raw.secrets).length > 0))
    return true;
  return expressions(workflow)
    .filter((value) => value.job === job)
    .some((value) =>
      contextsRead(value.expr).some(
        (path) => (path === "secrets" || path.startsWith("secrets.")) && path !== "secrets.github_token",
      ),
    );
}

export const W9: Rule = {
  id: "W9",
  summary:
    "Every job that touches registry credentials, secrets or the AWS role runs in an environment known to exist with protection",
  check: (workflow, options) =>
    workflow.jobs.flatMap((job) => {
      const known = options.environments ?? CHANNELS;
      const credentialed =
        job.steps.some((step) => usesAction(step, ...REGISTRY_CREDENTIALS)) || readsNamedSecrets(workflow, job);
      const name = environmentName(job.raw.environment);
      if (credentialed && name === undefined) {
        return [
          {
            ...site(workflow, job),
            message:
              "touches registry credentials, secrets or the AWS role outside an environment; run it in its channel's environment",
          },
        ];
      }
      if (name !== undefined && !name.includes("${{") && !known.includes(name)) {
        return [
          {
            ...site(workflow, job, undefined, "environment"),
            message: `environment "${name}" is not one known to exist (${known.join(", ")}); a missing environment is created unprotected`,
          },
        ];
      }
      return [];
    }),
};

/**
 * Whether a credential value comes from a secret (or a token minted in the
 * run): nothing but `${{ }}` expressions reading secrets, step outputs or
 * github.token, directly or through an env: binding.
 */
function fromSecret(value: unknown, workflow: WorkflowView, job: JobView, step?: StepView, depth = 0): boolean {
  if (typeof value !== "string" || depth > 8) return false;
  const parts = segments(value);
  if (parts.length === 0 || parts.some((part) => part.kind === "text" && part.text.trim() !== "")) return false;
  return parts.every((part) => {
    if (part.kind === "text") return true;
    const expr = parseExpression(part.source);
    if (expr === undefined) return false;
    const paths = contextsRead(expr);
    return (
      paths.length > 0 &&
      paths.every((path) => {
        if (path.startsWith("secrets.") || path === "github.token") return true;
        if (/^steps\.[^.]+\.outputs\./.test(path)) return true;
        if (!path.startsWith("env.")) return false;
        const name = path.slice("env.".length);
        const binding = Object.entries(effectiveEnv(workflow, job, step)).find(([key]) => key.toLowerCase() === name);
        return binding !== undefined && fromSecret(binding[1], workflow, job, step, depth + 1);
      })
    );
  });
}

export const W16: Rule = {
  id: "W16",
  summary:
    "Registry passwords (container, services, docker/login-action) come from ${{ secrets.* }}, never written in the file",
  check: (workflow) =>
    workflow.jobs.flatMap((job) => {
      const findings: RuleFinding[] = [];
      const containers: [string, unknown][] = [
        ["container", job.raw.container],
        ...Object.entries(asRecord(job.raw.services)).map(([name, service]): [string, unknown] => [
          `service ${name}`,
          service,
        ]),
      ];
      for (const [what, container] of containers) {
        const credentials = asRecord(asRecord(container).credentials);
        if (credentials.password !== undefined && !fromSecret(credentials.password, workflow, job))
          findings.push({
            ...site(workflow, job),
            ...(workflow.at(credentials, "password") === undefined
              ? {}
              : { at: workflow.at(credentials, "password")! }),
            message: `${what}: credentials.password is written in the file; use \${{ secrets.NAME }}`,
          });
      }
      for (const step of job.steps) {
        const password = step.with.password;
        if (
          usesAction(step, "docker/login-action") &&
          password !== undefined &&
          !fromSecret(password, workflow, job, step)
        )
          findings.push({
            ...site(workflow, job, step),
            ...(workflow.at(step.with, "password") === undefined ? {} : { at: workflow.at(step.with, "password")! }),
            message: "docker/login-action password is written in the file; use ${{ secrets.NAME }}",
          });
      }
      return findings;
    }),
};

export const W21: Rule = {
  id: "W21",
  summary:
    "Secrets are never parsed as structured values (fromJSON(secrets.X)), whose parts the log redaction cannot know",
  check: (workflow) =>
    expressions(workflow).flatMap((value): RuleFinding[] =>
      subExpressions(value.expr).some(
        (sub) => sub.kind === "call" && sub.name === "fromjson" && sub.args.some(readsSecrets),
      )
        ? [
            {
              ...siteOf(value),
              message:
                "fromJSON(secrets...) yields parts of a secret that GitHub does not mask in logs; store each part as its own secret",
            },
          ]
        : [],
    ),
};
