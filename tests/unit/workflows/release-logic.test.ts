/*
 * The release decisions are made twice: in TypeScript (lib/channels/release.ts)
 * and, at run time, by the workflows' bash scripts (lib/workflows/scripts/*.sh).
 * These properties run both over generated histories in a real git
 * repository, for every scheme of the gallery, and require the same answers.
 * RELEASE_HISTORIES=n runs n histories per property (default 2; the note of each change records a run of thousands).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { compileTagScheme, type TagModel } from "../../../lib/channels/model";
import { planNightly, planTaggedRelease } from "../../../lib/channels/release";
import { renderTemplate } from "../../../lib/channels/template";
import {
  nightlyPlanEnv,
  nightlyPlanScript,
  taggedPlanEnv,
  taggedPlanScript,
} from "../../../lib/workflows/scripts/plan";
import { TAG_SCHEMES } from "../../support/tag-schemes";
import { FakeRunner } from "./fake-tools";

const RUNS = Number(process.env.RELEASE_HISTORIES ?? 2);
const words = (text: string | undefined) => (text === undefined || text === "" ? [] : text.split(" "));

// Numbers small enough to collide, and some beyond 2^63 (shell arithmetic would wrap there).
const num = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 12 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom("9223372036854775807", "9223372036854775808", "18446744073709551616") },
);
const core = fc
  .tuple(fc.integer({ min: 0, max: 2 }).map(String), fc.integer({ min: 0, max: 3 }).map(String), num)
  .map(([a, b, c]) => `${a}.${b}.${c}`);
const version = (model: TagModel, beta: boolean) =>
  beta
    ? fc.tuple(core, num).map(([c, n]) => {
        const { identifier, separator } = model.scheme.prerelease;
        return `${c}-${identifier}${separator}${n}`;
      })
    : core;

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" });

/** A repository with a default branch `main`, a `dev` branch, a `release-1` branch and a stray commit. */
function makeRepository(): { dir: string; commits: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), "release-logic-"));
  git(dir, "init", "-q", "-b", "main");
  git(dir, "config", "user.email", "ci@example.invalid");
  git(dir, "config", "user.name", "ci");
  const commit = (message: string) => {
    git(dir, "commit", "-q", "--allow-empty", "-m", message);
    return git(dir, "rev-parse", "HEAD").trim();
  };
  const main = commit("main");
  git(dir, "checkout", "-q", "-b", "release-1");
  const release = commit("backport");
  git(dir, "checkout", "-q", "-b", "dev", "main");
  const dev = commit("dev");
  git(dir, "checkout", "-q", "--orphan", "stray");
  const stray = commit("stray");
  for (const branch of ["main", "dev", "release-1"]) git(dir, "update-ref", `refs/remotes/origin/${branch}`, branch);
  return { dir, commits: { main, dev, release, stray } };
}

/** Replaces every tag of the repository with `tags`, all on `commit`, in one git process each. */
function setTags(dir: string, tags: readonly string[], commit: string): void {
  const existing = git(dir, "tag", "--list")
    .split("\n")
    .filter((t) => t !== "");
  const wanted = new Set(tags);
  const lines = [
    ...existing.filter((t) => !wanted.has(t)).map((t) => `delete refs/tags/${t}`),
    ...[...wanted].map((t) => `update refs/tags/${t} ${commit}`),
  ];
  if (lines.length > 0) execFileSync("git", ["update-ref", "--stdin"], { cwd: dir, input: `${lines.join("\n")}\n` });
}

