import assert from "node:assert/strict";
import fc from "fast-check";
import { DAY_MS } from "../../../lib/retention";
import {
  IMAGE_INDEX_MEDIA_TYPES,
  massDeletionRefusal,
  selectOrphans,
  type OrphanInput,
  type StoredImage,
} from "../../../lib/retention/orphans";
import { UserError } from "../../../lib/errors";

const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const NOW = new Date(Date.UTC(2026, 10, 28, 3, 17));
const digest = (n: number) => `sha256:${n.toString(16).padStart(64, "0")}`;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

function image(n: number, days: number, extra: Partial<StoredImage> = {}): StoredImage {
  return { digest: digest(n), tags: [], pushedAt: daysAgo(days), mediaType: OCI_MANIFEST, ...extra };
}

const decide = (images: StoredImage[], children: [number, number[]][], maxAgeDays = 1) =>
  selectOrphans({
    images,
    children: new Map(children.map(([i, c]) => [digest(i), c.map(digest)])),
    maxAgeDays,
    now: NOW,
  });

describe("retention: orphaned untagged images (selectOrphans)", () => {
  it("keeps the platform and attestation manifests of a present index, however old, and counts them as kept", () => {
    const images = [
      image(1, 400, { tags: ["1.4.0"], mediaType: OCI_INDEX }),
      image(2, 400),
      image(3, 400),
      image(4, 400),
    ];
    const decision = decide(images, [[1, [2, 3, 4]]]);
    assert.deepEqual(decision.deletions, []);
    assert.equal(decision.keptOld, 3);
  });

  it("deletes the per-platform indexes a publish job merged, and a replaced build cache, and keeps what the release lists", () => {
    // What one release of the multi-runner workflows leaves in ECR: per platform,
    // the index the build pushed by digest (2, 5: image + attestation), and the
    // release index the publish job made of their children (10, tagged); plus the
    // live build cache (20, tagged) and the cache manifest its export replaced (21).
    const images = [
      image(10, 30, { tags: ["1.5.0", "latest"], mediaType: OCI_INDEX }),
      image(2, 30, { mediaType: OCI_INDEX }),
      image(3, 30),
      image(4, 30),
      image(5, 30, { mediaType: OCI_INDEX }),
      image(6, 30),
      image(7, 30),
      image(20, 30, { tags: ["buildcache-stable-amd64"] }),
      image(21, 30),
    ];
    const decision = decide(images, [
      [10, [3, 4, 6, 7]],
      [2, [3, 4]],
      [5, [6, 7]],
    ]);
    assert.deepEqual(
      decision.deletions.map((d) => d.digest),
      [digest(2), digest(5), digest(21)],
    );
  });

  it("protects the children of an untagged index that is still recent", () => {
    const decision = decide([image(1, 0.5, { mediaType: DOCKER_LIST }), image(2, 30)], [[1, [2]]]);
    assert.deepEqual(decision.deletions, []);
    assert.equal(decision.keptRecent, 1);
    assert.equal(decision.keptOld, 1);
  });

  it("deletes the old platform images of an expired index (index gone), and keeps a recent one", () => {
    const decision = decide(
      [image(1, 20), image(2, 20), image(3, 0.5), image(4, 20, { tags: ["nightly-20261101"] })],
      [],
    );
    assert.deepEqual(
      decision.deletions.map((d) => [d.digest, d.reason, d.wave, d.after]),
      [
        [digest(1), "unreferenced", 0, []],
        [digest(2), "unreferenced", 0, []],
      ],
    );
    assert.equal(decision.keptRecent, 1);
  });

  it("keeps an image exactly maxAgeDays old and deletes one a millisecond older", () => {
    const images = [image(1, 3), { ...image(2, 3), pushedAt: new Date(daysAgo(3).getTime() - 1) }];
    assert.deepEqual(
      decide(images, [], 3).deletions.map((d) => d.digest),
      [digest(2)],
    );
  });

  it("deletes an orphaned untagged index and the children only it lists in one run, the index first; a child shared with a tagged index stays", () => {
    const images = [
      image(10, 30, { mediaType: OCI_INDEX }),
      image(11, 30),
      image(12, 30),
      image(20, 30, { tags: ["1.5.0"], mediaType: OCI_INDEX }),
    ];
    const decision = decide(images, [
      [10, [11, 12]],
      [20, [12]],
    ]);
    assert.deepEqual(
      decision.deletions.map((d) => [d.digest, d.reason, d.wave, d.after]),
      [
        [digest(10), "unreferenced", 0, []],
        [digest(11), "referrers-deleted", 1, [digest(10)]],
      ],
    );
    assert.equal(decision.keptOld, 1);
  });

  it("keeps a referrer while its subject is present and deletes it once the subject is gone", () => {
    const images = [
      image(1, 30, { tags: ["1.5.0"] }),
      image(2, 30, { subjectDigest: digest(1) }),
      image(3, 30, { subjectDigest: digest(99) }),
    ];
    const decision = decide(images, []);
    assert.deepEqual(
      decision.deletions.map((d) => [d.digest, d.reason]),
      [[digest(3), "subject-gone"]],
    );
    assert.match(decision.deletions[0]!.detail, /subject sha256:0+63 is no longer in the repository/);
  });

  it("deletes nothing when an index could not be read, and names it", () => {
    const decision = decide([image(1, 30, { mediaType: OCI_INDEX }), image(2, 30), image(3, 30)], []);
    assert.deepEqual(decision.deletions, []);
    assert.deepEqual(decision.unreadableIndexes, [digest(1)]);
    assert.equal(decision.keptOld, 3);
  });

  it("never deletes an archived image", () => {
    assert.deepEqual(decide([image(1, 30, { status: "ARCHIVED" })], []).deletions, []);
  });

  it("refuses duplicate digests, invalid push times and a negative age", () => {
    assert.throws(() => decide([image(1, 2), image(1, 3)], []), UserError);
    assert.throws(() => decide([{ ...image(1, 2), pushedAt: new Date(Number.NaN) }], []), /invalid pushedAt/);
    assert.throws(() => decide([], [], -1), /maxAgeDays/);
  });

  it("recognises both image index media types", () => {
    assert.deepEqual([...IMAGE_INDEX_MEDIA_TYPES].sort(), [DOCKER_LIST, OCI_INDEX]);
  });
});

