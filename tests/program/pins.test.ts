import assert from "node:assert/strict";
import { parseConfigObject } from "../../lib/config";
import { baseConfig, ofType, runProgram } from "../support/program";

const MOVING = "pulumi-nodejs:dynamic/retag:MovingTags";

describe("rollback pins in the program", () => {
  it("declares nothing for unpinned channels", async () => {
    const { resources } = await runProgram(baseConfig());
    assert.equal(ofType(resources, MOVING).size, 0);
    assert.equal(ofType(resources, "github:index/actionsVariable:ActionsVariable").size, 0);
  });

  it("a stable pin re-points stable's moving tags in both registries and stops CI moving them", async () => {
    const c = baseConfig();
    c.channels = { stable: { pin: "1.4.9" } };
    const { resources } = await runProgram(c);
    const pins = ofType(resources, MOVING);
    assert.deepEqual([...pins.keys()].sort(), ["demo-pins-pin-stable-demo-dockerhub", "demo-pins-pin-stable-demo-ecr"]);
    const ecr = pins.get("demo-pins-pin-stable-demo-ecr")!;
    assert.equal(ecr.inputs.registry, "ecr");
    assert.equal(ecr.inputs.repository, "demo/demo");
    assert.equal(ecr.inputs.sourceTag, "1.4.9");
    assert.deepEqual([...(ecr.inputs.tags as string[])].sort(), ["1", "1.4", "latest", "stable"]);
    assert.ok(ecr.options.dependsOn.some((u) => u.endsWith("aws:ecr/repository:Repository::demo-ecr-demo")), "after its ECR repository");
    const hub = pins.get("demo-pins-pin-stable-demo-dockerhub")!;
    assert.equal(hub.inputs.repository, "demoorg/demo");
    assert.ok(hub.options.dependsOn.includes(ecr.urn), "Docker Hub after ECR");
    const variable = ofType(resources, "github:index/actionsVariable:ActionsVariable");
    assert.deepEqual([...variable.values()].map((v) => [v.inputs.variableName, v.inputs.value]), [["STABLE_PIN", "1.4.9"]]);
    // Credentials never travel as inputs.
    for (const r of pins.values()) assert.ok(!/token|password|secret/i.test(JSON.stringify(r.inputs).replace(/__provider":"[^"]*"/, "")), r.name);
  });

  it("config refuses a pin that is not a version of its channel", () => {
    const c = baseConfig();
    c.channels = { stable: { pin: "v1.4.9" }, beta: { pin: "1.5.0" } };
    const result = parseConfigObject(c);
    assert.ok(!result.ok);
    assert.deepEqual(result.problems.map((p) => p.path), ["release-infra:channels.beta.pin", "release-infra:channels.stable.pin"]);
  });
});
