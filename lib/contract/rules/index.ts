import { AWS_RULES } from "./aws";
import { GITHUB_RULES, GITHUB_STACK_RULES } from "./github";
import type { Rule, StackRule } from "./rule";

export { AWS_RULES } from "./aws";
export { GITHUB_RULES, GITHUB_STACK_RULES } from "./github";
export { applyRules, type Rule, type StackRule, type Violation } from "./rule";

/** Every upstream rule, AWS then GitHub. */
export const RULES: readonly Rule[] = [...AWS_RULES, ...GITHUB_RULES];

/** Every upstream rule that spans resources. */
export const STACK_RULES: readonly StackRule[] = [...GITHUB_STACK_RULES];
