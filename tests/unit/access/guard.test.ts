import assert from "node:assert/strict";
import { massRemovalProblem, parseDeployedAccess, removedGrants, type Grant } from "../../../lib/access";

const safety = { minAdmins: 2, maxRemovalShare: 0.25, allowMassRemoval: false };
const people = ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"];
const grantsOf = (who: string[]): Grant[] =>
  who.flatMap((person) => [
    { person, grant: "github:org:o:member" },
    { person, grant: "github:team:t-maintainers" },
  ]);

describe("mass-removal guard", () => {
  it("lets the first deployment through (nothing deployed yet)", () => {
    assert.equal(massRemovalProblem(undefined, grantsOf(people), safety), undefined);
    assert.equal(massRemovalProblem([], grantsOf(people), safety), undefined);
  });

  it("allows removing 2 of 8 people (25%, at the limit)", () => {
    assert.equal(massRemovalProblem(grantsOf(people), grantsOf(people.slice(2)), safety), undefined);
  });

  it("stops removing 3 of 8 people and says how many, who, and how to proceed", () => {
    const problem = massRemovalProblem(grantsOf(people), grantsOf(people.slice(3)), safety);
    assert.equal(
      problem,
      [
        "this change would remove 6 of the 16 grants deployed now (37.5%), more than release-infra:safety.maxRemovalShare (25%); nothing was changed.",
        "  removed from 3 people:",
        "    p1: github:org:o:member, github:team:t-maintainers",
        "    p2: github:org:o:member, github:team:t-maintainers",
        "    p3: github:org:o:member, github:team:t-maintainers",
        "  If this is intended, allow it for this one change:",
        "    pulumi config set --path safety.allowMassRemoval true && pulumi up",
        "  then set it back with: pulumi config set --path safety.allowMassRemoval false",
        "  If it is not, restore the missing release-infra:people entries.",
      ].join("\n"),
    );
  });

  it("lets the same removal through with allowMassRemoval", () => {
    assert.equal(
      massRemovalProblem(grantsOf(people), grantsOf(people.slice(3)), { ...safety, allowMassRemoval: true }),
      undefined,
    );
  });

  it("counts a role change as removing the old grants", () => {
    const before = grantsOf(people);
    const after = before.map((g) =>
      g.grant === "github:team:t-maintainers" ? { ...g, grant: "github:team:t-triagers" } : g,
    );
    const report = removedGrants(before, after);
    assert.equal(report.removed.length, 8);
    assert.equal(report.share, 0.5);
    assert.notEqual(massRemovalProblem(before, after, safety), undefined);
  });

  it("counts a case-only login change as a rename, not a removal", () => {
    const report = removedGrants(grantsOf(["Ada", "bob"]), grantsOf(["ada", "bob"]));
    assert.deepEqual(report.removed, []);
    assert.equal(report.share, 0);
    assert.deepEqual(report.renamed, [{ from: "Ada", to: "ada" }]);
  });

  it("lets 3 of 8 logins change case through (renames remove nothing)", () => {
    const renamed = people.map((p, i) => (i < 3 ? p.toUpperCase() : p));
    assert.equal(massRemovalProblem(grantsOf(people), grantsOf(renamed), safety), undefined);
  });

  it("names the renames it did not count when it stops a removal", () => {
    const after = grantsOf(["P4", ...people.slice(4)]);
    const problem = massRemovalProblem(grantsOf(people), after, safety);
    assert.ok(problem !== undefined);
    assert.ok(problem.startsWith("this change would remove 6 of the 16 grants deployed now (37.5%)"), problem);
    assert.ok(!problem.includes("    p4:"), "a rename is not a removal");
    assert.ok(
      problem.includes("  Not counted as removed: logins whose case changed, the same people (p4 -> P4).\n"),
      problem,
    );
  });

  it("reads the deployed access output, refusing a malformed one", () => {
    assert.equal(parseDeployedAccess(undefined), undefined);
    assert.deepEqual(parseDeployedAccess([{ person: "a", grant: "g" }]), [{ person: "a", grant: "g" }]);
    assert.throws(
      () => parseDeployedAccess([{ who: "a" }]),
      /the last deployment's "access" output is not a list of \{ person, grant \}/,
    );
  });
});
