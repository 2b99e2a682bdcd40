/**
 * The Docker Hub prune under Docker Hub's API rate limit, against the emulator (not the
 * real service), with a fake clock shared by emulator, client and the prune's pacing.
 */
import assert from "node:assert/strict";
import { pruneDockerHub, renderPruneSummary, type PruneOptions } from "../../../cli/prune/prune";
import { DEFAULT_RETENTION } from "../../../lib/retention/intent";
import { DEFAULT_MODEL } from "../../support/tag-schemes";
import type { RetryAfterStyle } from "../../support/dockerhub-emulator";
import { ORG, OWNER, OWNER_TOKEN, startHarness, type Harness } from "../dockerhub/harness";

const REPO = "big";
const MOVING = ["latest", "stable", "1", "1.4", "beta", "nightly"];
const STABLE = ["1.3.0", "1.4.0", "1.4.1"];
/** 270 betas: the default retention keeps the newest 20, so 250 expire. */
const BETAS = Array.from({ length: 270 }, (_, i) => `1.5.0-beta.${i + 1}`);
const EXPIRED = BETAS.slice(0, 250).sort();
const KEPT = [...MOVING, ...STABLE, ...BETAS.slice(250)].sort();
/** Docker Hub's API limit as its answers stated it in 2025 (hub-feedback#2459). */
const LIMIT = 180;

async function start(retryAfter: RetryAfterStyle | undefined): Promise<Harness> {
  const h = await startHarness(
    retryAfter === undefined ? {} : { emulator: { rateLimit: { limit: LIMIT, windowMs: 60_000, retryAfter } } },
  );
  h.emulator.seedRepository(ORG, REPO);
  // Newest first: the moving tags, then the betas from the highest down, then the releases.
  h.emulator.seedTags(ORG, REPO, [...MOVING, ...[...BETAS].reverse(), ...[...STABLE].reverse()]);
  return h;
}

/** The prune logs in as an owner with a personal access token: Docker Hub lets a PAT delete tags. */
const ownerClient = (h: Harness) => h.clientWith({ identifier: OWNER, secret: OWNER_TOKEN });

function options(h: Harness, overrides: Partial<PruneOptions> = {}): PruneOptions {
  return {
    client: ownerClient(h),
    namespace: ORG,
    repositories: [REPO],
    intent: DEFAULT_RETENTION,
    model: DEFAULT_MODEL,
    now: new Date(h.clock.now()),
    apply: true,
    // 250 of 279 tags: past the default cap on purpose; the cap is not what is tested here.
    maxDeleteShare: 1,
    clock: h.clock.now,
    sleep: (ms) => {
      h.clock.advance(ms);
      return Promise.resolve();
    },
    ...overrides,
  };
}

const remaining = (h: Harness) => [...(h.emulator.repository(ORG, REPO)?.tags ?? [])].sort();
const answered429 = (h: Harness) => h.emulator.requests.filter((entry) => entry.status === 429).length;

describe("Docker Hub prune under the API rate limit", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it("deletes 250 expired tags through a 180/min limit with epoch Retry-After, pacing itself to no 429 at all", async () => {
    h = await start("epoch-retry-after");
    const started = h.clock.now();
    const notes: string[] = [];
    const result = await pruneDockerHub(
      options(h, { concurrency: 4, progress: { isTTY: false, write: (t: string) => notes.push(t) } }),
    );
    assert.equal(result.complete, true);
    assert.deepEqual(result.repositories[0]?.deleted, EXPIRED);
    assert.deepEqual(remaining(h), KEPT);
    // One login, one repository read, three pages of tags, one DELETE per expired tag.
    assert.equal(h.emulator.requests.length, 255);
    assert.equal(answered429(h), 0);
    assert.equal(result.stats.rateLimited, 0);
    // One pause, to the reset of the first window (the clock starts 250 ms into a second).
    assert.equal(result.pacedMs, 60_750);
    assert.equal(h.clock.now() - started, 60_750);
    assert.deepEqual(
      notes.filter((n) => n.includes("pausing")),
      ["deleting cortex/big: pausing 61 s for Docker Hub's rate limit\n"],
    );
    assert.match(renderPruneSummary(result), /\nrate limit: paused 61 s to stay under it; 0 answers were 429/);
  });

  for (const shape of ["epoch-retry-after", "retry-after", "x-retry-after", "both"] as const) {
    it(`${shape}: waits out a 429 when another user of the account spent the window mid-run`, async () => {
      h = await start(shape);
      const client = ownerClient(h);
      const emulatorUrl = h.emulator.url;
      const crowded: PruneOptions["client"] = {
        findRepository: client.findRepository.bind(client),
        deleteTag: client.deleteTag.bind(client),
        cannot: client.cannot.bind(client),
        credentialKinds: client.credentialKinds,
        get stats() {
          return client.stats;
        },
        listTags: async (ns, repo) => {
          const tags = await client.listTags(ns, repo);
          // Someone else's calls use up the rest of the window: the prune's last answer said otherwise.
          let status = 0;
          while (status !== 429) status = (await fetch(`${emulatorUrl}/v2/namespaces/${ORG}/repositories`)).status;
          return tags;
        },
      };
      const result = await pruneDockerHub(options(h, { client: crowded, concurrency: 1 }));
      assert.equal(result.complete, true);
      assert.deepEqual(remaining(h), KEPT);
      assert.equal(result.stats.rateLimited, 1);
      assert.equal(h.emulator.countRequests({ route: "tag.delete" }), 251);
    });
  }

  it("bare 429s: a run the client gives up on stops deleting, and the rerun finishes the job", async () => {
    h = await start(undefined);
    // The overall limit: 429s with no timing, more than the client's 3 retries.
    h.emulator.failNext(5, 429, { route: "tag.delete" });
    const first = await pruneDockerHub(options(h, { concurrency: 1 }));
    assert.equal(first.complete, false);
    assert.equal(first.deleted, 0);
    assert.equal(first.failed, 250);
    const [hit, ...rest] = first.repositories[0]?.failed ?? [];
    assert.match(hit?.error ?? "", /answered 429 \(rate limited\).*no retries left and Docker Hub gave no time/);
    assert.ok(rest.every((f) => f.error === `not attempted: ${hit?.tag} hit Docker Hub's rate limit first`));
    // The four attempts at the first tag, nothing after.
    assert.equal(h.emulator.countRequests({ route: "tag.delete" }), 4);
    assert.match(renderPruneSummary(first), /Rerun the same command to finish/);

    const second = await pruneDockerHub(options(h, { concurrency: 4 }));
    assert.equal(second.complete, true);
    assert.equal(second.deleted, 250);
    assert.deepEqual(remaining(h), KEPT);
  });
});
