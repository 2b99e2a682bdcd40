/*
 * GitHub Actions expressions (`${{ ... }}`) read into a small syntax tree, so
 * rules judge what an expression does rather than how it is spelled:
 * `toJSON(SECRETS)`, `secrets['X']` and `github['head_ref']` are the contexts
 * they look like. The grammar and the splitting of a value into literal text
 * and `${{ }}` segments follow GitHub's own parser (@actions/expressions and
 * @actions/workflow-parser's template reader); the evaluator only folds
 * constants, it never guesses a context's value.
 * https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/evaluate-expressions-in-workflows-and-actions
 */

/** A parsed expression. Function and context names are lower-cased: GitHub compares them case-insensitively. */
export type Expr =
  | { readonly kind: "literal"; readonly value: null | boolean | number | string }
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "member"; readonly object: Expr; readonly name: string }
  | { readonly kind: "index"; readonly object: Expr; readonly index: Expr }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: "not"; readonly operand: Expr }
  | { readonly kind: "binary"; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr };

type BinaryOp = "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=";

/** One part of a value: literal text, or the source of a `${{ }}` expression (without the braces). */
export type Segment =
  { readonly kind: "text"; readonly text: string } | { readonly kind: "expression"; readonly source: string };

/**
 * Splits a value into literal text and `${{ }}` expressions as GitHub's
 * template reader does: an expression ends at the first `}}` outside a
 * single-quoted string. An unclosed `${{` leaves the rest as text (GitHub
 * refuses such a file).
 */
export function segments(value: string): Segment[] {
  const parts: Segment[] = [];
  let i = 0;
  while (i < value.length) {
    const start = value.indexOf("${{", i);
    if (start < 0) break;
    let end = -1;
    let quoted = false;
    for (let j = start + 3; j < value.length; j++) {
      if (value[j] === "'") quoted = !quoted;
      else if (!quoted && value[j] === "}" && value[j - 1] === "}" && j - 1 > start + 2) {
        end = j;
        break;
      }
    }
    if (end < 0) break;
    if (start > i) parts.push({ kind: "text", text: value.slice(i, start) });
    parts.push({ kind: "expression", source: value.slice(start + 3, end - 1) });
    i = end + 1;
  }
  if (i < value.length) parts.push({ kind: "text", text: value.slice(i) });
  return parts;
}

/** The sources of every `${{ }}` expression in a value. */
export function fencedExpressions(value: string): string[] {
  return segments(value).flatMap((part) => (part.kind === "expression" ? [part.source] : []));
}

type Token =
  | { readonly kind: "literal"; readonly value: null | boolean | number | string }
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "punct"; readonly text: string };

