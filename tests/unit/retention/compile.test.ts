import assert from "node:assert/strict";
import { compileTagScheme } from "../../../lib/channels/model";
import { DEFAULT_TAG_SCHEME } from "../../../lib/channels/scheme";
import {
  compileLifecyclePolicy,
  DAY_MS,
  DEFAULT_RETENTION,
  describeRetention,
  evaluateLifecyclePolicy,
  PROTECT_COUNT,
  renderLifecyclePolicy,
  type RepositoryImage,
  type RetentionIntent,
} from "../../../lib/retention";
import { cortex } from "../../support/tag-schemes";
import { brokenIndexes } from "./oracles";
import { UserError } from "../../../lib/errors";

const MODEL = compileTagScheme(DEFAULT_TAG_SCHEME);
const CORTEX = compileTagScheme(cortex);
const protect = (pattern: string) => ({
  tagStatus: "tagged",
  tagPatternList: [pattern],
  countType: "imageCountMoreThan",
  countNumber: PROTECT_COUNT,
});
const nightly = (pattern: string, days: number) => ({
  tagStatus: "tagged",
  tagPatternList: [pattern],
  countType: "sinceImagePushed",
  countUnit: "days",
  countNumber: days,
});

describe("retention: compileLifecyclePolicy", () => {
  it("protects each literal moving tag in its own rule, first, then one beta rule and one rule per nightly tag", () => {
    const policy = compileLifecyclePolicy(DEFAULT_RETENTION, MODEL);
    assert.deepEqual(
      policy.rules.map((r) => [r.rulePriority, r.selection]),
      [
        // The live build cache, before anything else.
        [1, protect("buildcache-*")],
        [2, protect("stable")],
        [3, protect("latest")],
        [4, protect("beta")],
        [5, protect("nightly")],
        [
          6,
          { tagStatus: "tagged", tagPatternList: ["*.*.*-beta.*"], countType: "imageCountMoreThan", countNumber: 20 },
        ],
        // A second nightly of a day has no dated tag: its version tag alone must expire it.
        [7, nightly("*.*-nightly.*.*", 14)],
        [8, nightly("nightly-*", 14)],
        // The commit tag: a nightly that only records its commit still expires.
        [9, nightly("sha-*", 14)],
      ],
    );
  });

  it("writes cortex.cpp's scheme with its legacy patterns: the wider legacy wildcard stands for the tags it covers", () => {
    const policy = compileLifecyclePolicy(DEFAULT_RETENTION, CORTEX);
    assert.deepEqual(
      policy.rules.map((r) => [r.rulePriority, r.description, r.selection]),
      [
        [1, "Keep the build cache tagged buildcache-*", protect("buildcache-*")],
        [2, "Protect images tagged latest", protect("latest")],
        [
          3,
          "Keep the newest 20 beta images tagged beta-*",
          { tagStatus: "tagged", tagPatternList: ["beta-*"], countType: "imageCountMoreThan", countNumber: 20 },
        ],
        [4, "Expire nightly images tagged sha-* after 14 days", nightly("sha-*", 14)],
        // nightly-*-* covers the scheme's own nightly-*.*.*-*.
        [5, "Expire nightly images tagged nightly-*-* after 14 days", nightly("nightly-*-*", 14)],
      ],
    );
  });

  it("protects stable and forever legacy patterns, and writes a selector another group already has once", () => {
    const scheme = {
      ...cortex,
      legacy: [
        { pattern: "v*", retain: "forever" as const },
        { pattern: "old-*", retain: "stable" as const },
        { pattern: "nightly-*-*", retain: "nightly" as const },
      ],
    };
    const policy = compileLifecyclePolicy(DEFAULT_RETENTION, compileTagScheme(scheme));
    assert.deepEqual(
      policy.rules.map((r) =>
        r.selection.tagStatus === "tagged" && "tagPatternList" in r.selection ? r.selection.tagPatternList[0] : "",
      ),
      ["buildcache-*", "v*", "old-*", "latest", "beta-*.*.*-rc*", "sha-*", "nightly-*-*"],
    );
  });

  it("emits no untagged rule for multi-arch repositories and one for single-platform ones", () => {
    assert.ok(
      !compileLifecyclePolicy(DEFAULT_RETENTION, MODEL).rules.some((r) => r.selection.tagStatus === "untagged"),
    );
    const single = compileLifecyclePolicy(DEFAULT_RETENTION, MODEL, { multiArch: false });
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
      compileLifecyclePolicy(DEFAULT_RETENTION, MODEL, { multiArch: false }),
      images,
      now,
    );
    assert.deepEqual(brokenIndexes(images, withRule), ["sha256:index"]);
    const without = evaluateLifecyclePolicy(compileLifecyclePolicy(DEFAULT_RETENTION, MODEL), images, now);
    assert.deepEqual(without.expired, []);
  });

  it("documents the ECR limit: a release that shares its digest with an old nightly ages out with it", () => {
    const now = new Date("2026-11-28T00:00:00Z");
    const shared: RepositoryImage = {
      digest: "sha256:same",
      tags: ["nightly-20261001", "1.5.0-nightly.20261001.ab12cd3", "1.5.0", "1.5"],
      pushedAt: new Date(now.getTime() - 58 * DAY_MS),
    };
    const out = evaluateLifecyclePolicy(compileLifecyclePolicy(DEFAULT_RETENTION, MODEL), [shared], now);
    assert.deepEqual(out.expired, [{ digest: "sha256:same", rulePriority: 7 }]);
    const holdingLatest = { ...shared, tags: [...shared.tags, "latest"] };
    assert.deepEqual(
      evaluateLifecyclePolicy(compileLifecyclePolicy(DEFAULT_RETENTION, MODEL), [holdingLatest], now).expired,
      [],
    );
  });

  it("refuses stable keepLast from an untyped caller, naming the field and the reason", () => {
    const counted = { ...DEFAULT_RETENTION, stable: { keepLast: 10 } } as unknown as RetentionIntent;
    assert.throws(
      () => compileLifecyclePolicy(counted, MODEL),
      (e: unknown) =>
        e instanceof UserError &&
        e.path === "stable.keep" &&
        /can count releases apart from beta and nightly/.test(e.message) &&
        /stable\.keepLast: unknown key/.test(e.message),
    );
  });

  it("refuses out-of-range values with the field path", () => {
    assert.throws(
      () => compileLifecyclePolicy({ ...DEFAULT_RETENTION, beta: { keepLast: 0 } }, MODEL),
      (e: unknown) => e instanceof UserError && e.path === "beta.keepLast" && /1 to 1000/.test(e.message),
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
      renderLifecyclePolicy(compileLifecyclePolicy(DEFAULT_RETENTION, MODEL)),
      renderLifecyclePolicy(compileLifecyclePolicy({ ...DEFAULT_RETENTION }, MODEL)),
    );
  });
});

