/*
 * The generated files reach the source repository change after change: the
 * program's real registrations, played through a model of the engine, the
 * GitHub provider and GitHub (tests/support/github-delivery-model.ts), over
 * the sequence "change, change again before merge, merge, change again", with
 * GitHub's undocumented behaviours both ways.
 */
import assert from "node:assert/strict";
import type { RecordedResource } from "../../cli/plan/mock-runtime";
import { DeliveryEngine, FakeGitHub, type GitHubOptions, type Step } from "../support/github-delivery-model";
import { baseConfig, runProgram } from "../support/program";

/** The stack's registrations with `testCommand` as the one change between deployments. */
async function deployment(testCommand: string): Promise<readonly RecordedResource[]> {
  const config = { ...baseConfig(), workflows: { testCommand } };
  return (await runProgram(config)).resources;
}

const ops = (steps: readonly Step[], op: Step["op"], type: string): number =>
  steps.filter((s) => s.op === op && s.type.endsWith(type)).length;

/** What the delivery would be without the digest in the logical names: the design that renamed branches. */
function withStableNames(resources: readonly RecordedResource[]): RecordedResource[] {
  const strip = (text: string) => text.replace(/-(default|dev)-branch-[0-9a-f]{12}-/, "-$1-branch-");
  return resources.map((r) => ({
    ...r,
    name: strip(r.name),
    urn: strip(r.urn),
    options: {
      ...r.options,
      deletedWith: r.options.deletedWith === undefined ? undefined : strip(r.options.deletedWith),
    },
  }));
}

const VARIANTS: readonly GitHubOptions[] = [
  { deleteHeadBranchOnMerge: true, renamedHead: "closes-pull-request" },
  { deleteHeadBranchOnMerge: false, renamedHead: "closes-pull-request" },
  { deleteHeadBranchOnMerge: true, renamedHead: "follows-rename" },
  { deleteHeadBranchOnMerge: false, renamedHead: "follows-rename" },
];

describe("generated files delivered by pull request, change after change", () => {
  let first: readonly RecordedResource[];
  let second: readonly RecordedResource[];
  let third: readonly RecordedResource[];
  before(async () => {
    // One at a time: the engine the program runs under is process-wide.
    first = await deployment("npm test");
    second = await deployment("npm run test:ci");
    third = await deployment("make test");
  });

  for (const options of VARIANTS) {
    const label = `head branches ${options.deleteHeadBranchOnMerge ? "deleted" : "kept"} on merge, a renamed head ${options.renamedHead}`;

    it(`gets a new branch and pull request for each change, closes the unmerged one and never renames (${label})`, () => {
      const github = new FakeGitHub(options, ["main", "dev"]);
      const engine = new DeliveryEngine(github);

      // 1. The first deployment opens one pull request per base branch.
      const up1 = engine.up(first, { refresh: true });
      assert.equal(ops(up1, "create", ":Branch"), 2);
      assert.deepEqual(
        github.pulls.map((p) => [p.base, p.state]),
        [
          ["main", "open"],
          ["dev", "open"],
        ],
      );

      // 2. A second change before anyone merged: new branches and pull requests;
      //    the old pull requests are closed and their branches deleted, files with them.
      const up2 = engine.up(second, { refresh: true });
      assert.equal(ops(up2, "update", ":Branch"), 0, "a branch was renamed");
      assert.equal(ops(up2, "create", ":Branch"), 2);
      assert.equal(ops(up2, "create", ":RepositoryPullRequest"), 2);
      assert.equal(ops(up2, "delete", ":Branch"), 2);
      assert.equal(ops(up2, "delete", ":RepositoryFile"), 0, "files are deleted with their branch, not one by one");
      assert.ok(ops(up2, "skip-delete", ":RepositoryFile") > 0);
      assert.deepEqual(
        github.pulls.map((p) => p.state),
        ["closed", "closed", "open", "open"],
      );
      assert.deepEqual([...github.branches.keys()].filter((b) => b.startsWith("release-infra/")).length, 2);

      // 3. A maintainer merges both.
      for (const pr of github.pulls.filter((p) => p.state === "open")) github.merge(pr.number);
      assert.ok(github.branches.get("main")?.has(".github/workflows/release-nightly.yml"));

      // 4. The next change: the merged ones are no error, whether GitHub deleted their branches or not.
      const up4 = engine.up(third, { refresh: true });
      assert.equal(ops(up4, "update", ":Branch"), 0);
      assert.equal(ops(up4, "create", ":RepositoryPullRequest"), 2);
      assert.deepEqual(
        github.pulls.map((p) => p.state),
        ["closed", "closed", "merged", "merged", "open", "open"],
      );
      // Nothing left in state but the newest delivery: no failed delete lingers.
      const digests = new Set(engine.stateNames.map((n) => /-branch-([0-9a-f]{12})-/.exec(n)?.[1]));
      assert.equal(digests.size, 2, [...digests].join(", "));

      // 5. An unchanged stack changes nothing.
      assert.deepEqual(engine.up(third, { refresh: true }), []);
    });
  }

  it("needs the refresh the project always runs: without it, deleting a merged branch GitHub removed fails", () => {
    const github = new FakeGitHub({ deleteHeadBranchOnMerge: true, renamedHead: "closes-pull-request" }, [
      "main",
      "dev",
    ]);
    const engine = new DeliveryEngine(github);
    engine.up(first, { refresh: false });
    for (const pr of github.pulls) github.merge(pr.number);
    assert.throws(
      () => engine.up(second, { refresh: false }),
      /delete branch release-infra\/generated-.*Reference does not exist/,
    );
  });

  it("shows why the names carry the digest: with stable names the branch is renamed and the update fails", () => {
    // The old files' branch was renamed away under them (Branch.branch is no ForceNew),
    // so deleting them after their replacement 404s and the update stops, again on every deploy.
    const renamed = new DeliveryEngine(
      new FakeGitHub({ deleteHeadBranchOnMerge: false, renamedHead: "closes-pull-request" }, ["main", "dev"]),
    );
    renamed.up(withStableNames(first), { refresh: true });
    assert.throws(
      () => renamed.up(withStableNames(second), { refresh: true }),
      /^Error: delete \.github\/workflows\/\S+ on release-infra\/generated-\S+: 404 Not Found \(after: update \S+-default-branch-branch; update \S+-dev-branch-branch;/,
    );

    // After a merge with head-branch deletion, the rename itself fails.
    const merged = new DeliveryEngine(
      new FakeGitHub({ deleteHeadBranchOnMerge: true, renamedHead: "follows-rename" }, ["main", "dev"]),
    );
    merged.up(withStableNames(first), { refresh: false });
    for (const pr of merged.github.pulls) merged.github.merge(pr.number);
    assert.throws(() => merged.up(withStableNames(second), { refresh: false }), /rename branch .*404/);
  });
});
