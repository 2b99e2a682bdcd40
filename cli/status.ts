/*
 * `release-infra status --stack NAME`: where each channel's moving tags
 * point now in ECR and on Docker Hub (lib/status/registry-status.ts decides
 * what the answers mean; this file reads them). Read-only: ECR through the
 * AWS SDK (ListImages gives every tag with its digest in one paginated call;
 * the SDK's default credentials, the stack's region, AWS_ENDPOINT_URL_ECR for
 * another endpoint), Docker Hub through the registry's HTTP API (the tag list,
 * then a HEAD per tag it needs: Docker Hub counts a manifest GET as a pull,
 * a HEAD not), logged in with DOCKERHUB_USERNAME and DOCKERHUB_TOKEN when set.
 */
import * as path from "node:path";
import { ECRClient, paginateListImages } from "@aws-sdk/client-ecr";
import type { Command } from "commander";
import { compileTagScheme } from "../lib/channels/model";
import type { ReleaseConfig } from "../lib/config/schema";
import { ecrRegistryHost } from "../lib/aws/arn";
import { DOCKER_HUB_REGISTRY_URL } from "../lib/pins/targets";
import {
  channelTags,
  DISAGREE_EXIT_CODE,
  registryStatus,
  renderStatusTable,
  statusTargets,
  type RegistryStatus,
  type RepositoryRead,
} from "../lib/status/registry-status";
import { credentialsFromEnv, ociStore } from "../providers/retag/oci";
import { networkReason, UserError } from "./errors";
import { loadStackConfig } from "./stack";

export { DISAGREE_EXIT_CODE };

/** At most this many version tags are read per channel on Docker Hub to name the version a moving tag is on. */
const VERSION_READS = 100;

export interface StatusOptions {
  readonly dir: string;
  readonly stack: string;
  /** Docker Hub's registry API. @default https://registry-1.docker.io */
  readonly dockerhubRegistry?: string;
  /** The environment (credentials). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** @default now */
  readonly now?: Date;
}

const reason = (error: unknown): string => {
  const network = networkReason(error);
  const text =
    error instanceof Error ? `${error.name === "Error" ? "" : `${error.name}: `}${error.message}` : String(error);
  return network === undefined ? text : `${text} (${network})`;
};

/** Every tag of an ECR repository with its digest. */
async function readEcr(client: ECRClient, registryId: string, repositoryName: string): Promise<RepositoryRead> {
  try {
    const digests: Record<string, string> = {};
    for await (const page of paginateListImages(
      { client, pageSize: 1000 },
      { registryId, repositoryName, filter: { tagStatus: "TAGGED" } },
    )) {
      for (const id of page.imageIds ?? [])
        if (id.imageTag !== undefined && id.imageDigest !== undefined) digests[id.imageTag] = id.imageDigest;
    }
    return { ok: true, tags: Object.keys(digests), digests };
  } catch (error) {
    return { ok: false, error: reason(error) };
  }
}

/**
 * The tags of a Docker Hub repository and the digests of those the report
 * needs: every moving tag of the channels published there, each pin's
 * version, and the channel's versions newest first until each moving tag's
 * image is named (at most {@link VERSION_READS}).
 */
async function readHub(
  config: ReleaseConfig,
  baseUrl: string,
  repository: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<RepositoryRead> {
  const model = compileTagScheme(config.tagScheme);
  const store = ociStore(baseUrl, repository, credentialsFromEnv(env));
  try {
    const tags = await store.list();
    const digests: Record<string, string> = {};
    const read = async (tag: string) => {
      if (tag in digests || !tags.includes(tag)) return digests[tag];
      const digest = await store.digest(tag);
      if (digest !== undefined) digests[tag] = digest;
      return digest;
    };
    const channels = statusTargets(config).filter((t) => t.dockerhub.repository === repository);
    for (const target of channels) {
      const { moving, versions } = channelTags(model, target.channel, tags);
      const unnamed = new Set<string>();
      for (const tag of moving) {
        const digest = await read(tag);
        if (digest !== undefined) unnamed.add(digest);
      }
      if (target.pin !== undefined) unnamed.delete((await read(model.versionTag(target.channel, target.pin))) ?? "");
      for (const version of versions.slice(0, VERSION_READS)) {
        if (unnamed.size === 0) break;
        unnamed.delete((await read(version)) ?? "");
      }
    }
    return { ok: true, tags, digests };
  } catch (error) {
    return { ok: false, error: reason(error) };
  } finally {
    store.close();
  }
}

/** Reads the stack's repositories and reports where the moving tags point. */
export async function readRegistryStatus(opts: StatusOptions): Promise<RegistryStatus> {
  const config = loadStackConfig(opts.dir, opts.stack);
  const env = opts.env ?? process.env;
  const baseUrl = (opts.dockerhubRegistry ?? DOCKER_HUB_REGISTRY_URL).replace(/\/+$/, "");
  try {
    credentialsFromEnv(env);
  } catch (error) {
    throw new UserError((error as Error).message, { path: "DOCKERHUB_USERNAME, DOCKERHUB_TOKEN" });
  }
  const { region, accountId } = config.registries.ecr;
  const client = new ECRClient({ region });
  const reads: Record<string, RepositoryRead> = {};
  try {
    for (const target of statusTargets(config)) {
      reads[`ecr:${target.ecr.repository}`] ??= await readEcr(client, accountId, target.ecr.repository);
      reads[`dockerhub:${target.dockerhub.repository}`] ??= await readHub(
        config,
        baseUrl,
        target.dockerhub.repository,
        env,
      );
    }
  } finally {
    client.destroy();
  }
  return registryStatus(config, opts.stack, reads, opts.now ?? new Date(), {
    ecrRegistry: ecrRegistryHost(region, accountId),
    dockerhubRegistry: baseUrl,
  });
}

/** The exit status of a report: 0 when the registries agree, {@link DISAGREE_EXIT_CODE} otherwise. */
export function statusExitCode(status: RegistryStatus): number {
  return status.agree ? 0 : DISAGREE_EXIT_CODE;
}

/** `release-infra status`. */
export function registerStatusCommand(program: Command, stackName: (value: string) => string): void {
  program
    .command("status")
    .description(
      `where each channel's moving tags point in ECR and on Docker Hub, whether the two agree and whether the pin holds (exit ${String(DISAGREE_EXIT_CODE)} when they disagree)`,
    )
    .option("--stack <name>", "stack to read (Pulumi.<name>.yaml)", stackName, "prod")
    .option("--dir <dir>", "project directory holding the stack file", ".")
    .option("--json", "print the report as JSON instead of a table", false)
    .option("--dockerhub-registry <url>", "Docker Hub's registry API, or a mirror of it", DOCKER_HUB_REGISTRY_URL)
    .action(async (opts: { stack: string; dir: string; json: boolean; dockerhubRegistry: string }) => {
      const status = await readRegistryStatus({
        dir: path.resolve(opts.dir),
        stack: opts.stack,
        dockerhubRegistry: opts.dockerhubRegistry,
      });
      process.stdout.write(opts.json ? `${JSON.stringify(status, null, 2)}\n` : renderStatusTable(status));
      process.exitCode = statusExitCode(status);
    });
}
