import assert from "node:assert/strict";
import {
  brokenIndexes,
  compileLifecyclePolicy,
  DAY_MS,
  DEFAULT_RETENTION,
  describeRetention,
  evaluateLifecyclePolicy,
  LifecycleCompileError,
  PROTECT_COUNT,
  renderLifecyclePolicy,
  type RepositoryImage,
} from "../../../lib/retention";

describe("retention: compileLifecyclePolicy", () => {
  it("protects each named moving tag in its own rule, first, then beta and both nightly rules", () => {
    const policy = compileLifecyclePolicy(DEFAULT_RETENTION);
    assert.deepEqual(
      policy.rules.map((r) => [r.rulePriority, r.selection]),
      [
        [
          1,
          {
            tagStatus: "tagged",
            tagPatternList: ["nightly"],
            countType: "imageCountMoreThan",
            countNumber: PROTECT_COUNT,
          },
        ],
        [
          2,
          {
            tagStatus: "tagged",
            tagPatternList: ["beta"],
            countType: "imageCountMoreThan",
            countNumber: PROTECT_COUNT,
          },
        ],
        [
          3,
          {
            tagStatus: "tagged",
            tagPatternList: ["stable"],
            countType: "imageCountMoreThan",
            countNumber: PROTECT_COUNT,
          },
        ],
        [
          4,
          {
            tagStatus: "tagged",
            tagPatternList: ["latest"],
            countType: "imageCountMoreThan",
            countNumber: PROTECT_COUNT,
          },
        ],
        [5, { tagStatus: "tagged", tagPatternList: ["*-beta.*"], countType: "imageCountMoreThan", countNumber: 20 }],
        [
          6,
          {
            tagStatus: "tagged",
            tagPatternList: ["nightly-*"],
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: 14,
          },
        ],
        // A second nightly of a day has no dated tag: its version tag alone must expire it.
        [
          7,
          {
            tagStatus: "tagged",
            tagPatternList: ["*-nightly.*"],
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: 14,
          },
        ],
      ],
    );
  });

  it("emits no untagged rule for multi-arch repositories and one for single-platform ones", () => {
    assert.ok(!compileLifecyclePolicy(DEFAULT_RETENTION).rules.some((r) => r.selection.tagStatus === "untagged"));
    const single = compileLifecyclePolicy(DEFAULT_RETENTION, { multiArch: false });
    const untagged = single.rules.filter((r) => r.selection.tagStatus === "untagged");
    assert.equal(untagged.length, 1);
    assert.deepEqual(untagged[0]!.selection, {
      tagStatus: "untagged",
      countType: "sinceImagePushed",
      countUnit: "days",
      countNumber: 1,
    });
    assert.equal(untagged[0]!.rulePriority, Math.max(...single.rules.map((r) => r.rulePriority)));
  });

  it("shows why: an untagged rule would expire the platform images of a kept release", () => {
    const now = new Date("2026-11-28T00:00:00Z");
    const pushedAt = new Date(now.getTime() - 40 * DAY_MS);
    const images: RepositoryImage[] = [
      { digest: "sha256:index", tags: ["1.5.0", "latest"], pushedAt },
      { digest: "sha256:amd64", tags: [], pushedAt, indexDigests: ["sha256:index"] },
      { digest: "sha256:arm64", tags: [], pushedAt, indexDigests: ["sha256:index"] },
    ];
    const withRule = evaluateLifecyclePolicy(
      compileLifecyclePolicy(DEFAULT_RETENTION, { multiArch: false }),
      images,
      now,
    );
    assert.deepEqual(brokenIndexes(images, withRule), ["sha256:index"]);
    const without = evaluateLifecyclePolicy(compileLifecyclePolicy(DEFAULT_RETENTION), images, now);
    assert.deepEqual(without.expired, []);
  });

  it("documents the ECR limit: a release that shares its digest with an old nightly ages out with it", () => {
    const now = new Date("2026-11-28T00:00:00Z");
    const shared: RepositoryImage = {
      digest: "sha256:same",
      tags: ["nightly-20261001", "1.5.0-nightly.20261001.ab12cd3", "1.5.0", "1.5"],
      pushedAt: new Date(now.getTime() - 58 * DAY_MS),
    };
    const out = evaluateLifecyclePolicy(compileLifecyclePolicy(DEFAULT_RETENTION), [shared], now);
    assert.deepEqual(out.expired, [{ digest: "sha256:same", rulePriority: 6 }]);
    const holdingLatest = { ...shared, tags: [...shared.tags, "latest"] };
    assert.deepEqual(
      evaluateLifecyclePolicy(compileLifecyclePolicy(DEFAULT_RETENTION), [holdingLatest], now).expired,
      [],
    );
  });

  it("refuses stable keepLast, naming the field and the reason", () => {
    assert.throws(
      () => compileLifecyclePolicy({ ...DEFAULT_RETENTION, stable: { keepLast: 10 } }),
      (e: unknown) =>
        e instanceof LifecycleCompileError &&
        e.field === "stable.keepLast" &&
        /cannot count stable releases/.test(e.message) &&
        /keep: "all"/.test(e.message),
    );
  });

  it("refuses out-of-range values with the field path", () => {
    assert.throws(
      () => compileLifecyclePolicy({ ...DEFAULT_RETENTION, beta: { keepLast: 0 } }),
      (e: unknown) => e instanceof LifecycleCompileError && e.field === "beta.keepLast" && /1 to 1000/.test(e.message),
    );
  });
});

