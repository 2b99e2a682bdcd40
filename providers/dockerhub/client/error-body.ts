/**
 * Reads Docker Hub's error bodies. The published API reference documents several
 * shapes side by side: `Error {detail, message}`, `error {errinfo, detail, message}`
 * and `ValueError {fields, text}` (docs.docker.com/reference/api/hub/latest, schemas
 * section). Any of them, several at once, or plain text (from a proxy) may arrive.
 */

/** A summary for people plus the per-field messages, if the body named fields. */
export interface ErrorBodySummary {
  readonly answer: string;
  readonly fields: Readonly<Record<string, readonly string[]>>;
}

const MAX_ANSWER_CHARS = 500;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asMessages(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "number" || typeof value === "boolean") return [String(value)];
  if (Array.isArray(value)) return value.flatMap(asMessages);
  if (isRecord(value)) return [JSON.stringify(value)];
  return [];
}

function fieldMessages(value: unknown): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  if (!isRecord(value)) return fields;
  for (const [name, messages] of Object.entries(value)) {
    const list = asMessages(messages);
    if (list.length > 0) fields[name] = list;
  }
  return fields;
}

function truncate(text: string): string {
  return text.length > MAX_ANSWER_CHARS ? `${text.slice(0, MAX_ANSWER_CHARS)}...` : text;
}

/** Summarises an error body (raw text as received) into one line and its fields. */
export function summarizeErrorBody(text: string): ErrorBodySummary {
  const trimmed = text.trim();
  if (trimmed === "") return { answer: "(empty body)", fields: {} };
  let body: unknown;
  try {
    body = JSON.parse(trimmed);
  } catch {
    return { answer: truncate(trimmed.replace(/\s+/g, " ")), fields: {} };
  }
  if (!isRecord(body)) return { answer: truncate(JSON.stringify(body)), fields: {} };

  const fields = fieldMessages(body.fields);
  const errinfo = fieldMessages(body.errinfo);
  const parts: string[] = [];
  // `text` restates `fields` in the ValueError shape: the per-field list is kept instead.
  const keys =
    Object.keys(fields).length > 0 ? (["detail", "message"] as const) : (["detail", "message", "text"] as const);
  for (const key of keys) {
    const value = body[key];
    if (typeof value === "string" && value !== "" && !parts.includes(value)) parts.push(value);
  }
  for (const [name, messages] of Object.entries(fields)) parts.push(`${name}: ${messages.join("; ")}`);
  for (const [name, messages] of Object.entries(errinfo)) parts.push(`${name}=${messages.join(",")}`);
  if (parts.length === 0) return { answer: truncate(JSON.stringify(body)), fields: {} };
  // Validation answers without `fields` sometimes name the field only in `errinfo`.
  const named = Object.keys(fields).length > 0 ? fields : errinfo;
  return { answer: truncate(parts.join("; ")), fields: named };
}
