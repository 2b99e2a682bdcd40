/**
 * Input rules Docker Hub enforces, as the reference documents them: repository name
 * `^[a-z0-9]+(?:[._-][a-z0-9]+)*$` of 2-255 characters, description <= 100 characters,
 * full description <= 25,000 characters, team name `^[a-zA-Z0-9_-]{3,30}$`,
 * permission read|write|admin.
 */
import { invalidFields } from "./problem";

/** Repository name rule (2-255 characters checked separately). */
export const REPOSITORY_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** Team name rule. */
export const TEAM_NAME = /^[a-zA-Z0-9_-]{3,30}$/;
/** Longest repository description. */
export const MAX_DESCRIPTION = 100;
/** Longest repository full description (overview). */
export const MAX_FULL_DESCRIPTION = 25_000;
/** Team permissions on a repository. */
export const PERMISSIONS = ["read", "write", "admin"] as const;
/** One of {@link PERMISSIONS}. */
export type Permission = (typeof PERMISSIONS)[number];

/** Collects field errors, then raises one 400 naming all of them. */
export class FieldErrors {
  private readonly fields: Record<string, string[]> = {};

  add(field: string, message: string): void {
    (this.fields[field] ??= []).push(message);
  }

  throwIfAny(): void {
    if (Object.keys(this.fields).length > 0) throw invalidFields(this.fields);
  }
}

/** The request body as an object, or a 400 when it is not one. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw invalidFields({ non_field_errors: ["Expected a JSON object."] });
  return body as Record<string, unknown>;
}

/** Adds `name` errors for a missing, mis-sized or malformed repository name. */
export function checkRepositoryName(errors: FieldErrors, name: unknown): void {
  if (typeof name !== "string" || name === "") {
    errors.add("name", "This field is required.");
    return;
  }
  if (name.length < 2 || name.length > 255) errors.add("name", "Ensure this field has between 2 and 255 characters.");
  if (!REPOSITORY_NAME.test(name))
    errors.add("name", "Enter a valid name: lowercase letters, digits and single separators [._-] between them.");
}

/** Adds an error when an optional text field is not a string or is longer than `max`. */
export function checkOptionalText(errors: FieldErrors, field: string, value: unknown, max: number): void {
  if (value === undefined || value === null) return;
  if (typeof value !== "string") {
    errors.add(field, "Not a valid string.");
    return;
  }
  if (value.length > max) errors.add(field, `Ensure this field has no more than ${max} characters.`);
}

/** Adds `name` errors for a missing or malformed team name. */
export function checkTeamName(errors: FieldErrors, name: unknown): void {
  if (typeof name !== "string" || name === "") {
    errors.add("name", "This field is required.");
    return;
  }
  if (!TEAM_NAME.test(name)) errors.add("name", "Team names are 3-30 characters: letters, digits, '_' and '-'.");
}

/** Adds a `permission` error unless the value is read, write or admin. */
export function checkPermission(errors: FieldErrors, permission: unknown): permission is Permission {
  if (typeof permission === "string" && (PERMISSIONS as readonly string[]).includes(permission)) return true;
  errors.add("permission", `"${String(permission)}" is not a valid choice; expected one of ${PERMISSIONS.join(", ")}.`);
  return false;
}

/** Adds an error when a (required) field is not a boolean. */
export function checkBoolean(errors: FieldErrors, field: string, value: unknown, required: boolean): void {
  if (value === undefined && !required) return;
  if (typeof value !== "boolean")
    errors.add(field, value === undefined ? "This field is required." : "Must be a valid boolean.");
}