describe("retention: renderLifecyclePolicy", () => {
  it("sorts rules by priority, fixes key order and omits absent keys", () => {
    const text = renderLifecyclePolicy({
      rules: [
        {
          rulePriority: 7,
          selection: { countNumber: 3, countType: "imageCountMoreThan", tagStatus: "any" },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: "d",
          selection: { countUnit: "days", countNumber: 1, countType: "sinceImagePushed", tagStatus: "untagged" },
          action: { type: "expire" },
        },
      ],
    });
    const parsed = JSON.parse(text) as { rules: Record<string, unknown>[] };
    assert.deepEqual(
      parsed.rules.map((r) => r.rulePriority),
      [2, 7],
    );
    assert.deepEqual(Object.keys(parsed.rules[0]!), ["rulePriority", "description", "selection", "action"]);
    assert.deepEqual(Object.keys(parsed.rules[0]!.selection as object), [
      "tagStatus",
      "countType",
      "countUnit",
      "countNumber",
    ]);
    assert.deepEqual(Object.keys(parsed.rules[1]!), ["rulePriority", "selection", "action"]);
    assert.ok(!text.includes("null"));
  });

  it("renders the same text for the same intent (no diff on every preview)", () => {
    assert.equal(
      renderLifecyclePolicy(compileLifecyclePolicy(DEFAULT_RETENTION)),
      renderLifecyclePolicy(compileLifecyclePolicy({ ...DEFAULT_RETENTION })),
    );
  });
});

describe("retention: describeRetention", () => {
  it("says in plain words what each channel keeps", () => {
    const lines = describeRetention(DEFAULT_RETENTION);
    assert.ok(lines.includes("keeps every stable release (X.Y.Z)"));
    assert.ok(lines.includes("keeps the newest 20 beta images (X.Y.Z-beta.N)"));
    assert.ok(lines.includes("keeps nightly images (nightly-YYYYMMDD) for 14 days"));
    assert.ok(
      lines.some((l) =>
        l.startsWith("removes untagged images no kept image index references after 1 day, in the scheduled prune"),
      ),
    );
  });

  it("follows the numbers and the repository kind", () => {
    const lines = describeRetention(
      { stable: { keepLast: 1 }, beta: { keepLast: 1 }, nightly: { maxAgeDays: 3 }, untagged: { maxAgeDays: 2 } },
      { multiArch: false },
    );
    assert.ok(lines.includes("keeps the newest 1 stable release (X.Y.Z)"));
    assert.ok(lines.includes("keeps the newest 1 beta image (X.Y.Z-beta.N)"));
    assert.ok(lines.includes("keeps nightly images (nightly-YYYYMMDD) for 3 days"));
    assert.ok(lines.includes("expires untagged images after 2 days"));
  });
});
