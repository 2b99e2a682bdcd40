/*
 * W3, W22: every action and image is pinned to an immutable reference, and is
 * the one it claims to be. OpenSSF Scorecard Pinned-Dependencies; zizmor
 * unpinned-uses, ref-confusion, self-repository, ref-version-mismatch,
 * impostor-commit (what can be checked offline) and typosquat-uses.
 */
import { PINNED_ACTIONS, type PinnedAction } from "../../pinned-actions";
import { actionOf, site, type Rule, type RuleFinding } from "../rule";
import type { JobView, StepView, WorkflowView } from "../workflow-view";

const SHA_REF = /^[^@\s]+@[0-9a-f]{40}$/;
const TAG_COMMENT = /^v?\d+(?:\.\d+){0,2}(?:\s|$)/;

function pinProblem(uses: string, comment: string | undefined): string | undefined {
  // GitHub's self-repository form: the action or workflow of the same commit, never the workspace.
  if (uses.startsWith("$/")) return undefined;
  if (uses.startsWith("./"))
    return `${uses} runs whatever the workspace holds when the step starts (a previous step may have replaced it); use the self-repository form $/${uses.slice(2)}`;
  if (uses.startsWith("docker://"))
    return uses.includes("@sha256:") ? undefined : `${uses} is a docker image by tag; pin it by @sha256: digest`;
  if (!SHA_REF.test(uses)) return `${uses} is not pinned to a full 40-hex commit SHA`;
  if (comment === undefined || !TAG_COMMENT.test(comment))
    return `${uses} has no "# vX.Y.Z" comment naming the tag its SHA was resolved from`;
  return undefined;
}

/** Each `uses:` of a workflow with its job, step (for step-level uses) and comment. */
function usesOf(workflow: WorkflowView): { job: JobView; step?: StepView; uses: string; comment?: string }[] {
  return workflow.jobs.flatMap((job) => [
    ...(job.uses === undefined
      ? []
      : [{ job, uses: job.uses, ...(job.usesComment === undefined ? {} : { comment: job.usesComment }) }]),
    ...job.steps.flatMap((step) =>
      step.uses === undefined
        ? []
        : [{ job, step, uses: step.uses, ...(step.usesComment === undefined ? {} : { comment: step.usesComment }) }],
    ),
  ]);
}

export const W3: Rule = {
  id: "W3",
  summary:
    'Every uses: is pinned to a full commit SHA with a "# vX.Y.Z" comment (docker images by @sha256:, same-repository actions as $/)',
  check: (workflow) =>
    usesOf(workflow).flatMap(({ job, step, uses, comment }): RuleFinding[] => {
      const problem = pinProblem(uses, comment);
      return problem === undefined ? [] : [{ ...site(workflow, job, step, "uses"), message: problem }];
    }),
};

// Widely used actions a typosquat would imitate, besides those of the pinned table.
const KNOWN_ACTIONS = [
  "actions/cache",
  "actions/checkout",
  "actions/create-github-app-token",
  "actions/download-artifact",
  "actions/github-script",
  "actions/setup-go",
  "actions/setup-java",
  "actions/setup-node",
  "actions/setup-python",
  "actions/upload-artifact",
  "astral-sh/setup-uv",
  "aws-actions/amazon-ecr-login",
  "aws-actions/configure-aws-credentials",
  "docker/build-push-action",
  "docker/login-action",
  "docker/metadata-action",
  "docker/setup-buildx-action",
  "docker/setup-qemu-action",
  "github/codeql-action",
  "google-github-actions/auth",
  "pypa/gh-action-pypi-publish",
  "sigstore/cosign-installer",
  "softprops/action-gh-release",
  "azure/login",
];

const TABLE: readonly PinnedAction[] = Object.values(PINNED_ACTIONS);
const KNOWN_SLUGS = [...new Set([...KNOWN_ACTIONS, ...TABLE.map((pinned) => slugOf(pinned.action))])];

function slugOf(action: string): string {
  return action.toLowerCase().split("/").slice(0, 2).join("/");
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps), capped: only 0, 1 or 2 matter. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 1) return 2;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

function identityProblem(uses: string, comment: string | undefined): string | undefined {
  if (uses.startsWith("./") || uses.startsWith("$/") || uses.startsWith("docker://")) return undefined;
  const action = actionOf({ uses }) ?? "";
  const ref = uses.split("@")[1] ?? "";
  const slug = slugOf(action);
  const owner = slug.split("/")[0];
  const imitated = KNOWN_SLUGS.find(
    (known) => known !== slug && known.split("/")[0] !== owner && distance(known, slug) === 1,
  );
  if (imitated !== undefined)
    return `${action} is one character away from ${imitated} but belongs to another owner (a typosquat?); use ${imitated}`;
  const pinned = TABLE.find((candidate) => candidate.action.toLowerCase() === action);
  const tag = comment?.split(/\s/)[0];
  if (pinned === undefined || tag === undefined || !/^[0-9a-f]{40}$/.test(ref)) return undefined;
  if (tag === pinned.tag && ref !== pinned.sha)
    return `the comment says ${tag}, whose commit in the pinned-actions table is ${pinned.sha}, but this SHA is ${ref}: a commit from a fork or another tag; use the table's`;
  if (ref === pinned.sha && tag !== pinned.tag)
    return `${ref} is the commit of ${pinned.tag} in the pinned-actions table, but the comment says ${tag}; correct the comment`;
  return undefined;
}

export const W22: Rule = {
  id: "W22",
  summary:
    "Every uses: names the action it means: its SHA and tag comment agree with the pinned-actions table, and it imitates no well-known action",
  check: (workflow) =>
    usesOf(workflow).flatMap(({ job, step, uses, comment }): RuleFinding[] => {
      const problem = identityProblem(uses, comment);
      return problem === undefined ? [] : [{ ...site(workflow, job, step, "uses"), message: problem }];
    }),
};
