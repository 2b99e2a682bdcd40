import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { CONFIG_KEYS, parseConfigMap, SECRET_KEYS } from "../../lib/config";
import { parseStackFile } from "../../lib/plan";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");

describe("project files", () => {
  it("Pulumi.yaml describes every config key and declares each secret key as a secret", () => {
    const text = read("Pulumi.yaml");
    const doc = YAML.parse(text) as {
      name: string;
      config: Record<string, { type: string; secret?: boolean; description?: string }>;
    };
    assert.equal(doc.name, "release-infra");
    for (const key of CONFIG_KEYS)
      assert.match(text, new RegExp(`^#\\s+release-infra:${key}\\s`, "m"), `release-infra:${key} is not described`);
    for (const key of SECRET_KEYS) {
      const decl = doc.config[`release-infra:${key}`];
      assert.ok(decl, `release-infra:${key} is not declared`);
      assert.equal(decl.secret, true);
      assert.equal(decl.type, "string");
      assert.ok((decl.description ?? "").length > 20);
    }
  });

  it("Pulumi.prod.yaml is valid and marks its people as examples", () => {
    const text = read("Pulumi.prod.yaml");
    const result = parseConfigMap(parseStackFile(text, "Pulumi.prod.yaml").config);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    assert.ok(result.config.people.every((p) => p.github.endsWith("-example")));
    assert.match(text, /EXAMPLE PEOPLE/);
  });
});
