import assert from "node:assert/strict";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { dockerHubImmutableTagRules } from "../../../lib/channels/mutability";
import { DEFAULT_MODEL } from "../../support/tag-schemes";
import {
  checkRepository,
  checkTeam,
  checkTeamMembers,
  checkTeamPermission,
  diffRepository,
  diffTeamMembers,
  UNKNOWN,
} from "../../../providers/dockerhub/inputs";

const reasons = (result: { failures?: readonly { property: string; reason: string }[] }) =>
  (result.failures ?? []).map((f) => `${f.property}: ${f.reason}`);

describe("Docker Hub resource inputs (check and diff)", () => {
  it("uses the SDK's own unknown-value sentinel", () => {
    assert.equal(UNKNOWN, rpc.unknownValue);
  });

  it("fills defaults and accepts a valid repository", () => {
    const result = checkRepository({ namespace: "cortex", name: "query-tee", __provider: "code" });
    assert.deepEqual(result, {
      inputs: {
        namespace: "cortex",
        name: "query-tee",
        description: "",
        isPrivate: false,
        immutableTagRules: [],
        allowDelete: false,
      },
    });
  });

  it("names every invalid repository input with the rule it breaks", () => {
    const result = checkRepository({
      namespace: "Cortex",
      name: "-bad",
      description: "x".repeat(101),
      fullDescription: "y".repeat(25_001),
      isPrivate: "no",
      immutableTagRules: ["latest|[0-9]+\\.[0-9]+\\.[0-9]+", "("],
      token: "secret",
    });
    const text = reasons(result);
    assert.equal(text.length, 7);
    assert.match(text.join("\n"), /^token: dockerhub:Repository has no input "token"/m);
    assert.match(text.join("\n"), /^namespace: .*"Cortex" is not a Docker Hub namespace/m);
    assert.match(text.join("\n"), /^name: .*"-bad" is not a Docker Hub repository name/m);
    assert.match(text.join("\n"), /^description: .*has 101 characters; Docker Hub allows at most 100/m);
    assert.match(text.join("\n"), /^fullDescription: .*at most 25000/m);
    assert.match(text.join("\n"), /^isPrivate: .*must be true or false/m);
    assert.match(text.join("\n"), /\[0\] .*matches the moving tag "latest".*\[1\] "\(" is not a regular expression/);
  });

  it("accepts the channel model's immutable rules: they match no moving tag (rule D2)", () => {
    assert.deepEqual(
      reasons(
        checkRepository({
          namespace: "cortex",
          name: "cortex",
          immutableTagRules: dockerHubImmutableTagRules(DEFAULT_MODEL),
        }),
      ),
      [],
    );
  });

  it("lets values unknown during preview through unvalidated", () => {
    const result = checkRepository({ namespace: UNKNOWN, name: UNKNOWN, immutableTagRules: UNKNOWN });
    assert.equal(result.failures, undefined);
    assert.equal((result.inputs as Record<string, unknown>).name, UNKNOWN);
    assert.equal(
      checkTeamMembers({ org: "cortex", team: "cortex-admins", members: ["alice01", UNKNOWN] }).failures,
      undefined,
    );
  });

  it("checks team names, member Docker IDs and the permission enum", () => {
    assert.match(
      reasons(checkTeam({ org: "cortex", name: "cortex-release-managers-and-more" })).join(),
      /not a Docker Hub team name.*\(it has 32 characters\)/,
    );
    assert.match(
      reasons(checkTeamMembers({ org: "cortex", team: "cortex-admins", members: ["Alice"] })).join(),
      /\[0\] "Alice" is not a Docker ID/,
    );
    assert.match(
      reasons(
        checkTeamPermission({ namespace: "cortex", repository: "cortex", team: "cortex-admins", permission: "owner" }),
      ).join(),
      /"owner" is not a permission; use one of read, write, admin/,
    );
    assert.match(
      reasons(checkTeamPermission({ namespace: "cortex", repository: "cortex", team: "cortex-admins" })).join(),
      /requires "permission"/,
    );
  });

  it("sorts and de-duplicates members, and compares member lists and rules as sets", () => {
    assert.deepEqual(
      (
        checkTeamMembers({ org: "cortex", team: "cortex-admins", members: ["bob0001", "alice01", "bob0001"] })
          .inputs as Record<string, unknown>
      ).members,
      ["alice01", "bob0001"],
    );
    assert.deepEqual(
      diffTeamMembers({ org: "o1", team: "t1t", members: ["b", "a"] }, { org: "o1", team: "t1t", members: ["a", "b"] }),
      { changes: false },
    );
    const olds = {
      namespace: "cortex",
      name: "cortex",
      description: "",
      isPrivate: false,
      immutableTagRules: ["b", "a"],
      allowDelete: false,
    };
    assert.deepEqual(diffRepository(olds, { ...olds, immutableTagRules: ["a", "b"] }), { changes: false });
  });

  it("treats an unknown identity as a replacement and an unknown setting as a change", () => {
    const olds = {
      namespace: "cortex",
      name: "cortex",
      description: "",
      isPrivate: false,
      immutableTagRules: [],
      allowDelete: false,
    };
    assert.deepEqual(diffRepository(olds, { ...olds, name: UNKNOWN }), { changes: true, replaces: ["name"] });
    assert.deepEqual(diffRepository(olds, { ...olds, description: UNKNOWN }), { changes: true });
  });
});
