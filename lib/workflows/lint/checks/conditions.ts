/*
 * W17, W18: conditions that decide what they appear to. GitHub reads an `if:`
 * with text around its `${{ }}` as a format() string, which is never empty, so
 * always true; and github.actor is whoever acted last, which a pull request's
 * author can arrange to be a bot. zizmor unsound-condition, unsound-contains,
 * unsound-ternary and bot-conditions.
 * https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/evaluate-expressions-in-workflows-and-actions
 */
import {
  constantValue,
  contextPath,
  operands,
  parseExpression,
  segments,
  subExpressions,
  truthy,
  type Expr,
} from "../expression";
import { effectiveEnv, expressions, site, siteOf, type Rule, type RuleFinding } from "../rule";
import { joinContinuations, variablesExpanded } from "../script";
import type { JobView, StepView, WorkflowView } from "../workflow-view";

/** Each `if:` of a workflow, with its job and step. */
function conditions(workflow: WorkflowView): { job: JobView; step?: StepView; value: unknown }[] {
  return workflow.jobs.flatMap((job) => [
    ...(job.raw.if === undefined ? [] : [{ job, value: job.raw.if }]),
    ...job.steps.filter((step) => step.raw.if !== undefined).map((step) => ({ job, step, value: step.raw.if })),
  ]);
}

/** The expression GitHub evaluates for an `if:`, or a reason it is always true. */
function conditionExpression(value: unknown): { expr?: Expr; alwaysTrue?: string } {
  if (typeof value === "boolean" || typeof value === "number")
    return truthy(value) ? { alwaysTrue: `${String(value)} is constant: it gates nothing` } : {};
  if (typeof value !== "string") return {};
  const parts = segments(value);
  const fenced = parts.filter((part) => part.kind === "expression");
  if (fenced.length > 0 && parts.length > 1)
    return {
      alwaysTrue:
        "text outside ${{ }} (a space, a newline from a | block, a second expression) makes the condition a non-empty string, which is always true; write the whole condition inside one ${{ }} or none",
    };
  const source = fenced[0]?.kind === "expression" ? fenced[0].source : value.trim();
  const expr = parseExpression(source);
  return expr === undefined ? {} : { expr };
}

function alwaysTrue(expr: Expr): string | undefined {
  const constant = constantValue(expr);
  if (constant !== undefined)
    return truthy(constant.value)
      ? `the condition ${JSON.stringify(constant.value)} is constant: it gates nothing`
      : undefined;
  const alternatives = operands(expr, "||");
  // always() alone is a deliberate status check (run after a failure); beside || it swallows the other side.
  if (alternatives.length < 2) return undefined;
  const always = alternatives.find(
    (operand) =>
      (operand.kind === "call" && operand.name === "always") ||
      (constantValue(operand) !== undefined && truthy(constantValue(operand)!.value)),
  );
  return always === undefined ? undefined : "one side of its || is always true, so the condition is too";
}

function unsoundContains(expr: Expr): string | undefined {
  const call = subExpressions(expr).find(
    (sub) =>
      sub.kind === "call" &&
      sub.name === "contains" &&
      sub.args[0]?.kind === "literal" &&
      typeof sub.args[0].value === "string" &&
      sub.args[1] !== undefined &&
      constantValue(sub.args[1]) === undefined,
  );
  return call === undefined
    ? undefined
    : "contains('<text>', x) is true for any substring of the text (a branch named 'mai' passes contains('main dev', github.ref_name)); use contains(fromJSON('[...]'), x) or ==";
}

function unsoundTernary(expr: Expr): string | undefined {
  const ternary = subExpressions(expr).find(
    (sub) =>
      sub.kind === "binary" &&
      sub.op === "||" &&
      sub.left.kind === "binary" &&
      sub.left.op === "&&" &&
      constantValue(sub.left.right) !== undefined &&
      !truthy(constantValue(sub.left.right)!.value),
  );
  return ternary === undefined
    ? undefined
    : "`a && <false, 0, '' or null> || b` always yields b: the falsy middle value can never be chosen; use case(a, x, b)";
}

