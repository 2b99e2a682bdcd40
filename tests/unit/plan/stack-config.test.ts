import assert from "node:assert/strict";
import { generatedFiles, parseStackFile, renderPlanJson, SECRET_STAND_IN, type PlanDocument } from "../../../lib/plan";

describe("stack file reading", () => {
  it("turns structured values into JSON text and scalars into text", () => {
    const { config, secretKeys } = parseStackFile(
      "config:\n  aws:region: us-east-1\n  release-infra:safety:\n    maxRemovalShare: 0.5\n",
      "Pulumi.t.yaml",
    );
    assert.deepEqual(config, { "aws:region": "us-east-1", "release-infra:safety": '{"maxRemovalShare":0.5}' });
    assert.deepEqual(secretKeys, []);
  });

  it("replaces secure values, also nested ones, and marks their keys secret", () => {
    const text =
      "config:\n  release-infra:githubToken:\n    secure: v1:abc\n  release-infra:x:\n    a: [1, { secure: v1:def }]\n";
    const { config, secretKeys } = parseStackFile(text, "Pulumi.t.yaml");
    assert.equal(config["release-infra:githubToken"], SECRET_STAND_IN);
    assert.equal(config["release-infra:x"], JSON.stringify({ a: [1, SECRET_STAND_IN] }));
    assert.deepEqual(secretKeys, ["release-infra:githubToken", "release-infra:x"]);
    assert.ok(!JSON.stringify(config).includes("v1:"));
  });

  it("says which file is broken", () => {
    assert.throws(() => parseStackFile("config: [", "Pulumi.t.yaml"), /^Error: Pulumi\.t\.yaml is not valid YAML/);
    assert.throws(() => parseStackFile("config: 3\n", "Pulumi.t.yaml"), /Pulumi\.t\.yaml: "config" must be a map/);
  });
});

describe("plan documents", () => {
  const doc: PlanDocument = {
    project: "p",
    stack: "s",
    outputs: { b: 1, a: { z: 1, y: 2 } },
    resources: [
      {
        urn: "urn:b",
        type: "github:index/repositoryFile:RepositoryFile",
        name: "wf",
        read: false,
        custom: true,
        inputs: { repository: "src", file: ".github/workflows/x.yml", content: "on: push\n" },
      },
      { urn: "urn:a", type: "t", name: "n", read: true, custom: true, inputs: { z: 1, a: 2 } },
    ],
  };

  it("writes plan.json sorted by URN with sorted keys, so plans diff cleanly", () => {
    const json = JSON.parse(renderPlanJson(doc)) as {
      resources: { urn: string; inputs: object; read?: boolean }[];
      outputs: object;
    };
    assert.deepEqual(
      json.resources.map((r) => r.urn),
      ["urn:a", "urn:b"],
    );
    assert.deepEqual(Object.keys(json.resources[0]!.inputs), ["a", "z"]);
    assert.equal(json.resources[0]!.read, true);
    assert.deepEqual(Object.keys(json.outputs), ["a", "b"]);
  });

  it("collects the files the program commits", () => {
    assert.deepEqual(generatedFiles(doc), [{ path: "src/.github/workflows/x.yml", content: "on: push\n" }]);
  });
});
