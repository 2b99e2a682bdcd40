/*
 * `release-infra prune ecr`: deletes the untagged images of the stack's ECR
 * repositories that no image index left in the repository lists, once they
 * are older than registries.ecr.untaggedMaxAgeDays. The lifecycle policy
 * cannot do this itself (see lib/retention/compile.ts); the decision is
 * lib/retention/orphans.ts, this file is the I/O around it.
 */
import * as path from "node:path";
import { ECRClient } from "@aws-sdk/client-ecr";
import { Command, InvalidArgumentError, Option } from "commander";
import { loadStackConfig } from "../stack";
import { planEcr } from "../../lib/registries/ecr";
import { retentionIntent } from "../../lib/registries/retention";
import { massDeletionRefusal, selectOrphans, type OrphanDeletion } from "../../lib/retention/orphans";
import {
  ECR_BATCH_LIMIT,
  EcrCalls,
  listImages,
  readIndexChildren,
  type EcrImage,
  type RepositoryRef,
} from "./ecr-inventory";

/** Share of a repository's images one run may delete unless forced. */
export const DEFAULT_MAX_DELETE_SHARE = 0.5;

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
 * deleted are skipped. Problems in one repository do not stop the others.
 */
export async function pruneEcr(options: EcrPruneOptions): Promise<EcrPruneResult> {
  const { client, now, apply, log } = options;
  const maxShare = options.maxDeleteShare ?? DEFAULT_MAX_DELETE_SHARE;
  if (!(maxShare >= 0 && maxShare <= 1))
    throw new RangeError(`maxDeleteShare must be a share from 0 to 1, got ${maxShare}`);
  const calls = new EcrCalls(client);
  const outcomes: EcrRepositoryOutcome[] = [];
  for (const repositoryName of options.repositories) {
    const repo: RepositoryRef = {
      repositoryName,
      ...(options.registryId !== undefined ? { registryId: options.registryId } : {}),
    };
    outcomes.push(await pruneRepository(calls, repo, { ...options, maxDeleteShare: maxShare }));
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
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
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
 * @throws {UserError} when the stack file is missing or its config invalid.
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

function share(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError("use a share from 0 to 1, such as 0.5");
  return n;
}

function stackName(value: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(value))
    throw new InvalidArgumentError("use a stack name such as prod (letters, digits, ., _ and -)");
  return value;
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
