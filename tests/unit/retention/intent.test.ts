import assert from "node:assert/strict";
import {
  DEFAULT_RETENTION,
  resolveRetentionIntent,
  RetentionError,
  validateRetentionIntent,
} from "../../../lib/retention";

describe("retention: intent", () => {
  it("accepts the defaults", () => {
    assert.deepEqual(validateRetentionIntent(DEFAULT_RETENTION), []);
  });

  it("reports every out-of-range value with its path", () => {
    const problems = validateRetentionIntent({
      stable: { keepLast: 0 },
      beta: { keepLast: 1001 },
      nightly: { maxAgeDays: 3651 },
      untagged: { maxAgeDays: 1.5 },
    });
    assert.deepEqual(
      problems.map((p) => p.path),
      ["stable.keepLast", "beta.keepLast", "nightly.maxAgeDays", "untagged.maxAgeDays"],
    );
    assert.match(problems[0]!.message, /from 1 to 1000, got 0/);
    assert.match(problems[2]!.message, /from 1 to 3650/);
  });

  it("accepts the range bounds", () => {
    assert.deepEqual(
      validateRetentionIntent({
        stable: { keepLast: 1000 },
        beta: { keepLast: 1 },
        nightly: { maxAgeDays: 3650 },
        untagged: { maxAgeDays: 1 },
      }),
      [],
    );
  });

  it("rejects unknown channels and keys and a wrong stable shape", () => {
    const problems = validateRetentionIntent({
      ...DEFAULT_RETENTION,
      edge: {},
      beta: { keepLast: 5, maxAgeDays: 3 },
      stable: { keep: "some" },
    });
    assert.deepEqual(problems.map((p) => p.path).sort(), ["beta.maxAgeDays", "edge", "stable.keep"]);
    assert.deepEqual(
      validateRetentionIntent({ ...DEFAULT_RETENTION, stable: {} }).map((p) => p.path),
      ["stable"],
    );
    assert.deepEqual(
      validateRetentionIntent("all").map((p) => p.path),
      [""],
    );
  });

  it("fills missing channels from the defaults and throws listing all problems", () => {
    assert.deepEqual(resolveRetentionIntent({ beta: { keepLast: 5 } }), {
      ...DEFAULT_RETENTION,
      beta: { keepLast: 5 },
    });
    assert.deepEqual(resolveRetentionIntent(undefined), DEFAULT_RETENTION);
    assert.throws(
      () => resolveRetentionIntent({ beta: { keepLast: 0 }, nightly: { maxAgeDays: 0 } }),
      (e: unknown) =>
        e instanceof RetentionError && /beta.keepLast/.test(e.message) && /nightly.maxAgeDays/.test(e.message),
    );
  });
});
