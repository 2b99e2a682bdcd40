/*
 * A first `pulumi up` into an account or organization that already has some
 * of what the program creates: the resources whose create fails when the
 * real thing exists (the provider does not adopt it), with the id
 * `pulumi import` takes for each, read off the plan. Resources whose create
 * adopts or overwrites (environments, team members, team repositories,
 * memberships, branches, lifecycle policies) need no import.
 */
import { githubOidcProviderArn, partitionOfRegion } from "../aws/arn";
import { AWS, GITHUB } from "../resource-types";
import type { PlanDocument, PlanResource } from "./model";

/** One resource to import before the first `pulumi up`, if it exists already. */
export interface ImportCandidate {
  readonly type: string;
  readonly name: string;
  readonly id: string;
  /** URN of its parent component. */
  readonly parent?: string;
  /** URN of its explicit provider. */
  readonly provider?: string;
  /** Why its create would fail, with the upstream source. */
  readonly why: string;
}

const GITHUB_SOURCE = "integrations/terraform-provider-github@v6.13.0 github/";
const AWS_SOURCE = "hashicorp/terraform-provider-aws internal/service/";

interface Importable {
  readonly id: (r: PlanResource, context: ImportContext) => string | undefined;
  readonly why: string;
}

/** What the ids need besides the plan. */
export interface ImportContext {
  readonly accountId: string;
  readonly region: string;
}

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

const IMPORTABLE: Readonly<Record<string, Importable>> = {
  [GITHUB.team]: {
    // The slug: these team names are already lowercase slugs (lib/access/plan.ts).
    id: (r) => str(r.inputs.name),
    why: `a team of that name exists: GitHub refuses a second one (CreateTeam, ${GITHUB_SOURCE}resource_github_team.go:148; import by id or slug, :447-461)`,
  },
  [AWS.oidcProvider]: {
    id: (_r, c) => githubOidcProviderArn(c.accountId, partitionOfRegion(c.region)),
    why: `the account has GitHub's OIDC provider already (one per URL: EntityAlreadyExists; ${AWS_SOURCE}iam/openid_connect_provider.go)`,
  },
  [AWS.repository]: {
    id: (r) => str(r.inputs.name),
    why: `the repository exists (RepositoryAlreadyExistsException; ${AWS_SOURCE}ecr/repository.go)`,
  },
  [AWS.role]: {
    id: (r) => str(r.inputs.name),
    why: `a role of that name exists (EntityAlreadyExists; ${AWS_SOURCE}iam/role.go)`,
  },
  [GITHUB.environmentVariable]: {
    id: (r) => {
      const [repo, env, name] = [str(r.inputs.repository), str(r.inputs.environment), str(r.inputs.variableName)];
      return repo && env && name ? `${repo}:${env}:${name}` : undefined;
    },
    why: `the variable exists (CreateEnvVariable is a POST, ${GITHUB_SOURCE}resource_github_actions_environment_variable.go:96-99)`,
  },
};

/**
 * The URN Pulumi gives a resource: its type qualified by every ancestor's
 * type but the stack's, `$`-separated (the mock engine keeps only the parent's
 * type, so its URNs differ for deeper resources).
 */
export function pulumiUrn(doc: PlanDocument, urn: string): string {
  const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
  const qualified = (u: string): string[] => {
    const r = byUrn.get(u);
    if (r === undefined) throw new Error(`pulumiUrn: ${u} is not in the plan`);
    if (r.type === "pulumi:pulumi:Stack") return [];
    return [...(r.parent === undefined || !byUrn.has(r.parent) ? [] : qualified(r.parent)), r.type];
  };
  const r = byUrn.get(urn);
  if (r === undefined) throw new Error(`pulumiUrn: ${urn} is not in the plan`);
  return `urn:pulumi:${doc.stack}::${doc.project}::${qualified(urn).join("$")}::${r.name}`;
}

/** The resources of `doc` to import if they already exist, in plan order. */
export function planImports(doc: PlanDocument, context: ImportContext): ImportCandidate[] {
  const stack = new Set(doc.resources.filter((r) => r.type === "pulumi:pulumi:Stack").map((r) => r.urn));
  return doc.resources.flatMap((r) => {
    const importable = IMPORTABLE[r.type];
    if (importable === undefined || r.read) return [];
    const id = importable.id(r, context);
    if (id === undefined) return [];
    return [
      {
        type: r.type,
        name: r.name,
        id,
        // A resource under the stack itself needs no parent in the import file.
        ...(r.parent !== undefined && !stack.has(r.parent) ? { parent: pulumiUrn(doc, r.parent) } : {}),
        ...(r.provider !== undefined ? { provider: pulumiUrn(doc, r.provider) } : {}),
        why: importable.why,
      },
    ];
  });
}

/**
 * The file `pulumi import --file import.json` reads: every candidate, with its
 * parent and provider by URN through the file's name table (Pulumi's
 * documented import-file format). Import only the ones that exist: delete the
 * entries of those that do not. The explicit providers must be in the stack
 * first (`pulumi up --target` them; see the README).
 */
export function renderImportFile(candidates: readonly ImportCandidate[]): string {
  const urns = [...new Set(candidates.flatMap((c) => [c.parent, c.provider].filter((u) => u !== undefined)))];
  const names = new Map(urns.map((urn) => [urn, urn.slice(urn.lastIndexOf("::") + 2)]));
  const nameTable = Object.fromEntries([...names].map(([urn, name]) => [name, urn]));
  const resources = candidates.map((c) => ({
    type: c.type,
    name: c.name,
    id: c.id,
    ...(c.parent !== undefined ? { parent: names.get(c.parent) } : {}),
    ...(c.provider !== undefined ? { provider: names.get(c.provider) } : {}),
  }));
  return `${JSON.stringify({ nameTable, resources }, null, 2)}\n`;
}

/** The plan.md section: what to import if it exists, and how. */
export function renderImportSection(candidates: readonly ImportCandidate[]): string[] {
  if (candidates.length === 0) return [];
  return [
    "## Adopting what already exists",
    "",
    "A first `pulumi up` into an account or organization that already has one of these fails on it: the provider does not adopt it. Import those that exist (delete the others from `import.json`) with `pulumi import --file import.json`, after creating the explicit providers (`pulumi up --target` their URNs, listed in the file's name table).",
    "",
    "| type | name | import id | why |",
    "|---|---|---|---|",
    ...candidates.map((c) => `| \`${c.type}\` | \`${c.name}\` | \`${c.id}\` | ${c.why} |`),
    "",
  ];
}
