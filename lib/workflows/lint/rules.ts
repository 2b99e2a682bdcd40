/*
 * The workflow rules, W1-W25 of docs/rules.md, in order. Each lives with the
 * rules of its concern under checks/.
 */
import { W8, W19 } from "./checks/caches";
import { W17, W18 } from "./checks/conditions";
import { W6, W7, W9, W16, W21 } from "./checks/credentials";
import { W11 } from "./checks/dependencies";
import { W1, W2 } from "./checks/permissions";
import { W3, W22 } from "./checks/pinning";
import { W23, W24, W25 } from "./checks/images";
import { W10 } from "./checks/publishing";
import { W20 } from "./checks/readable";
import { W14 } from "./checks/runners";
import { W4, W13, W15 } from "./checks/scripts";
import { W5, W12 } from "./checks/triggers";
import type { Rule } from "./rule";

export type { LintOptions, Rule, RuleFinding } from "./rule";

/** The workflow rules, in order. */
export const RULES: readonly Rule[] = [
  W1,
  W2,
  W3,
  W4,
  W5,
  W6,
  W7,
  W8,
  W9,
  W10,
  W11,
  W12,
  W13,
  W14,
  W15,
  W16,
  W17,
  W18,
  W19,
  W20,
  W21,
  W22,
  W23,
  W24,
  W25,
];
