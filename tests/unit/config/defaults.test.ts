import assert from "node:assert/strict";
import { z } from "zod";
import { CONFIG_DEFAULTS, RETENTION_RANGES } from "../../../lib/config/defaults";
import { configFields } from "../../../lib/config/fields";
import { parseConfigObject } from "../../../lib/config";
import { retentionIntent } from "../../../lib/registries/retention";
import { DEFAULT_RETENTION } from "../../../lib/retention/intent";
import { baseConfig } from "../../support/program";

describe("config defaults, written once in the schema", () => {
  it("a map's own default is what its fields' defaults make, so leaving it out equals writing it empty", () => {
    let checked = 0;
    for (const field of configFields()) {
      if (field.shape !== "map" || field.default === undefined) continue;
      const fromFields = z.safeParse(field.schema, {});
      if (!fromFields.success) continue; // a required field inside: the map's default is the only one
      assert.deepEqual(field.default.value, fromFields.data, `${field.path}: its .default() differs from its fields'`);
      checked += 1;
    }
    assert.ok(checked >= 10, `only ${checked} maps checked`);
  });

  it("DEFAULT_RETENTION is the retention of a stack that configures none", () => {
    const result = parseConfigObject(baseConfig());
    assert.ok(result.ok);
    assert.deepEqual(DEFAULT_RETENTION, retentionIntent(result.config));
  });

  it("the workflow and schedule defaults are those of a stack that configures none", () => {
    const result = parseConfigObject(baseConfig());
    assert.ok(result.ok);
    assert.equal(CONFIG_DEFAULTS.runner, result.config.workflows.runner);
    assert.deepEqual(CONFIG_DEFAULTS.scanSeverity, result.config.workflows.scanSeverity);
    assert.equal(CONFIG_DEFAULTS.nightlySchedule, result.config.channels.nightly.schedule);
  });

  it("retention ranges are the schema's, for every field they check", () => {
    const range = (path: string) => {
      const json = configFields().find((f) => f.path === path)!.json;
      return { min: json.minimum, max: json.maximum };
    };
    assert.deepEqual(range("channels.beta.retention.keepLast"), RETENTION_RANGES.keepLast);
    assert.deepEqual(range("channels.nightly.retention.maxAgeDays"), RETENTION_RANGES.days);
    assert.deepEqual(range("registries.ecr.untaggedMaxAgeDays"), RETENTION_RANGES.days);
  });
});
