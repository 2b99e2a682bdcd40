import assert from "node:assert/strict";
import { z } from "zod";
import { configFields } from "../../../lib/config/fields";
import { NAMESPACE } from "../../../lib/config/problems";
import { configTable, pulumiYamlKeys, typeText, yamlValue } from "../../../lib/docs/config";

const typeOf = (schema: z.ZodType) => typeText(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }));

const DOCS_BUILD_CACHE =
  '`"registry"`: each image, channel and platform keeps a BuildKit cache in the channel\'s ECR repository under the tag `buildcache-<channel>-<platform>`, which retention keeps and no prune deletes. `"none"`: every build starts from scratch.';

describe("the configuration docs generator", () => {
  it("reads fields, nesting, requiredness and defaults from the schema, past refinements, transforms and prefaults", () => {
    const fields = configFields({
      key: z
        .strictObject({
          cron: z
            .string()
            .default("17 3 * * *")
            .superRefine(() => undefined),
          count: z
            .string()
            .transform((s) => Number(s))
            .optional(),
          nested: z.strictObject({ depth: z.number().int().min(1).default(2) }).prefault({}),
          items: z.array(z.strictObject({ name: z.string() })).default([]),
        })
        .default({ cron: "17 3 * * *", nested: { depth: 2 }, items: [] }),
    });
    assert.deepEqual(
      fields.map((f) => [f.path, f.shape, f.required, f.default?.value]),
      [
        ["key", "map", false, { cron: "17 3 * * *", nested: { depth: 2 }, items: [] }],
        ["key.cron", "value", false, "17 3 * * *"],
        ["key.count", "value", false, undefined],
        ["key.nested", "map", false, { depth: 2 }],
        ["key.nested.depth", "value", false, 2],
        ["key.items", "list", false, []],
        ["key.items[].name", "value", true, undefined],
      ],
    );
    assert.equal(typeText(fields[2]!.json), "string", "a transform is documented by what a stack writes");
  });

  it("says each type in words, with its range", () => {
    assert.equal(typeOf(z.number().int().min(1).max(3650)), "integer from 1 to 3650");
    assert.equal(typeOf(z.number().int().positive()), "integer of at least 1");
    assert.equal(typeOf(z.number().min(0).max(1)), "number from 0 to 1");
    assert.equal(typeOf(z.string().max(100)), "string of at most 100 characters");
    assert.equal(typeOf(z.string().min(1)), "non-empty string");
    assert.equal(typeOf(z.enum(["a", "b", "c"])), "`a`, `b` or `c`");
    assert.equal(typeOf(z.union([z.boolean(), z.literal("recursive")])), "boolean or `recursive`");
    assert.equal(
      typeOf(z.array(z.string().min(1).max(128)).max(10)),
      "list of strings of 1 to 128 characters, at most 10",
    );
    assert.equal(
      typeOf(z.record(z.string(), z.string().max(1000))),
      "map of string to strings of at most 1000 characters",
    );
    assert.equal(typeOf(z.preprocess((v) => v, z.number())), "number");
    assert.equal(typeOf(z.custom<string>(() => true)), "any value");
  });

  it("writes defaults as a stack writes them in YAML", () => {
    assert.equal(yamlValue("17 3 * * *"), "17 3 * * *");
    assert.equal(yamlValue("{version}"), '"{version}"');
    assert.equal(yamlValue(["CRITICAL", "HIGH"]), "[CRITICAL, HIGH]");
    assert.equal(yamlValue({ keep: "all" }), "{keep: all}");
    assert.equal(yamlValue(""), '""');
  });

  it("has one README row per field and secret key", () => {
    const rows = configTable()
      .split("\n")
      .filter((line) => line.startsWith("| `"));
    assert.equal(rows.length, configFields().length + 2);
    assert.ok(
      rows.includes("| `workflows.buildCache` | `registry` or `none` | `registry` | " + DOCS_BUILD_CACHE + " |"),
    );
  });

  it("keeps Pulumi.yaml's comment within 120 columns, every line a comment, every key listed", () => {
    const lines = pulumiYamlKeys(NAMESPACE).trimEnd().split("\n");
    for (const line of lines) {
      assert.ok(line.startsWith("#"), line);
      assert.ok(line.length <= 120, line);
    }
    const keys = configFields().filter((f) => !f.path.includes("."));
    assert.deepEqual(
      lines.flatMap((l) => /^# {3}(\S+)/.exec(l)?.[1] ?? []),
      keys.map((k) => `${NAMESPACE}:${k.path}`),
    );
  });
});
