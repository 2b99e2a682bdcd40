import assert from "node:assert/strict";
import fc from "fast-check";
import {
  diffPlans,
  emptyPlan,
  parsePlanJson,
  PlanJsonError,
  renderPlanDiffMarkdown,
  unifiedDiff,
  type PlanFiles,
  type PlanJson,
  type PlannedResource,
} from "../../../lib/plan/diff";
import { renderPlanJson, type PlanDocument } from "../../../lib/plan/model";
import { DOCKERHUB, GITHUB } from "../../../lib/resource-types";

/** Applies a unified diff to `old` the way `patch` does, checking every context and removed line. */
function applyPatch(old: string, patch: string): string {
  const lines = old.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const out: string[] = [];
  const body = patch.split("\n").slice(2, -1);
  let at = 0;
  for (let i = 0; i < body.length; i++) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(body[i]!);
    assert.ok(header, `not a hunk header: ${body[i]}`);
    const count = Number(header[2] ?? 1);
    const start = count === 0 ? Number(header[1]) : Number(header[1]) - 1;
    out.push(...lines.slice(at, start));
    at = start;
    while (i + 1 < body.length && !body[i + 1]!.startsWith("@@")) {
      const line = body[++i]!;
      const noEol = body[i + 1] === "\\ No newline at end of file";
      if (noEol) i++;
      const text = `${line.slice(1)}${noEol ? "" : "\n"}`;
      if (line[0] === "+") out.push(text);
      else {
        assert.equal(lines[at], text, `line ${at + 1} does not match the patch`);
        if (line[0] === " ") out.push(text);
        at++;
      }
    }
  }
  return [...out, ...lines.slice(at)].join("");
}

const URN = (type: string, name: string) => `urn:pulumi:prod::release-infra::${type}::${name}`;
const TEAM = GITHUB.team;
const FILE = GITHUB.file;

function resource(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<PlannedResource> = {},
): PlannedResource {
  return { urn: URN(type, name), type, name, inputs, ...extra };
}

function plan(resources: PlannedResource[], outputs: Record<string, unknown> = {}): PlanJson {
  return { project: "release-infra", stack: "prod", resources, outputs };
}

const workflowFile = (content: string) =>
  resource(FILE, "cortex-ci", { repository: "cortex", branch: "main", file: ".github/workflows/ci.yml", content });
const CI = "cortex/.github/workflows/ci.yml";
/** The files/ trees of two plans: one generated workflow each, or none. */
const trees = (base?: string, head?: string): PlanFiles => ({
  base: base === undefined ? [] : [{ path: CI, content: base }],
  head: head === undefined ? [] : [{ path: CI, content: head }],
});
const NO_FILES = trees();

const githubMembers = (slug: string, members: [string, "maintainer" | "member"][]) =>
  resource(GITHUB.teamMembers, `${slug}-members`, {
    teamSlug: slug,
    members: members.map(([username, role]) => ({ role, username })),
  });
const hubMembers = (team: string, members: string[]) =>
  resource(DOCKERHUB.teamMembers, `${team}-hub-members`, { org: "menloltd", team, members });
const md = (d: ReturnType<typeof diffPlans>) => renderPlanDiffMarkdown(d, { baseLabel: "a", headLabel: "b" });

const access = (pairs: [string, string][]) => pairs.map(([person, grant]) => ({ person, grant }));
const TEAMS = { maintainer: "cortex-maintainers", "release-manager": "cortex-release-managers" };

