// Docker Hub API calls per operation against the emulator of the documented API
// (the real service cannot be reached here), next to the fewest calls possible.
import { pruneDockerHub } from "../cli/prune/prune";
import { DockerHubClient } from "../providers/dockerhub/client";
import { compileTagScheme } from "../lib/channels/model";
import { DEFAULT_TAG_SCHEME } from "../lib/channels/scheme";
import { DEFAULT_RETENTION } from "../lib/retention";
import { DockerHubEmulator } from "../tests/support/dockerhub-emulator";
import type { Row } from "./table";

const ORG = "benchorg";
const TOKEN = "dckr_oat_bench";
const OWNER = "benchowner";
const OWNER_TOKEN = "dckr_pat_bench";

export async function benchDockerHub(): Promise<Row[]> {
  const emulator = await DockerHubEmulator.start({});
  emulator.addUser(OWNER, { secret: OWNER_TOKEN });
  emulator.addOrg(ORG, { owners: [OWNER] });
  emulator.addOrgAccessToken(ORG, TOKEN);
  // The credentials the README prescribes: tag deletions go through the owner's PAT (an undocumented route).
  const client = () =>
    new DockerHubClient({
      baseUrl: emulator.url,
      credentials: [
        { identifier: ORG, secret: TOKEN },
        { identifier: OWNER, secret: OWNER_TOKEN },
      ],
      retryBaseDelayMs: 1,
    });
  const rows: Row[] = [];
  try {
    for (const n of [100, 1_000, 10_000]) {
      const repo = `list${n}`;
      emulator.seedRepository(ORG, repo);
      emulator.seedTags(ORG, repo, n);
      const c = client();
      const t0 = performance.now();
      const tags = await c.listTags(ORG, repo);
      const ms = performance.now() - t0;
      rows.push({
        operation: `list ${n} tags`,
        "API calls": c.stats.totalRequests,
        minimum: 1 + Math.ceil(n / 100),
        logins: c.stats.logins,
        ms: ms.toFixed(0),
        result: tags.length,
      });
    }
    // A prune over old nightly tags: the fewest calls are one login per credential it
    // uses, one read of the repository (its immutable-tag rules), the listing, and one
    // delete per tag.
    const repo = "prune";
    emulator.seedRepository(ORG, repo);
    const names = Array.from(
      { length: 1_000 },
      (_, i) =>
        `nightly-2026${String(1 + (Math.floor(i / 28) % 12)).padStart(2, "0")}${String(1 + (i % 28)).padStart(2, "0")}`,
    );
    emulator.seedTags(ORG, repo, [...new Set(names)]);
    for (const apply of [false, true]) {
      const c = client();
      const t0 = performance.now();
      const result = await pruneDockerHub({
        client: c,
        namespace: ORG,
        repositories: [repo],
        intent: DEFAULT_RETENTION,
        model: compileTagScheme(DEFAULT_TAG_SCHEME),
        now: new Date("2027-06-01T00:00:00Z"),
        apply,
        concurrency: 4,
        maxDeleteShare: 1,
      });
      const ms = performance.now() - t0;
      const listed = result.repositories[0]?.decisions.length ?? 0;
      rows.push({
        operation: `prune ${apply ? "--apply" : "dry run"} (${listed} tags)`,
        "API calls": c.stats.totalRequests,
        minimum: 2 + Math.ceil(listed / 100) + (apply && result.deleted > 0 ? 1 + result.deleted : 0),
        logins: c.stats.logins,
        ms: ms.toFixed(0),
        result: `${result.deleted} ${apply ? "deleted" : "to delete"}`,
      });
    }
  } finally {
    await emulator.close();
  }
  return rows;
}
