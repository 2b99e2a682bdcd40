import { InvalidArgumentError } from "commander";

/** `--stack`: a Pulumi stack name. */
export function stackName(value: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(value))
    throw new InvalidArgumentError("use a stack name such as prod (letters, digits, ., _ and -)");
  return value;
}

/** `--max-delete-share`: a share from 0 to 1 (lib/retention/delete-cap.ts). */
export function share(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError("use a share from 0 to 1, such as 0.5 for half of a repository");
  return n;
}