describe("unified diff", () => {
  it("writes diff -u hunks with three lines of context", () => {
    const old = "a\nb\nc\nd\ne\nf\ng\nh\n";
    const neu = "a\nb\nc\nd\nE\nf\ng\nh\ni\n";
    assert.equal(
      unifiedDiff(old, neu, { oldName: "a/x", newName: "b/x" }),
      ["--- a/x", "+++ b/x", "@@ -2,7 +2,8 @@", " b", " c", " d", "-e", "+E", " f", " g", " h", "+i", ""].join("\n"),
    );
  });

  it("splits distant changes into separate hunks and names an empty range by the line before it", () => {
    const old = Array.from({ length: 20 }, (_, i) => `${i + 1}\n`).join("");
    const neu = old.replace("2\n", "two\n").replace("18\n", "18\n18.5\n");
    const diff = unifiedDiff(old, neu, { oldName: "a", newName: "b" });
    assert.deepEqual(
      diff.split("\n").filter((l) => l.startsWith("@@")),
      ["@@ -1,5 +1,5 @@", "@@ -16,5 +16,6 @@"],
    );
    assert.equal(
      unifiedDiff("", "x\n", { oldName: "/dev/null", newName: "b" }),
      "--- /dev/null\n+++ b\n@@ -0,0 +1 @@\n+x\n",
    );
  });

  it("marks a missing final newline", () => {
    assert.equal(
      unifiedDiff("a\nb", "a\nb\n", { oldName: "a", newName: "b" }),
      "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
    );
  });

  it("is empty for equal texts", () => {
    assert.equal(unifiedDiff("same\n", "same\n", { oldName: "a", newName: "b" }), "");
  });

  it("always patches the old text into the new one (property)", () => {
    const text = fc.array(fc.constantFrom("a\n", "b\n", "c\n", "d\n", "e"), { maxLength: 30 }).map((xs) => xs.join(""));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const patch = unifiedDiff(a, b, { oldName: "a", newName: "b" });
        if (a === b) return patch === "";
        return applyPatch(a, patch) === b;
      }),
      { numRuns: 500 },
    );
  });

  it("finds a shortest edit script (property: no more changed lines than a line-by-line LCS allows)", () => {
    const lcs = (a: string[], b: string[]) => {
      const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      for (let i = a.length - 1; i >= 0; i--)
        for (let j = b.length - 1; j >= 0; j--)
          t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
      return t[0]![0]!;
    };
    const lines = fc.array(fc.constantFrom("a", "b", "c"), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const patch = unifiedDiff(`${a.join("\n")}\n`, `${b.join("\n")}\n`, { oldName: "a", newName: "b" });
        const edits = patch.split("\n").filter((l) => /^[-+](?![-+]{2} )/.test(l)).length;
        return edits === a.length + b.length - 2 * lcs(a, b);
      }),
      { numRuns: 300 },
    );
  });
});

