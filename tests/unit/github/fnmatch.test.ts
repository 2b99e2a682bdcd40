import assert from "node:assert/strict";
import fc from "fast-check";
import { fnmatch } from "../../../lib/github/fnmatch";

/** Asserts each [pattern, name, expected] row, naming the row that fails. */
function table(rows: readonly (readonly [string, string, boolean])[]): void {
  for (const [pattern, name, expected] of rows) {
    assert.equal(fnmatch(pattern, name), expected, `fnmatch(${JSON.stringify(pattern)}, ${JSON.stringify(name)})`);
  }
}

describe("fnmatch (Ruby File.fnmatch with FNM_PATHNAME, as GitHub matches refs)", () => {
  it("GitHub's environment examples: `*` never crosses a `/`", () => {
    table([
      ["releases/*", "releases/1.5", true],
      ["releases/*", "releases/1.5/hotfix", false],
      ["release/*/*", "release/1.5/hotfix", true],
      ["release/*/*", "release/1.5", false],
      ["qa/*", "qa/x", true],
      ["qa/*", "qa/x/y", false],
      ["qa/*", "qa/", true],
      ["main", "main", true],
      ["main", "main2", false],
    ]);
  });

  it("Ruby's documented examples (FNM_PATHNAME, no FNM_DOTMATCH or FNM_EXTGLOB)", () => {
    table([
      ["cat", "cat", true],
      ["cat", "category", false],
      ["cat", "CAT", false],
      ["c{at,ub}s", "cats", false],
      ["c{at,ub}s", "c{at,ub}s", true],
      ["c?t", "cat", true],
      ["c??t", "cat", false],
      ["c*", "cats", true],
      ["c*t", "c/a/b/t", false],
      ["ca[a-z]", "cat", true],
      ["*", "/", false],
      ["?", "/", false],
      ["[/]", "/", false],
      ["*", ".profile", false],
      [".*", ".profile", true],
      ["*/*", "dave/.profile", false],
      ["**/*.rb", "main.rb", true],
      ["**/*.rb", "lib/song.rb", true],
      ["**/*.rb", "./main.rb", false],
      ["**/foo", "a/b/c/foo", true],
      ["**/foo", "/a/b/c/foo", true],
      ["**/foo", "c:/a/b/c/foo", true],
      ["**/foo", "a/.b/c/foo", false],
      ["**.rb", "lib/song.rb", false],
    ]);
  });

  it("a set `[...]` is exactly one character: a range, a list, or a literal `-` at either end", () => {
    table([
      ["[0-9]", "7", true],
      ["[0-9]", "12", false],
      ["[0-9]", "", false],
      ["[0-9]", "a", false],
      ["v[0-9].[0-9]", "v1.2", true],
      ["v[0-9].[0-9]", "v1.23", false],
      ["[0-9a-f]", "c", true],
      ["[ab]", "b", true],
      ["[a-]", "-", true],
      ["[-a]", "-", true],
      ["[z-a]", "z", true],
      ["[z-a]", "m", false],
      ["[]", "]", false],
      ["[0-9", "[0-9", false],
      ["[0-9", "1", false],
    ]);
  });

  it("treats backslashes and braces literally (GitHub: no backslash quoting, no brace expansion)", () => {
    table([
      ["a\\*", "a\\b", true],
      ["a\\*", "a*", false],
      ["\\?", "\\x", true],
      ["{a,b}", "a", false],
    ]);
  });

  it("refuses complemented sets, which GitHub does not support", () => {
    assert.throws(() => fnmatch("v[!0-9]", "va"), /complemented sets/);
    assert.throws(() => fnmatch("[^a]", "b"), /complemented sets/);
    assert.equal(fnmatch("[a^]", "^"), true);
    assert.equal(fnmatch("[[]!", "[!"), true);
  });

  it("matches a pattern without wildcards against exactly itself", () => {
    const name = fc.string({ unit: fc.constantFrom("a", "b", ".", "-", "/", "{", "}", "\\"), maxLength: 12 });
    fc.assert(
      fc.property(name, name, (a, b) => {
        // Ruby: a leading-dot segment is hidden only from wildcards; literals match it.
        assert.equal(fnmatch(a, b), a === b);
      }),
    );
  });

  it("agrees with a regular expression of the same pattern on names without dots (`*` is [^/]*, `?` is [^/])", () => {
    const unit = fc.constantFrom("a", "b", "1", "-", "/");
    const pattern = fc.string({
      unit: fc.constantFrom("a", "b", "1", "-", "/", "*", "?", "[0-9]", "[ab]"),
      maxLength: 8,
    });
    fc.assert(
      fc.property(pattern, fc.string({ unit, maxLength: 10 }), (p, name) => {
        if (p.includes("**/")) return;
        const source = p
          .replace(/\[0-9\]|\[ab\]|\*|\?|-/g, (token) =>
            token === "*" ? "[^/]*" : token === "?" ? "[^/]" : token === "-" ? "\\-" : token,
          )
          .replace(/\//g, "\\/");
        assert.equal(fnmatch(p, name), new RegExp(`^${source}$`).test(name), `${p} vs ${name}`);
      }),
    );
  });
});
