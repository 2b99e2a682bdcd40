import assert from "node:assert/strict";
import { DEFAULT_RETENTION, validateRetentionIntent } from "../../../lib/retention";

describe("retention: intent", () => {
  it("accepts the defaults", () => {
    assert.deepEqual(validateRetentionIntent(DEFAULT_RETENTION), []);
  });

  it("reports every out-of-range value with its path", () => {
    const problems = validateRetentionIntent({
      stable: { keep: "all" },
      beta: { keepLast: 1001 },
      nightly: { maxAgeDays: 3651 },
      untagged: { maxAgeDays: 1.5 },
    });
    assert.deepEqual(
      problems.map((p) => p.path),
      ["beta.keepLast", "nightly.maxAgeDays", "untagged.maxAgeDays"],
    );
    assert.match(problems[0]!.message, /from 1 to 1000, got 1001/);
    assert.match(problems[1]!.message, /from 1 to 3650/);
  });

  it("accepts the range bounds", () => {
    assert.deepEqual(
      validateRetentionIntent({
        stable: { keep: "all" },
        beta: { keepLast: 1000 },
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
      ["stable.keep"],
    );
    assert.deepEqual(
      validateRetentionIntent({ ...DEFAULT_RETENTION, stable: { keep: "all", keepLast: 3 } }).map((p) => p.path),
      ["stable.keepLast"],
    );
    assert.deepEqual(
      validateRetentionIntent("all").map((p) => p.path),
      [""],
    );
  });

  it("refuses a count of stable releases, saying why every release is kept", () => {
    const problems = validateRetentionIntent({ ...DEFAULT_RETENTION, stable: { keepLast: 10 } });
    assert.deepEqual(
      problems.map((p) => p.path),
      ["stable.keep", "stable.keepLast"],
    );
    assert.match(problems[0]!.message, /^must be "all", got nothing: .*no ECR lifecycle rule can count releases/);
    assert.match(problems[1]!.message, /^unknown key; stable takes only keep$/);
  });
});
