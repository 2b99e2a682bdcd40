import { InvalidArgumentError, type Command } from "commander";
import * as path from "node:path";
import { DEFAULT_MAX_DELETE_SHARE } from "../../lib/dockerhub/prune";
import { UserError } from "../errors";
import { loadStackConfig } from "../stack";
import { compileTagScheme } from "../../lib/channels/model";
import { retentionIntent } from "../../lib/registries/retention";
import { clientFromEnv, HubConfigurationError, HubCredentialError } from "../../providers/dockerhub/client";
import type { ProgressStream } from "./progress";
import { pruneDockerHub, renderPruneDecisions, renderPruneSummary, type PruneClient } from "./prune";

/** A Docker Hub prune that could not run or did not finish: the CLI prints it without a stack trace and exits 1. */
export class DockerHubPruneError extends UserError {
  override name = "DockerHubPruneError";
}

/** What the command needs from its surroundings (tests pass their own). */
export interface PruneCommandDeps {
  /** The environment the Docker Hub credentials are read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Builds the client. @default clientFromEnv(env) */
  readonly client?: (env: Readonly<Record<string, string | undefined>>) => PruneClient;
  /** @default process.stdout */
  readonly stdout?: ProgressStream;
  /** The time retention ages are measured from. @default new Date() */
  readonly now?: () => Date;
}

const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

function stackName(value: string): string {
  if (!STACK_NAME.test(value))
    throw new InvalidArgumentError("use a stack name such as prod (letters, digits, ., _ and -)");
  return value;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 32) throw new InvalidArgumentError("use a whole number from 1 to 32");
  return n;
}

function share(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError("use a share from 0 to 1, e.g. 0.5 for half of a repository's tags");
  return n;
}

interface PruneFlags {
  readonly stack: string;
  readonly dir: string;
  readonly apply?: boolean;
  readonly concurrency: number;
  readonly maxDeleteShare: number;
  readonly force?: boolean;
}

/**
 * Adds `dockerhub` to `parent` (the `prune` command):
 * `release-infra prune dockerhub --stack prod [--apply] [--concurrency N] [--max-delete-share S] [--force]`.
 * Reads the stack's images and retention from `Pulumi.<stack>.yaml`, the
 * credentials from DOCKERHUB_USERNAME / DOCKERHUB_TOKEN (and DOCKERHUB_API_URL).
 * Throws {@link DockerHubPruneError} for a bad config or missing credentials, and
 * when the run did not finish (a refused repository or failed deletions).
 */
export function registerDockerHubPruneCommand(parent: Command, deps: PruneCommandDeps = {}): Command {
  return parent
    .command("dockerhub")
    .description("delete the Docker Hub tags the stack's retention no longer keeps (a dry run unless --apply)")
    .option("--stack <name>", "stack whose config to apply (reads Pulumi.<name>.yaml)", stackName, "prod")
    .option("--dir <dir>", "project directory holding the stack file", ".")
    .option("--apply", "delete; without it nothing is deleted and the table shows what would be")
    .option("--concurrency <n>", "deletions in flight at once", positiveInteger, 4)
    .option(
      "--max-delete-share <share>",
      "refuse to delete more than this share of a repository's tags in one run",
      share,
      DEFAULT_MAX_DELETE_SHARE,
    )
    .option("--force", "delete even past --max-delete-share")
    .action(async (flags: PruneFlags) => {
      const out = deps.stdout ?? process.stdout;
      const config = loadStackConfig(path.resolve(flags.dir), flags.stack);

      const env = deps.env ?? process.env;
      let client: PruneClient;
      try {
        client = (deps.client ?? clientFromEnv)(env);
      } catch (error) {
        if (error instanceof HubConfigurationError) throw new DockerHubPruneError(error.message);
        throw error;
      }
      const run = pruneDockerHub({
        client,
        namespace: config.registries.dockerhub.namespace,
        repositories: config.images.map((image) => image.name),
        intent: retentionIntent(config),
        model: compileTagScheme(config.tagScheme),
        now: (deps.now ?? (() => new Date()))(),
        apply: flags.apply === true,
        concurrency: flags.concurrency,
        maxDeleteShare: flags.force === true ? 1 : flags.maxDeleteShare,
        progress: out,
      });
      // A credential that cannot do the job is the user's to fix, not a crash (HubCredentialError).
      const result = await run.catch((error: unknown) => {
        if (error instanceof HubCredentialError) throw new DockerHubPruneError(error.message);
        throw error;
      });
      out.write(`${renderPruneDecisions(result)}\n\n${renderPruneSummary(result)}\n`);
      if (!result.complete) throw new DockerHubPruneError("the prune did not finish; see above");
    });
}
