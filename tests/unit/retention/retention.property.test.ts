import assert from "node:assert/strict";
import fc from "fast-check";
import { compileTagScheme } from "../../../lib/channels/model";
import { planTagPrune, retentionOwnsTag } from "../../../lib/dockerhub/prune";
import {
  compileLifecyclePolicy,
  DAY_MS,
  evaluateLifecyclePolicy,
  imageRoles,
  LIFECYCLE_LIMITS,
  renderLifecyclePolicy,
  tagSelectedBy,
  validateLifecyclePolicy,
  type LifecyclePolicy,
  type LifecycleRule,
  type RepositoryImage,
} from "../../../lib/retention";
import { TAG_SCHEMES } from "../../support/tag-schemes";
import { isBuildCacheTag } from "../../../lib/channels/cache";
import { brokenIndexes, imagesKeptByIntent } from "./oracles";
import { history, hubTags, intent, staleOrphans } from "./history";

/** Runs per property and scheme: five schemes keep the file within a few seconds. */
const RUNS = 150;

for (const [name, scheme] of Object.entries(TAG_SCHEMES)) {
  describe(`retention: properties under the ${name} tag scheme`, () => {
    const model = compileTagScheme(scheme);
    const histories = history(model);

    it("every compiled policy passes the validator and fits ECR's size limit", () => {
      fc.assert(
        fc.property(intent, fc.boolean(), (i, multiArch) => {
          const policy = compileLifecyclePolicy(i, model, { multiArch });
          assert.deepEqual(validateLifecyclePolicy(policy), []);
          assert.deepEqual(validateLifecyclePolicy(JSON.parse(renderLifecyclePolicy(policy))), []);
          assert.ok(renderLifecyclePolicy(policy).length < LIFECYCLE_LIMITS.maxPolicyCharacters);
        }),
        { numRuns: 50 },
      );
    });

    it("never expires a stable release, a moving-tag holder or a child of a kept index", () => {
      fc.assert(
        fc.property(intent, histories, (i, h) => {
          const outcome = evaluateLifecyclePolicy(compileLifecyclePolicy(i, model), h.images, h.now);
          const expired = new Set(outcome.expired.map((e) => e.digest));
          for (const img of h.images) {
            if (!expired.has(img.digest)) continue;
            const roles = imageRoles(img.tags, model);
            assert.ok(!roles.stable, `stable release ${img.tags.join(",")} expired`);
            assert.ok(!roles.moving, `moving tag holder ${img.tags.join(",")} expired`);
          }
          assert.deepEqual(brokenIndexes(h.images, outcome), []);
        }),
        { numRuns: RUNS },
      );
    });

    it("never expires a live build cache, in ECR or by the Docker Hub prune, and counts none as a beta", () => {
      fc.assert(
        fc.property(intent, histories, (i, h) => {
          const caches = h.images.filter((img) => img.tags.some(isBuildCacheTag));
          const outcome = evaluateLifecyclePolicy(compileLifecyclePolicy(i, model), h.images, h.now);
          const expired = new Set(outcome.expired.map((e) => e.digest));
          for (const img of caches) assert.ok(!expired.has(img.digest), `cache ${img.tags.join(",")} expired`);
          for (const tag of caches.flatMap((img) => img.tags).filter(isBuildCacheTag)) {
            assert.equal(model.classify(tag).kind, "cache");
            assert.ok(!tagSelectedBy(tag, "beta", model) && !tagSelectedBy(tag, "nightly", model), tag);
            assert.ok(!retentionOwnsTag(tag, model), tag);
          }
          for (const row of planTagPrune({ tags: hubTags(h), intent: i, now: h.now, model })) {
            if (isBuildCacheTag(row.tag)) assert.equal(row.action, "keep", row.tag);
          }
        }),
        { numRuns: RUNS },
      );
    });

    it("keeps every rollback target: releases with their platforms, the newest N betas, nightlies within N days", () => {
      fc.assert(
        fc.property(intent, histories, (i, h) => {
          const kept = new Set(evaluateLifecyclePolicy(compileLifecyclePolicy(i, model), h.images, h.now).kept);
          const byDigest = new Map(h.images.map((img) => [img.digest, img]));
          const roles = (img: RepositoryImage) => imageRoles(img.tags, model);
          const betas = h.images
            .filter((img) => roles(img).beta)
            .sort((a, b) => b.pushedAt.getTime() - a.pushedAt.getTime() || (a.digest < b.digest ? -1 : 1));
          const targets = new Set<string>([
            ...h.images.filter((img) => roles(img).stable || roles(img).moving).map((img) => img.digest),
            ...betas.slice(0, i.beta.keepLast).map((img) => img.digest),
            ...h.images
              .filter(
                (img) =>
                  roles(img).nightly &&
                  !roles(img).beta &&
                  h.now.getTime() - img.pushedAt.getTime() <= i.nightly.maxAgeDays * DAY_MS,
              )
              .map((img) => img.digest),
          ]);
          for (const img of h.images) {
            if ((img.indexDigests ?? []).some((d) => targets.has(d))) targets.add(img.digest);
          }
          for (const d of targets)
            assert.ok(kept.has(d), `rollback target ${byDigest.get(d)?.tags.join(",") ?? d} was expired`);
        }),
        { numRuns: RUNS },
      );
    });

    it("ECR keeps exactly what the intent keeps, except stale orphaned untagged images that ECR cannot tell from platform images (left to the prune)", () => {
      fc.assert(
        fc.property(intent, histories, (i, h) => {
          const ecrKept = new Set(
            evaluateLifecyclePolicy(compileLifecyclePolicy(i, model, { multiArch: true }), h.images, h.now).kept,
          );
          const intentKept = new Set(imagesKeptByIntent(i, h.images, h.now, model));
          const onlyIntent = [...intentKept].filter((d) => !ecrKept.has(d));
          const onlyEcr = [...ecrKept].filter((d) => !intentKept.has(d)).sort();
          assert.deepEqual(onlyIntent, []);
          assert.deepEqual(onlyEcr, staleOrphans(h.images, intentKept, i, h.now));
        }),
        { numRuns: RUNS },
      );
    });

    it("ECR keeps exactly what the intent keeps for single-platform repositories, untagged rule included", () => {
      fc.assert(
        fc.property(intent, history(model, { platforms: fc.constant(0) }), (i, h) => {
          const policy = compileLifecyclePolicy(i, model, { multiArch: false });
          assert.deepEqual(
            evaluateLifecyclePolicy(policy, h.images, h.now).kept,
            imagesKeptByIntent(i, h.images, h.now, model),
          );
        }),
        { numRuns: RUNS },
      );
    });

    it("the Docker Hub prune decides every image as ECR does, deleting only the tags retention owns", () => {
      const seen = { expired: 0, keptForeignTag: 0 };
      fc.assert(
        fc.property(intent, histories, (i, h) => {
          const expired = new Set(
            evaluateLifecyclePolicy(compileLifecyclePolicy(i, model), h.images, h.now).expired.map((e) => e.digest),
          );
          const decisions = planTagPrune({
            tags: hubTags(h),
            intent: i,
            model,
            now: h.now,
            immutableRules: model.dockerHubImmutableRules(),
          });
          const deleted = new Set(decisions.filter((d) => d.action === "delete").map((d) => d.tag));
          assert.deepEqual(
            decisions.filter((d) => d.action === "blocked").map((d) => d.tag),
            [],
            "a tag the prune removes is immutable on Docker Hub",
          );
          for (const img of h.images.filter((x) => x.tags.length > 0)) {
            const owned = img.tags.filter((t) => retentionOwnsTag(t, model));
            const gone = img.tags.filter((t) => deleted.has(t));
            if (expired.has(img.digest)) {
              seen.expired += 1;
              assert.ok(owned.length > 0, `ECR expires ${img.tags.join(",")}, which holds no tag retention owns`);
              assert.deepEqual(
                gone,
                owned,
                `Docker Hub deletes ${gone.join(",")} of the expired ${img.tags.join(",")}`,
              );
              if (owned.length < img.tags.length) seen.keptForeignTag += 1;
            } else {
              assert.deepEqual(
                gone,
                [],
                `Docker Hub deletes ${gone.join(",")} of ${img.tags.join(",")}, which ECR keeps`,
              );
            }
          }
          for (const tag of deleted) {
            const cls = model.classify(tag);
            assert.ok(cls.kind !== "moving" && cls.kind !== "signature", `deletes ${tag} (${cls.kind})`);
            assert.ok(cls.kind !== "immutable" || cls.shape.channel !== "stable", `deletes the release tag ${tag}`);
            assert.ok(
              cls.kind !== "legacy" || cls.legacy.retain === "beta" || cls.legacy.retain === "nightly",
              `deletes the ${cls.kind === "legacy" ? cls.legacy.retain : ""} legacy tag ${tag}`,
            );
            assert.ok(
              cls.kind !== "other" || tagSelectedBy(tag, "beta", model) || tagSelectedBy(tag, "nightly", model),
              `deletes ${tag}, a tag of no channel no selector matches`,
            );
          }
        }),
        { numRuns: RUNS },
      );
      // The histories reach the cases that matter: expired builds, some holding a hand-made tag.
      assert.ok(seen.expired > 0 && seen.keptForeignTag > 0, JSON.stringify(seen));
    });
  });
}

