import { wildcardCount } from "../channels/wildcard";
import { LIFECYCLE_LIMITS, type LifecyclePolicy } from "./policy";
import { renderLifecyclePolicy } from "./render";

/** One reason ECR would reject (or this project cannot evaluate) a policy. */
export interface PolicyProblem {
  /** JSON path of the offending value, e.g. `rules[2].selection.countUnit`. */
  readonly path: string;
  readonly message: string;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isPositiveInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 1;

const RULE_KEYS = ["rulePriority", "description", "selection", "action"];
const SELECTION_KEYS = ["tagStatus", "tagPatternList", "tagPrefixList", "countType", "countUnit", "countNumber"];

/**
 * Checks a lifecycle policy (typed, or parsed from JSON) against every rule
 * ECR applies when the policy is put, plus the ones this project relies on.
 * Returns all problems; an empty list means valid.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html#lp_evaluation_rules
 */
export function validateLifecyclePolicy(policy: unknown): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });

  if (!isObj(policy)) {
    add("", "a lifecycle policy is an object with a `rules` array");
    return problems;
  }
  checkKeys(policy, ["rules"], "", add);
  const rules = policy.rules;
  if (!Array.isArray(rules) || rules.length === 0) {
    add("rules", "must be a non-empty array of rules");
    return problems;
  }

  const priorities = new Map<number, number>();
  const tagLists = new Map<string, number>();
  let untaggedRules = 0;
  const anyPriorities: number[] = [];

  rules.forEach((rule: unknown, i) => {
    const at = `rules[${i}]`;
    if (!isObj(rule)) {
      add(at, "each rule is an object");
      return;
    }
    checkKeys(rule, RULE_KEYS, at, add);
    const priority = rule.rulePriority;
    if (!isPositiveInt(priority)) {
      add(`${at}.rulePriority`, "must be an integer of at least 1");
    } else if (priorities.has(priority)) {
      add(
        `${at}.rulePriority`,
        `${priority} is already used by rules[${priorities.get(priority) ?? 0}]; priorities must be unique`,
      );
    } else {
      priorities.set(priority, i);
    }
    if ("description" in rule && rule.description !== null && typeof rule.description !== "string")
      add(`${at}.description`, "must be a string when present");

    const action = rule.action;
    if (!isObj(action)) {
      add(`${at}.action`, 'must be { "type": "expire" }');
    } else {
      checkKeys(action, ["type"], `${at}.action`, add);
      if (action.type !== "expire")
        add(`${at}.action.type`, 'must be "expire" (transition to archive is not modelled by this project)');
    }

    const sel = rule.selection;
    if (!isObj(sel)) {
      add(`${at}.selection`, "must be an object");
      return;
    }
    const sp = `${at}.selection`;
    checkKeys(sel, SELECTION_KEYS, sp, add);
    const hasPatterns = "tagPatternList" in sel;
    const hasPrefixes = "tagPrefixList" in sel;
    switch (sel.tagStatus) {
      case "tagged": {
        if (hasPatterns === hasPrefixes) {
          add(sp, "a tagged rule needs exactly one of tagPatternList or tagPrefixList");
          break;
        }
        const key = hasPatterns ? "tagPatternList" : "tagPrefixList";
        const list = sel[key];
        if (!Array.isArray(list) || list.length === 0 || !list.every((t) => typeof t === "string" && t.length > 0)) {
          add(`${sp}.${key}`, "must be a non-empty list of non-empty strings");
          break;
        }
        const values = list as string[];
        if (hasPatterns) {
          values.forEach((p, j) => {
            if (wildcardCount(p) > LIFECYCLE_LIMITS.maxWildcardsPerPattern) {
              add(
                `${sp}.tagPatternList[${j}]`,
                `"${p}" has ${wildcardCount(p)} wildcards; ECR allows at most ${LIFECYCLE_LIMITS.maxWildcardsPerPattern}`,
              );
            }
          });
        }
        // "The set of rules must contain a unique set of tag prefixes."
        const signature = `${key}:${[...new Set(values)].sort().join("\u0000")}`;
        const earlier = tagLists.get(signature);
        if (earlier !== undefined)
          add(`${sp}.${key}`, `selects the same tags as rules[${earlier}]; each tag list may appear in one rule only`);
        else tagLists.set(signature, i);
        break;
      }
      case "untagged":
      case "any":
        if (hasPatterns || hasPrefixes)
          add(sp, `a rule with tagStatus "${sel.tagStatus}" must not have tagPatternList or tagPrefixList`);
        if (sel.tagStatus === "untagged") untaggedRules += 1;
        else if (isPositiveInt(priority)) anyPriorities.push(priority);
        break;
      default:
        add(`${sp}.tagStatus`, 'must be "tagged", "untagged" or "any"');
    }

    switch (sel.countType) {
      case "imageCountMoreThan":
        if ("countUnit" in sel) add(`${sp}.countUnit`, "must be omitted when countType is imageCountMoreThan");
        break;
      case "sinceImagePushed":
        if (sel.countUnit !== "days") add(`${sp}.countUnit`, 'must be "days" when countType is sinceImagePushed');
        break;
      default:
        add(
          `${sp}.countType`,
          'must be "imageCountMoreThan" or "sinceImagePushed" (pull- and archive-based counts are not modelled)',
        );
    }
    if (!isPositiveInt(sel.countNumber)) add(`${sp}.countNumber`, "must be a positive integer (0 is not accepted)");
  });

  if (untaggedRules > 1) add("rules", `${untaggedRules} rules select untagged images; ECR allows only one`);
  const highest = Math.max(...priorities.keys());
  if (anyPriorities.length > 1) add("rules", 'only one rule may have tagStatus "any"');
  else if (anyPriorities.length === 1 && anyPriorities[0] !== highest)
    add("rules", 'the rule with tagStatus "any" must have the highest rulePriority (it is evaluated last)');

  if (problems.length === 0) {
    const length = renderLifecyclePolicy(policy as unknown as LifecyclePolicy).length;
    if (length > LIFECYCLE_LIMITS.maxPolicyCharacters) {
      add("", `the policy text is ${length} characters; ECR accepts at most ${LIFECYCLE_LIMITS.maxPolicyCharacters}`);
    }
  }
  return problems;
}

function checkKeys(
  obj: Obj,
  allowed: readonly string[],
  at: string,
  add: (path: string, message: string) => void,
): void {
  for (const [key, value] of Object.entries(obj)) {
    const path = at === "" ? key : `${at}.${key}`;
    if (!allowed.includes(key)) add(path, `unknown key; allowed: ${allowed.join(", ")}`);
    else if (value === null)
      add(path, 'is null; omit the key instead (ECR rejects null with "failed to match exactly one schema")');
  }
}
