import assert from "node:assert/strict";
import { HubValidationError, type HubPermission } from "../../../providers/dockerhub/client";
import { ORG, startHarness, thrown, type Harness } from "./harness";

/** Asserts the call fails with HubValidationError naming exactly `fields`. */
async function rejects(call: () => Promise<unknown>, fields: readonly string[]): Promise<HubValidationError> {
  const error = await thrown(call);
  assert.ok(error instanceof HubValidationError, String(error));
  assert.deepEqual(Object.keys(error.fields).sort(), [...fields].sort());
  for (const field of fields)
    assert.ok(error.message.includes(`${field}:`), `message names ${field}: ${error.message}`);
  return error;
}

describe("Docker Hub client: validation errors", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("accepts repository names and descriptions at their limits", async () => {
    await h.client.createRepository({
      namespace: ORG,
      name: "ab",
      description: "d".repeat(100),
      fullDescription: "f".repeat(25_000),
      isPrivate: false,
    });
    await h.client.createRepository({ namespace: ORG, name: `a${"-b".repeat(127)}`, isPrivate: false });
    assert.equal(h.emulator.repositoryNames(ORG).length, 2);
  });

  for (const [name, why] of [
    ["a", "one character"],
    [`a${"b".repeat(255)}`, "256 characters"],
    ["Api", "an upper-case letter"],
    ["api--server", "two separators in a row"],
    ["-api", "a leading separator"],
    ["api_", "a trailing separator"],
  ] as const) {
    it(`rejects a repository name with ${why}, naming the name field`, async () => {
      await rejects(() => h.client.createRepository({ namespace: ORG, name, isPrivate: false }), ["name"]);
      assert.deepEqual(h.emulator.repositoryNames(ORG), []);
    });
  }

  it("rejects a 101-character description and a 25,001-character full description together", async () => {
    const error = await rejects(
      () =>
        h.client.createRepository({
          namespace: ORG,
          name: "api",
          description: "d".repeat(101),
          fullDescription: "f".repeat(25_001),
          isPrivate: false,
        }),
      ["description", "full_description"],
    );
    assert.match(error.message, /no more than 100 characters/);
  });

  it("rejects an over-long description on update", async () => {
    h.emulator.seedRepository(ORG, "api", { description: "kept" });
    await rejects(() => h.client.updateRepository(ORG, "api", { description: "d".repeat(101) }), ["description"]);
    assert.equal(h.emulator.repository(ORG, "api")?.description, "kept");
  });

  it("rejects an immutable-tag rule that is not a regular expression", async () => {
    h.emulator.seedRepository(ORG, "api");
    await rejects(
      () => h.client.setImmutableTags(ORG, "api", { enabled: true, rules: ["v(1"] }),
      ["immutable_tags_rules"],
    );
  });

  it("rejects a lookahead and a backreference as Go RE2 does, naming each construct", async () => {
    h.emulator.seedRepository(ORG, "api");
    const error = await rejects(
      () =>
        h.client.setImmutableTags(ORG, "api", {
          enabled: true,
          rules: ["(?=[0-9])[0-9.]+", "([0-9]+)\\.\\1", "[0-9]+\\.[0-9]+\\.[0-9]+"],
        }),
      ["immutable_tags_rules"],
    );
    assert.deepEqual(error.fields.immutable_tags_rules, [
      "Invalid regular expression: (?=[0-9])[0-9.]+: error parsing regexp: invalid or unsupported Perl syntax: `(?=` (a lookahead (?=...): RE2 has no lookarounds)",
      "Invalid regular expression: ([0-9]+)\\.\\1: error parsing regexp: invalid escape sequence: `\\1` (a backreference: RE2 has no backreferences)",
    ]);
    assert.deepEqual(h.emulator.repository(ORG, "api")?.immutableTags, { enabled: false, rules: [] });
  });

  it("accepts Go-only syntax JavaScript refuses: (?i), POSIX classes, \\pL", async () => {
    h.emulator.seedRepository(ORG, "api");
    const rules = ["(?i)beta", "[[:alpha:]]+-[0-9]+", "\\pL+"];
    await h.client.setImmutableTags(ORG, "api", { enabled: true, rules });
    assert.deepEqual(h.emulator.repository(ORG, "api")?.immutableTags, { enabled: true, rules });
  });

  for (const name of ["ab", "a".repeat(31), "core team", "core.team"]) {
    it(`rejects the team name ${JSON.stringify(name)}`, async () => {
      await rejects(() => h.client.createTeam(ORG, { name }), ["name"]);
    });
  }

  it("accepts team names of 3 and 30 characters with letters, digits, _ and -", async () => {
    await h.client.createTeam(ORG, { name: "Ab_" });
    await h.client.createTeam(ORG, { name: `Core-Team_${"x".repeat(20)}` });
    assert.equal((await h.client.listTeams(ORG)).length, 2);
  });

  it("rejects a permission outside read|write|admin", async () => {
    h.emulator.seedRepository(ORG, "api");
    const teamId = h.emulator.seedTeam(ORG, "maintainers");
    await rejects(() => h.client.setTeamPermission(ORG, "api", teamId, "owner" as HubPermission), ["permission"]);
    await h.client.setTeamPermission(ORG, "api", teamId, "read");
    await rejects(() => h.client.updateTeamPermission(ORG, "api", teamId, "push" as HubPermission), ["permission"]);
  });
});
