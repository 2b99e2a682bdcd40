import assert from "node:assert/strict";
import { CONFIG_DOCS } from "../../../lib/config/docs";
import { configFields } from "../../../lib/config/fields";
import { SECRET_KEYS } from "../../../lib/config/schema";
import { typeText } from "../../../lib/docs/config";

describe("config field docs (lib/config/docs.ts)", () => {
  const fields = configFields();
  const paths = [...fields.map((f) => f.path), ...SECRET_KEYS];

  it("describe every schema field and secret key", () => {
    const missing = paths.filter((path) => CONFIG_DOCS[path] === undefined);
    assert.deepEqual(missing, [], `add an entry to lib/config/docs.ts for ${missing.join(", ")}`);
  });

  it("name no field the schema does not have", () => {
    const known = new Set(paths);
    const stale = Object.keys(CONFIG_DOCS).filter((path) => !known.has(path));
    assert.deepEqual(stale, [], `lib/config/docs.ts describes fields the schema does not have: ${stale.join(", ")}`);
  });

  it("say what leaving out an optional field means exactly where the schema gives no default", () => {
    for (const field of fields) {
      const doc = CONFIG_DOCS[field.path]!;
      const needsUnset = !field.required && field.default === undefined;
      assert.equal(doc.unset !== undefined, needsUnset, `${field.path}: ${needsUnset ? "add" : "remove"} its unset`);
    }
    for (const key of SECRET_KEYS) assert.ok(CONFIG_DOCS[key]!.unset, `${key}: say what an unset secret means`);
  });

  it("fit in one table cell each", () => {
    for (const [path, doc] of Object.entries(CONFIG_DOCS)) {
      for (const text of [doc.what, doc.unset ?? ""]) assert.doesNotMatch(text, /[\r\n]/, path);
      assert.notEqual(doc.what.trim(), "", path);
    }
  });

  it("leave no field's type to the fallback: JSON Schema says what each accepts", () => {
    for (const field of fields) assert.doesNotMatch(typeText(field.json), /any value/, field.path);
  });
});
