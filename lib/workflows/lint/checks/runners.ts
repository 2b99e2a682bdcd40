/*
 * W14: jobs run on GitHub-hosted runners. A self-hosted runner of a public
 * repository runs code from anyone who can open a pull request, and keeps
 * what one job leaves behind for the next; GitHub advises against them for
 * public repositories. The rule applies to every repository (the release
 * system is for public ones): a runner the checker cannot see to be
 * GitHub-hosted is a finding. zizmor self-hosted-runner.
 * https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#self-hosted-runner-security
 */
import { fencedExpressions } from "../expression";
import { site, type Rule, type RuleFinding } from "../rule";
import { asRecord, isRecord, type JobView } from "../workflow-view";

// GitHub-hosted image labels: ubuntu-24.04, ubuntu-latest, ubuntu-24.04-arm, windows-2025, macos-15, ...
const HOSTED_LABEL = /^(?:ubuntu|windows|macos)-(?:latest|\d[\w.]*)(?:-(?:arm|arm64|xlarge|large|intel))?$/i;

/** The labels a `runs-on:` can select, with matrix values expanded; `undefined` entries stand for what cannot be known. */
function labels(job: JobView): { labels: (string | undefined)[]; group: boolean } {
  const runsOn = job.raw["runs-on"];
  const group = isRecord(runsOn) && runsOn.group !== undefined;
  const raw: unknown[] = isRecord(runsOn)
    ? Array.isArray(runsOn.labels)
      ? runsOn.labels
      : runsOn.labels === undefined
        ? []
        : [runsOn.labels]
    : Array.isArray(runsOn)
      ? runsOn
      : [runsOn];
  return { labels: raw.flatMap((label) => expand(label, job)), group };
}

function expand(label: unknown, job: JobView, depth = 0): (string | undefined)[] {
  if (typeof label !== "string" || depth > 4) return [undefined];
  const expressions = fencedExpressions(label);
  if (expressions.length === 0) return [label];
  const matrixKey = /^\s*matrix\.([A-Za-z_][\w-]*)\s*$/.exec(expressions[0] ?? "")?.[1];
  if (expressions.length !== 1 || matrixKey === undefined || label.trim() !== `\${{${expressions[0]}}}`)
    return [undefined];
  const rawMatrix = asRecord(job.raw.strategy).matrix;
  if (!isRecord(rawMatrix)) return [undefined];
  const listed: unknown = rawMatrix[matrixKey];
  const included: unknown = rawMatrix.include;
  const values: unknown[] = [
    ...(Array.isArray(listed) ? (listed as unknown[]) : []),
    ...(Array.isArray(included) ? (included as unknown[]).map((entry) => asRecord(entry)[matrixKey]) : []),
  ].filter((value) => value !== undefined);
  if (values.length === 0) return [undefined];
  return values.flatMap((value) =>
    Array.isArray(value) ? value.flatMap((item) => expand(item, job, depth + 1)) : expand(value, job, depth + 1),
  );
}

export const W14: Rule = {
  id: "W14",
  summary:
    "Jobs run on GitHub-hosted runners: no self-hosted label, runner group or label the checker cannot see to be GitHub-hosted",
  check: (workflow) =>
    workflow.jobs
      .filter((job) => job.uses === undefined)
      .flatMap((job): RuleFinding[] => {
        const at = site(workflow, job, undefined, "runs-on");
        const { labels: selected, group } = labels(job);
        if (selected.some((label) => label?.toLowerCase() === "self-hosted"))
          return [
            {
              ...at,
              message:
                "runs on a self-hosted runner, which in a public repository runs code from any pull request and keeps what one job leaves for the next; use a GitHub-hosted runner",
            },
          ];
        if (group)
          return [
            {
              ...at,
              message: "runs on a runner group, which may hold self-hosted runners; name a GitHub-hosted image",
            },
          ];
        const unknown = selected.filter((label) => label === undefined || !HOSTED_LABEL.test(label));
        if (unknown.length > 0)
          return [
            {
              ...at,
              message: `runs-on ${unknown.map((label) => (label === undefined ? "(a value known only at run time)" : JSON.stringify(label))).join(", ")} is not a GitHub-hosted image label (ubuntu-24.04, ...) and may select a self-hosted runner`,
            },
          ];
        return [];
      }),
};
