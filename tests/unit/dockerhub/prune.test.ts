import assert from "node:assert/strict";
import fc from "fast-check";
import { compileTagScheme } from "../../../lib/channels/model";
import { dockerHubImmutableTagRules } from "../../../lib/channels/mutability";
import { DEFAULT_TAG_SCHEME } from "../../../lib/channels/scheme";
import {
  deleteCapProblem,
  formatBytes,
  imagesFromTags,
  planTagPrune,
  retentionOwnsTag,
  untaggedImages,
  renderPruneTable,
  type PruneTagInput,
} from "../../../lib/dockerhub/prune";
import { DEFAULT_RETENTION, type RetentionIntent } from "../../../lib/retention/intent";
import { isImmutable } from "../../support/dockerhub-emulator/handlers/tags";
import { cortex } from "../../support/tag-schemes";

const NOW = new Date("2026-11-28T12:00:00Z");
const DAY = 86_400_000;
const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY).toISOString();
const tag = (name: string, digest: string, daysAgo: number, fullSize = 1000): PruneTagInput => ({
  name,
  digest: `sha256:${digest}`,
  lastPushed: at(daysAgo),
  fullSize,
});
const INTENT: RetentionIntent = { ...DEFAULT_RETENTION, beta: { keepLast: 1 } };
const MODEL = compileTagScheme(DEFAULT_TAG_SCHEME);

const decide = (tags: PruneTagInput[], immutableRules?: readonly string[] | "all") =>
  Object.fromEntries(
    planTagPrune({
      tags,
      intent: INTENT,
      model: MODEL,
      now: NOW,
      ...(immutableRules === undefined ? {} : { immutableRules }),
    }).map((d) => [d.tag, [d.action, d.reason]]),
  );

