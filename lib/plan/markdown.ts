import { AWS, DOCKERHUB, GITHUB } from "../resource-types";
import { renderImportSection, type ImportCandidate } from "./imports";
import { generatedFiles, type PlanDocument, type PlanResource } from "./model";
import { registryReadsSection } from "./registry-reads";
import { describeInputs, dynamicProvider } from "./settings";

const T = {
  membership: GITHUB.membership,
  team: GITHUB.team,
  teamMembers: GITHUB.teamMembers,
  teamRepository: GITHUB.teamRepository,
  hubTeamMembers: DOCKERHUB.teamMembers,
} as const;

const str = (v: unknown): string => (typeof v === "string" ? v : v === undefined ? "" : JSON.stringify(v));
const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function accessSection(resources: readonly PlanResource[]): string[] {
  const of = (type: string) => resources.filter((r) => r.type === type);
  const teams = of(T.team);
  if (teams.length === 0) return [];
  const members = new Map(of(T.teamMembers).map((r) => [str(r.inputs.teamSlug), r.inputs.members]));
  const perms = new Map(
    of(T.teamRepository).map((r) => [
      str(r.inputs.teamId),
      `${str(r.inputs.permission)} on ${str(r.inputs.repository)}`,
    ]),
  );
  const lines = ["## Access", "", "### Teams", "", "| team | source repository | members |", "|---|---|---|"];
  for (const team of teams) {
    const name = str(team.inputs.name);
    const list = members.get(name);
    const who = Array.isArray(list)
      ? list.map((m) => str((m as Record<string, unknown>).username)).join(", ")
      : "(nobody)";
    lines.push(`| ${cell(name)} | ${cell(perms.get(name) ?? "none")} | ${cell(who)} |`);
  }
  const orgMembers = of(T.membership).map((r) => ({ login: str(r.inputs.username), role: str(r.inputs.role) }));
  lines.push("", "### Organization members", "");
  if (orgMembers.length === 0) {
    lines.push(
      "Not managed by this stack (`github.orgMembership: unmanaged`): nobody is added to, promoted in or removed from the organization. Whoever is not a member yet is invited by GitHub when `pulumi up` adds them to their team, and offboarding removes them from the team only.",
    );
  } else {
    lines.push("| login | org role |", "|---|---|");
    for (const m of orgMembers) lines.push(`| ${cell(m.login)} | ${cell(m.role)} |`);
  }
  lines.push(
    "",
    "This plan is offline, so it cannot read anyone's current organization role (`github.getMembership`): it shows everyone as not yet in the organization. `pulumi preview` reads each role; an existing owner keeps the owner role and is declared a maintainer of their team, as GitHub makes owners.",
  );
  const hubTeams = of(T.hubTeamMembers);
  if (hubTeams.length > 0) {
    const org = str(hubTeams[0]?.inputs.org);
    lines.push("", "### Docker Hub teams", "", "| team | members |", "|---|---|");
    for (const r of hubTeams) {
      const list = Array.isArray(r.inputs.members) ? r.inputs.members.map(str) : [];
      lines.push(`| ${cell(str(r.inputs.team))} | ${cell(list.join(", ") || "(nobody)")} |`);
    }
    lines.push(
      "",
      `Anyone not yet a member of the Docker Hub organization \`${org}\` is invited to it and to their team by \`pulumi up\`, and joins the team on accepting; the \`dockerhubPendingInvitations\` output lists who has not accepted yet. This plan is offline, so it cannot tell who is a member already.`,
    );
  }
  return [...lines, ""];
}

interface RepositoryOutput {
  readonly image?: unknown;
  readonly channel?: unknown;
  readonly ecr?: unknown;
  readonly retention?: unknown;
  readonly immutability?: unknown;
}

function noticesSection(doc: PlanDocument): string[] {
  const notices = doc.outputs.notices;
  if (!Array.isArray(notices) || notices.length === 0) return [];
  return ["## Before `pulumi up`", "", ...notices.map((n) => `- ${str(n)}`), ""];
}

