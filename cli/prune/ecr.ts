/*
 * `release-infra prune ecr`: deletes the untagged images of the stack's ECR
 * repositories that no image index left in the repository lists, once they
 * are older than registries.ecr.untaggedMaxAgeDays. The lifecycle policy
 * cannot do this itself (see lib/retention/compile.ts); the decision is
 * lib/retention/orphans.ts, this file is the I/O around it.
 */
import * as path from "node:path";
import { ECRClient } from "@aws-sdk/client-ecr";
import { Command, Option } from "commander";
import { networkReason, UserError } from "../errors";
import { loadStackConfig } from "../stack";
import { planEcr } from "../../lib/registries/ecr";
import { retentionIntent } from "../../lib/registries/retention";
import { DEFAULT_MAX_DELETE_SHARE } from "../../lib/retention/delete-cap";
import { massDeletionRefusal, selectOrphans, type OrphanDeletion } from "../../lib/retention/orphans";
import { share, stackName } from "./flags";
import {
  ECR_BATCH_LIMIT,
  EcrCalls,
  listImages,
  readIndexChildren,
  type EcrImage,
  type RepositoryRef,
} from "./ecr-inventory";

/** What {@link pruneEcr} works on. */
export interface EcrPruneOptions {
  readonly client: ECRClient;
  /** Repository names (`<project>/<image>`). */
  readonly repositories: readonly string[];
  /** Untagged images are deleted once pushed more than this many days ago. */
  readonly maxAgeDays: number;
  readonly now: Date;
  /** Delete; otherwise only report what would be deleted. */
  readonly apply: boolean;
  /** Receives each output line. */
  readonly log: (line: string) => void;
  /**
   * Most of a repository's images one run deletes; a run over it is refused for
   * that repository unless {@link force}.
   * @default 0.5
   */
  readonly maxDeleteShare?: number;
  /** Delete past {@link maxDeleteShare}. @default false */
  readonly force?: boolean;
  /** The registry's account; the credentials' own when unset. */
  readonly registryId?: string;
}

/** A selected image with its repository and size. */
export interface EcrPruneCandidate extends OrphanDeletion {
  readonly repository: string;
  readonly sizeInBytes?: number;
}

/** What happened in one repository. */
export interface EcrRepositoryOutcome {
  readonly repository: string;
  /** Images listed. */
  readonly images: number;
  /** What the decision selected, in deletion order. */
  readonly selected: readonly EcrPruneCandidate[];
  /** Deleted by this run (apply only). */
  readonly deleted: readonly string[];
  /** Selected, but ECR no longer had them (`ImageNotFound`): deleted by someone else. */
  readonly alreadyGone: readonly string[];
  /** Why this repository's run was refused or failed, or images not deleted. */
  readonly problems: readonly string[];
}

/** The run's outcome and summary. */
export interface EcrPruneResult {
  readonly apply: boolean;
  readonly repositories: readonly EcrRepositoryOutcome[];
  /** Images deleted (apply) or that would be deleted (dry run). */
  readonly deleted: number;
  /** Images that stay. */
  readonly kept: number;
  /** Sum of `imageSizeInBytes` of the deleted images (an upper bound: ECR shares layers between images). */
  readonly bytesReclaimed: number;
  /** ECR API calls by operation. */
  readonly apiCalls: Readonly<Record<string, number>>;
  /** Every problem of every repository; empty when the run did all it set out to. */
  readonly problems: readonly string[];
}

/**
 * Prunes orphaned untagged images from ECR repositories: lists every image
 * (DescribeImages to the last page), reads every image index (BatchGetImage),
 * decides with {@link selectOrphans}, and with `apply` deletes with
 * BatchDeleteImage, at most {@link ECR_BATCH_LIMIT} per call, wave by wave so
 * an index always goes before the images it lists. Running it again right
 * after deletes nothing.
 *
 * Per image, ECR's `failures` say what was not deleted: `ImageNotFound` counts
 * as done; `ImageReferencedByManifestList` (an index pushed since the listing
 * lists the image) keeps it, as it should; anything else is a problem.
 * Images the run does not delete because an index they wait for was not
 * deleted are skipped. Problems in one repository do not stop the others,
 * except those none can get past (no credentials, credentials AWS refuses, no
 * answer): the first repository throws them as a {@link UserError}, a later
 * one ends the run with them as the problem of every repository left.
 */
