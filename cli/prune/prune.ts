/**
 * `release-infra prune dockerhub`: applies the stack's retention intent to the
 * Docker Hub repositories, which have no lifecycle policies of their own. The
 * decisions come from lib/dockerhub/prune.ts (over lib/retention); this file
 * lists, deletes and reports. Docker Hub behaviour is tested against an
 * emulator of the documented API, not the real service.
 */
import {
  deleteCapProblem,
  formatBytes,
  planTagPrune,
  pruneDelayMs,
  untaggedImages,
  renderPruneTable,
  type TagDecision,
} from "../../lib/dockerhub/prune";
import type { TagModel } from "../../lib/channels/model";
import { DEFAULT_MAX_DELETE_SHARE } from "../../lib/retention/delete-cap";
import type { RetentionIntent } from "../../lib/retention/intent";
import {
  credentialFor,
  HubAuthError,
  HubCredentialError,
  HubNetworkError,
  HubNotFoundError,
  HubRateLimitError,
  HubServerError,
  HubValidationError,
  type CredentialKind,
  type DockerHubClient,
  type HubRepository,
  type HubStats,
  type Operation,
} from "../../providers/dockerhub/client";
import { RATE_LIMIT_MAX_WAIT_MS } from "../../providers/dockerhub/client/backoff";
import { UserError } from "../errors";
import { createProgress, type ProgressStream } from "./progress";

/** The client calls the prune makes. */
export type PruneClient = Pick<
  DockerHubClient,
  "findRepository" | "listTags" | "deleteTag" | "stats" | "cannot" | "credentialKinds"
>;

