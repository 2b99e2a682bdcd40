import assert from "node:assert/strict";
import fc from "fast-check";
import { dockerHubImmutableTagRules } from "../../../lib/channels/mutability";
import { DEFAULT_MODEL } from "../../support/tag-schemes";
import { IMMUTABLE_TAG_SHAPES } from "../../../lib/channels/shapes";
import { immutableRuleProblem } from "../../../lib/dockerhub/names";
import { compileRe2Rule, re2Problem } from "../../../lib/dockerhub/re2";
import { checkRepository } from "../../../providers/dockerhub/inputs";

describe("Docker Hub immutable-tag rules: Go RE2", () => {
  for (const [rule, what] of [
    ["(?i)beta", "a case-insensitive flag"],
    ["(?s)a.b", "the dot-matches-newline flag"],
    ["(?i:beta)-[0-9]+", "a flag group"],
    ["\\pL+", "a one-letter Unicode class"],
    ["\\p{Greek}+", "a named Unicode class"],
    ["[[:alpha:]]+", "a POSIX class"],
    ["(?P<major>[0-9]+)\\.[0-9]+", "a Python-style named group"],
    ["(?<major>[0-9]+)\\.[0-9]+", "an angle-bracket named group (Go 1.22 and later)"],
    ["\\Q1.5\\E", "a quoted literal"],
  ] as const) {
    it(`accepts ${what}: ${rule}`, () => {
      assert.equal(re2Problem(rule), undefined);
    });
  }

  for (const [rule, construct] of [
    ["(?=1)[0-9.]+", "a lookahead (?=...): RE2 has no lookarounds"],
    ["(?!latest)[a-z]+", "a negative lookahead (?!...): RE2 has no lookarounds"],
    ["(?<=v)[0-9]+", "a lookbehind (?<=...): RE2 has no lookarounds"],
    ["(?<!v)[0-9]+", "a negative lookbehind (?<!...): RE2 has no lookarounds"],
    ["([0-9])\\.\\1", "a backreference: RE2 has no backreferences"],
    ["(?<n>[0-9])\\k<n>", "a named backreference \\k<name>: RE2 has no backreferences"],
    ["(?>[0-9]+)", "an atomic group (?>...): RE2 has none"],
  ] as const) {
    it(`refuses ${rule}, naming the construct`, () => {
      const problem = re2Problem(rule) ?? "";
      assert.match(problem, /^error parsing regexp: /);
      assert.ok(problem.endsWith(`(${construct})`), problem);
    });
  }

  for (const [rule, message] of [
    ["v(1", "error parsing regexp: missing closing ): `v(1`"],
    ["a)(b", "error parsing regexp: unexpected ): `a)(b`"],
    ["[0-9]++", "error parsing regexp: invalid nested repetition operator: `++`"],
    ["(?x)1 \\. 5", "error parsing regexp: invalid or unsupported Perl syntax: `(?x`"],
    ["\\u0031", "error parsing regexp: invalid escape sequence: `\\u`"],
  ] as const) {
    it(`refuses ${rule} with Go's parser message`, () => {
      assert.equal(re2Problem(rule), message);
    });
  }

  it("matches the whole tag by default: 1\\.5 matches 1.5, not 1.5.0 or v1.5", () => {
    const matches = compileRe2Rule("1\\.5");
    assert.deepEqual(
      ["1.5", "1.5.0", "v1.5", "11.5"].map((tag) => matches(tag)),
      [true, false, false, false],
    );
  });

  it("matches anywhere in the tag when asked, as Go's regexp.MatchString would", () => {
    const matches = compileRe2Rule("1\\.5", "anywhere");
    assert.deepEqual(
      ["1.5", "1.5.0", "v1.5", "2.0"].map((tag) => matches(tag)),
      [true, true, true, false],
    );
  });

  it("takes the whole tag with an alternation: a|ab matches ab", () => {
    assert.equal(compileRe2Rule("a|ab")("ab"), true);
  });

  it("reads (?i)beta as case-insensitive: it matches BETA and Beta", () => {
    const matches = compileRe2Rule("(?i)beta");
    assert.deepEqual(
      ["BETA", "Beta", "beta", "betas"].map((tag) => matches(tag)),
      [true, true, true, false],
    );
  });

  it("refuses to compile a rule RE2 refuses, quoting the rule and the reason", () => {
    assert.throws(() => compileRe2Rule("(?=1)1"), /immutable-tag rule "\(\?=1\)1" is not RE2: .*lookahead/);
  });

  describe("the channel model's rules", () => {
    const rules = [...new Set([...dockerHubImmutableTagRules(DEFAULT_MODEL), ...Object.values(IMMUTABLE_TAG_SHAPES)])];
    // Near misses as well as hits: leading zeros, 2 or 4 parts, short dates and hashes.
    const part = fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 20 }).map(String), weight: 4 },
      fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
      fc.constantFrom("00", "01", "007"),
    );
    const parts = (n: number) => fc.array(part, { minLength: n, maxLength: n }).map((p) => p.join("."));
    const core = fc.oneof({ arbitrary: parts(3), weight: 3 }, fc.integer({ min: 1, max: 4 }).chain(parts));
    const date = fc.stringMatching(/^[0-9]{7,9}$/);
    const suffix = fc.oneof(
      { arbitrary: fc.constant(""), weight: 2 },
      part.map((n) => `-beta.${n}`),
      fc.tuple(date, fc.stringMatching(/^[0-9a-f]{6,41}$/)).map(([d, sha]) => `-nightly.${d}.${sha}`),
      fc.constantFrom("-rc.1", "-BETA.1", ".0", "x"),
    );
    const tag = fc.oneof(
      { arbitrary: fc.tuple(fc.constantFrom("", "", "v"), core, suffix).map((p) => p.join("")), weight: 4 },
      date.map((d) => `nightly-${d}`),
      // Docker's tag grammar: [\w][\w.-]{0,127}
      fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,40}$/),
    );

    it("are RE2, and the Docker Hub ones pass immutableRuleProblem", () => {
      for (const rule of rules) assert.equal(re2Problem(rule), undefined, rule);
      for (const rule of dockerHubImmutableTagRules(DEFAULT_MODEL))
        assert.equal(immutableRuleProblem(rule), undefined, rule);
    });

    it("match the same tags under RE2, whole-tag or anywhere, as under JavaScript", () => {
      const readings = rules.map((rule) => ({
        rule,
        js: new RegExp(rule),
        whole: compileRe2Rule(rule),
        anywhere: compileRe2Rule(rule, "anywhere"),
      }));
      fc.assert(
        fc.property(tag, (t) => {
          for (const r of readings) {
            const expected = r.js.test(t);
            assert.equal(r.whole(t), expected, `${r.rule} on ${t}`);
            assert.equal(r.anywhere(t), expected, `${r.rule} anywhere on ${t}`);
          }
        }),
        { numRuns: 1000 },
      );
    });
  });

  describe("in config validation (the provider's check)", () => {
    const reasons = (rules: string[]) =>
      (checkRepository({ namespace: "cortex", name: "cortex", immutableTagRules: rules }).failures ?? []).map(
        (f) => `${f.property}: ${f.reason}`,
      );

    it("refuses a lookahead and a backreference, each by index with the construct named", () => {
      const text = reasons(["(?![0-9]+$)[0-9.]+", "([0-9]+)\\.\\1\\.[0-9]+"]);
      assert.equal(text.length, 1);
      assert.match(
        text[0]!,
        /^immutableTagRules: .*\[0\] "\(\?!\[0-9\]\+\$\)\[0-9\.\]\+" is not a regular expression Docker Hub accepts \(Go RE2 syntax\): .*negative lookahead/,
      );
      assert.match(
        text[0]!,
        /\[1\] ".*" is not a regular expression Docker Hub accepts \(Go RE2 syntax\): .*backreference/,
      );
    });

    it("accepts (?i) rules JavaScript would refuse, and still applies rule D2 to them", () => {
      assert.deepEqual(reasons(["(?i)[0-9]+\\.[0-9]+\\.[0-9]+-RC"]), []);
      assert.match(immutableRuleProblem("(?i)LATEST") ?? "", /matches the moving tag "latest"/);
    });
  });
});