export async function pruneEcr(options: EcrPruneOptions): Promise<EcrPruneResult> {
  const { client, now, apply, log } = options;
  const maxShare = options.maxDeleteShare ?? DEFAULT_MAX_DELETE_SHARE;
  if (!(maxShare >= 0 && maxShare <= 1))
    throw new RangeError(`maxDeleteShare must be a share from 0 to 1, got ${maxShare}`);
  const calls = new EcrCalls(client);
  const outcomes: EcrRepositoryOutcome[] = [];
  for (const [i, repositoryName] of options.repositories.entries()) {
    const repo: RepositoryRef = {
      repositoryName,
      ...(options.registryId !== undefined ? { registryId: options.registryId } : {}),
    };
    try {
      outcomes.push(await pruneRepository(calls, repo, { ...options, maxDeleteShare: maxShare }));
    } catch (err) {
      if (!(err instanceof UserError) || outcomes.length === 0) throw err;
      const base = { images: 0, selected: [], deleted: [], alreadyGone: [] };
      for (const left of options.repositories.slice(i))
        outcomes.push({ ...base, repository: left, problems: [`${left}: not pruned: ${err.message}`] });
      break;
    }
  }

  const result = summarize(apply, outcomes, calls.byOperation());
  for (const line of renderReport(result, now)) log(line);
  return result;
}

async function pruneRepository(
  calls: EcrCalls,
  repo: RepositoryRef,
  options: EcrPruneOptions & { maxDeleteShare: number },
): Promise<EcrRepositoryOutcome> {
  const repository = repo.repositoryName;
  const base = { repository, images: 0, selected: [], deleted: [], alreadyGone: [] };
  let images: EcrImage[];
  try {
    images = await listImages(calls, repo, options.now);
  } catch (err) {
    const stop = runStopper(err, repo.registryId);
    if (stop !== undefined) throw stop;
    return { ...base, problems: [`${repository}: could not list images: ${errorText(err)}`] };
  }
  let read;
  try {
    read = await readIndexChildren(calls, repo, images);
  } catch (err) {
    return {
      ...base,
      images: images.length,
      problems: [`${repository}: could not read image indexes: ${errorText(err)}`],
    };
  }
  const decision = selectOrphans({ images, children: read.children, maxAgeDays: options.maxAgeDays, now: options.now });
  const sizes = new Map(images.map((img) => [img.digest, img.sizeInBytes]));
  const selected: EcrPruneCandidate[] = decision.deletions.map((d) => {
    const size = sizes.get(d.digest);
    return { ...d, repository, ...(size !== undefined ? { sizeInBytes: size } : {}) };
  });
  const outcome = { ...base, images: images.length, selected };
  if (decision.unreadableIndexes.length > 0) {
    return {
      ...outcome,
      selected: [],
      problems: [
        `${repository}: deleting nothing, ${decision.unreadableIndexes.length} image index(es) could not be read, so any untagged image may be one of their platforms:`,
        ...read.problems.map((p) => `  ${p}`),
      ],
    };
  }
  const refusal =
    options.force === true
      ? undefined
      : massDeletionRefusal(repository, selected.length, images.length, options.maxDeleteShare);
  if (refusal !== undefined) return { ...outcome, problems: [refusal] };
  if (!options.apply) return { ...outcome, problems: [] };
  return { ...outcome, ...(await deleteInWaves(calls, repo, selected)) };
}

/** Deletes wave by wave; an image waits for every index listing it to be gone. */
async function deleteInWaves(
  calls: EcrCalls,
  repo: RepositoryRef,
  selected: readonly EcrPruneCandidate[],
): Promise<{ deleted: string[]; alreadyGone: string[]; problems: string[] }> {
  const repository = repo.repositoryName;
  const gone = new Set<string>();
  const deleted: string[] = [];
  const alreadyGone: string[] = [];
  const problems: string[] = [];
  const waves = [...new Set(selected.map((d) => d.wave))].sort((a, b) => a - b);
  for (const wave of waves) {
    const ready: EcrPruneCandidate[] = [];
    for (const d of selected.filter((s) => s.wave === wave)) {
      const blocker = d.after.find((a) => !gone.has(a));
      if (blocker === undefined) ready.push(d);
      else problems.push(`${repository}: kept ${d.digest}: ${blocker}, which lists it, was not deleted`);
    }
    for (let start = 0; start < ready.length; start += ECR_BATCH_LIMIT) {
      const batch = ready.slice(start, start + ECR_BATCH_LIMIT);
      let failures;
      try {
        ({ failures = [] } = await calls.batchDeleteImage({
          ...repo,
          imageIds: batch.map((d) => ({ imageDigest: d.digest })),
        }));
      } catch (err) {
        problems.push(`${repository}: BatchDeleteImage of ${batch.length} images failed: ${errorText(err)}`);
        continue;
      }
      // A requested image absent from `failures` was deleted: `imageIds` alone
      // cannot say so, since ECR lists deleted images once per tag and moto
      // leaves untagged ones out.
      const failed = new Map(failures.map((f) => [f.imageId?.imageDigest, f]));
      for (const d of batch) {
        const f = failed.get(d.digest);
        if (f === undefined) {
          deleted.push(d.digest);
          gone.add(d.digest);
        } else if (f.failureCode === "ImageNotFound") {
          alreadyGone.push(d.digest);
          gone.add(d.digest);
        } else if (f.failureCode === "ImageReferencedByManifestList") {
          problems.push(
            `${repository}: kept ${d.digest}: an image index pushed since the listing refers to it (${f.failureReason ?? "ImageReferencedByManifestList"})`,
          );
        } else {
          problems.push(
            `${repository}: could not delete ${d.digest}: ${f.failureCode ?? "failure"} ${f.failureReason ?? ""}`.trimEnd(),
          );
        }
      }
    }
  }
  return { deleted, alreadyGone, problems };
}