/** Options of {@link pruneDockerHub}. */
export interface PruneOptions {
  readonly client: PruneClient;
  readonly namespace: string;
  /** Repository names (the stack's images). */
  readonly repositories: readonly string[];
  readonly intent: RetentionIntent;
  /** The stack's tag scheme: which tags retention owns. */
  readonly model: TagModel;
  /** The time retention ages are measured from. */
  readonly now: Date;
  /** Delete; otherwise only report what would be deleted. @default false */
  readonly apply?: boolean;
  /** Deletions in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Refuse to delete more than this share of a repository's tags in one run. @default 0.5 */
  readonly maxDeleteShare?: number;
  /** Where the progress bar goes while deleting; none when unset. */
  readonly progress?: ProgressStream;
  /** Progress bar tuning (tests pass a clock). */
  readonly progressClock?: () => number;
  /** Clock the rate-limit pacing reads, epoch milliseconds (tests share the client's). @default Date.now */
  readonly clock?: () => number;
  /** How the pacing waits (tests advance a fake clock). @default a setTimeout-based sleep */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A deletion that did not happen. */
export interface FailedDeletion {
  readonly tag: string;
  readonly error: string;
}

/** What happened in one repository. */
export interface RepositoryPrune {
  readonly repository: string;
  /** Every tag's decision (as planned before deleting). */
  readonly decisions: readonly TagDecision[];
  /** Set when the repository does not exist on Docker Hub. */
  readonly missing: boolean;
  /** Set when the caution cap stopped deletions here. */
  readonly refused: string | undefined;
  /** Tags deleted in this run (a tag already gone counts). */
  readonly deleted: readonly string[];
  readonly failed: readonly FailedDeletion[];
  /** Time spent waiting before calls to stay under Docker Hub's rate limit, in milliseconds. */
  readonly pacedMs: number;
}

/** The outcome of a prune run. */
export interface PruneResult {
  readonly applied: boolean;
  readonly repositories: readonly RepositoryPrune[];
  /** Tags deleted (apply) or that would be deleted (dry run). */
  readonly deleted: number;
  readonly kept: number;
  /** Tags the intent would remove but Docker Hub's immutable-tag rules protect. */
  readonly blocked: number;
  readonly failed: number;
  /** Bytes freed (or freeable), counting only images left with no tag. */
  /** Images the run left (or would leave) with no tag, and their size as Docker Hub reports it. */
  readonly untagged: { readonly images: number; readonly bytes: number };
  /** API calls the run made. */
  readonly stats: HubStats;
  /** Time the run waited to stay under Docker Hub's rate limit (429s waited out are in `stats`). */
  readonly pacedMs: number;
  /** True when nothing failed and no repository was refused (a missing repository has nothing to prune). */
  readonly complete: boolean;
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function liveImmutableRules(repo: HubRepository): readonly string[] | "all" {
  if (repo.immutableTags === undefined || !repo.immutableTags.enabled) return [];
  return repo.immutableTags.rules.length === 0 ? "all" : repo.immutableTags.rules;
}

/** Plans one repository and, when applying and within the cap, deletes its expired tags. */
async function pruneRepository(options: PruneOptions, repository: string): Promise<RepositoryPrune> {
  const { client, namespace } = options;
  const name = `${namespace}/${repository}`;
  const repo = await client.findRepository(namespace, repository);
  if (repo === undefined)
    return { repository: name, decisions: [], missing: true, refused: undefined, deleted: [], failed: [], pacedMs: 0 };

  const tags = await client.listTags(namespace, repository);
  const decisions = planTagPrune({
    tags,
    intent: options.intent,
    model: options.model,
    now: options.now,
    immutableRules: liveImmutableRules(repo),
  });
  const doomed = decisions.filter((d) => d.action === "delete");
  const refused = deleteCapProblem(
    name,
    doomed.length,
    decisions.length,
    options.maxDeleteShare ?? DEFAULT_MAX_DELETE_SHARE,
  );
  if (options.apply !== true || refused !== undefined || doomed.length === 0) {
    return { repository: name, decisions, missing: false, refused, deleted: [], failed: [], pacedMs: 0 };
  }

  const deleted: string[] = [];
  const failed: FailedDeletion[] = [];
  const progress =
    options.progress === undefined
      ? undefined
      : createProgress(
          options.progress,
          `deleting ${name}`,
          doomed.length,
          options.progressClock === undefined ? {} : { now: options.progressClock },
        );
  const concurrency = options.concurrency ?? 4;
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  let pacedMs = 0;
  // The first deletion the client gave up on for the rate limit, or Docker Hub
  // refused the credential for: the rest are not attempted (each would only
  // spend another call, or another failed login toward Docker Hub's lock-out),
  // and a rerun finishes them.
  let stoppedBy: string | undefined;
  await inPool(doomed, concurrency, async (decision) => {
    if (stoppedBy !== undefined) {
      failed.push({ tag: decision.tag, error: `not attempted: ${stoppedBy} first` });
      progress?.tick();
      return;
    }
    const wait = pruneDelayMs(
      client.stats.rateLimit,
      clock(),
      Math.min(concurrency, doomed.length),
      RATE_LIMIT_MAX_WAIT_MS,
    );
    if (wait > 0) {
      pacedMs += wait;
      progress?.note(`pausing ${Math.ceil(wait / 1000)} s for Docker Hub's rate limit`);
      await sleep(wait);
    }
    try {
      await client.deleteTag(namespace, repository, decision.tag);
      deleted.push(decision.tag);
    } catch (error) {
      // Already gone (an earlier run, or someone else): the job is done either way.
      if (error instanceof HubNotFoundError) deleted.push(decision.tag);
      else if (error instanceof HubValidationError)
        failed.push({
          tag: decision.tag,
          error: `Docker Hub refused (immutable since the listing?): ${error.message}`,
        });
      else {
        if (error instanceof HubRateLimitError) stoppedBy ??= `${decision.tag} hit Docker Hub's rate limit`;
        if (error instanceof HubAuthError)
          stoppedBy ??= `Docker Hub refused ${credentialVariables(options.client, "tag.delete")} for ${decision.tag}`;
        failed.push({ tag: decision.tag, error: error instanceof Error ? error.message : String(error) });
      }
    }
    progress?.tick();
  });
  progress?.done();
  return {
    repository: name,
    decisions,
    missing: false,
    refused,
    deleted: deleted.sort(),
    failed: failed.sort((a, b) => a.tag.localeCompare(b.tag)),
    pacedMs,
  };
}

/**
 * Applies the retention intent to every repository: a dry run unless `apply`.
 * Never deletes a moving tag or anything the intent keeps. Idempotent: a rerun
 * after a failure lists the tags again and deletes only what is left, and a
 * tag already deleted counts as done. A repository where the run would delete
 * more than `maxDeleteShare` of the tags is left untouched and reported.
 * Deletions pace themselves by the `X-RateLimit-*` headers (see `pruneDelayMs`), a
 * 429 is waited out by the client within its bounds, and once the client gives up
 * on one, or Docker Hub refuses the credential, the repository's remaining
 * deletions are left for the rerun.
 *
 * @throws {UserError} when no credential given may do the job, and when reading
 *   a repository fails for a reason of the user's (refused credentials, no
 *   answer, the rate limit, Docker Hub failing), saying what was deleted before.
 */
export async function pruneDockerHub(options: PruneOptions): Promise<PruneResult> {
  // Before any request: a run that could read but not delete would fail tag by tag halfway.
  const missing = options.client.cannot([
    "repository.get",
    "tags.list",
    ...(options.apply === true ? (["tag.delete"] as const) : []),
  ]);
  if (missing.length > 0) {
    throw new HubCredentialError(
      missing
        .map(
          (m) => `the prune needs ${m.operation}, which no Docker Hub credential given may call: it needs ${m.needs}`,
        )
        .join("; "),
    );
  }
  const repositories: RepositoryPrune[] = [];
  // One repository at a time: deletions inside one are concurrent, and the
  // API's rate limit is per account, so more parallelism would only queue.
  for (const repository of options.repositories) {
    try {
      repositories.push(await pruneRepository(options, repository));
    } catch (error) {
      const deletedBefore = repositories.reduce((n, r) => n + r.deleted.length, 0);
      throw readFailure(error, options.client, `${options.namespace}/${repository}`, deletedBefore) ?? error;
    }
  }

  const applied = options.apply === true;
  let deleted = 0;
  let kept = 0;
  let blocked = 0;
  let failed = 0;
  const untagged = { images: 0, bytes: 0 };
  for (const repo of repositories) {
    const done = new Set(repo.deleted);
    // What the run achieved (or would): a dry run counts every planned deletion
    // outside refused repositories; an applied run only the deletions that happened.
    const gone = (d: TagDecision) =>
      d.action === "delete" && repo.refused === undefined && (!applied || done.has(d.tag));
    const outcome = repo.decisions.map((d): TagDecision =>
      gone(d) || d.action !== "delete" ? d : { ...d, action: "keep" },
    );
    deleted += outcome.filter(gone).length;
    kept += repo.decisions.filter((d) => d.action === "keep").length;
    blocked += repo.decisions.filter((d) => d.action === "blocked").length;
    failed += repo.failed.length;
    const left = untaggedImages(outcome);
    untagged.images += left.images;
    untagged.bytes += left.bytes;
  }
  const complete = failed === 0 && repositories.every((r) => r.refused === undefined);
  return {
    applied,
    repositories,
    deleted,
    kept,
    blocked,
    failed,
    untagged,
    stats: options.client.stats,
    pacedMs: repositories.reduce((sum, repo) => sum + repo.pacedMs, 0),
    complete,
  };
}

/** The environment variables that hold a credential of each kind (clientFromEnv reads them). */
const CREDENTIAL_VARIABLES: Readonly<Record<CredentialKind, string>> = {
  oat: "DOCKERHUB_ORG and DOCKERHUB_ORG_TOKEN",
  pat: "DOCKERHUB_USERNAME and DOCKERHUB_TOKEN",
  password: "DOCKERHUB_USERNAME and DOCKERHUB_TOKEN",
};

/** The variables of the credential the client calls `operation` with. */
function credentialVariables(client: PruneClient, operation: Operation): string {
  const kinds = client.credentialKinds.map((kind) => ({ identifier: "", secret: "", kind }));
  const kind = credentialFor(operation, kinds)?.kind;
  return kind === undefined ? "the Docker Hub credentials" : CREDENTIAL_VARIABLES[kind];
}

/**
 * A failure to read `repository` as the user error it is, saying what the run
 * deleted before it; `undefined` for any other error (a bug, or an answer the
 * client does not understand).
 */
function readFailure(
  error: unknown,
  client: PruneClient,
  repository: string,
  deletedBefore: number,
): UserError | undefined {
  const before =
    deletedBefore > 0 ? ` (${deletedBefore} tags of earlier repositories were deleted; a rerun skips them)` : "";
  const options = { cause: error };
  if (error instanceof HubAuthError) {
    const path = credentialVariables(client, "tags.list");
    return error.status === 403
      ? new UserError(`Docker Hub refused to read ${repository}: ${error.message}${before}`, {
          ...options,
          path,
          fix: "give that credential the scope or level named, or set one that has it",
        })
      : new UserError(`the login was refused: ${error.message}${before}`, {
          ...options,
          path,
          fix: "check both values: the token may be mistyped, expired or revoked (Docker Hub locks an account after repeated failed logins)",
        });
  }
  if (error instanceof HubNetworkError)
    return new UserError(`Docker Hub did not answer while reading ${repository}: ${error.message}${before}`, {
      ...options,
      path: "DOCKERHUB_API_URL",
      fix: "check the network, and DOCKERHUB_API_URL if it is set (unset, the prune calls https://hub.docker.com)",
    });
  if (error instanceof HubRateLimitError) {
    const minutes = error.retryAfterMs === undefined ? undefined : Math.ceil(error.retryAfterMs / 60_000);
    return new UserError(`Docker Hub's rate limit stopped the run at ${repository}: ${error.message}${before}`, {
      ...options,
      fix: `rerun ${minutes === undefined ? "later" : `in ${String(minutes)} minute${minutes === 1 ? "" : "s"}`}`,
    });
  }
  if (error instanceof HubServerError)
    return new UserError(`Docker Hub failed while reading ${repository}: ${error.message}${before}`, {
      ...options,
      fix: "rerun later; https://www.dockerstatus.com says whether Docker Hub is down",
    });
  return undefined;
}

/**
 * The decision table of a run. A deletion the apply attempted and Docker Hub
 * did not carry out is shown as `failed`, with the error, not as `delete`.
 */
export function renderPruneDecisions(result: PruneResult): string {
  const rows = result.repositories.flatMap((repo) => {
    const failed = new Map(repo.failed.map((f) => [f.tag, f.error]));
    return repo.decisions.map((d) => {
      const error = d.action === "delete" ? failed.get(d.tag) : undefined;
      return error === undefined
        ? { ...d, repository: repo.repository }
        : {
            ...d,
            action: "failed" as const,
            reason: `${d.reason}; not deleted: ${error}`,
            repository: repo.repository,
          };
    });
  });
  return rows.length === 0 ? "no tags found" : renderPruneTable(rows);
}

/** The closing summary of a run: counts, bytes, API calls, and what to do next. */
export function renderPruneSummary(result: PruneResult): string {
  const lines: string[] = [];
  const n = result.repositories.length;
  const where = `${n} repositor${n === 1 ? "y" : "ies"}`;
  const images = `${result.untagged.images} image${result.untagged.images === 1 ? "" : "s"} (${formatBytes(result.untagged.bytes)} by Docker Hub's full_size)`;
  if (result.applied) {
    lines.push(
      `deleted ${result.deleted} tags in ${where}; kept ${result.kept}, blocked ${result.blocked}, failed ${result.failed}; ${images} left untagged`,
    );
  } else {
    lines.push(
      `dry run: would delete ${result.deleted} tags in ${where}; keep ${result.kept}, blocked ${result.blocked}; would leave ${images} untagged`,
    );
  }
  lines.push(
    "(Deleting a tag frees no storage you can see: Docker Hub keeps an untagged manifest stored, and its API cannot delete one. full_size may be 0 or one platform's size.)",
  );
  const s = result.stats;
  lines.push(`API calls: ${s.totalRequests} (${s.logins} login${s.logins === 1 ? "" : "s"}, ${s.retries} retries)`);
  if (s.rateLimited > 0 || result.pacedMs > 0) {
    const secs = (ms: number) => `${Math.ceil(ms / 1000)} s`;
    lines.push(
      `rate limit: paused ${secs(result.pacedMs)} to stay under it; ${s.rateLimited} answers were 429, waited out for ${secs(s.rateLimitWaitMs)}`,
    );
  }
  for (const repo of result.repositories) {
    if (repo.missing) lines.push(`${repo.repository}: does not exist on Docker Hub; nothing to prune`);
    if (repo.refused !== undefined) lines.push(`refused: ${repo.refused}`);
    for (const f of repo.failed) lines.push(`failed: ${repo.repository}:${f.tag}: ${f.error}`);
  }
  if (result.blocked > 0) {
    lines.push(
      `${result.blocked} expired tags are immutable on Docker Hub, which refuses to delete them; they stay until their repository's immutable-tag rules allow it.`,
    );
  }
  if (result.failed > 0)
    lines.push(
      "Rerun the same command to finish: tags already deleted are skipped, and a tag found gone counts as done.",
    );
  if (!result.applied && result.deleted > 0) lines.push("Nothing was deleted. Rerun with --apply to delete.");
  return lines.join("\n");
}