const PUNCTUATION = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", "[", "]", ",", ".", "*"];
const NUMBER = /^(?:0x[0-9a-f]+|0o[0-7]+|[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|[+-]?infinity|nan)(?![\w-])/i;
const KEYWORDS = new Map<string, { value: boolean | null }>([
  ["true", { value: true }],
  ["false", { value: false }],
  ["null", { value: null }],
]);

function numberValue(text: string): number {
  const lower = text.toLowerCase();
  if (lower.endsWith("infinity")) return lower.startsWith("-") ? -Infinity : Infinity;
  return Number(lower);
}

function tokenize(source: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    if (rest.startsWith("'")) {
      let text = "";
      let j = i + 1;
      for (;;) {
        if (j >= source.length) return undefined;
        if (source[j] === "'") {
          if (source[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += source.charAt(j);
        j++;
      }
      tokens.push({ kind: "literal", value: text });
      i = j + 1;
      continue;
    }
    const previous = tokens.at(-1);
    const afterDot = previous?.kind === "punct" && previous.text === ".";
    const number = afterDot ? null : NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: "literal", value: numberValue(number[0]) });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
    if (word) {
      const lower = word[0].toLowerCase();
      const keyword = afterDot ? undefined : KEYWORDS.get(lower);
      tokens.push(keyword === undefined ? { kind: "name", name: lower } : { kind: "literal", value: keyword.value });
      i += word[0].length;
      continue;
    }
    const punct = PUNCTUATION.find((p) => rest.startsWith(p));
    if (punct === undefined) return undefined;
    tokens.push({ kind: "punct", text: punct });
    i += punct.length;
  }
  return tokens;
}

class ExpressionParser {
  private at = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parse(): Expr | undefined {
    const expr = this.or();
    return expr !== undefined && this.at === this.tokens.length ? expr : undefined;
  }

  private peek(text: string): boolean {
    const token = this.tokens[this.at];
    return token?.kind === "punct" && token.text === text;
  }

  private take(text: string): boolean {
    if (!this.peek(text)) return false;
    this.at++;
    return true;
  }

  private binary(next: () => Expr | undefined, ops: readonly BinaryOp[]): Expr | undefined {
    let left = next();
    while (left !== undefined) {
      const op = ops.find((candidate) => this.peek(candidate));
      if (op === undefined) break;
      this.at++;
      const right = next();
      if (right === undefined) return undefined;
      left = { kind: "binary", op, left, right };
    }
    return left;
  }

  private or = (): Expr | undefined => this.binary(this.and, ["||"]);
  private and = (): Expr | undefined => this.binary(this.equality, ["&&"]);
  private equality = (): Expr | undefined => this.binary(this.comparison, ["==", "!="]);
  private comparison = (): Expr | undefined => this.binary(this.unary, ["<=", ">=", "<", ">"]);

  private unary = (): Expr | undefined => {
    if (this.take("!")) {
      const operand = this.unary();
      return operand === undefined ? undefined : { kind: "not", operand };
    }
    return this.postfix();
  };

  private postfix(): Expr | undefined {
    let expr = this.primary();
    while (expr !== undefined) {
      if (this.take(".")) {
        const token = this.tokens[this.at];
        if (token?.kind === "name") expr = { kind: "member", object: expr, name: token.name };
        else if (token?.kind === "punct" && token.text === "*") expr = { kind: "member", object: expr, name: "*" };
        else return undefined;
        this.at++;
      } else if (this.take("[")) {
        const index = this.take("*") ? ({ kind: "literal", value: "*" } as const) : this.or();
        if (index === undefined || !this.take("]")) return undefined;
        expr = { kind: "index", object: expr, index };
      } else break;
    }
    return expr;
  }

  private primary(): Expr | undefined {
    const token = this.tokens[this.at];
    if (token === undefined) return undefined;
    if (token.kind === "literal") {
      this.at++;
      return { kind: "literal", value: token.value };
    }
    if (token.kind === "name") {
      this.at++;
      if (!this.take("(")) return { kind: "name", name: token.name };
      const args: Expr[] = [];
      if (!this.take(")")) {
        for (;;) {
          const arg = this.or();
          if (arg === undefined) return undefined;
          args.push(arg);
          if (this.take(")")) break;
          if (!this.take(",")) return undefined;
        }
      }
      return { kind: "call", name: token.name, args };
    }
    if (this.take("(")) {
      const inner = this.or();
      return inner !== undefined && this.take(")") ? inner : undefined;
    }
    return undefined;
  }
}

/** Parses an expression (the text between `${{` and `}}`, or a bare `if:`); undefined when it does not parse. */
export function parseExpression(source: string): Expr | undefined {
  const tokens = tokenize(source);
  return tokens === undefined || tokens.length === 0 ? undefined : new ExpressionParser(tokens).parse();
}

/**
 * The dotted path of a context reference (`github.event.issue.title`,
 * `secrets.x` for `secrets['X']`), lower-cased; `*` for a `.*` filter or
 * `[*]`. Undefined when the expression is not a context reference or an
 * index is computed.
 */
export function contextPath(expr: Expr): string | undefined {
  if (expr.kind === "name") return expr.name;
  if (expr.kind === "member") {
    const object = contextPath(expr.object);
    return object === undefined ? undefined : `${object}.${expr.name}`;
  }
  if (expr.kind === "index" && expr.index.kind === "literal" && typeof expr.index.value === "string") {
    const object = contextPath(expr.object);
    return object === undefined ? undefined : `${object}.${expr.index.value.toLowerCase()}`;
  }
  return undefined;
}

/** Every sub-expression, the expression itself first. */
export function subExpressions(expr: Expr): Expr[] {
  const children: readonly Expr[] =
    expr.kind === "member"
      ? [expr.object]
      : expr.kind === "index"
        ? [expr.object, expr.index]
        : expr.kind === "call"
          ? expr.args
          : expr.kind === "not"
            ? [expr.operand]
            : expr.kind === "binary"
              ? [expr.left, expr.right]
              : [];
  return [expr, ...children.flatMap(subExpressions)];
}

/**
 * Every context an expression reads, as the longest path that can be named
 * (`github.event.issue.title` once, not also `github.event`); a reference
 * with a computed index names the path up to that index.
 */
export function contextsRead(expr: Expr): string[] {
  const path = contextPath(expr);
  if (path !== undefined) return [path];
  if (expr.kind === "member") return contextsRead(expr.object);
  if (expr.kind === "index") {
    const object = contextPath(expr.object);
    return [...(object === undefined ? contextsRead(expr.object) : [object]), ...contextsRead(expr.index)];
  }
  if (expr.kind === "call") return expr.args.flatMap(contextsRead);
  if (expr.kind === "not") return contextsRead(expr.operand);
  if (expr.kind === "binary") return [...contextsRead(expr.left), ...contextsRead(expr.right)];
  return [];
}

/** A folded constant. */
export interface Constant {
  readonly value: unknown;
}

function toNumber(value: unknown): number {
  if (value === null) return 0;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return value;
  if (typeof value === "string") return value.trim() === "" ? 0 : Number(value);
  return Number.NaN;
}

function toText(value: unknown): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** GitHub's truthiness: false, 0, -0, NaN, "" and null are falsy; everything else, objects and arrays included, is truthy. */
export function truthy(value: unknown): boolean {
  if (value === null || value === false || value === "") return false;
  if (typeof value === "number") return value !== 0 && !Number.isNaN(value);
  return true;
}

function looseEquals(left: unknown, right: unknown): boolean {
  if (typeof left === "string" && typeof right === "string") return left.toLowerCase() === right.toLowerCase();
  if (typeof left === typeof right || left === null || right === null) {
    if (left === null || right === null) return left === right || toNumber(left) === toNumber(right);
    return left === right;
  }
  return toNumber(left) === toNumber(right);
}

function format(template: string, args: readonly unknown[]): string | undefined {
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const char = template[i];
    if (char === "{" && template[i + 1] === "{") {
      out += "{";
      i++;
    } else if (char === "}" && template[i + 1] === "}") {
      out += "}";
      i++;
    } else if (char === "{") {
      const close = template.indexOf("}", i);
      const index = Number(template.slice(i + 1, close));
      if (close < 0 || !Number.isInteger(index) || index >= args.length) return undefined;
      out += toText(args[index]);
      i = close;
    } else out += template.charAt(i);
  }
  return out;
}

