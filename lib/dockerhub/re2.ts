/**
 * Docker Hub's immutable-tag rules, read the way Docker Hub reads them: as Go
 * RE2 regular expressions (docker/docs
 * content/manuals/docker-hub/repos/manage/hub-images/immutable-tags.md; the
 * syntax is Go's regexp package: no lookarounds, no backreferences, inline
 * flags such as `(?i)`). JavaScript's RegExp is a different dialect both ways
 * (it takes `(?=...)` and `\1`, refuses `(?i)`, reads `[[:alpha:]]` as a
 * class of `:`, `a`, `l`... followed by `]`), so every
 * validation and every match of a rule goes through this module, backed by
 * re2js, a port of RE2 whose parser gives Go's error messages.
 *
 * Anchoring: the docs do not say whether Hub matches a rule against the whole
 * tag or anywhere in it (Go's `regexp.MatchString` would find `1\.5` inside
 * `1.5.0`). The project therefore writes its rules anchored (`^...$`), which
 * mean the same under both readings, and matches rules against the whole tag
 * by default: a rule `1\.5` matches `1.5` and not `1.5.0`.
 * The emulator can match anywhere instead, to test that our rules do not
 * depend on the choice (ASSUMPTIONS.md #18).
 */
import { RE2JS, RE2JSSyntaxException } from "re2js";

/** Whether a rule must match the whole tag, or any part of it (Go's `regexp.MatchString`). */
export type RuleAnchoring = "whole-tag" | "anywhere";

/**
 * JavaScript constructs Go's parser refuses, by how its error quotes them,
 * with the reason in words. Go quotes a lookbehind as an invalid named
 * capture (`(?<=` starts like `(?<name>`), which would puzzle a reader.
 */
const UNSUPPORTED: readonly { readonly quoted: RegExp; readonly construct: string }[] = [
  { quoted: /^\(\?=/, construct: "a lookahead (?=...): RE2 has no lookarounds" },
  { quoted: /^\(\?!/, construct: "a negative lookahead (?!...): RE2 has no lookarounds" },
  { quoted: /^\(\?<=/, construct: "a lookbehind (?<=...): RE2 has no lookarounds" },
  { quoted: /^\(\?<!/, construct: "a negative lookbehind (?<!...): RE2 has no lookarounds" },
  { quoted: /^\\[1-9]$/, construct: "a backreference: RE2 has no backreferences" },
  { quoted: /^\\k$/, construct: "a named backreference \\k<name>: RE2 has no backreferences" },
  { quoted: /^\(\?>/, construct: "an atomic group (?>...): RE2 has none" },
];

/** The compiled rule, or why Go's parser refuses it. */
function parse(rule: string): RE2JS | string {
  try {
    // No flags: RE2JS.LOOKBEHINDS is re2js's own extension, which Go lacks.
    return RE2JS.compile(rule);
  } catch (error) {
    if (!(error instanceof RE2JSSyntaxException)) throw error;
    const known = UNSUPPORTED.find((u) => u.quoted.test(error.input ?? ""));
    return known === undefined ? error.message : `${error.message} (${known.construct})`;
  }
}

/**
 * Why Docker Hub (Go's RE2) would refuse `rule`, or `undefined` when it
 * parses: Go's own parser message, then the construct in words where it is
 * a JavaScript feature RE2 lacks.
 */
export function re2Problem(rule: string): string | undefined {
  const parsed = parse(rule);
  return typeof parsed === "string" ? parsed : undefined;
}

/**
 * A matcher for one rule: against the whole tag by default (see the module
 * comment for why). Throws when the rule is not RE2, with {@link re2Problem}'s
 * reason: a rule that cannot be read protects tags nobody can name.
 */
export function compileRe2Rule(rule: string, anchoring: RuleAnchoring = "whole-tag"): (tag: string) => boolean {
  const re = parse(rule);
  if (typeof re === "string") throw new Error(`immutable-tag rule ${JSON.stringify(rule)} is not RE2: ${re}`);
  return anchoring === "whole-tag" ? (tag) => re.matches(tag) : (tag) => re.test(tag);
}
