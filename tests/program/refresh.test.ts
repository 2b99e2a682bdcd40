/*
 * A refreshed preview of an unchanged stack is empty: every resource reads
 * back from GitHub as it is declared (tests/support/github-readback.ts), so
 * the daily drift run (`pulumi preview --refresh --expect-no-changes`) fails
 * only on real out-of-band changes.
 */
import assert from "node:assert/strict";
import type { RecordedResource } from "../../cli/plan/mock-runtime";
import { readBack, refreshDiff, type ReadBackOptions } from "../support/github-readback";
import { prodStack } from "../contract/stacks";
import { baseConfig, runProgram } from "../support/program";

const BOTH_WAYS: readonly ReadBackOptions[] = [{ promoteWhenNoMaintainer: true }, { promoteWhenNoMaintainer: false }];

function changes(resources: readonly RecordedResource[], options: ReadBackOptions): string[] {
  return resources.flatMap((r) =>
    refreshDiff(r.inputs, readBack(r, resources, options), r.type).map((key) => `${r.name}.${key}`),
  );
}

describe("a refreshed preview of an unchanged stack", () => {
  for (const options of BOTH_WAYS) {
    const label = options.promoteWhenNoMaintainer ? "GitHub promotes a maintainer" : "GitHub leaves teams as they are";

    it(`shows no changes for the prod stack (${label})`, async () => {
      const prod = prodStack();
      const { resources } = await runProgram(prod.config, prod.opts);
      assert.ok(resources.some((r) => r.type === "github:index/teamMembers:TeamMembers"));
      assert.deepEqual(changes(resources, options), []);
    });

    it(`shows no changes with owners and mixed-case logins in several teams (${label})`, async () => {
      const config = baseConfig();
      config.people = [
        { github: "Ada", dockerhub: "ada0", role: "admin" },
        { github: "brian", dockerhub: "brian0", role: "admin" },
        { github: "Cleo", role: "release-manager" },
        { github: "dmitri", role: "release-manager" },
        { github: "erin", role: "maintainer" },
      ];
      // Owners already, Cleo for another project: membership is not managed, so they stay owners.
      const orgRoles = { ada: "admin", cleo: "admin", erin: "member" };
      const { resources } = await runProgram(config, { orgRoles });
      assert.deepEqual(changes(resources, { ...options, orgOwners: ["ada", "cleo"] }), []);
    });

    it(`shows no changes when the stack makes its admins owners (${label})`, async () => {
      const config = baseConfig();
      config.github = { ...config.github, orgMembership: "managed", adminsAreOrgOwners: true };
      const { resources } = await runProgram(config, { orgRoles: { erin: "admin" } });
      // Owners after the run: the two admins the stack promotes, and erin, whom it never demotes.
      assert.deepEqual(changes(resources, { ...options, orgOwners: ["erin"] }), []);
    });
  }

  it("would show a change forever if owners were declared as plain members (the read-back model can tell)", async () => {
    const orgOwners = ["ada", "brian"];
    const { resources } = await runProgram(baseConfig(), { orgRoles: { ada: "admin", brian: "admin" } });
    const asMembers = resources.map((r) =>
      r.type === "github:index/teamMembers:TeamMembers"
        ? {
            ...r,
            inputs: {
              ...r.inputs,
              members: (r.inputs.members as { username: string }[]).map((m) => ({
                username: m.username,
                role: "member",
              })),
            },
          }
        : r,
    );
    assert.deepEqual(changes(asMembers, { promoteWhenNoMaintainer: false, orgOwners }), [
      "demo-access-members-admin.members",
    ]);
    assert.equal(changes(asMembers, { promoteWhenNoMaintainer: true, orgOwners }).length, 4);
  });
});