export const W17: Rule = {
  id: "W17",
  summary:
    "Conditions mean what they say: no always-true if: (constants, text outside ${{ }}, || always()), no contains() on a string, no falsy pseudo-ternary",
  check: (workflow) => {
    const findings: RuleFinding[] = [];
    for (const { job, step, value } of conditions(workflow)) {
      const at = site(workflow, job, step, "if");
      const { expr, alwaysTrue: reason } = conditionExpression(value);
      const problem = reason ?? (expr === undefined ? undefined : (alwaysTrue(expr) ?? unsoundContains(expr)));
      if (problem !== undefined) findings.push({ ...at, message: `if: ${problem}` });
    }
    for (const value of expressions(workflow)) {
      const problem = unsoundTernary(value.expr);
      if (problem !== undefined) findings.push({ ...siteOf(value), message: problem });
    }
    return findings;
  },
};

const ACTOR_NAMES = new Set(["github.actor", "github.triggering_actor", "github.event.pull_request.sender.login"]);
const ACTOR_IDS = new Set(["github.actor_id", "github.event.pull_request.sender.id"]);
// dependabot[bot]'s integration and user ids, dependabot-preview[bot], renovate[bot] (zizmor bot-conditions).
const BOT_IDS = new Set(["29110", "49699333", "27856297", "29139614"]);

function mentionsBot(expr: Expr): boolean {
  const constant = constantValue(expr);
  if (constant === undefined) return false;
  const values = Array.isArray(constant.value) ? (constant.value as unknown[]) : [constant.value];
  return values.some((value) => typeof value === "string" && value.toLowerCase().includes("[bot]"));
}

function isBotId(expr: Expr): boolean {
  const constant = constantValue(expr);
  return constant !== undefined && BOT_IDS.has(String(constant.value));
}

function botCheck(expr: Expr): string | undefined {
  for (const sub of subExpressions(expr)) {
    const pairs: [Expr, Expr][] =
      sub.kind === "binary" && (sub.op === "==" || sub.op === "!=")
        ? [
            [sub.left, sub.right],
            [sub.right, sub.left],
          ]
        : sub.kind === "call" && ["contains", "startswith", "endswith"].includes(sub.name)
          ? sub.args.flatMap((arg, i) => sub.args.filter((_, j) => j !== i).map((other): [Expr, Expr] => [arg, other]))
          : [];
    for (const [context, other] of pairs) {
      const path = contextPath(context);
      if (path === undefined) continue;
      if ((ACTOR_NAMES.has(path) && mentionsBot(other)) || (ACTOR_IDS.has(path) && isBotId(other))) return path;
    }
  }
  return undefined;
}

const BOT_ADVICE =
  "names whoever acted last, which a pull request's author can arrange to be a bot; check github.event.pull_request.user.login (the author) instead";

export const W18: Rule = {
  id: "W18",
  summary: "No decision rests on github.actor (or triggering_actor) being a bot: the last actor is spoofable",
  check: (workflow) => {
    const findings: RuleFinding[] = [];
    for (const value of expressions(workflow)) {
      const path = botCheck(value.expr);
      if (path !== undefined) findings.push({ ...siteOf(value), message: `${path} ${BOT_ADVICE}` });
    }
    for (const job of workflow.jobs) {
      for (const step of job.steps) {
        const env = effectiveEnv(workflow, job, step);
        const actorVariables = new Set([
          "GITHUB_ACTOR",
          "GITHUB_TRIGGERING_ACTOR",
          ...Object.entries(env)
            .filter(([, value]) => typeof value === "string" && /github\s*\.\s*(?:triggering_)?actor\b/i.test(value))
            .map(([name]) => name),
        ]);
        const line = joinContinuations(step.run ?? "").find(
          (candidate) =>
            candidate.text.toLowerCase().includes("[bot]") &&
            variablesExpanded(candidate.text).some((name) => actorVariables.has(name)),
        );
        if (line !== undefined)
          findings.push({
            ...site(workflow, job, step, "run"),
            message: `the script compares the acting user with a bot: $GITHUB_ACTOR ${BOT_ADVICE}`,
          });
      }
    }
    return findings;
  },
};