describe("retention: describeRetention", () => {
  it("says in plain words what each channel keeps, in the scheme's templates and selectors", () => {
    assert.deepEqual(describeRetention(DEFAULT_RETENTION, MODEL), [
      "keeps every image tagged `stable`, `latest`, `beta`, `nightly`, so rollback targets stay",
      "keeps every stable release (`{version}`): no rule selects one",
      "keeps the newest 20 beta images (`{version}`) tagged `*.*.*-beta.*`",
      "keeps nightly images (`{next}-nightly.{date}.{short}`, `nightly-{date}`, `sha-{sha}`) for 14 days (tagged `*.*-nightly.*.*` or `nightly-*` or `sha-*`)",
      "removes untagged images no kept image index references after 1 day, in the scheduled prune (an ECR untagged rule would also expire the per-platform images of kept multi-arch releases)",
      "leaves signature images (sha256-*.sig, .att, .sbom) and tags no selector matches alone",
    ]);
  });

  it("follows the numbers, the scheme and the repository kind", () => {
    const lines = describeRetention(
      { stable: { keep: "all" }, beta: { keepLast: 1 }, nightly: { maxAgeDays: 3 }, untagged: { maxAgeDays: 2 } },
      CORTEX,
      { multiArch: false },
    );
    assert.ok(lines.includes("keeps every image tagged `latest`, so rollback targets stay"));
    assert.ok(lines.includes("keeps the newest 1 beta image (`beta-{version}`) tagged `beta-*`"));
    assert.ok(
      lines.includes(
        "keeps nightly images (`nightly-{released}-{run}`, `sha-{sha}`) for 3 days (tagged `sha-*` or `nightly-*-*`)",
      ),
    );
    assert.ok(lines.includes("expires untagged images after 2 days"));
  });
});
