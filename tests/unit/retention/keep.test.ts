/**
 * The intent engine (imagesKeptByIntent) in the intent's words, next to the
 * evaluator over the compiled policy and the Docker Hub prune: one worked
 * example per rule of the engine.
 */
import assert from "node:assert/strict";
import { compileTagScheme, type TagModel } from "../../../lib/channels/model";
import { DEFAULT_TAG_SCHEME, type TagScheme } from "../../../lib/channels/scheme";
import { planTagPrune, type PruneTagInput } from "../../../lib/dockerhub/prune";
import {
  compileLifecyclePolicy,
  DAY_MS,
  DEFAULT_RETENTION,
  evaluateLifecyclePolicy,
  retentionGroup,
  type RepositoryImage,
  type RetentionIntent,
} from "../../../lib/retention";
import { cortex } from "../../support/tag-schemes";
import { imagesKeptByIntent } from "./oracles";

const NOW = new Date("2026-11-28T12:00:00Z");
const image = (digest: string, tags: string[], daysAgo: number): RepositoryImage => ({
  digest,
  tags,
  pushedAt: new Date(NOW.getTime() - daysAgo * DAY_MS),
});
const ecrKept = (intent: RetentionIntent, images: RepositoryImage[], model: TagModel) =>
  evaluateLifecyclePolicy(compileLifecyclePolicy(intent, model), images, NOW).kept;
const hubTags = (images: RepositoryImage[]): PruneTagInput[] =>
  images.flatMap((img) =>
    img.tags.map((name) => ({ name, digest: img.digest, lastPushed: img.pushedAt.toISOString(), fullSize: 1 })),
  );
const hubDeleted = (intent: RetentionIntent, images: RepositoryImage[], model: TagModel) =>
  planTagPrune({ tags: hubTags(images), intent, model, now: NOW, immutableRules: model.dockerHubImmutableRules() })
    .filter((d) => d.action === "delete")
    .map((d) => d.tag);

describe("retention: imagesKeptByIntent", () => {
  const model = compileTagScheme(DEFAULT_TAG_SCHEME);

  it("decides an image by the first group one of its tags matches: protect before beta before nightly", () => {
    const images = [
      image("a", ["1.5.0-nightly.20261001.ab12cd3", "nightly"], 58),
      image("b", ["1.5.0-beta.1", "sha-" + "1".repeat(40)], 58),
      image("c", ["1.5.0-beta.2"], 50),
    ];
    const intent = { ...DEFAULT_RETENTION, beta: { keepLast: 1 } };
    assert.deepEqual(retentionGroup(images[0]!.tags, model), { group: "protect", selector: "nightly" });
    assert.deepEqual(retentionGroup(images[1]!.tags, model), { group: "beta", selector: "*.*.*-beta.*", index: 0 });
    // b is a beta (not a 58-day-old nightly), and not among the newest 1.
    assert.deepEqual(imagesKeptByIntent(intent, images, NOW, model), ["a", "c"]);
    assert.deepEqual(ecrKept(intent, images, model), ["a", "c"]);
  });

  it("keeps what no selector matches: releases, their X and X.Y tags, signatures, hand-made tags", () => {
    const images = [
      image("r", ["1.4.0", "1.4", "1"], 400),
      image("s", [`sha256-${"a".repeat(64)}.sig`], 400),
      image("h", ["keep-me-forever"], 400),
    ];
    assert.deepEqual(imagesKeptByIntent(DEFAULT_RETENTION, images, NOW, model), ["h", "r", "s"]);
    assert.deepEqual(retentionGroup(["1.4.0", "1.4"], model), { group: "none" });
  });

  it("ranks a beta among every image its selector matches, those an earlier selector decides included, as ECR counts", () => {
    // Two beta selectors: the scheme's beta-*.*.*-rc* and the legacy rc-*.
    const scheme: TagScheme = { ...cortex, legacy: [{ pattern: "rc-*", retain: "beta" }] };
    const twoBetas = compileTagScheme(scheme);
    const images = [
      // Decided by the first selector, but counted by the second too.
      image("new", ["beta-1.0.9-rc8", "rc-1.0.9-8"], 1),
      image("old", ["rc-1.0.9-7"], 2),
    ];
    const intent = { ...DEFAULT_RETENTION, beta: { keepLast: 1 } };
    assert.deepEqual(imagesKeptByIntent(intent, images, NOW, twoBetas), ["new"]);
    assert.deepEqual(ecrKept(intent, images, twoBetas), ["new"]);
  });

  it("compares beta numbers as numbers through push order, rc10 after rc9", () => {
    const c = compileTagScheme(cortex);
    const images = [image("rc10", ["beta-1.0.9-rc10"], 1), image("rc9", ["beta-1.0.9-rc9"], 2)];
    const intent = { ...DEFAULT_RETENTION, beta: { keepLast: 1 } };
    assert.deepEqual(imagesKeptByIntent(intent, images, NOW, c), ["rc10"]);
  });
});

describe("retention: legacy tags in ECR and on Docker Hub alike", () => {
  const intent = { ...DEFAULT_RETENTION, beta: { keepLast: 1 }, nightly: { maxAgeDays: 14 } };

  it("retains cortex.cpp's old nightly-X.Y.Z-N and beta-X.Y.Z-rcN tags by their channel's intent", () => {
    const model = compileTagScheme(cortex);
    const images = [
      image("old-nightly", ["nightly-1.0.1-224"], 30),
      image("new-nightly", ["nightly-1.0.1-230"], 3),
      image("old-beta", ["beta-1.0.9-rc8"], 40),
      image("new-beta", ["beta-1.0.10-rc1"], 20),
    ];
    assert.deepEqual(imagesKeptByIntent(intent, images, NOW, model), ["new-beta", "new-nightly"]);
    assert.deepEqual(ecrKept(intent, images, model), ["new-beta", "new-nightly"]);
    assert.deepEqual(hubDeleted(intent, images, model), ["beta-1.0.9-rc8", "nightly-1.0.1-224"]);
  });

  it("a custom nightly-foo is a nightly under the legacy pattern nightly-*, and not retention's without it", () => {
    const images = [image("foo", ["nightly-foo"], 30)];
    const withPattern = compileTagScheme({ ...cortex, legacy: [{ pattern: "nightly-*", retain: "nightly" }] });
    assert.deepEqual(ecrKept(intent, images, withPattern), []);
    assert.deepEqual(hubDeleted(intent, images, withPattern), ["nightly-foo"]);
    const without = compileTagScheme(cortex);
    assert.deepEqual(ecrKept(intent, images, without), ["foo"]);
    assert.deepEqual(hubDeleted(intent, images, without), []);
  });
});
