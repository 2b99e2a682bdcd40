import assert from "node:assert/strict";
import fc from "fast-check";
import { deleteCapProblem } from "../../../lib/dockerhub/prune";
import { smallestDeleteShare, withinDeleteCap } from "../../../lib/retention/delete-cap";
import { massDeletionRefusal } from "../../../lib/retention/orphans";
import { share } from "../../../cli/prune/flags";

/** The share a refusal tells the user to rerun with, read back as `--max-delete-share` reads it. */
function suggested(refusal: string | undefined): number {
  const flag = /--max-delete-share (\S+)/.exec(refusal ?? "")?.[1];
  assert.ok(flag !== undefined, `no share suggested in ${String(refusal)}`);
  return share(flag);
}

/** Up to 10,000 tags or images, and how many of them a run would delete. */
const counts = fc
  .integer({ min: 1, max: 10_000 })
  .chain((total) => fc.tuple(fc.integer({ min: 1, max: total }), fc.constant(total)));

describe("retention: the delete cap", () => {
  it("accepts a share written as the exact ratio: 29 of 100 pass at 0.29", () => {
    // The old check, 29 <= 0.29 * 100, compared with 28.999999999999996 and refused.
    assert.equal(withinDeleteCap(29, 100, 0.29), true);
    assert.equal(withinDeleteCap(30, 100, 0.29), false);
    assert.equal(withinDeleteCap(0, 0, 0), true);
    assert.equal(deleteCapProblem("cortex/cortex", 29, 100, 0.29), undefined);
    assert.equal(massDeletionRefusal("cortex/cortex", 29, 100, 0.29), undefined);
  });

  it("makes the smallest two-decimal share that passes the suggestion, for every count up to 10,000", () => {
    // All 50,005,000 pairs: the hundredth below the suggestion is refused, the suggestion passes.
    let wrong = 0;
    for (let total = 1; total <= 10_000; total += 1) {
      for (let toDelete = 1; toDelete <= total; toDelete += 1) {
        const hundredths = Math.round(smallestDeleteShare(toDelete, total) * 100);
        if (
          !withinDeleteCap(toDelete, total, hundredths / 100) ||
          withinDeleteCap(toDelete, total, (hundredths - 1) / 100)
        )
          wrong += 1;
      }
    }
    assert.equal(wrong, 0);
  });

  it("prints a suggestion that --max-delete-share reads back and the cap then accepts (Docker Hub and ECR)", () => {
    fc.assert(
      fc.property(counts, ([toDelete, total]) => {
        const needed = smallestDeleteShare(toDelete, total);
        const below = (Math.round(needed * 100) - 1) / 100;
        const hub = deleteCapProblem("ns/repo", toDelete, total, below);
        assert.equal(suggested(hub), needed);
        assert.equal(deleteCapProblem("ns/repo", toDelete, total, suggested(hub)), undefined);
        const ecr = massDeletionRefusal("cortex/cortex", toDelete, total, below);
        assert.equal(suggested(ecr), needed);
        assert.equal(massDeletionRefusal("cortex/cortex", toDelete, total, suggested(ecr)), undefined);
      }),
      { numRuns: 10_000 },
    );
  });

  it("suggests 0.29 for 29 of 100 and 0.58 for 29 of 50, which the old rounding suggested and refused again", () => {
    assert.equal(suggested(deleteCapProblem("ns/repo", 29, 50, 0.5)), 0.58);
    assert.equal(withinDeleteCap(29, 50, 0.58), true);
    assert.equal(suggested(deleteCapProblem("ns/repo", 29, 100, 0.25)), 0.29);
    assert.equal(suggested(deleteCapProblem("ns/repo", 29, 99, 0.25)), 0.3);
    assert.equal(suggested(massDeletionRefusal("cortex/cortex", 63, 90, 0.5)), 0.7);
    assert.equal(suggested(deleteCapProblem("ns/repo", 57, 100, 0.5)), 0.57);
    assert.equal(suggested(deleteCapProblem("ns/repo", 10_000, 10_000, 0.5)), 1);
  });
});
