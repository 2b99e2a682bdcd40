import { Command, InvalidArgumentError } from "commander";
import * as path from "node:path";
import { formatFinding, lintWorkflowDir } from "../lib/workflows/lint";
import { registerAdoptCommand } from "./adopt/command";
import { registerPolicyConfigCommand } from "./policy-config";
import { readPreviousOutputs } from "./previous-plan";
import { UserError } from "./errors";
import { addPlanDiffOptions, runPlanDiffCommand, type PlanDiffFlags } from "./plan/diff";
import { registerDockerHubPruneCommand } from "./prune/command";
import { registerEcrPruneCommand } from "./prune/ecr";
import { registerRetentionCommands } from "./retention";
import { registerStatusCommand } from "./status";

const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

function stackName(value: string): string {
  if (!STACK_NAME.test(value))
    throw new InvalidArgumentError("use a stack name such as prod (letters, digits, ., _ and -)");
  return value;
}

/** A directory `lint-workflows` cannot read, as the user's mistake; anything else stays a bug. */
function unreadableWorkflowDir(dir: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT")
    return new UserError(
      `lint-workflows: ${dir} does not exist; give a directory of workflow files, e.g. .github/workflows`,
    );
  if (code === "ENOTDIR")
    return new UserError(`lint-workflows: ${dir} is a file, not a directory; give the directory that holds it`);
  if (code === "EACCES" || code === "EPERM")
    return new UserError(`lint-workflows: ${dir} cannot be read (permission denied)`);
  return error;
}

export function buildCli(): Command {
  const program = new Command("release-infra")
    .description("The container-image release system of an open-source project, as code")
    .showHelpAfterError();

  const plan = program
    .command("plan")
    .description("evaluate the program for a stack offline and write plan.json, plan.md and the generated files")
    .option("--stack <name>", "stack to plan (reads Pulumi.<name>.yaml)", stackName, "prod")
    .option("--out <dir>", "directory to write the plan to", "out")
    .option("--dir <dir>", "project directory holding Pulumi.yaml", ".")
    .option(
      "--previous <plan.json>",
      "a previous plan whose outputs stand in for the last deployment (exercises the mass-removal guard)",
    );
  addPlanDiffOptions(plan).action(
    async (opts: { stack: string; out: string; dir: string; previous?: string } & PlanDiffFlags) => {
      // A wrong --previous file is the user's to fix: refused before the SDK loads or any plan runs.
      if (opts.previous !== undefined) readPreviousOutputs(path.resolve(opts.previous));
      if (await runPlanDiffCommand(opts)) return;
      const started = process.hrtime.bigint();
      // Loaded on use: the Pulumi SDK and providers take seconds to load, which other commands need not pay.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require keeps the SDK off other commands' start-up
      const { runPlan } = require("./plan/run") as typeof import("./plan/run");
      const { doc, written } = await runPlan({
        dir: path.resolve(opts.dir),
        stack: opts.stack,
        out: path.resolve(opts.out),
        ...(opts.previous !== undefined ? { previous: path.resolve(opts.previous) } : {}),
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const created = doc.resources.filter((r) => r.custom && !r.read).length;
      process.stdout.write(
        `planned stack ${doc.stack}: ${created} resources; wrote ${written.length} files to ${opts.out} in ${ms.toFixed(0)} ms\n`,
      );
    },
  );

  registerRetentionCommands(program);

  program
    .command("lint-workflows")
    .description(
      "check every workflow in a directory against rules W1-W25 of docs/rules.md (permissions, pinning, script injection, caches, runners, ...)",
    )
    .argument("<dir>", "directory of workflow files, e.g. .github/workflows")
    .option("--environment <name...>", "environments known to exist with protection (default: the release channels)")
    .action(async (dir: string, opts: { environment?: string[] }) => {
      const findings = await lintWorkflowDir(
        path.resolve(dir),
        opts.environment !== undefined ? { environments: opts.environment } : {},
      ).catch((error: unknown) => {
        throw unreadableWorkflowDir(dir, error);
      });
      for (const f of findings) process.stdout.write(`${formatFinding(f)}\n`);
      process.stdout.write(`${findings.length} finding${findings.length === 1 ? "" : "s"}\n`);
      if (findings.length > 0) process.exitCode = 1;
    });

  const prune = program.command("prune").description("apply the retention to registries (dry run unless --apply)");
  registerEcrPruneCommand(prune);
  registerDockerHubPruneCommand(prune);

  registerAdoptCommand(program);
  registerPolicyConfigCommand(program, stackName);
  registerStatusCommand(program, stackName);

  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildCli().parseAsync([...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`release-infra: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(
        `release-infra: unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exit(2);
    },
  );
}
