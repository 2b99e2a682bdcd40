import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { DockerHubEmulator } from "./emulator";

/** A started standalone emulator and the lines telling a user how to use it. */
export interface StandaloneEmulator {
  readonly emulator: DockerHubEmulator;
  readonly instructions: readonly string[];
}

/**
 * Starts an emulator from command-line flags and environment, seeded with one
 * organization and one organization access token:
 * `--port` / `PORT` (default 0: any free port), `--org` / `HUB_EMULATOR_ORG`
 * (default `example-org`), `--token` / `HUB_EMULATOR_TOKEN` (default: a fresh random
 * `dckr_oat_...`). It always listens on 127.0.0.1.
 */
export async function startStandalone(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<StandaloneEmulator> {
  const { values } = parseArgs({
    args: [...argv],
    options: { port: { type: "string" }, org: { type: "string" }, token: { type: "string" } },
    strict: true,
  });
  const rawPort = values.port ?? env.PORT ?? "0";
  if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65_535)
    throw new Error(`port must be an integer 0-65535, got ${JSON.stringify(rawPort)}`);
  const org = values.org ?? env.HUB_EMULATOR_ORG ?? "example-org";
  const token = values.token ?? env.HUB_EMULATOR_TOKEN ?? `dckr_oat_${randomBytes(18).toString("base64url")}`;

  const emulator = await DockerHubEmulator.start({ port: Number(rawPort) });
  emulator.addOrg(org);
  emulator.addOrgAccessToken(org, token);
  const instructions = [
    `Docker Hub emulator listening on ${emulator.url}`,
    `Seeded organization "${org}" with one organization access token.`,
    "Point the client (clientFromEnv) at it:",
    `  export DOCKERHUB_API_URL=${emulator.url}`,
    `  export DOCKERHUB_USERNAME=${org}`,
    `  export DOCKERHUB_TOKEN=${token}`,
    "Stop with Ctrl-C.",
  ];
  return { emulator, instructions };
}
