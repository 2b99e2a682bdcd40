/*
 * W4, W13, W15: what reaches a script, and what a script hands to the steps
 * after it. OpenSSF Scorecard Dangerous-Workflow (script injection); zizmor
 * template-injection, github-env and insecure-commands.
 */
import { actionOf, scriptSite, site, text, type Rule, type RuleFinding } from "../rule";
import { environmentFileWrites } from "../script";
import { untrustedInScript } from "../untrusted";
import { asRecord, isRecord, type WorkflowView } from "../workflow-view";

// Action inputs that run as code (CodeQL's injection sinks, as zizmor's template-injection reads them).
const CODE_INPUTS: Readonly<Record<string, readonly string[]>> = {
  "actions/github-script": ["script"],
  "8398a7/action-slack": ["custom_payload"],
  "addnab/docker-run-action": ["run", "options"],
  "amadevus/pwsh-script": ["script"],
  "appleboy/ssh-action": ["script"],
  "azure/cli": ["inlinescript"],
  "azure/powershell": ["inlinescript"],
  "devorbitus/yq-action-output": ["cmd"],
  "gautamkrishnar/blog-post-workflow": ["item_exec"],
  "imjohnbo/issue-bot": ["body", "linked-comments-previous-issue-text", "linked-comments-new-issue-text"],
  "lucasbento/auto-close-issues": ["issue-close-message"],
  "mikefarah/yq": ["cmd"],
  "roots/issue-closer-action": ["issue-close-message", "pr-close-message"],
  "sergeysova/jq-action": ["cmd"],
  "skitionek/notify-microsoft-teams": ["overwrite"],
  "tibdex/backport": ["body_template", "head_template", "labels_template", "title_template"],
};

export const W4: Rule = {
  id: "W4",
  summary:
    'No ${{ }} inside run: scripts or action inputs that run as code (github-script, ...): values arrive through env: and are quoted "$VAR"',
  check: (workflow) =>
    workflow.jobs.flatMap((job) =>
      job.steps.flatMap((step): RuleFinding[] => {
        if (step.run !== undefined)
          return step.run.includes("${{")
            ? [
                {
                  ...site(workflow, job, step, "run"),
                  message: 'the script contains "${{ }}"; pass the value through env: and quote "$VAR"',
                },
              ]
            : [];
        const inputs = CODE_INPUTS[actionOf(step) ?? ""] ?? [];
        return Object.entries(step.with)
          .filter(([input, value]) => inputs.includes(input.toLowerCase()) && text(value).includes("${{"))
          .map(([input]) => ({
            ...site(workflow, job, step),
            ...(workflow.at(step.with, input) === undefined ? {} : { at: workflow.at(step.with, input)! }),
            message: `input ${input} runs as code and contains "\${{ }}"; pass the value through env: and read it from the environment`,
          }));
      }),
    ),
};

const FILE_EFFECT = {
  GITHUB_ENV: "sets variables for every later step (LD_PRELOAD, NODE_OPTIONS, BASH_ENV run code)",
  GITHUB_PATH: "puts a directory first on PATH for every later step (shadowing git, docker, ...)",
  GITHUB_OUTPUT: "becomes a step output (a newline in it can forge other outputs)",
} as const;

export const W13: Rule = {
  id: "W13",
  summary:
    "No untrusted input (event text, branch names, untrusted step outputs) is written to $GITHUB_ENV, $GITHUB_PATH or $GITHUB_OUTPUT",
  check: (workflow) =>
    workflow.jobs.flatMap((job) =>
      job.steps.flatMap((step): RuleFinding[] => {
        if (step.run === undefined) return [];
        return environmentFileWrites(step.run).flatMap((write): RuleFinding[] => {
          const source = untrustedInScript(write.text, { workflow, job, step });
          if (source === undefined) return [];
          return [
            {
              ...scriptSite(workflow, job, step, write.line),
              message: `writes ${source} to $${write.file}, which ${FILE_EFFECT[write.file]}; check the value against a pattern first, or pass it through env: to the one step that needs it`,
            },
          ];
        });
      }),
    ),
};

const UNSECURE = "ACTIONS_ALLOW_UNSECURE_COMMANDS";

/** Whether an env value enables the deprecated commands (GitHub reads it as a boolean; an expression may be anything). */
function enables(value: unknown): boolean {
  return !(
    value === false ||
    value === "" ||
    value === null ||
    (typeof value === "string" && /^(?:false|0)$/i.test(value))
  );
}

function envFindings(
  workflow: WorkflowView,
  env: unknown,
  where: Omit<RuleFinding, "message">,
  owner: object,
): RuleFinding[] {
  if (typeof env === "string")
    return [
      {
        ...where,
        ...(workflow.at(owner, "env") === undefined ? {} : { at: workflow.at(owner, "env")! }),
        message: `env: is an expression, which may set ${UNSECURE}; write env: as a mapping`,
      },
    ];
  return Object.entries(asRecord(env))
    .filter(([name, value]) => name.toUpperCase() === UNSECURE && enables(value))
    .map(([name]) => ({
      ...where,
      ...(isRecord(env) && workflow.at(env, name) !== undefined ? { at: workflow.at(env, name)! } : {}),
      message: `${UNSECURE} re-enables ::set-env and ::add-path, so anything a step prints can set variables and PATH; remove it`,
    }));
}

export const W15: Rule = {
  id: "W15",
  summary: "ACTIONS_ALLOW_UNSECURE_COMMANDS is never set, in any env: or through $GITHUB_ENV",
  check: (workflow) => {
    const findings = envFindings(workflow, workflow.raw.env, {}, workflow.raw);
    for (const job of workflow.jobs) {
      findings.push(...envFindings(workflow, job.raw.env, site(workflow, job), job.raw));
      for (const container of [job.raw.container, ...Object.values(asRecord(job.raw.services))]) {
        if (isRecord(container)) findings.push(...envFindings(workflow, container.env, site(workflow, job), container));
      }
      for (const step of job.steps) {
        findings.push(...envFindings(workflow, step.raw.env, site(workflow, job, step), step.raw));
        const write = environmentFileWrites(step.run ?? "").find(
          (candidate) => candidate.file === "GITHUB_ENV" && candidate.text.toUpperCase().includes(UNSECURE),
        );
        if (write !== undefined)
          findings.push({
            ...scriptSite(workflow, job, step, write.line),
            message: `the script writes ${UNSECURE} to $GITHUB_ENV, re-enabling ::set-env and ::add-path for later steps; remove it`,
          });
      }
    }
    return findings;
  },
};