function summarize(
  apply: boolean,
  outcomes: readonly EcrRepositoryOutcome[],
  apiCalls: Record<string, number>,
): EcrPruneResult {
  let deleted = 0;
  let kept = 0;
  let bytesReclaimed = 0;
  for (const o of outcomes) {
    // A dry run counts what it would delete; a refused repository would delete nothing.
    const removed = new Set(apply ? o.deleted : o.problems.length === 0 ? o.selected.map((s) => s.digest) : []);
    deleted += removed.size;
    kept += o.images - removed.size - o.alreadyGone.length;
    for (const s of o.selected) if (removed.has(s.digest)) bytesReclaimed += s.sizeInBytes ?? 0;
  }
  return {
    apply,
    repositories: outcomes,
    deleted,
    kept,
    bytesReclaimed,
    apiCalls,
    problems: outcomes.flatMap((o) => o.problems),
  };
}

/** The table of selected images, the problems and the summary, as lines. */
export function renderReport(result: EcrPruneResult, now: Date): string[] {
  const lines: string[] = [];
  const mode = result.apply ? "apply" : "dry run";
  const rows = result.repositories.flatMap((o) =>
    o.selected.map((s) => [o.repository, s.digest, iso(s.pushedAt), status(result.apply, o, s.digest), s.detail]),
  );
  lines.push(`ECR prune of untagged images no image index lists (${mode}, ${iso(now)})`);
  if (rows.length === 0) lines.push("nothing to delete");
  else lines.push(...table(["REPOSITORY", "DIGEST", "PUSHED AT", result.apply ? "RESULT" : "ACTION", "REASON"], rows));
  if (result.problems.length > 0) lines.push("problems:", ...result.problems.map((p) => `  ${p}`));
  const images = result.repositories.reduce((n, o) => n + o.images, 0);
  const gone = result.repositories.reduce((n, o) => n + o.alreadyGone.length, 0);
  lines.push(
    result.apply
      ? `deleted ${result.deleted} of ${images} images in ${repos(result.repositories.length)}${gone > 0 ? ` (${gone} more were already gone)` : ""}; kept ${result.kept}; reclaimed up to ${bytes(result.bytesReclaimed)}`
      : `would delete ${result.deleted} of ${images} images in ${repos(result.repositories.length)}; would keep ${result.kept}; would reclaim up to ${bytes(result.bytesReclaimed)}; rerun with --apply to delete`,
  );
  lines.push(
    `API calls: ${
      Object.entries(result.apiCalls)
        .map(([op, n]) => `${op} ${n}`)
        .join(", ") || "none"
    }`,
  );
  return lines;
}

function status(apply: boolean, o: EcrRepositoryOutcome, digest: string): string {
  if (!apply) return o.problems.length === 0 ? "would delete" : "refused";
  if (o.deleted.includes(digest)) return "deleted";
  if (o.alreadyGone.includes(digest)) return "already gone";
  return "kept";
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
  return [line(header), ...rows.map(line)];
}

const repos = (n: number) => `${n} ${n === 1 ? "repository" : "repositories"}`;

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = -1;
  do {
    v /= 1024;
    u += 1;
  } while (v >= 1024 && u < units.length - 1);
  return `${v.toFixed(1)} ${units[u]!} (${n} bytes)`;
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return err instanceof Error && err.name === "AccessDeniedException"
    ? `${text}; the prune needs ecr:DescribeImages, ecr:BatchGetImage and ecr:BatchDeleteImage on the stack's repositories`
    : text;
}

/** What the SDK calls credentials AWS refused (mistyped, expired or of another partition). */
const REFUSED_CREDENTIALS = new Set([
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
]);

/**
 * An AWS failure that no repository of the run gets past, as the user error
 * naming what to set: no credentials, credentials AWS refuses, no answer, an
 * endpoint that is not a URL. `undefined` for anything else (a missing
 * repository, a denied action), which stays a problem of its repository.
 */
