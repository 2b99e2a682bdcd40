import assert from "node:assert/strict";
import fc from "fast-check";
import { planGitHubAccess, renderRoleTable, ROLE_GRANTS, ROLES, grantKey, teamMemberRoles } from "../../../lib/access";
import { parseConfigObject, type ReleaseConfig } from "../../../lib/config";
import { baseConfig } from "../../support/program";

function config(mutate: (c: ReturnType<typeof baseConfig>) => void = () => undefined): ReleaseConfig {
  const raw = structuredClone(baseConfig());
  mutate(raw);
  const result = parseConfigObject(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

describe("access mapping", () => {
  it("gives each role one closed team with its members and repository permission", () => {
    const plan = planGitHubAccess(config());
    assert.deepEqual(
      plan.teams.map((t) => [t.name, t.members.map((m) => `${m.login}:${m.role}`), t.repoPermission]),
      [
        ["demo-admins", ["ada:maintainer", "brian:maintainer"], "admin"],
        ["demo-release-managers", ["cleo:maintainer"], "maintain"],
        ["demo-maintainers", ["dmitri:maintainer"], "push"],
        ["demo-triagers", ["erin:maintainer"], "triage"],
      ],
    );
    assert.deepEqual(plan.members, [
      { login: "ada", role: "admin" },
      { login: "brian", role: "admin" },
      { login: "cleo", role: "member" },
      { login: "dmitri", role: "member" },
      { login: "erin", role: "member" },
    ]);
  });

  it("declares team roles as GitHub reads them back: owners as maintainers, and every team with a maintainer", () => {
    const owners = new Set(["ada", "zoe"]);
    assert.deepEqual(teamMemberRoles(["Ada", "bob", "cleo"], owners), [
      { login: "Ada", role: "maintainer" },
      { login: "bob", role: "member" },
      { login: "cleo", role: "member" },
    ]);
    // No owner in the team: the first by login is its maintainer, the rest members.
    assert.deepEqual(teamMemberRoles(["bob", "cleo"], owners), [
      { login: "bob", role: "maintainer" },
      { login: "cleo", role: "member" },
    ]);
    assert.deepEqual(teamMemberRoles([], owners), []);
  });

  it("uses the configured team prefix", () => {
    const plan = planGitHubAccess(
      config((c) => {
        c.github.teamPrefix = "rel";
      }),
    );
    assert.deepEqual(
      plan.teams.map((t) => t.name),
      ["rel-admins", "rel-release-managers", "rel-maintainers", "rel-triagers"],
    );
  });

  it("onboarding is one entry: it adds exactly that person's three grants", () => {
    const before = planGitHubAccess(config()).grants.map(grantKey);
    const after = planGitHubAccess(
      config((c) => {
        c.people.push({ github: "fatima", role: "maintainer" });
      }),
    ).grants.map(grantKey);
    assert.deepEqual(
      after.filter((g) => !before.includes(g)),
      [
        "fatima github:org:demo-org:member",
        "fatima github:team:demo-maintainers",
        "fatima github:repo:demo-org/demo:push",
      ],
    );
    assert.ok(before.every((g) => after.includes(g)));
  });

  it("offboarding removes every grant the person held and nothing else", () => {
    const before = planGitHubAccess(config()).grants;
    const after = planGitHubAccess(
      config((c) => {
        c.people.splice(3, 1);
      }),
    ).grants.map(grantKey);
    const lost = before.map(grantKey).filter((g) => !after.includes(g));
    assert.deepEqual(lost, [
      "dmitri github:org:demo-org:member",
      "dmitri github:team:demo-maintainers",
      "dmitri github:repo:demo-org/demo:push",
    ]);
    const plan = planGitHubAccess(
      config((c) => {
        c.people.splice(3, 1);
      }),
    );
    assert.ok(plan.teams.every((t) => !t.members.some((m) => m.login === "dmitri")));
    assert.ok(plan.members.every((m) => m.login !== "dmitri"));
  });

  it("does not depend on the order of people (property)", () => {
    const base = config();
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...base.people], { minLength: base.people.length, maxLength: base.people.length }),
        (people) => {
          assert.deepEqual(planGitHubAccess({ ...base, people }), planGitHubAccess(base));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("renders the role table from the one grant table", () => {
    const table = renderRoleTable();
    for (const role of ROLES) {
      const g = ROLE_GRANTS[role];
      assert.ok(
        table.includes(
          `| \`${role}\` | \`<prefix>-${g.teamSuffix}\` | ${g.githubOrgRole} | ${g.githubRepoPermission} | ${g.dockerhubPermission} |`,
        ),
        role,
      );
    }
  });
});
