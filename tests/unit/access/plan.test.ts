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
  it("gives each role one closed team with its members and repository permission, and no membership by default", () => {
    const plan = planGitHubAccess(config());
    assert.deepEqual(
      plan.teams.map((t) => [t.name, t.members, t.repoPermission]),
      [
        ["demo-admins", ["ada", "brian"], "admin"],
        ["demo-release-managers", ["cleo"], "maintain"],
        ["demo-maintainers", ["dmitri"], "push"],
        ["demo-triagers", ["erin"], "triage"],
      ],
    );
    assert.equal(plan.orgMembership, "unmanaged");
    assert.deepEqual(plan.members, []);
    assert.deepEqual(plan.people, ["ada", "brian", "cleo", "dmitri", "erin"]);
    assert.ok(plan.grants.every((g) => !g.grant.startsWith("github:org:")));
  });

  it("manages memberships only when configured: members, and owners only for admins with adminsAreOrgOwners", () => {
    const roles = (github: Record<string, unknown>) =>
      planGitHubAccess(
        config((c) => {
          c.github = { ...c.github, ...github };
        }),
      ).members.map((m) => `${m.login}:${m.role}`);
    assert.deepEqual(roles({ orgMembership: "managed" }), [
      "ada:member",
      "brian:member",
      "cleo:member",
      "dmitri:member",
      "erin:member",
    ]);
    assert.deepEqual(roles({ orgMembership: "managed", adminsAreOrgOwners: true }), [
      "ada:admin",
      "brian:admin",
      "cleo:member",
      "dmitri:member",
      "erin:member",
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

  it("onboarding is one entry: it adds exactly that person's team and repository grants", () => {
    const before = planGitHubAccess(config()).grants.map(grantKey);
    const after = planGitHubAccess(
      config((c) => {
        c.people.push({ github: "fatima", role: "maintainer" });
      }),
    ).grants.map(grantKey);
    assert.deepEqual(
      after.filter((g) => !before.includes(g)),
      ["fatima github:team:demo-maintainers", "fatima github:repo:demo-org/demo:push"],
    );
    assert.ok(before.every((g) => after.includes(g)));
  });

  for (const orgMembership of ["unmanaged", "managed"]) {
    it(`offboarding removes every grant the person held and nothing else (${orgMembership})`, () => {
      const managed = (c: ReturnType<typeof baseConfig>) => {
        c.github = { ...c.github, orgMembership };
      };
      const before = planGitHubAccess(config(managed)).grants;
      const offboarded = config((c) => {
        managed(c);
        c.people.splice(3, 1);
      });
      const after = planGitHubAccess(offboarded).grants.map(grantKey);
      const lost = before.map(grantKey).filter((g) => !after.includes(g));
      assert.deepEqual(lost, [
        ...(orgMembership === "managed" ? ["dmitri github:org:demo-org:member"] : []),
        "dmitri github:team:demo-maintainers",
        "dmitri github:repo:demo-org/demo:push",
      ]);
      const plan = planGitHubAccess(offboarded);
      assert.ok(plan.teams.every((t) => !t.members.includes("dmitri")));
      assert.ok(plan.members.every((m) => m.login !== "dmitri"));
      assert.ok(!plan.people.includes("dmitri"));
    });
  }

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

  it("renders the role table from the one grant table, saying that by default no organization role is managed", () => {
    const table = renderRoleTable();
    for (const role of ROLES) {
      const g = ROLE_GRANTS[role];
      const org = g.githubOrgOwner ? "member; owner with `adminsAreOrgOwners: true`" : "member";
      assert.ok(
        table.includes(
          `| \`${role}\` | \`<prefix>-${g.teamSuffix}\` | ${g.githubRepoPermission} | ${g.dockerhubPermission} | ${org} |`,
        ),
        role,
      );
    }
    assert.deepEqual(
      ROLES.filter((r) => ROLE_GRANTS[r].githubOrgOwner),
      ["admin"],
    );
    assert.match(
      table,
      /By default \(`github\.orgMembership: unmanaged`\) the stack manages no organization membership/,
    );
  });
});