describe("Docker Hub prune plan", () => {
  it("treats tags sharing a digest as one image, pushed when its first tag was", () => {
    const images = imagesFromTags([tag("1.5.0-beta.2", "b", 3), tag("beta", "b", 1), tag("1.5.0-beta.1", "a", 5)]);
    assert.deepEqual(
      images.map((i) => [i.digest, i.tags, i.pushedAt.toISOString()]),
      [
        ["sha256:b", ["1.5.0-beta.2", "beta"], at(3)],
        ["sha256:a", ["1.5.0-beta.1"], at(5)],
      ],
    );
  });

  it("applies the intent through the retention engine and explains each tag by its selector", () => {
    const plan = decide([
      tag("1.5.0-beta.2", "b2", 3),
      tag("1.5.0-beta.1", "b1", 5),
      tag("1.4.0-beta.1", "b0", 50),
      tag("nightly-20261101", "n1", 27),
      tag("1.5.0-nightly.20261101.abc1234", "n1", 27),
      tag("nightly-20261127", "n2", 1),
      tag("1.4.0", "s1", 90),
      tag("latest", "s1", 2),
      tag("sha256-" + "a".repeat(64) + ".sig", "sig", 90),
    ]);
    assert.deepEqual(plan, {
      "1.5.0-beta.2": ["keep", "within beta.keepLast 1 (*.*.*-beta.*)"],
      "1.5.0-beta.1": ["delete", "beta.keepLast 1: older than the newest 1 betas (*.*.*-beta.*)"],
      "1.4.0-beta.1": ["delete", "beta.keepLast 1: older than the newest 1 betas (*.*.*-beta.*)"],
      "nightly-20261101": ["delete", "nightly.maxAgeDays 14: pushed 27 days ago (*.*-nightly.*.*)"],
      "1.5.0-nightly.20261101.abc1234": ["delete", "nightly.maxAgeDays 14: pushed 27 days ago (*.*-nightly.*.*)"],
      "nightly-20261127": ["keep", "pushed 1 day ago, within nightly.maxAgeDays 14 (nightly-*)"],
      "1.4.0": ["keep", "same image as latest, which retention protects"],
      latest: ["keep", "same image as latest, which retention protects"],
      ["sha256-" + "a".repeat(64) + ".sig"]: ["keep", "matches no retention selector: not the prune's to remove"],
    });
  });

  it("deletes only the tags of an expired image retention owns: a hand-made tag on an expired nightly stays", () => {
    const plan = decide([
      tag("1.5.0-nightly.20261101.abc1234", "n1", 27),
      tag("nightly-20261101", "n1", 27),
      tag(`sha-${"a".repeat(40)}`, "n1", 27),
      tag("keep-me-forever", "n1", 20),
    ]);
    assert.deepEqual(
      Object.entries(plan).map(([name, [action]]) => [name, action]),
      [
        ["1.5.0-nightly.20261101.abc1234", "delete"],
        ["keep-me-forever", "keep"],
        ["nightly-20261101", "delete"],
        [`sha-${"a".repeat(40)}`, "delete"],
      ],
    );
    assert.equal(
      plan["keep-me-forever"]?.[1],
      "nightly.maxAgeDays 14: pushed 27 days ago (*.*-nightly.*.*), but this tag is not retention's: only the image's beta and nightly tags go",
    );
    // The image keeps a tag, so it is not left untagged.
    const decisions = planTagPrune({
      tags: [tag("nightly-20261101", "n1", 27), tag("keep-me-forever", "n1", 20)],
      intent: INTENT,
      model: MODEL,
      now: NOW,
    });
    assert.deepEqual(untaggedImages(decisions), { images: 0, bytes: 0 });
  });

  it("owns beta and nightly tags and tags their selectors match; never a moving, signature, release, stable or forever legacy tag", () => {
    const model = compileTagScheme({
      ...cortex,
      legacy: [...cortex.legacy, { pattern: "v*", retain: "stable" }, { pattern: "keep-*", retain: "forever" }],
    });
    const owned = (t: string) => retentionOwnsTag(t, model);
    for (const t of ["beta-1.0.9-rc8", "nightly-1.0.1-224", `sha-${"0".repeat(40)}`]) assert.ok(owned(t), t);
    // Legacy beta and nightly tags, and a tag of no channel a nightly selector (sha-*) matches: ECR expires it too.
    for (const t of ["beta-foo", "nightly-x-y", "sha-foo"]) assert.ok(owned(t), t);
    for (const t of ["latest", "1.5.0", "v1.0.0", "keep-this", `sha256-${"0".repeat(64)}.sig`, "pr-12", "nightly-foo"])
      assert.ok(!owned(t), t);
  });

  it("keeps an expired beta that a moving tag still points at (a rollback target)", () => {
    const plan = decide([tag("1.5.0-beta.2", "b2", 3), tag("1.5.0-beta.1", "b1", 5), tag("beta", "b1", 4)]);
    assert.deepEqual(plan["1.5.0-beta.1"], ["keep", "same image as beta, which retention protects"]);
  });

  it("keeps tags whose image cannot be told (no digest or push time)", () => {
    const plan = decide([
      { name: "1.0.0-beta.1", digest: undefined, lastPushed: at(99), fullSize: 1 },
      tag("1.0.0-beta.2", "x", 1),
    ]);
    assert.equal(plan["1.0.0-beta.1"]?.[0], "keep");
  });

  it("marks expired tags that Docker Hub's immutable rules protect as blocked, never as deletions", () => {
    const tags = [tag("1.5.0-beta.2", "b2", 3), tag("1.5.0-beta.1", "b1", 5)];
    assert.deepEqual(
      decide(tags, ["^(?:0|[1-9][0-9]*)\\.(?:0|[1-9][0-9]*)\\.(?:0|[1-9][0-9]*)-beta\\.(?:0|[1-9][0-9]*)$"])[
        "1.5.0-beta.1"
      ],
      [
        "blocked",
        "beta.keepLast 1: older than the newest 1 betas (*.*.*-beta.*); immutable on Docker Hub (rule ^(?:0|[1-9][0-9]*)\\.(?:0|[1-9][0-9]*)\\.(?:0|[1-9][0-9]*)-beta\\.(?:0|[1-9][0-9]*)$), which refuses to delete it",
      ],
    );
    assert.equal(decide(tags, "all")["1.5.0-beta.1"]?.[0], "blocked");
  });

  it("reads the live rules as Go RE2 over the whole tag: (?i) applies, a rule matching part of a tag does not block it", () => {
    const tags = [tag("1.5.0-beta.2", "b2", 3), tag("1.5.0-beta.1", "b1", 5), tag("1.4.0-beta.1", "b0", 9)];
    const plan = decide(tags, ["(?i)1\\.5\\.0-BETA\\.[0-9]+", "1\\.4\\.0"]);
    assert.equal(plan["1.5.0-beta.1"]?.[0], "blocked");
    assert.equal(plan["1.4.0-beta.1"]?.[0], "delete");
  });

  it("refuses a live rule that is not RE2 rather than guess which tags it protects", () => {
    assert.throws(
      () => decide([tag("1.5.0-beta.1", "b1", 5)], ["(?!1\\.5)[0-9.]+-beta\\.[0-9]+"]),
      /is not RE2: .*lookahead/,
    );
  });

  it("blocks exactly the tags the emulator refuses to delete, for any mix of rules", () => {
    const RULES = [
      dockerHubImmutableTagRules(MODEL)[0]!,
      "(?i)[0-9]+\\.[0-9]+\\.[0-9]+-BETA\\.[13579]",
      "1\\.[0-9]",
      "[[:digit:]]\\.2\\..*",
      "(?P<major>[0-9]+)\\.0\\.0-beta\\.[0-9]+",
      "nightly-2026.*",
      "\\pN+\\.\\pN+\\.\\pN+-beta\\.0",
    ];
    const small = fc.integer({ min: 0, max: 3 });
    const name = fc.oneof(
      fc.tuple(small, small, small, small).map(([a, b, c, n]) => `${a}.${b}.${c}-beta.${n}`),
      fc.integer({ min: 20260101, max: 20261031 }).map((d) => `nightly-${d}`),
    );
    const tagsArb = fc.uniqueArray(fc.tuple(name, fc.integer({ min: 15, max: 200 })), {
      selector: ([n]) => n,
      minLength: 1,
      maxLength: 20,
    });
    const seen = { blocked: 0, delete: 0 };
    fc.assert(
      fc.property(tagsArb, fc.subarray(RULES, { minLength: 1 }), (named, rules) => {
        const tags = named.map(([n, daysAgo], i) => tag(n, `d${i}`, daysAgo));
        for (const d of planTagPrune({ tags, intent: INTENT, model: MODEL, now: NOW, immutableRules: rules })) {
          if (d.action !== "delete" && d.action !== "blocked") continue;
          seen[d.action] += 1;
          const emulator = isImmutable({ immutableTags: true, immutableRules: rules }, d.tag, "whole-tag");
          assert.equal(d.action === "blocked", emulator, `${d.tag} under ${rules.join(", ")}`);
        }
      }),
      { numRuns: 300 },
    );
    assert.ok(seen.blocked > 0 && seen.delete > 0, JSON.stringify(seen));
  });

  it("counts the images left with no tag, and their size as Docker Hub reports it", () => {
    const decisions = planTagPrune({
      tags: [tag("1.5.0-beta.2", "b2", 3, 10), tag("1.5.0-beta.1", "b1", 5, 300), tag("1.4.0-beta.1", "b0", 9, 500)],
      intent: INTENT,
      model: MODEL,
      now: NOW,
    });
    assert.deepEqual(untaggedImages(decisions), { images: 2, bytes: 800 });
    assert.equal(
      untaggedImages(decisions.map((d) => (d.tag === "1.4.0-beta.1" ? { ...d, action: "keep" as const } : d))).bytes,
      300,
    );
    assert.equal(formatBytes(1536), "1.5 KiB");
  });

  it("caps deletions at a share of a repository's tags, naming the numbers and the flag", () => {
    assert.equal(deleteCapProblem("cortex/cortex", 5, 10, 0.5), undefined);
    assert.equal(
      deleteCapProblem("cortex/cortex", 6, 10, 0.5),
      "would delete 6 of the 10 tags of cortex/cortex (60%), more than the cap of 50%; nothing was deleted there. If the retention settings are right, rerun with --max-delete-share 0.6",
    );
  });

  it("renders deletions first in an aligned table", () => {
    const decisions = planTagPrune({
      tags: [tag("1.5.0-beta.2", "b2", 3, 10), tag("1.5.0-beta.1", "b1", 5, 2048)],
      intent: INTENT,
      model: MODEL,
      now: NOW,
    });
    assert.equal(
      renderPruneTable(decisions.map((d) => ({ ...d, repository: "cortex/cortex" }))),
      [
        "REPOSITORY     TAG           ACTION  SIZE     REASON",
        "cortex/cortex  1.5.0-beta.1  delete  2.0 KiB  beta.keepLast 1: older than the newest 1 betas (*.*.*-beta.*)",
        "cortex/cortex  1.5.0-beta.2  keep    10 B     within beta.keepLast 1 (*.*.*-beta.*)",
      ].join("\n"),
    );
  });
});
