import { applyRules, RULES, STACK_RULES, type Rule, type StackRule } from "./rules";
import {
  checkSchema,
  schemaInputs,
  SCHEMA_RULES,
  type CheckedResource,
  type Finding,
  type SchemaExtract,
} from "./schema";

/** A registered resource as the recording engine holds it (RecordedResource fits). */
export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly custom: boolean;
  readonly read: boolean;
}

/** Why a resource is outside the providers' schemas. */
export type SkipReason = "component" | "dynamic" | "read";

export interface ContractReport {
  readonly findings: readonly Finding[];
  /** Resources checked against a schema extract and the rules, by logical name. */
  readonly checked: readonly { readonly name: string; readonly type: string }[];
  readonly skipped: readonly { readonly name: string; readonly type: string; readonly reason: SkipReason }[];
}

// Dynamic providers register `pulumi-nodejs:dynamic:Resource`, or a custom
// type name under that prefix (`pulumi-nodejs:dynamic/dockerhub:Team`).
const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic";

function skipReason(r: RegisteredResource): SkipReason | undefined {
  if (!r.custom) return "component";
  // Reads (StackReference, Resource.get) register no inputs for a provider to check.
  if (r.read) return "read";
  if (r.type.startsWith(DYNAMIC_PREFIX)) return "dynamic";
  return undefined;
}

/**
 * Checks every resource a program registered against its provider's schema
 * extract and the upstream rules (per resource, then across resources). Components, reads and dynamic resources
 * are skipped (and listed); a custom resource no extract declares is a finding.
 */
export function checkContract(
  resources: readonly RegisteredResource[],
  extracts: readonly SchemaExtract[],
  rules: readonly Rule[] = RULES,
  stackRules: readonly StackRule[] = STACK_RULES,
): ContractReport {
  const findings: Finding[] = [];
  const checked: { name: string; type: string }[] = [];
  const skipped: { name: string; type: string; reason: SkipReason }[] = [];
  const inScope: CheckedResource[] = [];
  for (const r of resources) {
    const reason = skipReason(r);
    if (reason !== undefined) {
      skipped.push({ name: r.name, type: r.type, reason });
      continue;
    }
    const extract = extracts.find((e) => Object.hasOwn(e.resources, r.type));
    if (extract === undefined) {
      findings.push({
        resource: r.name,
        type: r.type,
        path: "",
        rule: SCHEMA_RULES.noSchema,
        message: `no schema extract declares ${r.type}: add its token to tests/contract/schemas/<provider>-tokens.txt and regenerate`,
      });
      continue;
    }
    checked.push({ name: r.name, type: r.type });
    findings.push(...checkSchema(r, extract));
    const resource = { type: r.type, name: r.name, inputs: schemaInputs(r, extract.resources[r.type]!) };
    inScope.push(resource);
    findings.push(...applyRules(resource, rules));
  }
  findings.push(...stackRules.flatMap((rule) => rule.check(inScope)));
  return { findings, checked, skipped };
}
