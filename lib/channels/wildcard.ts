/**
 * ECR wildcard patterns, as used by tag-mutability exclusion filters and by
 * lifecycle `tagPatternList`: `*` matches any run of characters, empty included,
 * dots included (`*.*` matches `1.2.3`); every other character matches itself.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html#lp_tag_pattern_list
 */

/**
 * Whether `tag` matches the ECR wildcard `pattern` over its whole length.
 *
 * Linear-time greedy matching with one backtrack point (the classic glob
 * algorithm): fast enough for the evaluator on 100,000 images and free of the
 * escaping pitfalls of building a RegExp from user text.
 */
export function matchesWildcard(pattern: string, tag: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < tag.length) {
    if (p < pattern.length && pattern[p] !== "*" && pattern[p] === tag[t]) {
      p += 1;
      t += 1;
    } else if (p < pattern.length && pattern[p] === "*") {
      starP = p;
      starT = t;
      p += 1;
    } else if (starP >= 0) {
      p = starP + 1;
      starT += 1;
      t = starT;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p += 1;
  return p === pattern.length;
}

/** Number of `*` in a pattern (ECR allows at most 4 per lifecycle pattern). */
export function wildcardCount(pattern: string): number {
  let n = 0;
  for (const c of pattern) if (c === "*") n += 1;
  return n;
}

/**
 * A reusable matcher for one ECR wildcard pattern, for hot loops (the
 * evaluator runs every rule against every image). The common shapes
 * (`exact`, `prefix*`, `*suffix`, `*infix*`) become plain string tests; any
 * other pattern an anchored RegExp with every other character escaped. Same
 * answers as {@link matchesWildcard}.
 */
export function compileWildcard(pattern: string): (tag: string) => boolean {
  const parts = pattern.split("*");
  const inner = parts.slice(1, -1);
  if (parts.length === 1) return (tag) => tag === pattern;
  if (inner.every((part) => part === "")) {
    const head = parts[0]!;
    const tail = parts[parts.length - 1]!;
    return (tag) => tag.length >= head.length + tail.length && tag.startsWith(head) && tag.endsWith(tail);
  }
  if (parts.length === 3 && parts[0] === "" && parts[2] === "") {
    const infix = parts[1]!;
    return (tag) => tag.includes(infix);
  }
  const re = new RegExp(`^${wildcardRegex(pattern)}$`);
  return (tag) => re.test(tag);
}

/**
 * Escapes text for a regular expression that JavaScript, Go RE2 and POSIX ERE
 * all read alike (a backslash before each special character, never `\xNN`).
 */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** An ECR wildcard as an unanchored expression: `*` is any run of characters. */
export function wildcardRegex(wildcard: string): string {
  return wildcard.split("*").map(escapeRegex).join("[^]*");
}
