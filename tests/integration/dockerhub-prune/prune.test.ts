/**
 * The Docker Hub prune against the emulator of the documented Docker Hub API
 * (not the real service), with a fake clock shared by emulator and client.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Command } from "commander";
import { UserError } from "../../../cli/errors";
import { registerDockerHubPruneCommand } from "../../../cli/prune/command";
import { pruneDockerHub, renderPruneDecisions, renderPruneSummary, type PruneOptions } from "../../../cli/prune/prune";
import { DAY_MS } from "../../../lib/retention/policy";
import { DEFAULT_RETENTION } from "../../../lib/retention/intent";
import { DEFAULT_MODEL } from "../../support/tag-schemes";
import { HubNetworkError } from "../../../providers/dockerhub/client";
import { ORG, ORG_TOKEN, OWNER, startHarness, type Harness } from "../dockerhub/harness";

const REPO = "cortex";
const MOVING = ["latest", "stable", "1", "1.4", "beta", "nightly"];
const STABLE = ["1.3.0", "1.4.0", "1.4.1"];
const BETAS = Array.from({ length: 25 }, (_, i) => `1.5.0-beta.${i + 1}`);
const OLD_NIGHTLIES = Array.from({ length: 10 }, (_, i) => `nightly-202610${String(i + 1).padStart(2, "0")}`);
const NEW_NIGHTLIES = ["nightly-20261126", "nightly-20261127", "nightly-20261128"];

/** Tags the default retention must delete: the 5 oldest betas and the 10 nightlies older than 14 days. */
const EXPIRED = [...BETAS.slice(0, 5), ...OLD_NIGHTLIES].sort();

/**
 * Seeds the repository: old nightlies first, then 30 days later everything
 * else (the emulator stamps each seeded tag a minute older than the one before
 * it, so the first name in each list is the newest).
 */
function seed(h: Harness, name = REPO): void {
  h.emulator.seedRepository(ORG, name);
  h.emulator.seedTags(ORG, name, [...OLD_NIGHTLIES].reverse());
  h.clock.advance(30 * DAY_MS);
  h.emulator.seedTags(ORG, name, [
    ...MOVING,
    ...[...NEW_NIGHTLIES].reverse(),
    ...[...BETAS].reverse(),
    ...[...STABLE].reverse(),
  ]);
}

const remaining = (h: Harness, name = REPO) => [...(h.emulator.repository(ORG, name)?.tags ?? [])].sort();
const expectedKept = [...MOVING, ...STABLE, ...BETAS, ...OLD_NIGHTLIES, ...NEW_NIGHTLIES]
  .filter((t) => !EXPIRED.includes(t))
  .sort();

function options(h: Harness, overrides: Partial<PruneOptions> = {}): PruneOptions {
  return {
    client: h.client,
    namespace: ORG,
    repositories: [REPO],
    intent: DEFAULT_RETENTION,
    model: DEFAULT_MODEL,
    now: new Date(h.clock.now()),
    ...overrides,
  };
}