/**
 * The value of an expression that reads no context and calls only pure
 * functions, or undefined when it depends on the run (status functions,
 * contexts, hashFiles).
 */
export function constantValue(expr: Expr): Constant | undefined {
  switch (expr.kind) {
    case "literal":
      return { value: expr.value };
    case "not": {
      const operand = constantValue(expr.operand);
      return operand === undefined ? undefined : { value: !truthy(operand.value) };
    }
    case "binary": {
      const left = constantValue(expr.left);
      if (expr.op === "||" && left !== undefined && truthy(left.value)) return left;
      if (expr.op === "&&" && left !== undefined && !truthy(left.value)) return left;
      const right = constantValue(expr.right);
      if (left === undefined || right === undefined) return undefined;
      if (expr.op === "||" || expr.op === "&&") return right;
      if (expr.op === "==") return { value: looseEquals(left.value, right.value) };
      if (expr.op === "!=") return { value: !looseEquals(left.value, right.value) };
      const [a, b] = [toNumber(left.value), toNumber(right.value)];
      return { value: expr.op === "<" ? a < b : expr.op === "<=" ? a <= b : expr.op === ">" ? a > b : a >= b };
    }
    case "call":
      return constantCall(expr.name, expr.args);
    default:
      return undefined;
  }
}

function constantCall(name: string, argExprs: readonly Expr[]): Constant | undefined {
  if (!["format", "contains", "startswith", "endswith", "tojson", "fromjson", "join"].includes(name)) return undefined;
  const args: unknown[] = [];
  for (const argExpr of argExprs) {
    const arg = constantValue(argExpr);
    if (arg === undefined) return undefined;
    args.push(arg.value);
  }
  const [first, second] = args;
  switch (name) {
    case "format": {
      const text = typeof first === "string" ? format(first, args.slice(1)) : undefined;
      return text === undefined ? undefined : { value: text };
    }
    case "contains":
      return Array.isArray(first)
        ? { value: first.some((item) => looseEquals(item, second)) }
        : { value: toText(first).toLowerCase().includes(toText(second).toLowerCase()) };
    case "startswith":
      return { value: toText(first).toLowerCase().startsWith(toText(second).toLowerCase()) };
    case "endswith":
      return { value: toText(first).toLowerCase().endsWith(toText(second).toLowerCase()) };
    case "tojson":
      return { value: JSON.stringify(first, null, 2) };
    case "join":
      return {
        value: Array.isArray(first)
          ? first.map(toText).join(second === undefined ? "," : toText(second))
          : toText(first),
      };
    default:
      try {
        return { value: JSON.parse(toText(first)) as unknown };
      } catch {
        return undefined;
      }
  }
}

/** The operands of a chain of one operator at the top of an expression: `a || b || c` gives [a, b, c]. */
export function operands(expr: Expr, op: "||" | "&&"): Expr[] {
  return expr.kind === "binary" && expr.op === op ? [...operands(expr.left, op), ...operands(expr.right, op)] : [expr];
}
