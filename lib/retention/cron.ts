import { RetentionError } from "./errors";

/**
 * Five-field cron (`minute hour day-of-month month day-of-week`, UTC, as
 * GitHub Actions schedules use): numbers, `*`, ranges `a-b`, steps `/n` and
 * lists. Enough to place scheduled builds on a simulated timeline.
 */
export interface CronSchedule {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
  readonly domRestricted: boolean;
  readonly dowRestricted: boolean;
}

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day-of-week", min: 0, max: 7 },
] as const;

/** Parses a cron expression; `field` names the option in errors. */
export function parseCron(expr: string, field: string): CronSchedule {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw new RetentionError(field, `"${expr}" must have 5 fields (minute hour day-of-month month day-of-week)`);
  const sets = parts.map((part, i) => parseField(part, FIELDS[i]!, field, expr));
  const dow = new Set([...sets[4]!].map((d) => d % 7));
  return {
    minutes: sets[0]!,
    hours: sets[1]!,
    daysOfMonth: sets[2]!,
    months: sets[3]!,
    daysOfWeek: dow,
    domRestricted: parts[2] !== "*",
    dowRestricted: parts[4] !== "*",
  };
}

function parseField(part: string, spec: (typeof FIELDS)[number], field: string, expr: string): Set<number> {
  const out = new Set<number>();
  for (const item of part.split(",")) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (m === null) throw new RetentionError(field, `"${expr}": ${spec.name} "${item}" is not a number, range, list or step`);
    const lo = m[1] === "*" ? spec.min : Number(m[2]);
    const hi = m[1] === "*" ? spec.max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? spec.max : lo;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (lo < spec.min || hi > spec.max || lo > hi || step < 1) {
      throw new RetentionError(field, `"${expr}": ${spec.name} "${item}" is outside ${spec.min}-${spec.max}`);
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** The run times of `schedule` within the UTC day starting at `dayStart`, ascending. */
export function cronTimesOnDay(schedule: CronSchedule, dayStart: Date): Date[] {
  const dom = dayStart.getUTCDate();
  const month = dayStart.getUTCMonth() + 1;
  const dow = dayStart.getUTCDay();
  if (!schedule.months.has(month)) return [];
  const domOk = schedule.daysOfMonth.has(dom);
  const dowOk = schedule.daysOfWeek.has(dow);
  // Classic cron: when both day fields are restricted, either may match.
  const dayOk = schedule.domRestricted && schedule.dowRestricted ? domOk || dowOk : domOk && dowOk;
  if (!dayOk) return [];
  const times: Date[] = [];
  for (const h of [...schedule.hours].sort((a, b) => a - b)) {
    for (const m of [...schedule.minutes].sort((a, b) => a - b)) {
      times.push(new Date(dayStart.getTime() + (h * 60 + m) * 60_000));
    }
  }
  return times;
}
