/*
 * The comparison behind `release-infra adopt`: the stack's offline plan (what
 * should exist) against a dump of what does. Pure: no I/O, no Pulumi.
 */
import { planImports, type ImportContext } from "../plan/imports";
import type { PlanDocument } from "../plan/model";
import { AWS, GITHUB } from "../resource-types";
import { awsUnmanaged, AWS_COMPARATORS } from "./aws";
import { dockerhubUnmanaged, DOCKERHUB_COMPARATORS } from "./dockerhub";
import type { ExistingState } from "./dump";
import { githubUnmanaged, GITHUB_COMPARATORS } from "./github";
import {
  SERVICES,
  type AdoptEntry,
  type AdoptReport,
  type CompareContext,
  type Comparator,
  type NotCompared,
  type Service,
} from "./report";

const COMPARATORS: Readonly<Record<string, Comparator>> = {
  ...DOCKERHUB_COMPARATORS,
  ...GITHUB_COMPARATORS,
  ...AWS_COMPARATORS,
};

/** Why a declared type is not read, for the types whose reason is known. */
const NOT_READ: Readonly<Record<string, { service: Service; why: string }>> = {
  [GITHUB.file]: { service: "github", why: "generated workflows: pulumi up opens a pull request with them" },
  [GITHUB.branch]: { service: "github", why: "the pull requests' branches, named by content hash: new" },
  [GITHUB.pullRequest]: { service: "github", why: "pulumi up opens them" },
  [GITHUB.workflowPermissions]: { service: "github", why: "pulumi up sets the Actions token's permissions in place" },
  [GITHUB.environmentSecret]: { service: "github", why: "GitHub never returns a secret's value; pulumi up writes it" },
  [GITHUB.variable]: { service: "github", why: "not read; pulumi up writes it" },
  [AWS.repositoryPolicy]: { service: "aws", why: "not read; pulumi up sets it in place" },
  [AWS.scanning]: { service: "aws", why: "not read; the plan's notices say what taking it over replaces" },
  [AWS.replication]: { service: "aws", why: "not read; pulumi up sets it in place" },
  [AWS.pullThroughCache]: { service: "aws", why: "not read" },
};

function serviceOfType(type: string): Service | undefined {
  if (type.startsWith("github:")) return "github";
  if (type.startsWith("aws:")) return "aws";
  if (type.includes("dockerhub")) return "dockerhub";
  return undefined;
}

/**
 * Each declared resource as `unchanged`, `changed` (with its differences) or
 * `create`; what exists but is not declared (left alone); the declared types
 * not read; and, of the resources whose create fails when they exist
 * ({@link planImports}), those that exist, with their import ids.
 */
export function compareStack(
  doc: PlanDocument,
  existing: ExistingState,
  context: Omit<CompareContext, "existing"> & { readonly imports: ImportContext },
): AdoptReport {
  const compareContext: CompareContext = { existing, planTeamSlug: context.planTeamSlug };
  const declared = doc.resources.filter((r) => r.custom && !r.read && !r.type.startsWith("pulumi:"));
  const entries: AdoptEntry[] = [];
  const skipped = new Map<string, NotCompared>();
  for (const r of declared) {
    const comparator = COMPARATORS[r.type];
    if (comparator === undefined) {
      const service = NOT_READ[r.type]?.service ?? serviceOfType(r.type);
      if (service === undefined) continue;
      const seen = skipped.get(r.type);
      skipped.set(r.type, {
        service,
        type: r.type,
        count: (seen?.count ?? 0) + 1,
        why: NOT_READ[r.type]?.why ?? "not read by adopt; pulumi up creates or overwrites it",
      });
      continue;
    }
    const found = comparator.find(r, compareContext);
    entries.push({
      service: comparator.service,
      type: r.type,
      name: r.name,
      kind: comparator.kind,
      key: comparator.key(r),
      status: found === undefined ? "create" : found.differences.length === 0 ? "unchanged" : "changed",
      differences: found?.differences ?? [],
      notes: found?.notes ?? [],
    });
  }
  const exists = new Set(entries.filter((e) => e.status !== "create").map((e) => `${e.type}\0${e.name}`));
  const order = (s: Service) => SERVICES.indexOf(s);
  return {
    stack: doc.stack,
    readAt: existing.readAt,
    entries: entries.sort((a, b) => order(a.service) - order(b.service)),
    unmanaged: [
      ...dockerhubUnmanaged(doc, existing.dockerhub),
      ...githubUnmanaged(doc, existing.github),
      ...awsUnmanaged(doc, existing.aws),
    ],
    notCompared: [...skipped.values()].sort((a, b) => order(a.service) - order(b.service)),
    imports: planImports(doc, context.imports).filter((c) => exists.has(`${c.type}\0${c.name}`)),
  };
}
