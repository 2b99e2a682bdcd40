import assert from "node:assert/strict";
import { DAY_MS, evaluateLifecyclePolicy, type LifecyclePolicy, type RepositoryImage } from "../../../lib/retention";
import { UserError } from "../../../lib/errors";

const NOW = new Date("2026-11-28T00:00:00Z");
const img = (digest: string, tags: string[], daysAgo: number): RepositoryImage => ({
  digest,
  tags,
  pushedAt: new Date(NOW.getTime() - daysAgo * DAY_MS),
});

describe("retention: evaluateLifecyclePolicy", () => {
  it("selects by image, so expiring an image takes all of its tags", () => {
    const policy: LifecyclePolicy = {
      rules: [
        {
          rulePriority: 1,
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["nightly-*"],
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: 14,
          },
          action: { type: "expire" },
        },
      ],
    };
    const out = evaluateLifecyclePolicy(policy, [img("old", ["nightly-20261101", "latest"], 27)], NOW);
    assert.deepEqual(out.expired, [{ digest: "old", rulePriority: 1 }]);
  });

  it("silently matches nothing when a keep rule ANDs two tags no image has together", () => {
    const keepBoth: LifecyclePolicy = {
      rules: [
        {
          rulePriority: 1,
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["latest", "stable"],
            countType: "imageCountMoreThan",
            countNumber: 100,
          },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 },
          action: { type: "expire" },
        },
      ],
    };
    const out = evaluateLifecyclePolicy(
      keepBoth,
      [img("a", ["latest"], 3), img("b", ["stable"], 2), img("c", ["x"], 1)],
      NOW,
    );
    assert.deepEqual(
      out.expired.map((e) => e.digest),
      ["a", "b"],
    );
  });

  it("counts images a higher rule selected when a lower count rule ranks its matches", () => {
    const policy: LifecyclePolicy = {
      rules: [
        {
          rulePriority: 1,
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["beta"],
            countType: "imageCountMoreThan",
            countNumber: 100,
          },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["*-beta.*"],
            countType: "imageCountMoreThan",
            countNumber: 2,
          },
          action: { type: "expire" },
        },
      ],
    };
    const images = [
      img("b1", ["1.0.0-beta.1"], 4),
      img("b2", ["1.0.0-beta.2"], 3),
      img("b3", ["1.0.0-beta.3"], 2),
      img("b4", ["1.0.0-beta.4", "beta"], 1),
    ];
    // b4 is protected by rule 1 yet still one of rule 2's newest two: only b3 survives besides it.
    assert.deepEqual(evaluateLifecyclePolicy(policy, images, NOW).kept, ["b3", "b4"]);
  });

  it("keeps an image exactly N days old and expires one a millisecond older", () => {
    const policy: LifecyclePolicy = {
      rules: [
        {
          rulePriority: 1,
          selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 2 },
          action: { type: "expire" },
        },
      ],
    };
    const edge = { digest: "edge", tags: [], pushedAt: new Date(NOW.getTime() - 2 * DAY_MS) };
    const older = { digest: "older", tags: [], pushedAt: new Date(NOW.getTime() - 2 * DAY_MS - 1) };
    assert.deepEqual(evaluateLifecyclePolicy(policy, [edge, older], NOW).expired, [
      { digest: "older", rulePriority: 1 },
    ]);
  });

  it("treats per-platform children as untagged images of their own", () => {
    const policy: LifecyclePolicy = {
      rules: [
        {
          rulePriority: 1,
          selection: { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 1 },
          action: { type: "expire" },
        },
      ],
    };
    const images: RepositoryImage[] = [
      img("index", ["1.0.0"], 5),
      { ...img("amd64", [], 5), indexDigests: ["index"] },
      { ...img("arm64", [], 5), indexDigests: ["index"] },
    ];
    assert.equal(evaluateLifecyclePolicy(policy, images, NOW).expired.length, 1);
  });

  it("orders equal push times by digest, whatever the input order", () => {
    const policy: LifecyclePolicy = {
      rules: [
        {
          rulePriority: 1,
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 },
          action: { type: "expire" },
        },
      ],
    };
    const a = evaluateLifecyclePolicy(policy, [img("y", ["t"], 1), img("x", ["t"], 1)], NOW);
    const b = evaluateLifecyclePolicy(policy, [img("x", ["t"], 1), img("y", ["t"], 1)], NOW);
    assert.deepEqual(a, b);
    assert.deepEqual(a.kept, ["x"]);
  });

  it("refuses an invalid policy and duplicate digests", () => {
    assert.throws(
      () => evaluateLifecyclePolicy({ rules: [] }, [], NOW),
      (e: unknown) => e instanceof UserError && e.path === "policy",
    );
    const ok: LifecyclePolicy = {
      rules: [
        {
          rulePriority: 1,
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 },
          action: { type: "expire" },
        },
      ],
    };
    assert.throws(() => evaluateLifecyclePolicy(ok, [img("x", [], 1), img("x", ["a"], 2)], NOW), /appears twice/);
  });
});
