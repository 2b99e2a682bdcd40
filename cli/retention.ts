import type { Command } from "commander";
import { InvalidArgumentError, Option } from "commander";
import { CHANNELS } from "../lib/channels/channel";
import { compileTagScheme } from "../lib/channels/model";
import { planEcr } from "../lib/registries/ecr";
import { retentionIntent } from "../lib/registries/retention";
import { parseDescribeImages } from "../lib/retention/describe-images";
import { evaluateLifecyclePolicy } from "../lib/retention/evaluate";
import { simulate } from "../lib/retention/simulate";
import { validateLifecyclePolicy } from "../lib/retention/validate";
import type { RepositoryImage } from "../lib/retention/image";
import type { LifecyclePolicy } from "../lib/retention/policy";
import { UserError } from "./errors";
import { loadStackConfig } from "./stack";
import { readJsonFile } from "./user-file";

type Out = (text: string) => void;

function positiveInt(name: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}`);
    return n;
  };
}

// Four-digit years, as ISO 8601 writes them without an agreed extension: the
// simulation's days and cron times then stay far inside what a Date can hold.
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59);

function isoTime(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime()) || d.getTime() < EARLIEST || d.getTime() > LATEST)
    throw new InvalidArgumentError("use an ISO 8601 time from 1970 to 9999, such as 2026-11-28T00:00:00Z");
  return d;
}

const POLICY_SOURCE =
  "pass the policy text `aws ecr get-lifecycle-policy --repository-name <name> --query lifecyclePolicyText --output text` prints, or `release-infra retention compile` prints";
const IMAGES_SOURCE = "pass what `aws ecr describe-images --repository-name <name> --output json` prints";

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(width[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), line(width.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** The images of an `aws ecr describe-images` document, or a user error naming the file and the field. */
function readImages(file: string): RepositoryImage[] {
  const doc = readJsonFile("--images", file, IMAGES_SOURCE);
  try {
    return parseDescribeImages(doc);
  } catch (err) {
    if (err instanceof UserError)
      throw new UserError(err.message, {
        path: `--images ${file}`,
        ...(err.fix === undefined ? { fix: IMAGES_SOURCE } : {}),
        cause: err,
      });
    throw err;
  }
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** `release-infra retention compile|evaluate|simulate`. */
export function registerRetentionCommands(program: Command, out: Out = (t) => process.stdout.write(t)): void {
  const retention = program
    .command("retention")
    .description("ECR lifecycle policies: compile them from the stack, evaluate them on a repository, simulate a year");

  retention
    .command("compile")
    .description("print the lifecycle policy JSON the stack puts on its ECR repositories")
    .option("--stack <name>", "stack (reads Pulumi.<name>.yaml)", "prod")
    .option("--dir <dir>", "project directory", ".")
    .option("--image <name>", "one image's repository (default: the first image)")
    .action((opts: { stack: string; dir: string; image?: string }) => {
      const plan = planEcr(loadStackConfig(opts.dir, opts.stack));
      const repo =
        opts.image === undefined ? plan.repositories[0] : plan.repositories.find((r) => r.image === opts.image);
      if (repo === undefined) {
        throw new UserError(
          `no image ${JSON.stringify(opts.image)} in stack ${opts.stack}; images: ${[...new Set(plan.repositories.map((r) => r.image))].join(", ")}`,
        );
      }
      out(`${repo.lifecyclePolicy}\n`);
    });

  retention
    .command("evaluate")
    .description("show which images a lifecycle policy expires, from `aws ecr describe-images` output")
    .requiredOption(
      "--policy <file>",
      "lifecycle policy JSON (`aws ecr get-lifecycle-policy --query lifecyclePolicyText --output text`)",
    )
    .requiredOption("--images <file>", "`aws ecr describe-images` JSON")
    .option("--now <time>", "evaluate at this ISO time (default: now)", isoTime)
    .addOption(new Option("--format <format>", "output format").choices(["json", "table"]).default("json"))
    .action((opts: { policy: string; images: string; now?: Date; format: "json" | "table" }) => {
      const policy = readJsonFile("--policy", opts.policy, POLICY_SOURCE);
      const problems = validateLifecyclePolicy(policy);
      if (problems.length > 0)
        throw new UserError(
          `is not a valid lifecycle policy (${POLICY_SOURCE}):\n${problems.map((p) => `  - ${p.path || "(the document)"}: ${p.message}`).join("\n")}`,
          { path: `--policy ${opts.policy}` },
        );
      const images = readImages(opts.images);
      const outcome = evaluateLifecyclePolicy(policy as LifecyclePolicy, images, opts.now ?? new Date());
      if (opts.format === "json") {
        out(`${JSON.stringify({ expired: outcome.expired.map((e) => e.digest), kept: outcome.kept }, null, 2)}\n`);
        return;
      }
      const rule = new Map(outcome.expired.map((e) => [e.digest, e.rulePriority]));
      const descriptions = new Map((policy as LifecyclePolicy).rules.map((r) => [r.rulePriority, r.description ?? ""]));
      const rows = [...images]
        .sort((a, b) => b.pushedAt.getTime() - a.pushedAt.getTime())
        .map((img) => {
          const p = rule.get(img.digest);
          return [
            img.digest.slice(0, 19),
            img.pushedAt.toISOString().slice(0, 16),
            img.tags.join(",") || "(untagged)",
            p === undefined ? "kept" : `EXPIRED by rule ${p}: ${descriptions.get(p) ?? ""}`,
          ];
        });
      out(
        `${table(["digest", "pushed", "tags", "outcome"], rows)}\n\n${outcome.expired.length} expired, ${outcome.kept.length} kept\n`,
      );
    });

  retention
    .command("simulate")
    .description("simulate pushes per the channels' triggers and report what the retention keeps")
    .option("--stack <name>", "stack (reads Pulumi.<name>.yaml)", "prod")
    .option("--dir <dir>", "project directory", ".")
    .option("--days <n>", "days to simulate", positiveInt("--days", 3650), 365)
    .option("--start <time>", "first simulated day (default: today)", isoTime)
    .option("--beta-every <days>", "a beta every N days", positiveInt("--beta-every", 365), 7)
    .option("--stable-every <days>", "a stable release every N days", positiveInt("--stable-every", 365), 30)
    .option(
      "--image-size-mb <n>",
      "stored size of one build, all platforms",
      positiveInt("--image-size-mb", 100_000),
      200,
    )
    .action(
      (opts: {
        stack: string;
        dir: string;
        days: number;
        start?: Date;
        betaEvery: number;
        stableEvery: number;
        imageSizeMb: number;
      }) => {
        const config = loadStackConfig(opts.dir, opts.stack);
        const platforms = Math.max(...config.images.map((i) => i.platforms.length));
        const result = simulate({
          intent: retentionIntent(config),
          model: compileTagScheme(config.tagScheme),
          days: opts.days,
          start: opts.start ?? new Date(),
          nightlyCron: config.channels.nightly.schedule,
          betaEveryDays: opts.betaEvery,
          stableEveryDays: opts.stableEvery,
          imageSizeBytes: opts.imageSizeMb * 2 ** 20,
          platforms,
        });
        const rows = CHANNELS.map((c) => {
          const u = result.channels[c];
          return [c, String(u.pushed), String(u.kept), String(u.expired), mib(u.storedBytes)];
        });
        rows.push([
          "orphaned platform images",
          String(result.orphaned.images),
          "",
          "",
          mib(result.orphaned.storedBytes),
        ]);
        out(
          `${opts.days} days of ${opts.stack}, one image of ${opts.imageSizeMb} MiB over ${platforms} platforms (layer sharing ignored: an upper bound)\n\n` +
            `${table(["channel", "pushed", "kept", "expired", "stored"], rows)}\n\n` +
            `total stored: ${mib(result.totalStoredBytes)}; orphaned platform images are removed by \`release-infra prune ecr\`\n`,
        );
      },
    );
}
