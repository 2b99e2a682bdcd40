import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { DockerHubEmulator } from "./emulator";
import { rateLimitFlags } from "./rate-limit";

/** A started standalone emulator and the lines telling a user how to use it. */
export interface StandaloneEmulator {
  readonly emulator: DockerHubEmulator;
  readonly instructions: readonly string[];
}

/** `--help`. */
export const STANDALONE_USAGE = `Docker Hub emulator (an emulator of Docker's documented Hub API, not the real service)

usage: npm run hub-emulator -- [options]
  --port N                 port on 127.0.0.1 (PORT; default 0: any free port)
  --org NAME               the organization (HUB_EMULATOR_ORG; default example-org)
  --token dckr_oat_...     its organization access token, every scope (HUB_EMULATOR_TOKEN; default random)
  --owner NAME             an owner of the organization, with a personal access token (default owner)
  --seed FILE              repositories and tags to start with, JSON:
                             {"repositories": [{"name": "cortex", "tags": [
                               {"name": "nightly-20261101", "ageDays": 30}, {"name": "old", "withoutDigest": true}]}]}
  --fail N:STATUS[:ROUTE]  answer the next N requests (of ROUTE, e.g. tag.delete) with STATUS
  --rate-limit N           allow N requests a minute
  --rate-limit-shape S     how its 429s say when to retry: epoch-retry-after (observed), retry-after, x-retry-after, both, bare
  --help                   this text

Then, in another shell, export the variables it prints and run, e.g.:
  npm run release-infra -- prune dockerhub --stack prod            # a dry run
`;

const seedFile = z.object({
  repositories: z.array(
    z.object({
      name: z.string(),
      description: z.string().optional(),
      tags: z
        .array(
          z.object({
            name: z.string(),
            ageDays: z.number().nonnegative().optional(),
            withoutDigest: z.boolean().optional(),
          }),
        )
        .default([]),
    }),
  ),
});

const DAY_MS = 86_400_000;

/**
 * Starts an emulator from command-line flags and environment, seeded with one
 * organization, its access token, an owner with a personal access token (the
 * two credentials the README prescribes), and optionally repositories, tags,
 * faults and a rate limit. It always listens on 127.0.0.1.
 * @throws on a bad flag or seed file, with what is wrong
 */
export async function startStandalone(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<StandaloneEmulator> {
  const { rateLimit, rest } = rateLimitFlags(argv);
  const { values } = parseArgs({
    args: rest,
    options: {
      port: { type: "string" },
      org: { type: "string" },
      token: { type: "string" },
      owner: { type: "string" },
      seed: { type: "string" },
      fail: { type: "string", multiple: true },
    },
    strict: true,
  });
  const rawPort = values.port ?? env.PORT ?? "0";
  if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65_535)
    throw new Error(`port must be an integer 0-65535, got ${JSON.stringify(rawPort)}`);
  const org = values.org ?? env.HUB_EMULATOR_ORG ?? "example-org";
  const token = values.token ?? env.HUB_EMULATOR_TOKEN ?? `dckr_oat_${randomBytes(18).toString("base64url")}`;
  const owner = values.owner ?? "owner";
  const ownerToken = `dckr_pat_${randomBytes(18).toString("base64url")}`;
  const faults = (values.fail ?? []).map((spec) => {
    const match = /^(\d+):(\d{3})(?::([a-z.-]+))?$/.exec(spec);
    if (match === null)
      throw new Error(`--fail takes N:STATUS[:ROUTE], e.g. 3:503:tag.delete, got ${JSON.stringify(spec)}`);
    return { count: Number(match[1]), status: Number(match[2]), route: match[3] };
  });
  const seed = values.seed === undefined ? undefined : seedFile.parse(JSON.parse(readFileSync(values.seed, "utf8")));

  const emulator = await DockerHubEmulator.start({ port: Number(rawPort) });
  emulator.addUser(owner, { secret: ownerToken });
  emulator.addOrg(org, { owners: [owner] });
  emulator.addOrgAccessToken(org, token);
  for (const repository of seed?.repositories ?? []) {
    emulator.seedRepository(org, repository.name, { description: repository.description ?? "" });
    for (const tag of repository.tags) {
      const age = (tag.ageDays ?? 0) * DAY_MS;
      if (tag.withoutDigest === true) emulator.seedTagWithoutDigest(org, repository.name, tag.name, age);
      else emulator.seedTags(org, repository.name, [tag.name], age);
    }
  }
  for (const fault of faults)
    emulator.failNext(fault.count, fault.status, fault.route === undefined ? undefined : { route: fault.route });
  emulator.setRateLimit(rateLimit);
  const instructions = [
    `Docker Hub emulator listening on ${emulator.url} (an emulator of the documented API, not Docker Hub)`,
    `Seeded organization "${org}" with an organization access token, and its owner "${owner}" with a personal access token` +
      (seed === undefined ? "." : `; ${String(seed.repositories.length)} repositories from ${values.seed ?? ""}.`),
    ...(faults.length > 0 ? [`Armed faults: ${(values.fail ?? []).join(", ")}.`] : []),
    ...(rateLimit === undefined
      ? []
      : [
          `Rate limit: ${String(rateLimit.limit)} requests a minute, 429s shaped ${rateLimit.retryAfter ?? "epoch-retry-after"}.`,
        ]),
    "Point the client (clientFromEnv) at it:",
    `  export DOCKERHUB_API_URL=${emulator.url}`,
    `  export DOCKERHUB_ORG=${org}`,
    `  export DOCKERHUB_ORG_TOKEN=${token}`,
    `  export DOCKERHUB_USERNAME=${owner}`,
    `  export DOCKERHUB_TOKEN=${ownerToken}`,
    "Stop with Ctrl-C.",
  ];
  return { emulator, instructions };
}
