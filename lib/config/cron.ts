import { CronExpressionParser } from "cron-parser";

const ITEM = String.raw`(?:\*|\d+|[A-Za-z]{3})(?:-(?:\d+|[A-Za-z]{3}))?(?:/\d+)?`;
const POSIX_FIELD = new RegExp(`^${ITEM}(?:,${ITEM})*$`);

/** What is wrong with a GitHub Actions schedule, or undefined when it is fine. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  // GitHub's `on.schedule[].cron` is POSIX cron: exactly five fields, no seconds,
  // no Quartz extensions (L, W, #, ?).
  // https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#schedule
  if (fields.length !== 5) {
    return `${JSON.stringify(expression)} has ${fields.length} fields; use five (minute hour day-of-month month day-of-week), e.g. "17 3 * * *"`;
  }
  if (!fields.every((field) => POSIX_FIELD.test(field))) {
    return `${JSON.stringify(expression)} uses a non-POSIX cron feature (L, W, # or ?); GitHub accepts only numbers, ranges, steps, lists and month/day names`;
  }
  let minutes: readonly number[];
  try {
    minutes = CronExpressionParser.parse(expression).fields.minute.values;
  } catch (err) {
    return `${JSON.stringify(expression)} is not a cron expression (${(err as Error).message}); use five fields, e.g. "17 3 * * *"`;
  }
  // Scheduled runs at the top of the hour are the ones GitHub delays or drops under load.
  if (minutes.includes(0)) {
    return `${JSON.stringify(expression)} runs at minute 0, when GitHub's scheduler is busiest and runs are delayed or dropped; pick another minute, e.g. "17${expression.trim().slice(fields[0]!.length)}"`;
  }
  return undefined;
}
