import assert from "node:assert/strict";
import { cronFiresAtMinuteZero } from "../../../lib/workflows/cron-minute";

describe("cronFiresAtMinuteZero", () => {
  it("finds minute 0 in stars, steps, lists and ranges", () => {
    for (const cron of ["0 3 * * *", "* * * * *", "*/5 * * * *", "15,0 * * * *", "0-10 * * * *", "0/20 * * * *", "L * * * *"]) {
      assert.equal(cronFiresAtMinuteZero(cron), true, cron);
    }
  });

  it("accepts schedules that never fire at minute 0", () => {
    for (const cron of ["17 3 * * *", "5,35 * * * *", "10-50/10 * * * *", "7/15 * * * 1-5"]) {
      assert.equal(cronFiresAtMinuteZero(cron), false, cron);
    }
  });
});