describe("plan diff", () => {
  const base = plan(
    [
      resource(TEAM, "cortex-maintainers", { name: "cortex-maintainers", privacy: "closed" }),
      githubMembers("cortex-maintainers", [["dave", "maintainer"]]),
      resource("pulumi:providers:github", "github", { owner: "cortexproject", token: "[secret]" }),
      resource(
        "aws:ecr/repository:Repository",
        "cortex",
        { imageScanningConfiguration: { scanOnPush: true }, name: "cortex/cortex" },
        { protect: true },
      ),
      resource(TEAM, "cortex-triagers", { name: "cortex-triagers" }),
      workflowFile("name: CI\non: push\njobs: {}\n"),
    ],
    {
      access: access([
        ["dave", "github:team:cortex-maintainers"],
        ["dave", "dockerhub:team:cortex-maintainers"],
        ["bob", "github:team:cortex-release-managers"],
      ]),
      teams: TEAMS,
      ecrRegistry: "111122223333.dkr.ecr.us-east-1.amazonaws.com",
    },
  );
  const head = plan(
    [
      resource(TEAM, "cortex-maintainers", { name: "cortex-maintainers", privacy: "secret" }),
      githubMembers("cortex-maintainers", [
        ["alice", "maintainer"],
        ["bob", "member"],
      ]),
      resource("pulumi:providers:github", "github", { owner: "cortexproject", token: "[secret]" }),
      resource("aws:ecr/repository:Repository", "cortex", {
        imageScanningConfiguration: { scanOnPush: false },
        name: "cortex/cortex",
      }),
      resource(TEAM, "cortex-admins", { name: "cortex-admins" }),
      workflowFile("name: CI\non: pull_request\njobs: {}\n"),
    ],
    {
      access: access([
        ["alice", "github:team:cortex-maintainers"],
        ["bob", "github:team:cortex-maintainers"],
      ]),
      teams: TEAMS,
      ecrRegistry: "444455556666.dkr.ecr.us-east-1.amazonaws.com",
    },
  );
  const diff = diffPlans(base, head, trees("name: CI\non: push\njobs: {}\n", "name: CI\non: pull_request\njobs: {}\n"));

  it("lists added and removed resources by URN", () => {
    assert.deepEqual(
      diff.added.map((r) => r.urn),
      [URN(TEAM, "cortex-admins")],
    );
    assert.deepEqual(
      diff.removed.map((r) => r.urn),
      [URN(TEAM, "cortex-triagers")],
    );
  });

  it("lists changed resources with each changed input's path, before and after, and changed options", () => {
    const byName = new Map(diff.changed.map((r) => [r.name, r]));
    assert.deepEqual([...byName.keys()].sort(), [
      "cortex",
      "cortex-ci",
      "cortex-maintainers",
      "cortex-maintainers-members",
    ]);
    assert.deepEqual(byName.get("cortex-maintainers")!.inputs, [
      { path: "privacy", before: "closed", after: "secret" },
    ]);
    assert.deepEqual(byName.get("cortex-maintainers-members")!.inputs, [
      {
        path: "members",
        before: [{ role: "maintainer", username: "dave" }],
        after: [
          { role: "maintainer", username: "alice" },
          { role: "member", username: "bob" },
        ],
      },
    ]);
    const repo = byName.get("cortex")!;
    assert.deepEqual(repo.inputs, [{ path: "imageScanningConfiguration.scanOnPush", before: true, after: false }]);
    assert.deepEqual(repo.options, [{ path: "protect", before: true, after: false }]);
    assert.ok(!byName.has("github"), "a secret masked in both plans shows no change");
  });

  it("gives each generated file's change as a unified diff, from the plans' files/ trees", () => {
    assert.deepEqual(diff.files, [
      {
        path: CI,
        status: "changed",
        diff: "--- a/cortex/.github/workflows/ci.yml\n+++ b/cortex/.github/workflows/ci.yml\n@@ -1,3 +1,3 @@\n name: CI\n-on: push\n+on: pull_request\n jobs: {}\n",
      },
    ]);
    const added = diffPlans(emptyPlan("release-infra", "prod"), head, trees(undefined, "x\n")).files;
    assert.equal(added[0]?.status, "added");
    assert.match(added[0].diff, /^--- \/dev\/null\n\+\+\+ b\/cortex\/.github\/workflows\/ci.yml\n@@ -0,0 \+1 @@\n/);
  });

  it("gives access per person (+/- grants, who is new, who leaves) and who joins and leaves each team", () => {
    assert.deepEqual(diff.access.people, [
      { person: "alice", added: ["github:team:cortex-maintainers"], removed: [], onboarded: true, offboarded: false },
      {
        person: "bob",
        added: ["github:team:cortex-maintainers"],
        removed: ["github:team:cortex-release-managers"],
        onboarded: false,
        offboarded: false,
      },
      {
        person: "dave",
        added: [],
        removed: ["dockerhub:team:cortex-maintainers", "github:team:cortex-maintainers"],
        onboarded: false,
        offboarded: true,
      },
    ]);
    assert.deepEqual(diff.access.teams, [
      {
        service: "GitHub",
        team: "cortex-maintainers",
        role: "maintainer",
        joined: ["alice", "bob"],
        left: ["dave"],
        renamed: [],
        roles: [],
      },
    ]);
  });

  it("lists other changed outputs, not access", () => {
    assert.deepEqual(diff.outputs, [
      {
        path: "ecrRegistry",
        before: "111122223333.dkr.ecr.us-east-1.amazonaws.com",
        after: "444455556666.dkr.ecr.us-east-1.amazonaws.com",
      },
    ]);
  });

  it("renders Markdown a reviewer reads: access lines, team changes, resource tables, fenced file diffs", () => {
    const text = renderPlanDiffMarkdown(diff, { baseLabel: "`main`", headLabel: "this pull request" });
    assert.match(
      text,
      /^# Plan diff: release-infra, stack `prod`\n\nFrom `main` to this pull request, evaluated offline\.\n/,
    );
    assert.match(
      text,
      /1 resource added, 4 changed, 1 removed; 1 generated file changed; access of 3 people changed\./,
    );
    assert.ok(text.includes("- alice (new): +github:team:cortex-maintainers\n"));
    assert.ok(text.includes("- bob: +github:team:cortex-maintainers, -github:team:cortex-release-managers\n"));
    assert.ok(text.includes("- dave (leaves): -dockerhub:team:cortex-maintainers, -github:team:cortex-maintainers\n"));
    assert.ok(text.includes("- GitHub team cortex-maintainers (maintainer): joins alice, bob; leaves dave\n"));
    assert.ok(text.includes("| imageScanningConfiguration.scanOnPush | `true` | `false` |"));
    assert.ok(text.includes("| (option) protect | `true` | `false` |"));
    assert.ok(text.includes("| members | `-dave` | `+alice, +bob` |"));
    assert.ok(text.includes("```diff\n--- a/cortex/.github/workflows/ci.yml\n"));
    assert.ok(text.includes("| github:index/team:Team | cortex-triagers |"));
  });

  it("keeps masked values masked: [secret] on both sides is no change, a value that becomes secret shows only [secret]", () => {
    const secretBase = plan([
      resource("github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret", "token", {
        secretName: "DOCKERHUB_TOKEN",
        value: "[secret]",
      }),
      resource("pulumi:providers:github", "github", { owner: "a", token: "[secret]" }),
    ]);
    const secretHead = plan([
      resource("github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret", "token", {
        secretName: "DOCKERHUB_TOKEN",
        value: "[secret]",
      }),
      resource("pulumi:providers:github", "github", { owner: "b", token: "[secret]" }),
    ]);
    const d = diffPlans(secretBase, secretHead, NO_FILES);
    assert.deepEqual(
      d.changed.map((r) => [r.name, r.inputs]),
      [["github", [{ path: "owner", before: "a", after: "b" }]]],
    );
    const removed = md(
      diffPlans(
        plan([resource("x:y:Z", "z", { key: "visible" })]),
        plan([resource("x:y:Z", "z", { key: "[secret]" })]),
        NO_FILES,
      ),
    );
    assert.ok(removed.includes('| key | `"visible"` | `"[secret]"` |'));
  });

  it("reports no change for identical plans, including a plan and its own plan.json", () => {
    const doc: PlanDocument = {
      project: "release-infra",
      stack: "prod",
      resources: base.resources.map((r) => ({ ...r, read: false, custom: true })),
      outputs: base.outputs,
    };
    const reread = parsePlanJson(renderPlanJson(doc), "plan.json");
    const d = diffPlans(doc, reread, NO_FILES);
    assert.deepEqual(
      [d.added, d.changed, d.removed, d.files, d.access.people, d.access.teams, d.outputs],
      [[], [], [], [], [], [], []],
    );
    assert.match(md(d), /No changes: both plans declare the same resources/);
  });

  it("fences a file diff that itself contains a code fence", () => {
    assert.ok(md(diffPlans(plan([]), plan([]), trees(undefined, "```\nx\n"))).includes("````diff\n"));
  });

  it("refuses plan.json that is not a plan, naming the file", () => {
    assert.throws(
      () => parsePlanJson("{}", "base/plan.json"),
      (e: unknown) => e instanceof PlanJsonError && /^base\/plan\.json is not a plan/.test(e.message),
    );
    assert.throws(() => parsePlanJson("nope", "p.json"), /p\.json is not JSON/);
  });
});

