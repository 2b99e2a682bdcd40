/** One resource as the program registered it (secrets already masked). */
export interface PlanResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** The parent's URN; absent for top-level resources. */
  readonly parent?: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** True for reads (StackReference and friends), which create nothing. */
  readonly read: boolean;
  /** False for component resources. */
  readonly custom: boolean;
  /** Pulumi refuses to delete it (`protect`). */
  readonly protect?: boolean;
  /** Removing it from the program leaves the real thing in place (`retainOnDelete`). */
  readonly retainOnDelete?: boolean;
  /** URNs it is created after. */
  readonly dependsOn?: readonly string[];
  /** URN of its explicit provider, when it has one. */
  readonly provider?: string;
}

/** Everything one offline evaluation of a stack produced. */
export interface PlanDocument {
  readonly project: string;
  readonly stack: string;
  readonly resources: readonly PlanResource[];
  /** Stack outputs, secrets masked. */
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** A file the program commits somewhere (e.g. a workflow), by its place. */
export interface GeneratedFile {
  /** `<repository>/<path in repository>`. */
  readonly path: string;
  readonly content: string;
}

export const REPOSITORY_FILE = "github:index/repositoryFile:RepositoryFile";

/**
 * Files the plan would commit, from RepositoryFile resources. The same file
 * delivered to several branches with the same content is listed once; a file
 * whose content differs by branch is listed per branch.
 */
export function generatedFiles(doc: PlanDocument): GeneratedFile[] {
  const files = doc.resources
    .filter(
      (r) => r.type === REPOSITORY_FILE && typeof r.inputs.file === "string" && typeof r.inputs.content === "string",
    )
    .map((r) => ({
      repository: String(r.inputs.repository),
      branch: String(r.inputs.branch),
      file: String(r.inputs.file),
      content: String(r.inputs.content),
    }));
  const byPath = new Map<string, typeof files>();
  for (const f of files)
    byPath.set(`${f.repository}/${f.file}`, [...(byPath.get(`${f.repository}/${f.file}`) ?? []), f]);
  const out: GeneratedFile[] = [];
  for (const [path, versions] of byPath) {
    if (new Set(versions.map((v) => v.content)).size === 1) out.push({ path, content: versions[0]!.content });
    else for (const v of versions) out.push({ path: `${v.repository}/${v.branch}/${v.file}`, content: v.content });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** plan.json: stable order (by URN) so two plans diff cleanly. */
export function renderPlanJson(doc: PlanDocument): string {
  const resources = [...doc.resources]
    .sort((a, b) => a.urn.localeCompare(b.urn))
    .map((r) => ({
      type: r.type,
      name: r.name,
      urn: r.urn,
      ...(r.parent !== undefined ? { parent: r.parent } : {}),
      ...(r.read ? { read: true } : {}),
      ...(r.protect === true ? { protect: true } : {}),
      ...(r.retainOnDelete === true ? { retainOnDelete: true } : {}),
      ...(r.dependsOn !== undefined && r.dependsOn.length > 0 ? { dependsOn: [...r.dependsOn].sort() } : {}),
      inputs: sortKeys(r.inputs),
    }));
  return `${JSON.stringify({ project: doc.project, stack: doc.stack, resources, outputs: sortKeys(doc.outputs) }, null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
