import { InvalidArgumentError, type Command } from "commander";
import * as path from "node:path";
import { DEFAULT_MAX_DELETE_SHARE } from "../../lib/retention/delete-cap";
import { UserError } from "../errors";
import { loadStackConfig } from "../stack";
import { compileTagScheme } from "../../lib/channels/model";
import { retentionIntent } from "../../lib/registries/retention";
import { clientFromEnv } from "../../providers/dockerhub/client";
import { share, stackName } from "./flags";
import type { ProgressStream } from "./progress";
import { pruneDockerHub, renderPruneDecisions, renderPruneSummary, type PruneClient, type PruneResult } from "./prune";

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

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 32) throw new InvalidArgumentError("use a whole number from 1 to 32");
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
 * credentials from DOCKERHUB_ORG / DOCKERHUB_ORG_TOKEN and DOCKERHUB_USERNAME /
 * DOCKERHUB_TOKEN (and DOCKERHUB_API_URL). Throws a {@link UserError} for a bad
 * config, missing or refused credentials, a Docker Hub that does not answer,
 * and when the run did not finish (a refused repository or failed deletions).
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
      const client = (deps.client ?? clientFromEnv)(env);
      const result = await pruneDockerHub({
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
      out.write(`${renderPruneDecisions(result)}\n\n${renderPruneSummary(result)}\n`);
      if (!result.complete) throw unfinished(result);
    });
}

/** Why a run that printed its table did not finish, and what to do. */
function unfinished(result: PruneResult): UserError {
  const refused = result.repositories.filter((r) => r.refused !== undefined).length;
  const what = [
    ...(result.failed > 0 ? [`${result.failed} tag deletion${result.failed === 1 ? "" : "s"} failed`] : []),
    ...(refused > 0 ? [`the cap refused ${refused} repositor${refused === 1 ? "y" : "ies"}`] : []),
  ];
  const fix = [
    ...(result.failed > 0 ? ["rerun the same command to finish the failed deletions"] : []),
    ...(refused > 0
      ? ["if the retention settings are right, rerun with the --max-delete-share each refusal names"]
      : []),
  ];
  return new UserError(`the prune did not finish: ${what.join(" and ")} (see the table and summary above)`, {
    fix: fix.join("; "),
  });
}
