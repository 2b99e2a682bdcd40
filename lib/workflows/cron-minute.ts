/**
 * Whether a five-field cron expression can fire at minute 0. GitHub's scheduler
 * is busiest at the top of the hour and delays or drops those runs (rule W12).
 * `*` and `*\/n` always include minute 0; lists, ranges and stepped ranges are
 * expanded. An unparsable minute field counts as firing at 0, so it is refused.
 * https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#schedule
 */
export function cronFiresAtMinuteZero(cron: string): boolean {
  const minute = cron.trim().split(/\s+/)[0] ?? "";
  return minute.split(",").some((item) => itemIncludesZero(item));
}

function itemIncludesZero(item: string): boolean {
  const match = /^(\*|\d+)(?:-(\d+))?(?:\/(\d+))?$/.exec(item);
  if (match === null) return true;
  // `a`, `a-b`, `a/n` and `a-b/n` never reach below a, so only the start matters.
  const start = match[1];
  return start === "*" || Number(start) === 0;
}