function runStopper(err: unknown, registryId: string | undefined): UserError | undefined {
  if (!(err instanceof Error)) return undefined;
  const account = registryId === undefined ? "the registry's account" : `account ${registryId}`;
  if (err.name === "CredentialsProviderError")
    return new UserError("none found", {
      path: "AWS credentials",
      fix: `set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, for ${account} (registries.ecr.accountId)`,
      cause: err,
    });
  if (REFUSED_CREDENTIALS.has(err.name))
    return new UserError(`AWS refused them (${err.name}: ${err.message})`, {
      path: "AWS credentials",
      fix: `check AWS_PROFILE, or AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN: they may be mistyped or expired, or not ${account}'s`,
      cause: err,
    });
  const reason = networkReason(err);
  if (reason !== undefined)
    return new UserError(`ECR did not answer (${reason}: ${err.message})`, {
      path: "registries.ecr.region",
      fix: "check the network, and AWS_ENDPOINT_URL_ECR or AWS_ENDPOINT_URL if one is set",
      cause: err,
    });
  if ((err as NodeJS.ErrnoException).code === "ERR_INVALID_URL")
    return new UserError("the ECR endpoint is not a URL", {
      path: "AWS_ENDPOINT_URL_ECR",
      fix: "set it (or AWS_ENDPOINT_URL, or endpoint_url in the AWS config) to a URL such as https://api.ecr.us-east-1.amazonaws.com, or unset it",
      cause: err,
    });
  return undefined;
}

/** Options of `release-infra prune ecr`. */
export interface EcrPruneCommandOptions {
  /** Stack whose `Pulumi.<stack>.yaml` names the repositories. */
  readonly stack: string;
  /** Project directory holding the stack file. */
  readonly dir: string;
  readonly apply: boolean;
  /** @default 0.5 */
  readonly maxDeleteShare?: number;
  readonly force?: boolean;
  /** @default the current time */
  readonly now?: Date;
  /** @default lines to standard output */
  readonly log?: (line: string) => void;
  /** @default a client for the stack's region with the default credential chain */
  readonly client?: ECRClient;
}

/**
 * Reads the stack config, then prunes every ECR repository it declares
 * (`<project>/<image>`) with its `registries.ecr.untaggedMaxAgeDays`, in the
 * stack's account and region. The client uses the AWS SDK's default
 * credential chain (environment, shared config, web identity in CI).
 *
 * @throws {UserError} when the stack file is missing or its config invalid,
 *   or no repository can be read (see {@link pruneEcr}).
 */
export async function runEcrPruneCommand(opts: EcrPruneCommandOptions): Promise<EcrPruneResult> {
  const config = loadStackConfig(opts.dir, opts.stack);
  const plan = planEcr(config);
  const client = opts.client ?? new ECRClient({ region: plan.region });
  try {
    return await pruneEcr({
      client,
      repositories: plan.repositories.map((r) => r.name),
      maxAgeDays: retentionIntent(config).untagged.maxAgeDays,
      now: opts.now ?? new Date(),
      apply: opts.apply,
      log: opts.log ?? ((line) => process.stdout.write(`${line}\n`)),
      registryId: plan.accountId,
      ...(opts.maxDeleteShare !== undefined ? { maxDeleteShare: opts.maxDeleteShare } : {}),
      ...(opts.force !== undefined ? { force: opts.force } : {}),
    });
  } finally {
    if (opts.client === undefined) client.destroy();
  }
}

/**
 * Adds `ecr` to `parent` (the `prune` command): `release-infra prune ecr
 * --stack prod [--apply] [--max-delete-share 0.5] [--force]`. Exits 1 (via
 * `process.exitCode`) when the config is invalid or any repository reports a
 * problem, so a scheduled run fails visibly.
 */
export function registerEcrPruneCommand(parent: Command): Command {
  return parent
    .command("ecr")
    .description(
      "delete untagged ECR images no image index lists once older than registries.ecr.untaggedMaxAgeDays (dry run unless --apply)",
    )
    .option("--stack <name>", "stack whose repositories to prune (reads Pulumi.<name>.yaml)", stackName, "prod")
    .option("--dir <dir>", "project directory holding the stack file", ".")
    .option("--apply", "delete; without it, only list what would be deleted", false)
    .addOption(
      new Option("--max-delete-share <share>", "refuse to delete more than this share of a repository's images")
        .argParser(share)
        .default(DEFAULT_MAX_DELETE_SHARE),
    )
    .option("--force", "delete even past --max-delete-share", false)
    .action(async (o: { stack: string; dir: string; apply: boolean; maxDeleteShare: number; force: boolean }) => {
      const result = await runEcrPruneCommand({
        stack: o.stack,
        dir: path.resolve(o.dir),
        apply: o.apply,
        maxDeleteShare: o.maxDeleteShare,
        force: o.force,
      });
      if (result.problems.length > 0) process.exitCode = 1;
    });
}