describe("plan diff of team members", () => {
  const people = ["alice", "bob", "carol", "dave", "erin", "frank", "grace"].map((p) => `${p}-example`);
  const teams = { maintainer: "cortex-maintainers" };
  const diffOf = (before: PlannedResource[], after: PlannedResource[]) =>
    diffPlans(plan(before, { teams }), plan(after, { teams }), NO_FILES);

  it("shows who joins a GitHub team whose member list is longer than a table cell", () => {
    const before = people.map((p): [string, "member"] => [p, "member"]);
    const d = diffOf(
      [githubMembers("cortex-maintainers", before)],
      [githubMembers("cortex-maintainers", [...before, ["heidi-example", "member"]])],
    );
    assert.ok(JSON.stringify(d.changed[0]!.inputs[0]!.before).length > 120, "the list is longer than a cell");
    const text = md(d);
    assert.ok(text.includes("| members |  | `+heidi-example` |"), text);
    assert.ok(text.includes("- GitHub team cortex-maintainers (maintainer): joins heidi-example\n"), text);
  });

  it("shows a Docker Hub member added as joining, not as a reordering", () => {
    const d = diffOf(
      [hubMembers("cortex-maintainers", ["daveexample"])],
      [hubMembers("cortex-maintainers", ["bobexample", "daveexample"])],
    );
    const text = md(d);
    assert.ok(text.includes("| members |  | `+bobexample` |"), text);
    assert.ok(!text.includes("(order changed)"));
    assert.ok(text.includes("- Docker Hub team cortex-maintainers (maintainer): joins bobexample\n"), text);
  });

  it("lists a team's GitHub change before its Docker Hub change, teams by name", () => {
    const d = diffOf(
      [
        hubMembers("cortex-maintainers", []),
        githubMembers("cortex-admins", []),
        githubMembers("cortex-maintainers", []),
      ],
      [
        hubMembers("cortex-maintainers", ["x"]),
        githubMembers("cortex-admins", [["x", "member"]]),
        githubMembers("cortex-maintainers", [["x", "member"]]),
      ],
    );
    assert.deepEqual(
      d.access.teams.map((t) => `${t.service} ${t.team}`),
      ["GitHub cortex-admins", "GitHub cortex-maintainers", "Docker Hub cortex-maintainers"],
    );
  });

  it("treats a reordered member list as no change of members", () => {
    const d = diffOf([hubMembers("cortex-maintainers", ["a", "b"])], [hubMembers("cortex-maintainers", ["b", "a"])]);
    assert.deepEqual(d.access.teams, []);
    assert.ok(md(d).includes("| members | (order changed) |  |"));
  });

  it("shows a team role change as such, not as leaving and joining", () => {
    const d = diffOf(
      [
        githubMembers("cortex-maintainers", [
          ["alice", "maintainer"],
          ["bob", "member"],
        ]),
      ],
      [
        githubMembers("cortex-maintainers", [
          ["alice", "member"],
          ["bob", "maintainer"],
        ]),
      ],
    );
    assert.deepEqual(d.access.teams[0], {
      service: "GitHub",
      team: "cortex-maintainers",
      role: "maintainer",
      joined: [],
      left: [],
      renamed: [],
      roles: [
        { login: "alice", from: "maintainer", to: "member" },
        { login: "bob", from: "member", to: "maintainer" },
      ],
    });
    const text = md(d);
    assert.ok(text.includes("| members |  | `alice: maintainer → member, bob: member → maintainer` |"), text);
    assert.ok(
      text.includes(
        "- GitHub team cortex-maintainers (maintainer): alice becomes member (was maintainer); bob becomes maintainer (was member)\n",
      ),
      text,
    );
  });

  it("treats a case-only login change as a rename of the same person, in teams and in grants", () => {
    const grants = (login: string) => ({
      access: access([
        [login, "github:team:cortex-maintainers"],
        [login, "github:repo:o/r:push"],
      ]),
      teams,
    });
    const d = diffPlans(
      plan([githubMembers("cortex-maintainers", [["Alice", "maintainer"]])], grants("Alice")),
      plan([githubMembers("cortex-maintainers", [["alice", "maintainer"]])], grants("alice")),
      NO_FILES,
    );
    assert.deepEqual(d.access.people, [
      { person: "alice", renamedFrom: "Alice", added: [], removed: [], onboarded: false, offboarded: false },
    ]);
    const [team] = d.access.teams;
    assert.ok(team !== undefined);
    assert.deepEqual([team.renamed, team.joined, team.left], [[{ from: "Alice", to: "alice" }], [], []]);
    const text = md(d);
    assert.ok(text.includes("- alice (renamed from Alice, the same person): same grants\n"), text);
    assert.ok(
      text.includes("- GitHub team cortex-maintainers (maintainer): Alice is now spelled alice (the same person)\n"),
      text,
    );
    assert.ok(text.includes("| members |  | `Alice → alice (renamed)` |"), text);
    assert.match(text, /access of 1 person changed/);
  });

  it("shows every member of a team that is added or removed as joining or leaving", () => {
    const d = diffOf([], [hubMembers("cortex-maintainers", ["b", "a"])]);
    assert.deepEqual(
      d.access.teams.map((t) => [t.joined, t.left]),
      [[["a", "b"], []]],
    );
    const gone = diffOf([githubMembers("cortex-maintainers", [["a", "member"]])], []);
    assert.deepEqual(
      gone.access.teams.map((t) => [t.joined, t.left]),
      [[[], ["a"]]],
    );
  });
});

describe("plan diff of long values", () => {
  it("cuts both sides of a long value where they differ, not at the same prefix", () => {
    const policy = (sub: string) =>
      JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { "a:aud": "sts.amazonaws.com", "a:sub": sub } },
          },
        ],
      });
    const d = diffPlans(
      plan([resource("aws:iam/role:Role", "ci", { assumeRolePolicy: policy("repo:o/r:environment:beta") })]),
      plan([resource("aws:iam/role:Role", "ci", { assumeRolePolicy: policy("repo:o/r:environment:stable") })]),
      NO_FILES,
    );
    const row = md(d)
      .split("\n")
      .find((l) => l.startsWith("| assumeRolePolicy |"))!;
    assert.match(row, /environment:beta/);
    assert.match(row, /environment:stable/);
  });
});
