import assert from "node:assert/strict";
import {
  credentialFor,
  credentialKind,
  kindMayCall,
  missingCredentials,
  OPERATIONS,
  requirement,
  type Credential,
  type Operation,
} from "../../../providers/dockerhub/client/credentials";

const oat: Credential = { identifier: "acme", secret: "dckr_oat_x", kind: "oat" };
const pat: Credential = { identifier: "ada", secret: "dckr_pat_x", kind: "pat" };
const password: Credential = { identifier: "ada", secret: "hunter2", kind: "password" };
const operations = Object.keys(OPERATIONS) as Operation[];

describe("Docker Hub credentials: who may call what", () => {
  it("tells the kinds apart by Docker's token prefixes", () => {
    assert.equal(credentialKind("dckr_oat_abc"), "oat");
    assert.equal(credentialKind("dckr_pat_abc"), "pat");
    assert.equal(credentialKind("correct horse"), "password");
  });

  it("refuses organization access tokens on every /v2/repositories route, documented or not", () => {
    for (const operation of operations) {
      if (OPERATIONS[operation].route.includes(" /v2/repositories/"))
        assert.equal(kindMayCall("oat", operation), false, operation);
    }
  });

  it("refuses personal access tokens on the organization routes (teams, members, invites)", () => {
    for (const operation of operations) {
      if (/ \/v2\/(orgs|invites)\//.test(OPERATIONS[operation].route))
        assert.equal(kindMayCall("pat", operation), false, operation);
    }
  });

  it("lists every undocumented route with why and which Docker tool uses it, and only those", () => {
    const undocumented = operations.filter((o) => OPERATIONS[o].documented !== true);
    assert.deepEqual(undocumented.sort(), [
      "repository.delete",
      "repository.privacy",
      "repository.update",
      "tag.delete",
      "team-permission.delete",
      "team-permission.get",
      "team-permission.update",
    ]);
    for (const o of undocumented) {
      const d = OPERATIONS[o].documented;
      assert.ok(d !== true && d.why.length > 0 && d.usedBy.length > 0, o);
    }
  });

  it("prefers the organization token where Docker allows it, and the user's token elsewhere", () => {
    assert.equal(credentialFor("teams.create", [pat, oat]), oat);
    assert.equal(credentialFor("repository.update", [oat, pat]), pat);
    assert.equal(credentialFor("teams.create", [pat]), undefined);
    assert.equal(credentialFor("teams.create", [password]), password);
  });

  it("says what is missing, naming the scope or level", () => {
    assert.deepEqual(missingCredentials(["teams.create", "repository.update", "teams.create"], [pat]), [
      { operation: "teams.create", needs: requirement("teams.create") },
    ]);
    assert.match(
      requirement("teams.create"),
      /organization access token with scope-group-edit, or the password of an organization owner/,
    );
    assert.match(requirement("tag.delete"), /personal access token of level repo:admin/);
    assert.deepEqual(missingCredentials(operations, [oat, pat]), []);
    assert.equal(missingCredentials(operations, [oat]).length, operations.filter((o) => !kindMayCall("oat", o)).length);
  });
});
