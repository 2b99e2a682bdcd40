import assert from "node:assert/strict";
import { cronFiresAtMinuteZero, cronProblem, cronSyntaxProblem, cronTimesOnDay } from "../../../lib/schedule/cron";

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe("GitHub schedules (cron)", () => {
  it("finds minute 0 in stars, steps, lists and ranges, and treats an invalid schedule as firing at 0", () => {
    for (const cron of [
      "0 3 * * *",
      "* * * * *",
      "*/5 * * * *",
      "15,0 * * * *",
      "0-10 * * * *",
      "0/20 * * * *",
      "L * * * *",
    ]) {
      assert.equal(cronFiresAtMinuteZero(cron), true, cron);
    }
  });

  it("accepts schedules that never fire at minute 0", () => {
    for (const cron of [
      "17 3 * * *",
      "5,35 * * * *",
      "10-50/10 * * * *",
      "7/15 * * * 1-5",
      "17 3 * * MON-FRI",
      "17 3 1 JUL *",
    ]) {
      assert.equal(cronFiresAtMinuteZero(cron), false, cron);
      assert.equal(cronProblem(cron), undefined, cron);
    }
  });

  it("refuses what GitHub does not run: wrong field counts, Quartz extensions, out-of-range values", () => {
    assert.match(cronSyntaxProblem("0 3 * *") ?? "", /has 4 fields; use five/);
    assert.match(cronSyntaxProblem("17 3 ? * *") ?? "", /non-POSIX cron feature/);
    assert.match(cronSyntaxProblem("17 3 * * 5#2") ?? "", /non-POSIX cron feature/);
    assert.match(cronSyntaxProblem("61 * * * *") ?? "", /is not a cron expression \(.*61.*\)/);
  });

  it("lists the run times of a UTC day", () => {
    assert.deepEqual(iso(cronTimesOnDay("17 3,15 * * *", new Date("2026-11-28T00:00:00Z"))), [
      "2026-11-28T03:17:00.000Z",
      "2026-11-28T15:17:00.000Z",
    ]);
    assert.equal(cronTimesOnDay("*/30 */12 * 2 *", new Date("2026-02-10T00:00:00Z")).length, 4);
    assert.equal(cronTimesOnDay("17 3 * 2 *", new Date("2026-03-10T00:00:00Z")).length, 0);
  });

  it("matches day-of-month or day-of-week when both are restricted, and 7 as Sunday (POSIX)", () => {
    assert.equal(cronTimesOnDay("5 0 1 * 0", new Date("2026-11-01T00:00:00Z")).length, 1); // the 1st, a Sunday
    assert.equal(cronTimesOnDay("5 0 1 * 0", new Date("2026-11-08T00:00:00Z")).length, 1); // a Sunday
    assert.equal(cronTimesOnDay("5 0 1 * 0", new Date("2026-11-09T00:00:00Z")).length, 0);
    assert.equal(cronTimesOnDay("5 0 1 * 1", new Date("2026-12-01T00:00:00Z")).length, 1); // the 1st, a Tuesday
    assert.equal(cronTimesOnDay("5 0 * * 7", new Date("2026-11-08T00:00:00Z")).length, 1);
  });
});