describe("retention: evaluator properties", () => {
  it("no image is expired by a rule below one whose tags it matches, and count rules keep their newest N", () => {
    const tags = fc.array(fc.constantFrom("a1", "a2", "b1", "ab", "c"), { maxLength: 3 });
    const image = fc.record({ tags, day: fc.integer({ min: 0, max: 40 }) });
    const tagSel = fc.oneof(
      fc.record({
        tagStatus: fc.constant("tagged" as const),
        tagPatternList: fc.uniqueArray(fc.constantFrom("a*", "b*", "*1", "c", "*"), { minLength: 1, maxLength: 2 }),
      }),
      fc.record({
        tagStatus: fc.constant("tagged" as const),
        tagPrefixList: fc.uniqueArray(fc.constantFrom("a", "b", "ab", "c"), { minLength: 1, maxLength: 2 }),
      }),
    );
    const countSel = fc.oneof(
      fc.record({ countType: fc.constant("imageCountMoreThan" as const), countNumber: fc.integer({ min: 1, max: 5 }) }),
      fc.record({
        countType: fc.constant("sinceImagePushed" as const),
        countUnit: fc.constant("days" as const),
        countNumber: fc.integer({ min: 1, max: 30 }),
      }),
    );
    const now = new Date("2026-03-01T00:00:00Z");
    fc.assert(
      fc.property(
        fc.array(image, { maxLength: 25 }),
        fc.array(fc.tuple(tagSel, countSel), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.boolean(),
        (imgs, sels, untagged, any) => {
          const rules: LifecycleRule[] = sels.map(([t, c], k) => ({
            rulePriority: k * 10 + 1,
            selection: { ...t, ...c },
            action: { type: "expire" },
          }));
          if (untagged)
            rules.push({
              rulePriority: 500,
              selection: { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 2 },
              action: { type: "expire" },
            });
          if (any)
            rules.push({
              rulePriority: 900,
              selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 3 },
              action: { type: "expire" },
            });
          const policy: LifecyclePolicy = { rules };
          fc.pre(validateLifecyclePolicy(policy).length === 0);
          const images: RepositoryImage[] = imgs.map((x, k) => ({
            digest: `d${String(k).padStart(2, "0")}`,
            tags: x.tags,
            pushedAt: new Date(now.getTime() - x.day * DAY_MS - k),
          }));
          const outcome = evaluateLifecyclePolicy(policy, images, now);
          const matches = (rule: LifecycleRule, img: RepositoryImage): boolean => {
            const s = rule.selection;
            if (s.tagStatus === "any") return true;
            if (s.tagStatus === "untagged") return img.tags.length === 0;
            if ("tagPrefixList" in s) return s.tagPrefixList.every((p) => img.tags.some((t) => t.startsWith(p)));
            return s.tagPatternList.every((p) =>
              img.tags.some((t) => new RegExp(`^${p.replaceAll("*", ".*")}$`).test(t)),
            );
          };
          for (const e of outcome.expired) {
            const img = images.find((x) => x.digest === e.digest)!;
            const rule = rules.find((r) => r.rulePriority === e.rulePriority)!;
            assert.ok(matches(rule, img));
            for (const higher of rules.filter((r) => r.rulePriority < e.rulePriority))
              assert.ok(!matches(higher, img), `${e.digest} was claimed by rule ${higher.rulePriority}`);
            const s = rule.selection;
            if (s.countType === "imageCountMoreThan") {
              const newer = images.filter((x) => matches(rule, x) && x.pushedAt.getTime() > img.pushedAt.getTime());
              assert.ok(newer.length >= s.countNumber);
            } else {
              assert.ok(now.getTime() - img.pushedAt.getTime() > s.countNumber * DAY_MS);
            }
          }
          assert.equal(outcome.expired.length + outcome.kept.length, images.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