describe("Docker Hub prune against the emulator", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("dry run: deletes nothing and tables every tag with its reason", async () => {
    seed(h);
    const result = await pruneDockerHub(options(h));
    assert.equal(h.emulator.countRequests({ route: "tag.delete" }), 0);
    assert.equal(remaining(h).length, 47);
    assert.deepEqual(
      result.repositories[0]?.decisions.filter((d) => d.action === "delete").map((d) => d.tag),
      EXPIRED,
    );
    assert.equal(result.deleted, 15);
    assert.equal(result.kept, 32);
    assert.equal(result.applied, false);
    const table = renderPruneDecisions(result);
    assert.match(
      table,
      /^cortex\/cortex\s+1\.5\.0-beta\.1\s+delete\s+\S+ \S+\s+beta\.keepLast 20: older than the newest 20 betas \(\*\.\*\.\*-beta\.\*\)$/m,
    );
    assert.match(
      table,
      /^cortex\/cortex\s+nightly-20261001\s+delete\s+.*nightly\.maxAgeDays 14: pushed \d+ days ago \(nightly-\*\)$/m,
    );
    assert.match(table, /^cortex\/cortex\s+latest\s+keep\s+.*same image as latest, which retention protects$/m);
    assert.match(table, /^cortex\/cortex\s+1\.3\.0\s+keep\s+.*a release: stable\.keep all$/m);
    assert.match(
      renderPruneSummary(result),
      /^dry run: would delete 15 tags in 1 repository; keep 32, blocked 0; would leave \d+ images? \(.* by Docker Hub's full_size\) untagged\n\(Deleting a tag frees no storage you can see.*\nAPI calls: 3 \(1 login, 0 retries\)\nNothing was deleted\. Rerun with --apply to delete\.$/,
    );
  });

  it("apply: deletes exactly the expired tags, never a moving or kept one, and a rerun has nothing left to do", async () => {
    seed(h);
    const progress: string[] = [];
    const result = await pruneDockerHub(
      options(h, { apply: true, concurrency: 3, progress: { isTTY: false, write: (t: string) => progress.push(t) } }),
    );
    assert.equal(result.complete, true);
    assert.deepEqual(result.repositories[0]?.deleted, EXPIRED);
    assert.deepEqual(remaining(h), expectedKept);
    assert.ok(result.untagged.images > 0 && result.untagged.bytes > 0);
    assert.deepEqual(progress, ["deleting cortex/cortex: 15/15 (100%)\n"]);
    assert.match(
      renderPruneSummary(result),
      /^deleted 15 tags in 1 repository; kept 32, blocked 0, failed 0; \d+ images? \(.*\) left untagged/,
    );

    const again = await pruneDockerHub(options(h, { apply: true }));
    assert.equal(again.deleted, 0);
    assert.deepEqual(remaining(h), expectedKept);
  });

  it("with only the organization's token, reads for a dry run but refuses --apply before any request", async () => {
    seed(h);
    const oatOnly = h.clientWith({ identifier: ORG, secret: ORG_TOKEN });
    const dry = await pruneDockerHub(options(h, { client: oatOnly }));
    assert.equal(dry.deleted, EXPIRED.length);
    h.emulator.clearRequestLog();
    await assert.rejects(
      () => pruneDockerHub(options(h, { client: oatOnly, apply: true })),
      /the prune needs tag\.delete, which no Docker Hub credential given may call: it needs a personal access token of level repo:admin/,
    );
    assert.equal(h.emulator.countRequests(), 0);
  });

  it("never deletes a tag Docker Hub lists without a digest, however old: it cannot tell which image it is", async () => {
    seed(h);
    h.emulator.seedTagWithoutDigest(ORG, "cortex", "nightly-20200101", 400 * 24 * 3_600_000);
    const result = await pruneDockerHub(options(h, { apply: true }));
    assert.deepEqual(result.repositories[0]?.deleted, EXPIRED);
    assert.ok(h.emulator.repository(ORG, "cortex")?.tags.includes("nightly-20200101"));
    const decisions = result.repositories.flatMap((r) => r.decisions).filter((d) => d.tag === "nightly-20200101");
    assert.deepEqual(
      decisions.map((d) => [d.action, d.reason]),
      [["keep", "Docker Hub reported no digest or push time: cannot tell which image it is"]],
    );
    assert.match(renderPruneDecisions(result), /nightly-20200101 +keep/);
  });

  it("rides out 5xx bursts and dropped connections without a wrong deletion; a rerun finishes what a failed run left", async () => {
    seed(h);
    // Short bursts the client's retries absorb, a deletion whose answer is lost (its retry finds the tag gone)...
    h.emulator.failNext(2, 503, { route: "tag.delete" });
    h.emulator.dropAfterWrite(2, { route: "tag.delete" });
    // ...and a burst longer than the retry budget (3 retries), so some deletions fail for good.
    h.emulator.failNext(8, 500, { route: "tag.delete" });
    const first = await pruneDockerHub(options(h, { apply: true, concurrency: 1 }));
    assert.equal(first.complete, false);
    assert.ok(first.failed > 0 && first.failed < 15, `failed ${first.failed}`);
    assert.ok(h.client.stats.retries > 0);
    // Whatever happened, nothing outside the expired set was touched.
    const afterFirst = remaining(h);
    assert.deepEqual(
      afterFirst.filter((t) => !EXPIRED.includes(t)),
      expectedKept,
    );
    assert.match(renderPruneSummary(first), /Rerun the same command to finish/);
    // The summary counts them apart from the deletions that happened.
    assert.match(
      renderPruneSummary(first),
      new RegExp(`^deleted ${15 - first.failed} tags in 1 repository; kept 32, blocked 0, failed ${first.failed};`),
    );
    // The table shows each deletion that did not happen as failed, with why, not as a deletion.
    const failedRows = renderPruneDecisions(first)
      .split("\n")
      .filter((row) => /^cortex\/cortex\s+\S+\s+failed\s/.test(row));
    assert.equal(failedRows.length, first.failed);
    for (const row of failedRows) assert.match(row, /; not deleted: /);

    const second = await pruneDockerHub(options(h, { apply: true }));
    assert.equal(second.complete, true);
    assert.equal(second.deleted, EXPIRED.filter((t) => afterFirst.includes(t)).length);
    assert.deepEqual(remaining(h), expectedKept);
  });

  it("stops deleting once Docker Hub refuses the credential (403), so it spends no more calls or logins", async () => {
    seed(h);
    h.emulator.addPersonalAccessToken(OWNER, "dckr_pat_write-only", "repo:write");
    const writeOnly = h.clientWith({
      credentials: [
        { identifier: ORG, secret: ORG_TOKEN },
        { identifier: OWNER, secret: "dckr_pat_write-only" },
      ],
    });
    const result = await pruneDockerHub(options(h, { client: writeOnly, apply: true, concurrency: 1 }));
    assert.equal(result.complete, false);
    assert.equal(h.emulator.countRequests({ route: "tag.delete" }), 1);
    assert.equal(result.failed, EXPIRED.length);
    const [first, ...rest] = result.repositories[0]!.failed;
    assert.match(first!.error, /answered 403 \(forbidden\).*tag\.delete needs .*repo:admin/);
    for (const f of rest)
      assert.match(f.error, /^not attempted: Docker Hub refused DOCKERHUB_USERNAME and DOCKERHUB_TOKEN for \S+ first$/);
    assert.equal(remaining(h).length, 47);
  });

  it("a repository Docker Hub cannot be reached for stops the run as a user error, saying what was deleted before", async () => {
    seed(h);
    h.emulator.seedRepository(ORG, "second");
    const client = h.client;
    const unreachable = {
      findRepository: client.findRepository.bind(client),
      deleteTag: client.deleteTag.bind(client),
      cannot: client.cannot.bind(client),
      credentialKinds: client.credentialKinds,
      get stats() {
        return client.stats;
      },
      listTags: (ns: string, repo: string) =>
        repo === "second"
          ? Promise.reject(
              new HubNetworkError(
                {
                  status: undefined,
                  method: "GET",
                  path: `/v2/namespaces/${ns}/repositories/${repo}/tags`,
                  answer: "fetch failed",
                },
                "connection",
              ),
            )
          : client.listTags(ns, repo),
    };
    await assert.rejects(
      pruneDockerHub(options(h, { client: unreachable, apply: true, repositories: [REPO, "second"] })),
      (error: unknown) =>
        error instanceof UserError &&
        error.path === "DOCKERHUB_API_URL" &&
        /Docker Hub did not answer while reading cortex\/second: .*got no answer \(connection failed\)/.test(
          error.message,
        ) &&
        /\(15 tags of earlier repositories were deleted; a rerun skips them\)/.test(error.message) &&
        /check the network, and DOCKERHUB_API_URL/.test(error.message),
    );
    assert.deepEqual(remaining(h), expectedKept);
  });

  it("a tag deleted by someone else between listing and deleting counts as done", async () => {
    seed(h);
    const client = h.client;
    const racing = {
      findRepository: client.findRepository.bind(client),
      deleteTag: client.deleteTag.bind(client),
      cannot: client.cannot.bind(client),
      credentialKinds: client.credentialKinds,
      get stats() {
        return client.stats;
      },
      listTags: async (ns: string, repo: string) => {
        const tags = await client.listTags(ns, repo);
        await client.deleteTag(ns, repo, "1.5.0-beta.1");
        return tags;
      },
    };
    const result = await pruneDockerHub(options(h, { client: racing, apply: true }));
    assert.equal(result.complete, true);
    assert.deepEqual(result.repositories[0]?.deleted, EXPIRED);
    assert.deepEqual(remaining(h), expectedKept);
  });

  it("never attempts tags Docker Hub's immutable rules protect; reports them as blocked", async () => {
    seed(h);
    h.emulator.seedRepository(ORG, "locked", { immutableTags: { enabled: true, rules: ["nightly-[0-9]{8}"] } });
    h.emulator.seedTags(ORG, "locked", [...BETAS.slice(0, 3), "nightly-20261001"]);
    h.clock.advance(40 * DAY_MS);
    const result = await pruneDockerHub(
      options(h, { repositories: ["locked"], apply: true, intent: { ...DEFAULT_RETENTION, beta: { keepLast: 3 } } }),
    );
    assert.equal(result.blocked, 1);
    assert.equal(h.emulator.countRequests({ route: "tag.delete" }), 0);
    assert.match(renderPruneSummary(result), /1 expired tags are immutable on Docker Hub/);
  });

  it("refuses to delete more than the cap in a repository, naming the numbers, until the share is raised", async () => {
    seed(h);
    // 24 of 25 betas and the 10 old nightlies: 34 of 47 tags.
    const intent = { ...DEFAULT_RETENTION, beta: { keepLast: 1 }, nightly: { maxAgeDays: 1 } };
    const refused = await pruneDockerHub(options(h, { apply: true, intent }));
    assert.equal(refused.complete, false);
    assert.equal(h.emulator.countRequests({ route: "tag.delete" }), 0);
    assert.equal(
      refused.repositories[0]?.refused,
      "would delete 34 of the 47 tags of cortex/cortex (72.3%), more than the cap of 50%; nothing was deleted there. If the retention settings are right, rerun with --max-delete-share 0.73",
    );
    const allowed = await pruneDockerHub(options(h, { apply: true, intent, maxDeleteShare: 0.73 }));
    assert.equal(allowed.complete, true);
    assert.equal(allowed.deleted, 34);
    assert.ok(remaining(h).includes("latest") && remaining(h).includes("1.5.0-beta.25"));
  });

  it("logs in once and lists N tags in ceil(N/100) calls, logging in again only when the token expires", async () => {
    h.emulator.seedRepository(ORG, "many");
    h.emulator.seedTags(ORG, "many", 250);
    h.emulator.seedRepository(ORG, "more");
    h.emulator.seedTags(ORG, "more", 101);
    const result = await pruneDockerHub(options(h, { repositories: ["many"], apply: true }));
    assert.equal(result.stats.logins, 1);
    assert.equal(result.stats.requests["GET tags.list"], 3);
    // The login, one repository read and the three pages: nothing else.
    assert.equal(result.stats.totalRequests, 5);

    h.client.resetStats();
    let listed = 0;
    const client = h.client;
    const expiring = {
      findRepository: client.findRepository.bind(client),
      deleteTag: client.deleteTag.bind(client),
      cannot: client.cannot.bind(client),
      credentialKinds: client.credentialKinds,
      get stats() {
        return client.stats;
      },
      listTags: (ns: string, repo: string) => {
        // Eleven minutes pass before the second repository: the ten-minute token has expired.
        if ((listed += 1) === 2) h.clock.advance(11 * 60_000);
        return client.listTags(ns, repo);
      },
    };
    const two = await pruneDockerHub(options(h, { client: expiring, repositories: ["many", "more"] }));
    assert.equal(two.stats.logins, 1);
    assert.equal(two.stats.requests["GET tags.list"], 5);
  });

  it("runs as `prune dockerhub --stack NAME --apply` from the stack file", async () => {
    seed(h);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prune-"));
    fs.writeFileSync(
      path.join(dir, "Pulumi.demo.yaml"),
      [
        "config:",
        "  release-infra:project: { name: cortex }",
        "  release-infra:github: { org: cortexproject, repository: cortex, deployer: ada }",
        "  release-infra:registries: { ecr: { accountId: '111122223333', region: us-east-1 }, dockerhub: { namespace: cortex } }",
        "  release-infra:images: [{ name: cortex }]",
        "  release-infra:people: [{ github: ada, role: admin }, { github: bob, role: admin }]",
      ].join("\n"),
    );
    const written: string[] = [];
    const program = new Command("release-infra").exitOverride();
    registerDockerHubPruneCommand(program.command("prune"), {
      client: () => h.client,
      stdout: { isTTY: false, write: (t: string) => written.push(t) },
      now: () => new Date(h.clock.now()),
    });
    try {
      await program.parseAsync(
        ["prune", "dockerhub", "--stack", "demo", "--dir", dir, "--apply", "--concurrency", "2"],
        { from: "user" },
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(remaining(h), expectedKept);
    assert.match(written.join(""), /deleted 15 tags in 1 repository/);

    const missing = new Command("release-infra").exitOverride();
    registerDockerHubPruneCommand(missing.command("prune"), { env: {}, stdout: { write: () => true } });
    await assert.rejects(
      missing.parseAsync(["prune", "dockerhub", "--stack", "nope", "--dir", os.tmpdir()], { from: "user" }),
      (err: unknown) => err instanceof UserError && /^no stack file Pulumi\.nope\.yaml in /.test(err.message),
    );
  });
});
