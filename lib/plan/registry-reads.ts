/*
 * plan.md's "Read from the registries" section: what the program read (or,
 * offline, could not read) for each pin's target and each tool image, from
 * the `registryReads` stack output (lib/registries/reads.ts).
 */
import type { ReadSummary, RegistryReadsOutput } from "../registries/reads";
import type { PlanDocument } from "./model";

/** The digest, or plainly why there is none. */
function digestCell(read: ReadSummary): string {
  if (read.digest !== null) return `\`${read.digest}\``;
  if (read.status.startsWith("not read")) return "not resolved: this plan reads no registry";
  return `none (${read.status})`;
}

function isReadsOutput(value: unknown): value is RegistryReadsOutput {
  return typeof value === "object" && value !== null && "pins" in value && "toolImages" in value;
}

/** The section, or nothing when the plan has no `registryReads` output. */
export function registryReadsSection(doc: PlanDocument): string[] {
  const reads = doc.outputs.registryReads;
  if (!isReadsOutput(reads)) return [];
  const lines = [
    "## Read from the registries",
    "",
    "`pulumi preview` reads these before it registers anything (`docker.getRegistryImage`; ECR's tags with `aws.ecr.getImages`) and refuses a pin whose image is missing or no longer kept, and a tool image not pinned by digest. This plan is offline: it answers from the config alone, so only a digest the config pins is shown; nothing else was read.",
    "",
  ];
  const tools = Object.entries(reads.toolImages);
  if (tools.length > 0) {
    lines.push("| tool image | the workflows run | pinned | digest |", "|---|---|---|---|");
    for (const [tool, read] of tools) {
      const pinned = read.pinned
        ? "yes"
        : read.allowedUnpinned === true
          ? "no (accepted: `workflows.allowUnpinnedToolImages`)"
          : "**no**: `pulumi preview` refuses it until `workflows.toolImages." +
            tool +
            "` pins it by digest (it prints the digest to pin)";
      lines.push(`| ${tool} | \`${read.reference}\` | ${pinned} | ${digestCell(read)} |`);
    }
    lines.push("");
  }
  const pins = Object.entries(reads.pins);
  if (pins.length > 0) {
    lines.push("| pin target | channel | image | reads | digest |", "|---|---|---|---|---|");
    for (const [name, read] of pins)
      lines.push(`| ${name} | ${read.channel} | ${read.image} | \`${read.reference}\` | ${digestCell(read)} |`);
    lines.push("");
  }
  return lines;
}
