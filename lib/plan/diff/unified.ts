/*
 * Unified diffs of the generated files, as `diff -u` writes them, from a
 * shortest edit script (Myers) over lines.
 */

/** One line of an edit script: kept, removed from the old text or added in the new one. */
interface Edit {
  readonly op: " " | "-" | "+";
  readonly line: string;
}

/** Lines with their terminators kept, so a missing final newline is a difference like any other. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

// Past this many differing lines the edit script is "remove all, add all": still a
// correct diff, and the search stays within O(MAX_EDITS^2) memory.
const MAX_EDITS = 4000;

/**
 * The shortest edit script from `a` to `b` (Myers, "An O(ND) Difference
 * Algorithm and Its Variations", 1986), after setting aside the common prefix
 * and suffix: the forward pass keeps, per edit count, the furthest reaching
 * path on each diagonal; the backtrack walks them back from the end.
 */
function editScript(a: readonly string[], b: readonly string[]): Edit[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  const keep = (lines: readonly string[]): Edit[] => lines.map((line) => ({ op: " ", line }));
  const middle = myers(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix));
  return [...keep(a.slice(0, prefix)), ...middle, ...keep(a.slice(a.length - suffix))];
}

function myers(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  // v[k] (stored at v[k + offset]) is the furthest x reached on diagonal k = x - y.
  const offset = max + 1;
  const v = new Array<number>(2 * max + 3).fill(0);
  // trace[d] holds v for diagonals -(d+1)..d+1 as it was before round d.
  const trace: number[][] = [];
  let found = n + m === 0;
  const down = (at: (k: number) => number, k: number, d: number) => k === -d || (k !== d && at(k - 1) < at(k + 1));
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = down((j) => v[offset + j]!, k, d) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return [...a.map((line): Edit => ({ op: "-", line })), ...b.map((line): Edit => ({ op: "+", line }))];
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const vd = trace[d]!;
    const at = (j: number) => vd[j + d + 1]!;
    const k = x - y;
    const prevK = down(at, k, d) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      edits.push({ op: " ", line: a[--x]! });
      y--;
    }
    if (x === prevX) edits.push({ op: "+", line: b[--y]! });
    else edits.push({ op: "-", line: a[--x]! });
  }
  // Round 0 is the snake from the origin.
  while (x > 0) edits.push({ op: " ", line: a[--x]! });
  return edits.reverse();
}

/** Where a hunk starts and how many lines it covers, as `@@` headers write it. */
function range(start: number, count: number): string {
  // An empty range names the line before it (GNU diff, POSIX `diff -u`).
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}

/** Unchanged lines around each change, as `diff -u` shows them. */
const CONTEXT = 3;

/** The names {@link unifiedDiff} writes on its `---` and `+++` lines. */
export interface UnifiedDiffNames {
  readonly oldName: string;
  readonly newName: string;
}

/**
 * A unified diff of two texts, as `diff -u` writes it (`---`/`+++` headers,
 * `@@ -l,s +l,s @@` hunks with three lines of context, `\ No newline at end
 * of file`); "" when they are equal.
 */
export function unifiedDiff(oldText: string, newText: string, { oldName, newName }: UnifiedDiffNames): string {
  if (oldText === newText) return "";
  const edits = editScript(splitLines(oldText), splitLines(newText));
  const out = [`--- ${oldName}\n`, `+++ ${newName}\n`];
  // Positions (old line, new line) before each edit, so a hunk can name where it starts.
  const positions: { a: number; b: number }[] = [];
  let a = 0;
  let b = 0;
  for (const e of edits) {
    positions.push({ a, b });
    if (e.op !== "+") a++;
    if (e.op !== "-") b++;
  }
  let i = 0;
  while (i < edits.length) {
    if (edits[i]!.op === " ") {
      i++;
      continue;
    }
    const start = Math.max(0, i - CONTEXT);
    let end = i;
    // Extend the hunk while the next change is close enough that the contexts would touch.
    for (;;) {
      while (end < edits.length && edits[end]!.op !== " ") end++;
      let next = end;
      while (next < edits.length && edits[next]!.op === " ") next++;
      if (next < edits.length && next - end <= 2 * CONTEXT) end = next;
      else {
        end = Math.min(edits.length, end + CONTEXT);
        break;
      }
    }
    const hunk = edits.slice(start, end);
    const from = positions[start]!;
    out.push(
      `@@ -${range(from.a, hunk.filter((e) => e.op !== "+").length)} +${range(from.b, hunk.filter((e) => e.op !== "-").length)} @@\n`,
    );
    for (const e of hunk) {
      out.push(e.line.endsWith("\n") ? `${e.op}${e.line}` : `${e.op}${e.line}\n\\ No newline at end of file\n`);
    }
    i = end;
  }
  return out.join("");
}
