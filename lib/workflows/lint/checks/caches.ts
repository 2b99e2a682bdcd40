/*
 * W8, W19: nothing a release builds or publishes comes out of a cache another
 * run could have written. Any workflow run with a GITHUB_TOKEN, a pull
 * request's included, can write the repository's Actions cache. zizmor
 * cache-poisoning; https://adnanthekhan.com/2024/05/06/the-monsters-in-your-build-cache-github-actions-cache-poisoning/
 */
import { cacheUse, publishes } from "../actions";
import { site, type Rule, type RuleFinding } from "../rule";
import { asRecord, type JobView, type WorkflowView } from "../workflow-view";
import { triggers } from "./triggers";

function cacheFindings(workflow: WorkflowView, job: JobView, suffix: string): RuleFinding[] {
  return job.steps.flatMap((step) => {
    const problem = cacheUse(step);
    return problem === undefined ? [] : [{ ...site(workflow, job, step), message: `${problem}${suffix}` }];
  });
}

export const W8: Rule = {
  id: "W8",
  summary:
    "Publishing jobs restore no cache a pull request could have written (no actions/cache, no type=gha, setup-* caches off)",
  check: (workflow) => workflow.jobs.filter(publishes).flatMap((job) => cacheFindings(workflow, job, "")),
};

/** The triggers that make a workflow a release (zizmor's: release, tag pushes, release branches; and schedules, which publish nightlies). */
function releaseTriggers(workflow: WorkflowView): string[] {
  const on = asRecord(workflow.raw.on);
  const push = asRecord(on.push);
  const branches = Array.isArray(push.branches) ? push.branches.map(String) : [];
  return [
    ...(triggers(workflow.raw.on).includes("release") ? ["release"] : []),
    ...(push.tags !== undefined ? ["tag pushes"] : []),
    ...(branches.some((branch) => branch.toLowerCase().includes("release")) ? ["pushes to release branches"] : []),
    ...(triggers(workflow.raw.on).includes("schedule") ? ["a schedule"] : []),
  ];
}

export const W19: Rule = {
  id: "W19",
  summary:
    "In a release workflow (release, tag push, release branch or schedule) that publishes, no job restores a cache",
  check: (workflow) => {
    const release = releaseTriggers(workflow);
    if (release.length === 0 || !workflow.jobs.some(publishes)) return [];
    // Publishing jobs are W8's; here the jobs whose outputs and artifacts they consume.
    return workflow.jobs
      .filter((job) => !publishes(job))
      .flatMap((job) =>
        cacheFindings(
          workflow,
          job,
          ` (this release workflow runs on ${release.join(", ")} and publishes what its jobs produce)`,
        ),
      );
  },
};
