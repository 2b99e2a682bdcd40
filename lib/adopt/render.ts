/** The adopt report for people (a table per service) and for scripts (JSON). */
import type { ExistingState } from "./dump";
import { SERVICES, type AdoptEntry, type AdoptReport, type AdoptStatus, type Difference, type Service } from "./report";

const TITLES: Readonly<Record<Service, (existing: ExistingState) => string>> = {
  dockerhub: (e) => `Docker Hub: namespace ${e.dockerhub.namespace}`,
  github: (e) => `GitHub: organization ${e.github.org}, repository ${e.github.org}/${e.github.repository}`,
  aws: (e) => `AWS: account ${e.aws.accountId}, region ${e.aws.region}`,
};

/** Things of one kind left alone, or created without details, listed one by one up to this many, then counted. */
const MAX_LISTED = 10;

/** Longest text shown whole in a difference. */
const BRIEF = 50;

const shown = (value: unknown): string => (value === undefined ? "none" : JSON.stringify(value));

/** `members: +alice, -bob`, `description: "a" -> "b"` (long texts cut), or `policy: differs` for JSON documents. */
export function formatDifference(d: Difference): string {
  if (Array.isArray(d.existing) || Array.isArray(d.desired)) {
    const live = (Array.isArray(d.existing) ? d.existing : []).map(shownItem);
    const wanted = (Array.isArray(d.desired) ? d.desired : []).map(shownItem);
    const changes = [
      ...wanted.filter((w) => !live.includes(w)).map((w) => `+${w}`),
      ...live.filter((l) => !wanted.includes(l)).map((l) => `-${l}`),
    ];
    return `${d.field}: ${changes.join(", ") || "reordered"}`;
  }
  const isJson = (v: unknown) => typeof v === "string" && /^\s*[{[]/.test(v);
  if (isJson(d.existing) && isJson(d.desired)) return `${d.field}: differs (the documents are in --json)`;
  return `${d.field}: ${brief(d.existing)} -> ${brief(d.desired)}`;
}

/** A value short enough for a table cell: long texts cut, with their length. */
function brief(value: unknown): string {
  if (typeof value !== "string" || value.length <= BRIEF) return shown(value);
  return `${JSON.stringify(`${value.slice(0, BRIEF - 3)}...`)} (${value.length} characters)`;
}

function shownItem(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * One line per entry, grouped by kind in the order kinds first appear; past
 * {@link MAX_LISTED}, the plain creates of a kind are counted (--json lists them).
 */
function entryLines(entries: readonly AdoptEntry[]): string[] {
  const rows: { status: string; what: string; detail: string }[] = [];
  for (const kind of new Set(entries.map((e) => e.kind))) {
    let creates = 0;
    for (const e of entries.filter((x) => x.kind === kind)) {
      const detail = [...e.differences.map(formatDifference), ...e.notes].join("; ");
      if (e.status === "create" && detail === "" && ++creates > MAX_LISTED) continue;
      rows.push({ status: e.status, what: `${e.kind} ${e.key}`, detail });
    }
    if (creates > MAX_LISTED)
      rows.push({ status: "create", what: `... and ${creates - MAX_LISTED} more of kind ${kind}`, detail: "" });
  }
  const width = Math.max(0, ...rows.map((r) => r.what.length));
  return rows.map(
    (r) => `  ${r.status.padEnd(9)}  ${r.detail === "" ? r.what : `${r.what.padEnd(width)}  ${r.detail}`}`,
  );
}

function counts(report: AdoptReport): Record<AdoptStatus, number> {
  const out: Record<AdoptStatus, number> = { unchanged: 0, changed: 0, create: 0 };
  for (const e of report.entries) out[e.status] += 1;
  return out;
}

/** The commands that import what exists: the explicit providers first, then the import file. */
export function importSteps(report: AdoptReport, importFile: string): string[] {
  if (report.imports.length === 0) return [];
  const providers = [...new Set(report.imports.flatMap((c) => (c.provider !== undefined ? [c.provider] : [])))];
  const stack = `--stack ${report.stack}`;
  return [
    ...(providers.length > 0 ? [`pulumi up ${stack} ${providers.map((urn) => `--target '${urn}'`).join(" ")}`] : []),
    `pulumi import ${stack} --file ${importFile} --generate-code=false`,
    `pulumi up ${stack}`,
  ];
}

/** The table for people: per service what is adopted unchanged, changed or created, then what is left alone. */
export function renderAdoptTable(report: AdoptReport, existing: ExistingState, importFile: string): string {
  const lines: string[] = [`Adopting into stack ${report.stack}: existing state read ${report.readAt}`];
  for (const service of SERVICES) {
    const entries = report.entries.filter((e) => e.service === service);
    const unmanaged = report.unmanaged.filter((u) => u.service === service);
    const notCompared = report.notCompared.filter((n) => n.service === service);
    lines.push("", TITLES[service](existing));
    lines.push(...entryLines(entries));
    if (entries.length === 0) lines.push("  nothing declared");
    if (unmanaged.length > 0) {
      lines.push("  not managed (pulumi up leaves these alone):");
      const kinds = [...new Set(unmanaged.map((u) => u.kind))];
      for (const kind of kinds) {
        const ofKind = unmanaged.filter((u) => u.kind === kind);
        for (const u of ofKind.slice(0, MAX_LISTED))
          lines.push(`    ${u.kind} ${u.key}${u.note !== undefined ? ` (${u.note})` : ""}`);
        if (ofKind.length > MAX_LISTED) lines.push(`    ... and ${ofKind.length - MAX_LISTED} more of kind ${kind}`);
      }
    }
    for (const n of notCompared) lines.push(`  not read: ${n.count} ${n.type} (${n.why})`);
  }
  const c = counts(report);
  lines.push(
    "",
    `${c.unchanged} unchanged, ${c.changed} changed, ${c.create} to create; ${report.unmanaged.length} not managed, left alone`,
  );
  if (report.imports.length === 0) {
    lines.push("Nothing to import: pulumi up can run as it is.");
  } else {
    lines.push(
      "",
      `Import before the first pulumi up (${report.imports.length}: these exist and their create would fail; written to ${importFile}):`,
      ...report.imports.map((c) => `  ${c.type}  ${c.name}  id ${c.id}`),
      "Then run:",
      ...importSteps(report, importFile).map((step, i) => `  ${i + 1}. ${step}`),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The report as JSON for scripts, with the summary counts and the import steps. */
export function renderAdoptJson(report: AdoptReport, importFile: string | undefined): string {
  const summary = { ...counts(report), unmanaged: report.unmanaged.length, imports: report.imports.length };
  return `${JSON.stringify(
    {
      ...report,
      summary,
      ...(importFile !== undefined && report.imports.length > 0
        ? { importFile, importSteps: importSteps(report, importFile) }
        : {}),
    },
    null,
    2,
  )}\n`;
}
