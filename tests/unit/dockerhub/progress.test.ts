import assert from "node:assert/strict";
import { createProgress } from "../../../cli/prune/progress";

function sink(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => written.push(text) } };
}

describe("prune progress bar", () => {
  it("redraws one line in place on a terminal", () => {
    const { written, stream } = sink(true);
    const progress = createProgress(stream, "deleting", 4, { width: 8 });
    progress.tick();
    progress.tick(3);
    progress.done();
    assert.deepEqual(written, [
      "\rdeleting [##......] 1/4  25%",
      "\rdeleting [########] 4/4 100%",
      "\rdeleting [########] 4/4 100%\n",
    ]);
  });

  it("prints plain lines at most once per interval, and a last one, off a terminal", () => {
    const { written, stream } = sink(false);
    let now = 0;
    const progress = createProgress(stream, "deleting", 10, { intervalMs: 1000, now: () => now });
    for (let i = 0; i < 10; i += 1) {
      now += 300;
      progress.tick();
    }
    progress.done();
    // Ticks every 300 ms: lines at 1200 ms (4 done) and 2400 ms (8 done), then the final one.
    assert.deepEqual(written, ["deleting: 4/10 (40%)\n", "deleting: 8/10 (80%)\n", "deleting: 10/10 (100%)\n"]);
  });
});
