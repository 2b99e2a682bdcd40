import assert from "node:assert/strict";
import { compileTagScheme } from "../../../lib/channels/model";
import { DEFAULT_TAG_SCHEME } from "../../../lib/channels/scheme";
import { DEFAULT_RETENTION, simulate } from "../../../lib/retention";
import { cortex } from "../../support/tag-schemes";
import { UserError } from "../../../lib/errors";

const start = new Date("2026-01-01T00:00:00Z");
const GB = 1_000_000_000;
const model = compileTagScheme(DEFAULT_TAG_SCHEME);

describe("retention: simulate", () => {
  it("keeps every release, the newest N betas and N days of nightlies over a year", () => {
    const r = simulate({ model, intent: DEFAULT_RETENTION, days: 365, start, imageSizeBytes: GB });
    assert.deepEqual(r.channels.stable, { pushed: 12, kept: 12, expired: 0, storedBytes: 12 * GB });
    assert.equal(r.channels.beta.pushed, 52);
    assert.equal(r.channels.beta.kept, 20);
    assert.equal(r.channels.nightly.pushed, 365);
    // Evaluated at the end of each day: nightlies of the last 14 days (15 with today's).
    assert.ok(r.channels.nightly.kept >= 14 && r.channels.nightly.kept <= 15, String(r.channels.nightly.kept));
    assert.equal(r.channels.nightly.expired, 365 - r.channels.nightly.kept);
  });

  it("reports the platform images that expired indexes leave behind for the prune", () => {
    const r = simulate({ model, intent: DEFAULT_RETENTION, days: 60, start, imageSizeBytes: GB, platforms: 2 });
    const expiredBuilds = r.channels.nightly.expired + r.channels.beta.expired;
    assert.equal(r.orphaned.images, expiredBuilds * 2);
    assert.equal(r.orphaned.storedBytes, expiredBuilds * GB);
    assert.equal(
      r.totalStoredBytes,
      r.channels.nightly.storedBytes +
        r.channels.beta.storedBytes +
        r.channels.stable.storedBytes +
        r.orphaned.storedBytes,
    );
  });

  it("leaves nothing behind for single-platform images", () => {
    const r = simulate({ model, intent: DEFAULT_RETENTION, days: 60, start, imageSizeBytes: GB, platforms: 0 });
    assert.deepEqual(r.orphaned, { images: 0, storedBytes: 0 });
    assert.ok(r.policy.rules.some((rule) => rule.selection.tagStatus === "untagged"));
  });

  it("follows the nightly cron (weekdays only) and shorter nightly retention", () => {
    const r = simulate({
      model,
      intent: { ...DEFAULT_RETENTION, nightly: { maxAgeDays: 3 } },
      days: 28,
      start,
      imageSizeBytes: GB,
      nightlyCron: "17 3 * * 1-5",
    });
    assert.equal(r.channels.nightly.pushed, 20);
    assert.ok(r.channels.nightly.kept <= 4);
  });

  it("pushes the scheme's tags: under cortex.cpp's, every release, the newest N betas and N days of nightlies too", () => {
    const intent = { ...DEFAULT_RETENTION, beta: { keepLast: 5 } };
    const r = simulate({ model: compileTagScheme(cortex), intent, days: 120, start, imageSizeBytes: GB });
    assert.deepEqual(r.channels.stable, { pushed: 4, kept: 4, expired: 0, storedBytes: 4 * GB });
    assert.deepEqual([r.channels.beta.pushed, r.channels.beta.kept], [17, 5]);
    assert.ok(r.channels.nightly.kept >= 14 && r.channels.nightly.kept <= 15, String(r.channels.nightly.kept));
  });

  it("rejects bad options with the field name", () => {
    assert.throws(
      () => simulate({ model, intent: DEFAULT_RETENTION, days: 0, start, imageSizeBytes: 1 }),
      (e: unknown) => e instanceof UserError && e.path === "days",
    );
    assert.throws(
      () => simulate({ model, intent: DEFAULT_RETENTION, days: 5, start, imageSizeBytes: -1 }),
      (e: unknown) => e instanceof UserError && e.path === "imageSizeBytes",
    );
    assert.throws(
      () => simulate({ model, intent: DEFAULT_RETENTION, days: 5, start, imageSizeBytes: 1, nightlyCron: "0 3 * *" }),
      (e: unknown) => e instanceof UserError && e.path === "nightlyCron",
    );
  });
});
