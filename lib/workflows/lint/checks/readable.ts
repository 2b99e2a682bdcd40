/*
 * W20: nothing is written so that the other rules cannot read it. Obfuscated
 * `uses:` paths and expressions that fold to constants or undo each other
 * (fromJSON(toJSON(x))) only hide what they do; scripts in shells other than
 * bash and sh are beyond the script rules (W4, W11, W13). zizmor obfuscation
 * and misfeature.
 */
import { constantValue, subExpressions, type Expr } from "../expression";
import { expressions, isCondition, site, siteOf, usesAction, type Rule, type RuleFinding } from "../rule";
import { asRecord, type JobView, type StepView, type WorkflowView } from "../workflow-view";

function obfuscatedPath(uses: string): boolean {
  if (uses.startsWith("docker://")) return false;
  const path = uses.split("@")[0] ?? "";
  const components = path.replace(/^(?:\.|\$)\//, "").split("/");
  return components.some((component) => component === "" || component === "." || component === "..");
}

function obfuscatedExpression(expr: Expr): string | undefined {
  for (const sub of subExpressions(expr)) {
    // fromJSON('[...]') is how an expression writes a list or an object; it hides nothing.
    const literalJson = sub.kind === "call" && sub.name === "fromjson" && sub.args[0]?.kind === "literal";
    if (sub.kind !== "literal" && !literalJson && constantValue(sub) !== undefined)
      return `evaluates to the constant ${JSON.stringify(constantValue(sub)!.value)}; write the value`;
    if (
      sub.kind === "call" &&
      ((sub.name === "fromjson" && sub.args[0]?.kind === "call" && sub.args[0].name === "tojson") ||
        (sub.name === "tojson" && sub.args[0]?.kind === "call" && sub.args[0].name === "fromjson"))
    )
      return `${sub.name}(${sub.name === "fromjson" ? "tojson" : "fromjson"}(...)) undoes itself; write the inner value`;
  }
  return undefined;
}

// bash or sh, also by path (/bin/bash, /usr/bin/env bash) or with options (bash -e {0}).
const READABLE_SHELL = /^(?:(?:\/usr)?\/bin\/)?(?:env\s+)?(?:bash|sh)(?:\s|$)/;

function shellOf(workflow: WorkflowView, job: JobView, step: StepView): string {
  const shell =
    step.raw.shell ??
    asRecord(asRecord(job.raw.defaults).run).shell ??
    asRecord(asRecord(workflow.raw.defaults).run).shell;
  if (typeof shell === "string") return shell;
  // GitHub's default shell is pwsh on Windows runners and bash elsewhere.
  return JSON.stringify(job.raw["runs-on"] ?? "")
    .toLowerCase()
    .includes("windows")
    ? "pwsh"
    : "bash";
}

export const W20: Rule = {
  id: "W20",
  summary:
    "Nothing hides from the checker: no obfuscated uses: paths or constant and self-cancelling expressions, scripts only in bash or sh, no setup-python pip-install",
  check: (workflow) => {
    const findings: RuleFinding[] = [];
    for (const job of workflow.jobs) {
      if (job.uses !== undefined && obfuscatedPath(job.uses))
        findings.push({
          ...site(workflow, job, undefined, "uses"),
          message: `${job.uses} has an empty, . or .. path segment; write the plain path`,
        });
      for (const step of job.steps) {
        if (step.uses !== undefined && obfuscatedPath(step.uses))
          findings.push({
            ...site(workflow, job, step, "uses"),
            message: `${step.uses} has an empty, . or .. path segment; write the plain path`,
          });
        if (step.run !== undefined) {
          const shell = shellOf(workflow, job, step);
          if (!READABLE_SHELL.test(shell.trim()))
            findings.push({
              ...site(workflow, job, step, "shell"),
              message: `runs its script with ${JSON.stringify(shell)}; the checker reads bash and sh scripts only, so use shell: bash`,
            });
        }
        if (usesAction(step, "actions/setup-python") && step.with["pip-install"] !== undefined)
          findings.push({
            ...site(workflow, job, step),
            message:
              "pip-install installs into the runner's global Python, unpinned; install in a run: step from a hashed requirements file",
          });
      }
    }
    for (const value of expressions(workflow)) {
      // A constant condition is W17's.
      if (isCondition(value.path) && constantValue(value.expr) !== undefined) continue;
      const problem = obfuscatedExpression(value.expr);
      if (problem !== undefined)
        findings.push({ ...siteOf(value), message: `\${{ ${value.source.trim()} }} ${problem}` });
    }
    return findings;
  },
};
