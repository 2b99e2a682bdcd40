/*
 * Readers for resource inputs as a policy receives them: plain JSON-like
 * values of any shape (a hand-written resource, or a provider SDK of another
 * version, may send anything), so every field is narrowed before it is used.
 */
import { parsePolicyDocument } from "../lib/aws/parse-policy";
import type { PolicyDocument } from "../lib/aws/policy-document";

/** A resource's inputs, keyed by input name. */
export type Inputs = Readonly<Record<string, unknown>>;

/** The value if it is a string. */
export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The value if it is a boolean. */
export function bool(value: unknown): boolean | undefined {
  return typeof value === "boolean" ? value : undefined;
}

/** The value if it is a list; absent or anything else is an empty list. */
export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** The value if it is an object (not a list). */
export function obj(value: unknown): Inputs | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Inputs) : undefined;
}

/**
 * An IAM policy input read as a document. The AWS provider takes the policy as
 * JSON text; an object (which some SDK versions accept) is serialized first, so
 * both go through the one parser the project uses for documents read from AWS.
 */
export function policyDocument(value: unknown): { document: PolicyDocument } | { error: string } {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  try {
    return { document: parsePolicyDocument(text) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** `name` and, when the inputs carry one that differs, the physical name: `cortex-ecr-cortex (cortex/cortex)`. */
export function describeResource(kind: string, logicalName: string, physicalName?: unknown): string {
  const physical = str(physicalName);
  return physical === undefined || physical === logicalName
    ? `${kind} "${logicalName}"`
    : `${kind} "${logicalName}" (${physical})`;
}
