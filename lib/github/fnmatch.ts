/**
 * The pattern matcher GitHub applies to deployment branch and tag policies and
 * to ruleset ref patterns: Ruby's `File.fnmatch` with `File::FNM_PATHNAME`.
 *
 * - Deployment environments: "Wildcard characters will not match `/`. [...]
 *   For more information about syntax options for deployment branches, see the
 *   Ruby `File.fnmatch` documentation."
 *   https://docs.github.com/en/actions/reference/workflows-and-actions/deployments-and-environments#deployment-branches-and-tags
 * - Rulesets: `*` matches any string of characters except `/`; character sets
 *   `[]` are supported but cannot be complemented with `^`; no brace expansion;
 *   no backslash quoting.
 *   https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/creating-rulesets-for-a-repository#using-fnmatch-syntax
 * - Ruby: https://ruby-doc.org/core-2.5.1/File.html#method-c-fnmatch
 *
 * So the flags are `FNM_PATHNAME | FNM_NOESCAPE`, no `FNM_EXTGLOB` (braces are
 * literal), no `FNM_CASEFOLD`, no `FNM_DOTMATCH`. The code is a port of
 * `fnmatch()`, `fnmatch_helper()` and `bracket()` in Ruby's dir.c, kept in
 * the same shape so the two can be compared line by line:
 *
 * - `*` matches any run of characters except `/`; `?` one character except `/`;
 * - `[...]` one character (never `/`) from a set of characters and ranges
 *   (`[0-9a-f]`); a `-` first or last is literal; an unterminated set matches
 *   nothing;
 * - `**` followed by `/`, at the start of a path segment, matches zero or more
 *   whole segments (`**` + `/foo` matches `foo` and `a/b/foo`);
 * - a wildcard never matches a `.` that starts a segment (Ruby's default
 *   without `FNM_DOTMATCH`): `*` does not match `.hidden`, `.*` does;
 * - every other character, `\`, `{` and `}` included, matches itself.
 *
 * A complemented set (`[!...]`, `[^...]`) throws: GitHub documents that sets
 * cannot be complemented and does not say what it does with one, so this model
 * refuses to guess.
 */
export function fnmatch(pattern: string, name: string): boolean {
  // Code points, as Ruby compares characters, not UTF-16 units. `at` returns ""
  // past the end, standing for C's terminating NUL.
  const p = Array.from(pattern);
  const s = Array.from(name);
  refuseComplementedSets(pattern, p);
  return matchPath(p, s);
}

/**
 * Throws on `[!` or `[^`. A set runs from `[` to the first `]` after it (Ruby
 * never takes a `]` as a member), so a `[` inside a set starts nothing.
 */
function refuseComplementedSets(pattern: string, p: readonly string[]): void {
  for (let i = 0; i < p.length; i++) {
    if (p[i] !== "[") continue;
    if (p[i + 1] === "!" || p[i + 1] === "^") {
      throw new Error(
        `fnmatch pattern ${JSON.stringify(pattern)}: GitHub does not support complemented sets ("[!" or "[^"); list the allowed characters instead`,
      );
    }
    const close = p.indexOf("]", i + 1);
    if (close < 0) return;
    i = close;
  }
}

const at = (chars: readonly string[], i: number): string => chars[i] ?? "";
/** Ruby's `ISEND` under `FNM_PATHNAME`: the end of the string or of a segment. */
const isEnd = (chars: readonly string[], i: number): boolean => i >= chars.length || chars[i] === "/";
const isDoubleStarSlash = (p: readonly string[], i: number): boolean =>
  at(p, i) === "*" && at(p, i + 1) === "*" && at(p, i + 2) === "/";

/** Ruby's `fnmatch()` with `FNM_PATHNAME`: segment by segment, retrying after the last `**` + `/`. */
function matchPath(p: readonly string[], s: readonly string[]): boolean {
  let pi = 0;
  let si = 0;
  let ptmp = -1;
  let stmp = -1;
  for (;;) {
    if (isDoubleStarSlash(p, pi)) {
      do pi += 3;
      while (isDoubleStarSlash(p, pi));
      ptmp = pi;
      stmp = si;
    }
    const segment = matchSegment(p, pi, s, si);
    if (segment.matched) {
      pi = segment.pi;
      si = segment.si;
      while (si < s.length && s[si] !== "/") si++;
      if (pi < p.length && si < s.length) {
        pi++;
        si++;
        continue;
      }
      if (pi >= p.length && si >= s.length) return true;
    }
    // The last `**` + `/` swallows one more segment, unless it is hidden.
    if (ptmp >= 0 && at(s, stmp) !== ".") {
      while (stmp < s.length && s[stmp] !== "/") stmp++;
      if (stmp < s.length) {
        pi = ptmp;
        stmp++;
        si = stmp;
        continue;
      }
    }
    return false;
  }
}

interface SegmentMatch {
  readonly matched: boolean;
  readonly pi: number;
  readonly si: number;
}

/** Ruby's `fnmatch_helper()`: one segment, backtracking to the last `*`. */
function matchSegment(p: readonly string[], pi: number, s: readonly string[], si: number): SegmentMatch {
  const done = (matched: boolean): SegmentMatch => ({ matched, pi, si });
  if (at(s, si) === "." && at(p, pi) !== ".") return done(false);
  let ptmp = -1;
  let stmp = -1;
  for (;;) {
    const c = at(p, pi);
    if (c === "*") {
      do pi++;
      while (at(p, pi) === "*");
      if (isEnd(p, pi)) return done(true);
      if (isEnd(s, si)) return done(false);
      ptmp = pi;
      stmp = si;
      continue;
    }
    if (c === "?") {
      if (isEnd(s, si)) return done(false);
      pi++;
      si++;
      continue;
    }
    if (c === "[") {
      if (isEnd(s, si)) return done(false);
      const next = matchSet(p, pi + 1, at(s, si));
      if (next >= 0) {
        pi = next;
        si++;
        continue;
      }
    } else {
      if (isEnd(s, si)) return done(isEnd(p, pi));
      if (!isEnd(p, pi) && c === s[si]) {
        pi++;
        si++;
        continue;
      }
    }
    // No match here: let the last `*` take one more character.
    if (ptmp < 0) return done(false);
    pi = ptmp;
    stmp++;
    si = stmp;
  }
}

/**
 * Ruby's `bracket()` without `!`/`^` (refused up front): whether `ch` is in
 * the set that starts at `p[pi]` (just after `[`). Returns the index after the
 * closing `]`, or -1 when `ch` is not in the set or the set is unterminated.
 * Like Ruby, a `]` right after `[` closes an empty set.
 */
function matchSet(p: readonly string[], pi: number, ch: string): number {
  if (pi >= p.length) return -1;
  let ok = false;
  while (at(p, pi) !== "]") {
    const t1 = pi;
    if (t1 >= p.length) return -1;
    pi = t1 + 1;
    if (pi >= p.length) return -1;
    if (at(p, pi) === "-" && at(p, pi + 1) !== "]") {
      const t2 = pi + 1;
      if (t2 >= p.length) return -1;
      pi = t2 + 1;
      if (ok) continue;
      const low = at(p, t1);
      const high = at(p, t2);
      // Ruby tests both ends for equality first, so a reversed range `[z-a]`
      // still matches `z` and `a`.
      if (ch === low || ch === high) ok = true;
      else {
        const code = ch.codePointAt(0)!;
        ok = code >= low.codePointAt(0)! && code <= high.codePointAt(0)!;
      }
    } else if (!ok) {
      ok = at(p, t1) === ch;
    }
  }
  return ok ? pi + 1 : -1;
}