function registriesSection(doc: PlanDocument): string[] {
  const repos = doc.resources.filter((r) => r.type === AWS.repository);
  if (repos.length === 0) return [];
  const outputs = (doc.outputs.repositories ?? {}) as Record<string, RepositoryOutput>;
  const lines = ["## Registries", ""];
  for (const repo of repos) {
    const name = str(repo.inputs.name);
    const image = Object.entries(outputs).find(([, o]) => typeof o.ecr === "string" && o.ecr.endsWith(`/${name}`));
    const filters = Array.isArray(repo.inputs.imageTagMutabilityExclusionFilters)
      ? repo.inputs.imageTagMutabilityExclusionFilters
          .map((f) => `\`${str((f as Record<string, unknown>).filter)}\``)
          .join(", ")
      : "";
    const owner = image === undefined ? "" : ` (image ${str(image[1].image)}, ${str(image[1].channel)} channel)`;
    lines.push(`### ECR \`${name}\`${owner}`, "");
    lines.push(`- tags: ${str(repo.inputs.imageTagMutability)}${filters ? ` (immutable: ${filters})` : ""}`);
    const scanning = repo.inputs.imageScanningConfiguration as { scanOnPush?: unknown } | undefined;
    const encryption = Array.isArray(repo.inputs.encryptionConfigurations)
      ? repo.inputs.encryptionConfigurations.map((c: { encryptionType?: unknown }) => str(c.encryptionType))
      : [];
    lines.push(
      `- scan on push: ${scanning?.scanOnPush === true ? "yes" : "no"}; encryption: ${encryption.join(", ") || "ECR's default"}`,
    );
    lines.push(
      `- deletion: ${repo.protect === true ? "protected" : "not protected"}; ${repo.retainOnDelete === true ? "kept in AWS if removed from config" : "deleted if removed from config"}`,
    );
    const immutability = image?.[1].immutability;
    if (Array.isArray(immutability)) lines.push(...immutability.map((l) => `- ${str(l)}`));
    const retention = image?.[1].retention;
    if (Array.isArray(retention)) {
      lines.push("- retention:", ...retention.map((l) => `  - ${str(l)}`));
    }
    lines.push("");
  }
  return lines;
}

/** One resource as a list item with its settings under it. */
function resourceLines(r: PlanResource): string[] {
  const provider = dynamicProvider(r.type, r.inputs);
  const head = `- \`${r.name}\`: ${r.type}${r.read ? " (read)" : ""}${provider === undefined ? "" : `, dynamic provider: ${provider}`}`;
  const described: Record<string, string> = {};
  // The generated files are listed at the end and written under files/.
  if (r.type === GITHUB.file) described.content = "the generated file, under Generated files";
  // What a lifecycle policy keeps is under Registries, in words.
  if (r.type === AWS.lifecyclePolicy)
    described.policy = `retention rules of \`${str(r.inputs.repository)}\`, under Registries`;
  return [head, ...describeInputs(r.inputs, described, 1)];
}

function componentSection(doc: PlanDocument): string[] {
  const children = new Map<string, PlanResource[]>();
  for (const r of doc.resources) {
    const key = r.parent ?? "";
    children.set(key, [...(children.get(key) ?? []), r]);
  }
  const lines: string[] = ["## Resources by component", ""];
  const walk = (r: PlanResource, depth: number) => {
    const kids = children.get(r.urn) ?? [];
    lines.push(`${"#".repeat(Math.min(3 + depth, 6))} ${r.type} \`${r.name}\``, "");
    const leaves = kids.filter((k) => k.custom);
    if (leaves.length > 0) lines.push(...leaves.flatMap(resourceLines), "");
    for (const k of kids.filter((c) => !c.custom)) walk(k, depth + 1);
  };
  const roots = children.get("") ?? [];
  for (const r of roots.filter((x) => !x.custom)) walk(r, 0);
  const outside = roots.filter((r) => r.custom);
  if (outside.length > 0) lines.push("### Outside any component", "", ...outside.flatMap(resourceLines), "");
  return lines;
}

/** plan.md: what a maintainer reads to review a change, grouped by component. */
export function renderPlanMarkdown(doc: PlanDocument, imports: readonly ImportCandidate[] = []): string {
  const created = doc.resources.filter((r) => r.custom && !r.read).length;
  const files = generatedFiles(doc);
  const lines = [
    `# Release plan: ${doc.project}, stack \`${doc.stack}\``,
    "",
    `Evaluated offline from \`Pulumi.${doc.stack}.yaml\`: ${created} resources in ${doc.resources.filter((r) => !r.custom).length} components, ${files.length} generated files. Secret values show as \`[secret]\`.`,
    "",
    ...noticesSection(doc),
    ...accessSection(doc.resources),
    ...registriesSection(doc),
    ...registryReadsSection(doc),
    ...componentSection(doc),
  ];
  lines.push(...renderImportSection(imports));
  if (files.length > 0) {
    lines.push("## Generated files", "", ...files.map((f) => `- \`${f.path}\` (see \`files/${f.path}\`)`), "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
