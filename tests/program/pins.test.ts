import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { parseConfigObject } from "../../lib/config";
import { getEngine } from "../support/engine";
import { baseConfig, ofType, runProgram } from "../support/program";

const MOVING = "pulumi-nodejs:dynamic/retag:MovingTags";
const DAY_MS = 86_400_000;

/** A nightly version built `days` days before today (UTC). */
function nightlyBuilt(days: number): string {
  const date = new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10).replaceAll("-", "");
  return `1.5.0-nightly.${date}.ab12cd3`;
}

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
    // The provider judges the version against stable's retention before it moves a tag.
    assert.equal(ecr.inputs.channel, "stable");
    assert.deepEqual(ecr.inputs.retention, { keep: "all" });
    assert.deepEqual([...(ecr.inputs.tags as string[])].sort(), ["1", "1.4", "latest", "stable"]);
    assert.ok(
      ecr.options.dependsOn.some((u) => u.endsWith("aws:ecr/repository:Repository::demo-ecr-demo")),
      "after its ECR repository",
    );
    const hub = pins.get("demo-pins-pin-stable-demo-dockerhub")!;
    assert.equal(hub.inputs.repository, "demoorg/demo");
    assert.ok(hub.options.dependsOn.includes(ecr.urn), "Docker Hub after ECR");
    const variable = ofType(resources, "github:index/actionsVariable:ActionsVariable");
    assert.deepEqual(
      [...variable.values()].map((v) => [v.inputs.variableName, v.inputs.value]),
      [["STABLE_PIN", "1.4.9"]],
    );
    // Credentials never travel as inputs.
    for (const r of pins.values())
      assert.ok(!/token|password|secret/i.test(JSON.stringify(r.inputs).replace(/__provider":"[^"]*"/, "")), r.name);
  });

  it("config refuses a pin that is not a version of its channel", () => {
    const c = baseConfig();
    c.channels = { stable: { pin: "v1.4.9" }, beta: { pin: "1.5.0" } };
    const result = parseConfigObject(c);
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => p.path),
      ["release-infra:channels.beta.pin", "release-infra:channels.stable.pin"],
    );
  });

  describe("a nightly pin retention would not keep", () => {
    it("is refused before anything is registered, naming the pin, the limit and what to pin instead", async () => {
      const c = baseConfig();
      c.channels = { nightly: { pin: nightlyBuilt(20) } };
      await assert.rejects(runProgram(c), (err: unknown) => {
        assert.ok(err instanceof pulumi.RunError);
        assert.match(err.message, /^the stack configuration has 1 problem; nothing was changed:/);
        assert.match(
          err.message,
          /release-infra:channels\.nightly\.pin: 1\.5\.0-nightly\.\d{8}\.ab12cd3 is more than 14 days old, past what nightly retention keeps \(channels\.nightly\.retention\.maxAgeDays\)/,
        );
        assert.match(
          err.message,
          /pin a nightly from the last 14 days, or pin the beta or stable channel instead \(stable releases are kept forever\)/,
        );
        return true;
      });
      assert.deepEqual(
        getEngine().resources.map((r) => r.type),
        ["pulumi:pulumi:StackReference"],
      );
    });

    it("follows the configured retention: 20 days old is kept under maxAgeDays 30, which the provider is given too", async () => {
      const c = baseConfig();
      c.channels = { nightly: { pin: nightlyBuilt(20), retention: { maxAgeDays: 30 } } };
      const { resources } = await runProgram(c);
      const pins = [...ofType(resources, MOVING).values()];
      assert.deepEqual(
        pins.map((r) => [r.inputs.channel, r.inputs.retention]),
        [
          ["nightly", { maxAgeDays: 30 }],
          ["nightly", { maxAgeDays: 30 }],
        ],
      );
    });

    it("accepts one built today, and exports it as the pin in place", async () => {
      const c = baseConfig();
      const version = nightlyBuilt(0);
      c.channels = { nightly: { pin: version } };
      const { resources, outputs } = await runProgram(c);
      assert.deepEqual(
        [...ofType(resources, MOVING).values()].map((r) => r.inputs.sourceTag),
        [version, version],
      );
      assert.deepEqual(outputs.pins, { nightly: version });
    });

    it("is not refused once it is in place: the pinned image holds the nightly tag, which retention keeps", async () => {
      const c = baseConfig();
      const version = nightlyBuilt(20);
      c.channels = { nightly: { pin: version } };
      const { resources } = await runProgram(c, { previousOutputs: { pins: { nightly: version } } });
      assert.equal(ofType(resources, MOVING).size, 2);
      // Another old nightly is a new pin, judged again.
      c.channels = { nightly: { pin: nightlyBuilt(21) } };
      await assert.rejects(
        runProgram(c, { previousOutputs: { pins: { nightly: version } } }),
        /channels\.nightly\.pin: .* more than 14 days old/,
      );
    });

    it("reports the pin and a mass removal together", async () => {
      const c = baseConfig();
      c.channels = { nightly: { pin: nightlyBuilt(30) } };
      const before = await runProgram(baseConfig());
      c.people = c.people.slice(0, 2);
      await assert.rejects(runProgram(c, { previousOutputs: before.outputs }), (err: unknown) => {
        assert.match(String(err), /channels\.nightly\.pin: /);
        assert.match(String(err), /this change would remove \d+ of the \d+ grants deployed now/);
        return true;
      });
    });

    it("refuses to guess when the deployed pins output is malformed", async () => {
      const c = baseConfig();
      await assert.rejects(
        runProgram(c, { previousOutputs: { pins: { nightly: 7 } } }),
        /the last deployment's "pins" output is not a map of channel to version/,
      );
      await assert.rejects(
        runProgram(c, { previousOutputs: { pins: { weekly: "1.0.0" } } }),
        /"pins" output is not a map/,
      );
    });

    it("exports no pins when none is set", async () => {
      assert.deepEqual((await runProgram(baseConfig())).outputs.pins, {});
    });
  });
});
