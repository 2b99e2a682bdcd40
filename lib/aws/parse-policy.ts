import { z } from "zod";
import type { PolicyDocument } from "./policy-document";

/*
 * Reads a policy document from its JSON text, for checking documents that come
 * from AWS or from resource inputs rather than from this project's builders.
 */

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item)]);
const principal = z.union([
  z.literal("*"),
  z.strictObject({
    AWS: oneOrMany(z.string()).optional(),
    Federated: oneOrMany(z.string()).optional(),
    Service: oneOrMany(z.string()).optional(),
    CanonicalUser: oneOrMany(z.string()).optional(),
  }),
]);
const conditionValue = z.union([z.string(), z.number(), z.boolean()]);
const statement = z.strictObject({
  Sid: z.string().optional(),
  Effect: z.enum(["Allow", "Deny"]),
  Principal: principal.optional(),
  NotPrincipal: principal.optional(),
  Action: oneOrMany(z.string()).optional(),
  NotAction: oneOrMany(z.string()).optional(),
  Resource: oneOrMany(z.string()).optional(),
  NotResource: oneOrMany(z.string()).optional(),
  Condition: z.record(z.string(), z.record(z.string(), oneOrMany(conditionValue))).optional(),
});
const policyDocument = z.strictObject({
  Version: z.string(),
  Id: z.string().optional(),
  // IAM accepts a single statement object as well as a list.
  Statement: z.preprocess((s: unknown): unknown[] => (Array.isArray(s) ? (s as unknown[]) : [s]), z.array(statement)),
});

/**
 * Parses a policy document. Text that starts with `%7B` is URL-decoded first:
 * IAM's GetRole and GetRolePolicy return documents URL-encoded (RFC 3986)
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html).
 * @throws Error naming the first field that does not fit the IAM policy grammar
 */
export function parsePolicyDocument(text: string): PolicyDocument {
  const json = /^\s*%7B/i.test(text) ? decodeURIComponent(text) : text;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`policy document is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = policyDocument.safeParse(raw);
  if (!parsed.success)
    throw new Error(`policy document does not fit the IAM grammar: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
