/*
 * A typed model of the GitHub Actions workflow subset this project generates,
 * after projen's workflows-model: readonly camelCase interfaces that the
 * renderer maps to workflow YAML keys. Only the triggers allowed by rule W5 exist
 * here, top-level permissions are not a field (they are always `{}`, rule W1)
 * and every job must declare its own permissions and timeout (W2, W12).
 * https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions
 */
import type { ActionKey } from "./pinned-actions";

/** A workflow file. */
export interface Workflow {
  /** File name under `.github/workflows/`, e.g. `release-nightly.yml`. */
  readonly fileName: string;
  /** Display name in the Actions tab. */
  readonly name: string;
  /** Name of each run; may use `${{ }}` expressions. */
  readonly runName?: string;
  readonly on: Triggers;
  /** Run-wide concurrency group (W12: per channel, never cancelling a release). */
  readonly concurrency?: Concurrency;
  /** Variables for every job. */
  readonly env?: Readonly<Record<string, string>>;
  /** Jobs by id, in rendering order. */
  readonly jobs: Readonly<Record<string, Job>>;
}

/** The events that start a workflow: only those rule W5 allows. */
export interface Triggers {
  readonly push?: PushTrigger;
  readonly pullRequest?: PullRequestTrigger;
  readonly schedule?: readonly ScheduleTrigger[];
  readonly workflowDispatch?: WorkflowDispatchTrigger;
  readonly workflowCall?: WorkflowCallTrigger;
}

/** `on.push`: branch and tag filters (GitHub filter patterns). */
export interface PushTrigger {
  readonly branches?: readonly string[];
  readonly tags?: readonly string[];
}

/** `on.pull_request`. */
export interface PullRequestTrigger {
  readonly branches?: readonly string[];
  readonly types?: readonly string[];
}

/** One `on.schedule` entry: POSIX cron in UTC. */
export interface ScheduleTrigger {
  readonly cron: string;
}

/** `on.workflow_dispatch`. */
export interface WorkflowDispatchTrigger {
  readonly inputs?: Readonly<Record<string, WorkflowInput>>;
}

/** An input of a manually dispatched or called workflow. */
export type WorkflowInput =
  | { readonly type: "string"; readonly description: string; readonly required: boolean; readonly default?: string }
  | { readonly type: "boolean"; readonly description: string; readonly required: boolean; readonly default?: boolean }
  | {
      readonly type: "choice";
      readonly description: string;
      readonly required: boolean;
      readonly options: readonly string[];
      readonly default?: string;
    };

/** `on.workflow_call`. */
export interface WorkflowCallTrigger {
  /** Choice inputs do not exist for called workflows. */
  readonly inputs?: Readonly<Record<string, Exclude<WorkflowInput, { type: "choice" }>>>;
  readonly secrets?: Readonly<Record<string, { readonly description: string; readonly required: boolean }>>;
}

/** `concurrency` of a workflow or job. */
export interface Concurrency {
  readonly group: string;
  readonly cancelInProgress: boolean;
}

/** Access level of one `GITHUB_TOKEN` scope. */
export type PermissionLevel = "read" | "write" | "none";

/**
 * A job's `GITHUB_TOKEN` scopes; an omitted scope is no access. `{}` is a valid
 * value (no access at all) and the right one for jobs that need nothing.
 */
export interface Permissions {
  readonly actions?: PermissionLevel;
  readonly attestations?: PermissionLevel;
  readonly checks?: PermissionLevel;
  readonly contents?: PermissionLevel;
  readonly deployments?: PermissionLevel;
  /** Only `write` or `none`: OIDC tokens for AWS, cosign keyless and attestations. */
  readonly idToken?: "write" | "none";
  readonly issues?: PermissionLevel;
  readonly packages?: PermissionLevel;
  readonly pullRequests?: PermissionLevel;
  readonly securityEvents?: PermissionLevel;
  readonly statuses?: PermissionLevel;
}

/** A job's deployment environment: its secrets, variables and protection rules. */
export interface Environment {
  /** Environment name, or an expression such as `${{ inputs.channel }}`. */
  readonly name: string;
  readonly url?: string;
}

/** A job that runs steps on a runner. */
export interface Job {
  readonly name?: string;
  readonly runsOn: string;
  readonly needs?: readonly string[];
  /** Expression without `${{ }}`, e.g. `needs.plan.outputs.skip != 'true'`. */
  readonly if?: string;
  /** Required: the workflow grants nothing at the top level (W1, W2). */
  readonly permissions: Permissions;
  readonly environment?: Environment;
  readonly concurrency?: Concurrency;
  /** Required: a hung registry or scanner must not hold a channel's concurrency group for six hours (W12). */
  readonly timeoutMinutes: number;
  readonly outputs?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly steps: readonly Step[];
}

/** Fields every step has. */
interface StepBase {
  /** Shown in the run log; required so findings and errors can name the step. */
  readonly name: string;
  readonly id?: string;
  /** Expression without or with `${{ }}`. */
  readonly if?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly continueOnError?: boolean;
  readonly timeoutMinutes?: number;
}

/** A step that runs a shell script. The script never contains `${{ }}` (W4). */
export interface RunStep extends StepBase {
  readonly run: string;
  readonly shell?: "bash";
  readonly workingDirectory?: string;
}

/** A step that runs an action from the pinned table (W3). */
export interface ActionStep extends StepBase {
  /** Key in PINNED_ACTIONS; the renderer writes the pinned `uses:` line. */
  readonly uses: ActionKey;
  readonly with?: Readonly<Record<string, string | number | boolean>>;
}

/** One step of a job. */
export type Step = RunStep | ActionStep;

/** Whether a step runs an action (rather than a script). */
export function isActionStep(step: Step): step is ActionStep {
  return "uses" in step;
}
