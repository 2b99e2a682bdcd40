import { z } from "zod";
import type { Grant } from "./plan";

/** Shape of the `access` stack output, as the previous deployment exported it. */
const deployedAccessSchema = z.array(z.strictObject({ person: z.string().min(1), grant: z.string().min(1) }));

/**
 * Reads the previous deployment's `access` output. `undefined` (never deployed,
 * or deployed before the output existed) means there is nothing to compare with.
 * A malformed value is an error: guessing would disable the guard silently.
 */
export function parseDeployedAccess(value: unknown): Grant[] | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = deployedAccessSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(
      `the last deployment's "access" output is not a list of { person, grant }: ${parsed.error.issues[0]?.message ?? "invalid"}; ` +
        `inspect it with \`pulumi stack output access --json\``,
    );
  }
  return parsed.data;
}
