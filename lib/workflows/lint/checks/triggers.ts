/*
 * W5, W12: what starts a workflow, and how release runs are serialized and
 * bounded. OpenSSF Scorecard Dangerous-Workflow (untrusted checkout); zizmor
 * dangerous-triggers.
 */
import { cronFiresAtMinuteZero } from "../../../schedule/cron";
import { isFalse, site, topLevel, type Rule, type RuleFinding } from "../rule";
import { asRecord } from "../workflow-view";

const ALLOWED_TRIGGERS = ["push", "schedule", "workflow_dispatch", "pull_request", "workflow_call"];

/** The events a workflow's `on:` names, in any of its three forms. */
export function triggers(on: unknown): string[] {
  return typeof on === "string" ? [on] : Array.isArray(on) ? on.map(String) : Object.keys(asRecord(on));
}

export const W5: Rule = {
  id: "W5",
  summary:
    "Triggers only push, schedule, workflow_dispatch, pull_request and workflow_call: no pull_request_target, no workflow_run",
  check: (workflow) => {
    const events = triggers(workflow.raw.on);
    const at = topLevel(workflow, "on");
    if (events.length === 0) return [{ ...at, message: "has no trigger" }];
    return events
      .filter((event) => !ALLOWED_TRIGGERS.includes(event))
      .map((event) => ({
        ...at,
        message: `trigger ${event} is not allowed; use only ${ALLOWED_TRIGGERS.join(", ")}`,
      }));
  },
};

export const W12: Rule = {
  id: "W12",
  summary:
    "Release workflows set concurrency with cancel-in-progress: false; every job sets timeout-minutes; schedules avoid minute 0 and allow workflow_dispatch",
  check: (workflow) => {
    const findings: RuleFinding[] = [];
    const release = workflow.jobs.some((job) => job.raw.environment !== undefined);
    if (release) {
      const concurrency = asRecord(workflow.raw.concurrency);
      if (typeof concurrency.group !== "string" || !isFalse(concurrency["cancel-in-progress"])) {
        findings.push({
          ...topLevel(workflow, "concurrency"),
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
        findings.push({ ...site(workflow, job), message: "sets no timeout-minutes (the default is 360)" });
      }
    }
    const on = asRecord(workflow.raw.on);
    const schedules = Array.isArray(on.schedule) ? on.schedule : [];
    for (const entry of schedules) {
      const cron = asRecord(entry).cron;
      if (typeof cron === "string" && cronFiresAtMinuteZero(cron))
        findings.push({
          ...(workflow.at(asRecord(entry), "cron") === undefined ? {} : { at: workflow.at(asRecord(entry), "cron")! }),
          message: `schedule "${cron}" fires at minute 0, when GitHub delays or drops runs`,
        });
    }
    if (schedules.length > 0 && !("workflow_dispatch" in on))
      findings.push({ ...topLevel(workflow, "on"), message: "a scheduled workflow must also allow workflow_dispatch" });
    return findings;
  },
};
