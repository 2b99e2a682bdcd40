import { CronExpressionParser } from "cron-parser";

/*
 * GitHub Actions schedules: POSIX cron, five fields, UTC. One module for the
 * config validator, the workflow generator and checker, and the retention
 * simulator, all over the `cron-parser` package.
 * https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#schedule
 */

const ITEM = String.raw`(?:\*|\d+|[A-Za-z]{3})(?:-(?:\d+|[A-Za-z]{3}))?(?:/\d+)?`;
const POSIX_FIELD = new RegExp(`^${ITEM}(?:,${ITEM})*$`);

function parse(expression: string, options: Parameters<typeof CronExpressionParser.parse>[1] = {}) {
  return CronExpressionParser.parse(expression, { tz: "UTC", ...options });
}

/** What makes `expression` an invalid GitHub schedule, or undefined. */
export function cronSyntaxProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    return `${JSON.stringify(expression)} has ${fields.length} fields; use five (minute hour day-of-month month day-of-week), e.g. "17 3 * * *"`;
  }
  if (!fields.every((field) => POSIX_FIELD.test(field))) {
    return `${JSON.stringify(expression)} uses a non-POSIX cron feature (L, W, # or ?); GitHub accepts only numbers, ranges, steps, lists and month/day names`;
  }
  try {
    parse(expression);
  } catch (err) {
    return `${JSON.stringify(expression)} is not a cron expression (${(err as Error).message}); use five fields, e.g. "17 3 * * *"`;
  }
  return undefined;
}

/** Whether the schedule can fire at minute 0 (an invalid one counts as yes, so it is refused). */
export function cronFiresAtMinuteZero(expression: string): boolean {
  if (cronSyntaxProblem(expression) !== undefined) return true;
  return parse(expression).fields.minute.values.includes(0);
}

/** What is wrong with a release schedule (syntax, or minute 0), or undefined. */
export function cronProblem(expression: string): string | undefined {
  const syntax = cronSyntaxProblem(expression);
  if (syntax !== undefined) return syntax;
  // Scheduled runs at the top of the hour are the ones GitHub delays or drops under load.
  if (cronFiresAtMinuteZero(expression)) {
    const rest = expression.trim().replace(/^\S+/, "");
    return `${JSON.stringify(expression)} runs at minute 0, when GitHub's scheduler is busiest and runs are delayed or dropped; pick another minute, e.g. "17${rest}"`;
  }
  return undefined;
}

/** The times a valid schedule fires within the UTC day starting at `dayStart`, ascending. */
export function cronTimesOnDay(expression: string, dayStart: Date): Date[] {
  const start = dayStart.getTime();
  const it = parse(expression, { currentDate: new Date(start - 1), endDate: new Date(start + 86_400_000 - 1) });
  const times: Date[] = [];
  while (it.hasNext()) times.push(it.next().toDate());
  return times;
}
