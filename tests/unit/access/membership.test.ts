import assert from "node:assert/strict";
import fc from "fast-check";
import {
  configuredOrgRole,
  isNotAMember,
  keepOwner,
  membershipHandoverProblem,
  membershipRoles,
  ownersAfter,
  planGitHubAccess,
  ROLES,
  type CurrentOrgRoles,
} from "../../../lib/access";
import { notAMemberError } from "../../../cli/plan/calls";
import { parseConfigObject, type ReleaseConfig } from "../../../lib/config";
import { baseConfig } from "../../support/program";

function config(github: Record<string, unknown> = {}): ReleaseConfig {
  const raw = baseConfig();
  raw.github = { ...raw.github, ...github };
  const result = parseConfigObject(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const MODES = [
  { orgMembership: "unmanaged", adminsAreOrgOwners: false },
  { orgMembership: "managed", adminsAreOrgOwners: false },
  { orgMembership: "managed", adminsAreOrgOwners: true },
] as const;

describe("organization roles", () => {
  it("config grants no organization role unless membership is managed, and owner only to admins that are meant to be", () => {
    assert.deepEqual(
      MODES.map((mode) => ROLES.map((role) => configuredOrgRole(role, mode) ?? "-").join(" ")),
      ["- - - -", "member member member member", "admin member member member"],
    );
  });

  it("keeps an owner an owner, and otherwise sets the configured role", () => {
    const current: CurrentOrgRoles = { ada: "admin", brian: "member", cleo: "billing_manager" };
    assert.equal(keepOwner({ login: "Ada", role: "member" }, current), "admin");
    assert.equal(keepOwner({ login: "brian", role: "member" }, current), "member");
    assert.equal(keepOwner({ login: "brian", role: "admin" }, current), "admin");
    assert.equal(keepOwner({ login: "cleo", role: "member" }, current), "member");
    assert.equal(keepOwner({ login: "newcomer", role: "member" }, current), "member");
  });

  it("never demotes anyone who is an owner, in any mode (property)", () => {
    const logins = ["ada", "brian", "cleo", "dmitri", "erin"];
    fc.assert(
      fc.property(
        fc.constantFrom(...MODES),
        fc.dictionary(fc.constantFrom(...logins), fc.constantFrom("admin", "member")),
        (mode, current) => {
          const plan = planGitHubAccess(config(mode));
          const owners = ownersAfter(plan, current);
          for (const [login, role] of Object.entries(current))
            if (role === "admin") assert.ok(owners.has(login), login);
          for (const m of membershipRoles(plan, current))
            if (current[m.login] === "admin") assert.equal(m.role, "admin");
        },
      ),
      { numRuns: 200 },
    );
  });

  it("makes nobody an owner who is not one unless adminsAreOrgOwners is set, and then only admins", () => {
    const current: CurrentOrgRoles = { erin: "admin" };
    const owners = (github: Record<string, unknown>) =>
      [...ownersAfter(planGitHubAccess(config(github)), current)].sort();
    assert.deepEqual(owners({}), ["erin"]);
    assert.deepEqual(owners({ orgMembership: "managed" }), ["erin"]);
    assert.deepEqual(owners({ orgMembership: "managed", adminsAreOrgOwners: true }), ["ada", "brian", "erin"]);
  });

  it("reads only GitHub's 404 for a membership as 'neither a member nor invited'", () => {
    assert.ok(isNotAMember(notAMemberError("demo-org", "fatima").message));
    assert.ok(isNotAMember("GET https://api.github.com/orgs/o/memberships/u: 404 Not Found []"));
    for (const other of [
      "GET https://api.github.com/orgs/o/memberships/u: 403 Resource protected by organization SAML enforcement []",
      "GET https://api.github.com/orgs/o/memberships/u: 401 Bad credentials []",
      "GET https://api.github.com/orgs/o/memberships/u: 403 API rate limit exceeded []",
      "GET https://api.github.com/orgs/o/teams/t: 404 Not Found []",
      "connection reset by peer",
    ])
      assert.ok(!isNotAMember(other), other);
  });

  it("stops a switch to unmanaged membership while the last deployment holds memberships, until allowed once", () => {
    const urn = (login: string) => `urn:${login}`;
    const grants = [
      { person: "ada", grant: "github:org:demo-org:admin" },
      { person: "ada", grant: "github:team:demo-admins" },
      { person: "erin", grant: "github:org:demo-org:member" },
    ];
    const unmanaged = { org: "demo-org", orgMembership: "unmanaged" } as const;
    const safety = { allowMassRemoval: false };
    const problem = membershipHandoverProblem(grants, unmanaged, safety, urn);
    assert.match(problem ?? "", /membership of 2 people \(ada, erin\)/);
    assert.match(problem ?? "", /\n {4}pulumi state delete 'urn:ada'\n {4}pulumi state delete 'urn:erin'\n/);
    assert.match(problem ?? "", /then allow this one change: pulumi config set --path safety\.allowMassRemoval true/);
    assert.equal(membershipHandoverProblem(grants, { ...unmanaged, orgMembership: "managed" }, safety, urn), undefined);
    assert.equal(membershipHandoverProblem(grants, unmanaged, { allowMassRemoval: true }, urn), undefined);
    assert.equal(membershipHandoverProblem(undefined, unmanaged, safety, urn), undefined);
    assert.equal(membershipHandoverProblem(grants.slice(1, 2), unmanaged, safety, urn), undefined);
  });
});