describe("retention: mass-deletion guard (massDeletionRefusal)", () => {
  it("refuses more than the share, naming the numbers and the way out", () => {
    const refusal = massDeletionRefusal("cortex/cortex", 3, 4, 0.5);
    assert.ok(refusal !== undefined);
    assert.match(refusal, /^cortex\/cortex: refusing to delete 3 of 4 images \(75%\), more than the allowed 50%/);
    assert.match(refusal, /check the list, then rerun with --max-delete-share 0\.75 or --force$/);
  });

  it("allows exactly the share, and a run that deletes nothing", () => {
    assert.equal(massDeletionRefusal("r", 2, 4, 0.5), undefined);
    assert.equal(massDeletionRefusal("r", 0, 0, 0), undefined);
  });

  it("rejects a share outside 0..1", () => {
    assert.throws(() => massDeletionRefusal("r", 1, 4, 1.5), /maxDeleteShare/);
  });
});

interface Spec {
  readonly kind: "manifest" | "index" | "referrer";
  readonly tagged: boolean;
  readonly ageHours: number;
  readonly picks: readonly number[];
  readonly readable: boolean;
  readonly archived: boolean;
}

const spec: fc.Arbitrary<Spec> = fc.record({
  kind: fc.constantFrom("manifest", "manifest", "index", "referrer"),
  tagged: fc.boolean(),
  ageHours: fc.integer({ min: 0, max: 24 * 12 }),
  picks: fc.array(fc.nat(), { maxLength: 4 }),
  // Mostly readable: one unreadable index blocks the whole repository.
  readable: fc.integer({ min: 0, max: 29 }).map((n) => n !== 0),
  archived: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
});

/**
 * A repository as pushes leave it: an index or referrer only points at images
 * pushed before it (digests are content hashes, so no cycles), sometimes at
 * digests no longer present. Images are listed in a shuffled order.
 */
const repository: fc.Arbitrary<OrphanInput> = fc
  .record({ specs: fc.array(spec, { minLength: 1, maxLength: 30 }), maxAgeDays: fc.integer({ min: 0, max: 10 }) })
  .chain(({ specs, maxAgeDays }) => {
    const images: StoredImage[] = [];
    const children = new Map<string, string[]>();
    specs.forEach((s, i) => {
      // Index 0 or a pick past the images pushed so far points at a digest that is gone.
      const target = (p: number) => (i === 0 || p % (i + 1) === i ? digest(10_000 + p) : digest(1 + (p % i)));
      const base = {
        digest: digest(1 + i),
        tags: s.tagged ? [`t${i}`] : [],
        pushedAt: new Date(NOW.getTime() - s.ageHours * 3_600_000),
        ...(s.archived ? { status: "ARCHIVED" } : {}),
      };
      if (s.kind === "index") {
        images.push({ ...base, mediaType: i % 2 === 0 ? OCI_INDEX : DOCKER_LIST });
        if (s.readable) children.set(base.digest, s.picks.map(target));
      } else if (s.kind === "referrer" && s.picks.length > 0) {
        images.push({ ...base, mediaType: OCI_MANIFEST, subjectDigest: target(s.picks[0]!) });
      } else {
        images.push({ ...base, mediaType: OCI_MANIFEST });
      }
    });
    return fc
      .shuffledSubarray(images, { minLength: images.length, maxLength: images.length })
      .map((shuffled): OrphanInput => ({ images: shuffled, children, maxAgeDays, now: NOW }));
  });