function onBranches(dir: string, patterns: readonly string[]): boolean {
  const branches = git(dir, "for-each-ref", "--format=%(refname:lstrip=3)", "refs/remotes/origin/")
    .split("\n")
    .filter((b) => b !== "");
  const glob = (p: string) =>
    new RegExp(
      `^${p
        .split("*")
        .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
    );
  return branches.some((b) => {
    if (!patterns.some((p) => glob(p).test(b))) return false;
    try {
      git(dir, "merge-base", "--is-ancestor", "HEAD", `refs/remotes/origin/${b}`);
      return true;
    } catch {
      return false;
    }
  });
}

for (const [name, scheme] of Object.entries(TAG_SCHEMES)) {
  const model = compileTagScheme(scheme);
  describe(`release logic, ${name} scheme: the scripts decide as lib/channels does`, () => {
    let repo: ReturnType<typeof makeRepository>;
    let runner: FakeRunner;
    before(() => {
      repo = makeRepository();
      runner = new FakeRunner({ realGit: true, cwd: repo.dir });
    });
    after(() => {
      runner.dispose();
      rmSync(repo.dir, { recursive: true, force: true });
    });

    for (const channel of ["stable", "beta"] as const) {
      it(`${channel}: version, tags, moving tags and pins over generated histories`, () => {
        const history = fc.record({
          stable: fc.array(version(model, false), { maxLength: 6 }),
          beta: fc.array(version(model, true), { maxLength: 6 }),
          pushed: fc.oneof(
            { weight: 6, arbitrary: version(model, channel === "beta") },
            { weight: 1, arbitrary: version(model, channel !== "beta") },
          ),
          at: fc.constantFrom("main", "dev", "release", "stray"),
          pin: fc.option(fc.oneof(version(model, channel === "beta"), fc.constant("garbage")), { nil: undefined }),
        });
        fc.assert(
          fc.property(history, (h) => {
            const gitTags = [...h.stable, ...h.beta, h.pushed].map((v) => model.gitTag(v));
            git(repo.dir, "checkout", "-q", "--detach", repo.commits[h.at]!);
            setTags(repo.dir, gitTags, repo.commits[h.at]!);
            const branches = [
              channel === "beta" ? "dev" : "main",
              ...(channel === "stable" ? scheme.stable.releaseBranches : []),
            ];
            const expected = planTaggedRelease(model, {
              channel,
              gitTag: model.gitTag(h.pushed),
              gitTags,
              onReleaseBranch: onBranches(repo.dir, branches),
              pin: h.pin ?? "",
            });
            const run = runner.run(taggedPlanScript(), {
              ...taggedPlanEnv(model, channel),
              GIT_TAG: model.gitTag(h.pushed),
              RELEASE_BRANCHES: branches.join(" "),
              PIN: h.pin ?? "",
            });
            if (!expected.ok) {
              assert.notEqual(run.status, 0, `${JSON.stringify(h)} should be refused: ${expected.message}`);
              assert.ok(run.stdout.includes(expected.title), run.stdout);
              return;
            }
            assert.equal(run.status, 0, `${JSON.stringify(h)}\n${run.stdout}${run.stderr}`);
            assert.equal(run.outputs.version, expected.version);
            assert.deepEqual(words(run.outputs.tags), expected.tags);
            assert.deepEqual(words(run.outputs.moving), expected.moving, JSON.stringify(h));
          }),
          { numRuns: RUNS },
        );
      });
    }

    it("nightly: version, per-image skip and left-out tags over generated histories", () => {
      const images = ["app", "tool_x"];
      const history = fc.record({
        stable: fc.array(version(model, false), { maxLength: 5 }),
        beta: fc.array(version(model, true), { maxLength: 5 }),
        run: fc.integer({ min: 1, max: 500 }),
        date: fc.constantFrom("20261128", "20261129"),
        pin: fc.option(fc.constant("x"), { nil: undefined }),
        // Per image and repository: which of this run's tags already exist there.
        existing: fc.array(fc.array(fc.array(fc.nat({ max: 3 }), { maxLength: 3 }), { minLength: 2, maxLength: 2 }), {
          minLength: 2,
          maxLength: 2,
        }),
      });
      fc.assert(
        fc.property(history, (h) => {
          const gitTags = [...h.stable, ...h.beta].map((v) => model.gitTag(v));
          git(repo.dir, "checkout", "-q", "--detach", repo.commits.dev!);
          setTags(repo.dir, gitTags, repo.commits.dev!);
          const sha = repo.commits.dev!;
          // The run's own tags, to mark some as existing.
          const planned = planNightly(model, { gitTags, sha, date: h.date, run: h.run, images: [] });
          assert.ok(planned.ok);
          const values = {
            released: planned.released,
            next: planned.next,
            date: h.date,
            sha,
            short: sha.slice(0, 7),
            run: String(h.run + scheme.nightly.runOffset),
          };
          const own = [...scheme.nightly.tags, scheme.nightly.commitTag].map((t) => renderTemplate(t, values));
          runner.reset();
          const repos = images.map((image) => [`ecr.example/${image}`, `docker.io/org/${image}`]);
          const state = images.map((image, i) => ({
            id: image,
            repositories: repos[i]!.map((repository, r) => {
              const present = new Set(h.existing[i]![r]!.map((k) => own[k % own.length]!));
              for (const tag of present) runner.publish(`${repository}:${tag}`, `sha256:${"c".repeat(64)}`);
              return { has: (tag: string) => present.has(tag) };
            }),
          }));
          const expected = planNightly(model, { gitTags, sha, date: h.date, run: h.run, pin: h.pin, images: state });
          const run = runner.run(nightlyPlanScript(), {
            ...nightlyPlanEnv(model),
            RUN_NUMBER: String(h.run),
            PIN: h.pin ?? "",
            FAKE_DATE: h.date,
            IMAGES: images.map((image, i) => `${image} ${repos[i]!.join(" ")}`).join("\n"),
          });
          if (!expected.ok) {
            assert.notEqual(run.status, 0, expected.message);
            assert.ok(run.stdout.includes(expected.title), run.stdout);
            return;
          }
          assert.equal(run.status, 0, `${JSON.stringify(h)}\n${run.stdout}${run.stderr}`);
          assert.equal(run.outputs.version, expected.version);
          for (const image of expected.images) {
            assert.equal(run.outputs[`skip_${image.id}`], String(image.skip), `${image.id} ${JSON.stringify(h)}`);
            if (!image.skip) {
              assert.deepEqual(words(run.outputs[`tags_${image.id}`]), image.tags);
              assert.deepEqual(words(run.outputs[`moving_${image.id}`]), image.moving);
            }
          }
          assert.equal(run.outputs.skip, String(expected.images.every((i) => i.skip)));
        }),
        { numRuns: RUNS },
      );
    });
  });
}

describe("release logic: the cases the scripts got wrong before", () => {
  const cortex = compileTagScheme(TAG_SCHEMES.cortex!);
  const deflt = compileTagScheme(TAG_SCHEMES.default!);
  const sha = "ab12cd3ef4567890ab12cd3ef4567890ab12cd3e";
  const repo = (has: readonly string[]) => ({ has: (t: string) => has.includes(t) });

  it("orders pre-releases by number: rc10 is newer than rc9", () => {
    const plan = planTaggedRelease(compileTagScheme(TAG_SCHEMES.gitea!), {
      channel: "beta",
      gitTag: "v1.0.10-rc9",
      gitTags: ["v1.0.10-rc10", "v1.0.10-rc9"],
      onReleaseBranch: true,
    });
    assert.ok(plan.ok);
    assert.equal(cortex.parseVersion("beta", "1.0.10-rc10")!.pre, 10n);
  });

  it("a nightly skips an image already built from the commit, even when the nightly tag moved away (rollback, pin)", () => {
    const plan = planNightly(deflt, {
      gitTags: ["v1.4.0"],
      sha,
      date: "20261128",
      run: 7,
      images: [
        { id: "a", repositories: [repo([`sha-${sha}`]), repo([])] },
        { id: "b", repositories: [repo([]), repo([])] },
      ],
    });
    assert.ok(plan.ok);
    assert.deepEqual(
      plan.images.map((i) => [i.id, i.skip]),
      [
        ["a", true],
        ["b", false],
      ],
    );
  });

  it("a second nightly the same day still finishes the image that is behind", () => {
    const tags = ["1.5.0-nightly.20261128.ab12cd3", "nightly-20261128", `sha-${sha}`];
    const plan = planNightly(deflt, {
      gitTags: ["v1.4.0"],
      sha,
      date: "20261128",
      run: 8,
      images: [
        { id: "built", repositories: [repo(tags), repo(tags)] },
        { id: "behind", repositories: [repo(["nightly-20261128"]), repo([])] },
      ],
    });
    assert.ok(plan.ok);
    assert.deepEqual(plan.images[1]!.tags, ["1.5.0-nightly.20261128.ab12cd3", `sha-${sha}`]);
  });

  it("labels a nightly with its own version and uses cortex.cpp's names", () => {
    const plan = planNightly(cortex, {
      gitTags: ["v1.0.12", "v1.0.13-rc2"],
      sha,
      date: "20261128",
      run: 225,
      images: [],
    });
    assert.ok(plan.ok);
    assert.equal(plan.version, "nightly-1.0.12-225");
  });

  it("a stable pin holds only its own line's tags: 1.5.1 moves 1.5 while the pin holds 1.4, 1 and latest", () => {
    const plan = planTaggedRelease(deflt, {
      channel: "stable",
      gitTag: "v1.5.1",
      gitTags: ["v1.5.0", "v1.5.1", "v1.4.9"],
      onReleaseBranch: true,
      pin: "1.4.9",
    });
    assert.ok(plan.ok);
    assert.deepEqual(plan.moving, ["1.5"]);
    assert.deepEqual(plan.pinned, ["1", "stable", "latest"]);
  });

  it("compares numbers of 2^63 and more exactly", () => {
    const plan = planTaggedRelease(deflt, {
      channel: "stable",
      gitTag: "v1.0.9223372036854775807",
      gitTags: ["v1.0.9223372036854775808"],
      onReleaseBranch: true,
    });
    assert.ok(plan.ok);
    assert.ok(!plan.moving.includes("latest"));
  });
});