/** The present images whose staying keeps `d`: indexes listing it, and its subject. */
function holders(input: OrphanInput, d: string): string[] {
  const present = new Set(input.images.map((img) => img.digest));
  const out = [...input.children]
    .filter(([index, listed]) => present.has(index) && index !== d && listed.includes(d))
    .map(([index]) => index);
  const subject = input.images.find((img) => img.digest === d)?.subjectDigest;
  if (subject !== undefined && present.has(subject) && subject !== d) out.push(subject);
  return out;
}

describe("retention: orphaned untagged images, properties", () => {
  it("selects only untagged, active images older than maxAgeDays whose every referrer goes first; never a tagged image or a child of an index that stays", () => {
    fc.assert(
      fc.property(repository, (input) => {
        const decision = selectOrphans(input);
        const wave = new Map(decision.deletions.map((d) => [d.digest, d.wave]));
        const byDigest = new Map(input.images.map((img) => [img.digest, img]));
        for (const d of decision.deletions) {
          const img = byDigest.get(d.digest)!;
          assert.deepEqual(img.tags, [], `tagged image ${d.digest} selected`);
          assert.ok(img.status === undefined, `archived image ${d.digest} selected`);
          assert.ok(
            input.now.getTime() - img.pushedAt.getTime() > input.maxAgeDays * DAY_MS,
            `${d.digest} is not old enough`,
          );
          for (const h of holders(input, d.digest)) {
            assert.ok(wave.has(h), `${d.digest} selected while ${h}, which references it, stays`);
            assert.ok(wave.get(h)! < d.wave, `${d.digest} is not deleted after ${h}`);
          }
          assert.deepEqual([...d.after].sort(), holders(input, d.digest).sort());
        }
        for (const [index, listed] of input.children) {
          if (!byDigest.has(index) || wave.has(index)) continue;
          for (const child of listed)
            assert.ok(!wave.has(child), `child ${child} of the staying index ${index} selected`);
        }
        const waves = decision.deletions.map((d) => d.wave);
        assert.deepEqual(
          waves,
          [...waves].sort((a, b) => a - b),
        );
      }),
      { numRuns: 400 },
    );
  });

  it("selects every eligible image no staying image references, unless an index is unreadable, then none", () => {
    fc.assert(
      fc.property(repository, (input) => {
        const decision = selectOrphans(input);
        const selected = new Set(decision.deletions.map((d) => d.digest));
        const unreadable = input.images.filter(
          (img) => IMAGE_INDEX_MEDIA_TYPES.includes(img.mediaType ?? "") && !input.children.has(img.digest),
        );
        assert.deepEqual(decision.unreadableIndexes, unreadable.map((img) => img.digest).sort());
        if (unreadable.length > 0) {
          assert.equal(selected.size, 0);
          return;
        }
        for (const img of input.images) {
          const eligible =
            img.tags.length === 0 &&
            img.status === undefined &&
            input.now.getTime() - img.pushedAt.getTime() > input.maxAgeDays * DAY_MS;
          if (eligible && holders(input, img.digest).every((h) => selected.has(h)))
            assert.ok(selected.has(img.digest), `${img.digest} is an orphan but was kept`);
        }
        const untagged = input.images.filter((img) => img.tags.length === 0 && img.status === undefined).length;
        assert.equal(decision.keptRecent + decision.keptOld + selected.size, untagged);
      }),
      { numRuns: 400 },
    );
  });

  it("is idempotent: with the selection deleted, a second decision selects nothing", () => {
    fc.assert(
      fc.property(repository, (input) => {
        const selected = new Set(selectOrphans(input).deletions.map((d) => d.digest));
        const images = input.images.filter((img) => !selected.has(img.digest));
        const children = new Map([...input.children].filter(([index]) => !selected.has(index)));
        assert.deepEqual(selectOrphans({ ...input, images, children }).deletions, []);
      }),
      { numRuns: 300 },
    );
  });
});
