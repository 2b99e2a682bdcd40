/*
 * `release-infra adopt --stack NAME`: reads what already exists on Docker
 * Hub, GitHub and AWS (or a dump saved earlier), compares it with the stack's
 * offline plan, and prints what the first `pulumi up` adopts unchanged,
 * changes or creates, what it leaves alone, and what to `pulumi import`
 * first. It changes nothing anywhere; it writes only the dump (--save) and
 * the import file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ECRClient } from "@aws-sdk/client-ecr";
import { IAMClient } from "@aws-sdk/client-iam";
import { InvalidArgumentError, type Command } from "commander";
import {
  compareStack,
  DUMP_VERSION,
  parseDump,
  renderAdoptJson,
  renderAdoptTable,
  renderDump,
  type ExistingState,
} from "../../lib/adopt";
import type { ReleaseConfig } from "../../lib/config";
import { renderImportFile } from "../../lib/plan/imports";
import type { PlanDocument } from "../../lib/plan/model";
import { AWS, DOCKERHUB, GITHUB } from "../../lib/resource-types";
import { clientFromEnv, HubConfigurationError, type DockerHubClient } from "../../providers/dockerhub/client";
import type { PlannedStack } from "../plan/run";
import { computedOutputs } from "../plan/computed";
import { AdoptError } from "./errors";
import { GitHubApi, GITHUB_API_URL, GITHUB_TOKEN_NEEDS } from "./github-api";
import { readAws, type AwsClients } from "./read-aws";
import { missingDockerHubReads, readDockerHub } from "./read-dockerhub";
import { readGitHub } from "./read-github";

type Env = Readonly<Record<string, string | undefined>>;

/** What the command needs from its surroundings (tests pass their own). */
export interface AdoptDeps {
  /** Where credentials and API URLs are read from. @default process.env */
  readonly env?: Env;
  /** The offline plan of the stack. @default planStack (cli/plan/run.ts) */
  readonly plan?: (opts: { dir: string; stack: string }) => Promise<PlannedStack>;
  /** @default clientFromEnv(env) */
  readonly dockerhub?: (env: Env) => DockerHubClient;
  /** @default clients for the stack's region with the SDK's default credential chain */
  readonly aws?: (region: string) => AwsClients;
  /** @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch;
  /** @default process.stdout */
  readonly stdout?: { write(text: string): unknown };
  /** @default new Date() */
  readonly now?: () => Date;
}

export interface AdoptFlags {
  readonly stack: string;
  readonly dir: string;
  readonly from?: string;
  readonly save?: string;
  readonly json?: boolean;
  readonly importFile: string;
}

const declared = (doc: PlanDocument, type: string, field: string): string[] =>
  doc.resources.filter((r) => r.type === type && !r.read).map((r) => String(r.inputs[field]));

/** The slug behind each stand-in team id of the offline plan (cli/plan/computed.ts makes them). */
function planTeamSlugs(doc: PlanDocument): Map<number, string> {
  const computed = computedOutputs(undefined);
  return new Map(
    declared(doc, GITHUB.team, "name").map((name) => {
      const out = computed(GITHUB.team, { name });
      return [Number(out.id), String(out.slug)];
    }),
  );
}

/** Reads a dump written by --save; a bad file is the user's to fix, with the path and how. */
export function readDumpFile(file: string): ExistingState {
  let source: string;
  try {
    source = fs.readFileSync(file, "utf8");
  } catch {
    throw new AdoptError(
      `--from ${file}: no such file; write one with release-infra adopt --stack <name> --save ${file}`,
    );
  }
  const parsed = parseDump(source);
  if (!parsed.ok)
    throw new AdoptError(
      [
        `--from ${file} is not a dump adopt can read (version ${DUMP_VERSION}):`,
        ...parsed.problems.map((p) => `  - ${p}`),
        `Write it again with release-infra adopt --stack <name> --save ${file}.`,
      ].join("\n"),
    );
  return parsed.dump;
}

/** A dump read for another organization, namespace or account would compare the wrong things. */
function checkScope(file: string, dump: ExistingState, config: ReleaseConfig, stack: string): void {
  const { ecr, dockerhub } = config.registries;
  const mismatches = [
    [`GitHub organization`, dump.github.org, config.github.org],
    [`GitHub repository`, dump.github.repository, config.github.repository],
    [`Docker Hub namespace`, dump.dockerhub.namespace, dockerhub.namespace],
    [`AWS account`, dump.aws.accountId, ecr.accountId],
    [`AWS region`, dump.aws.region, ecr.region],
  ].filter(([, read, declaredValue]) => read !== declaredValue);
  if (mismatches.length > 0)
    throw new AdoptError(
      `--from ${file} was read for another setup than stack ${stack}: ${mismatches
        .map(([what, read, want]) => `${what} ${read} (the stack: ${want})`)
        .join(", ")}; read it again with release-infra adopt --stack ${stack} --save ${file}`,
    );
}

/** Every credential adopt needs that the environment lacks, named by its variables, before any request. */
function credentialProblems(env: Env, dockerhub: () => DockerHubClient): { problems: string[]; hub?: DockerHubClient } {
  const problems: string[] = [];
  if ((env.GITHUB_TOKEN ?? "").trim() === "") problems.push(`GitHub: set GITHUB_TOKEN to ${GITHUB_TOKEN_NEEDS}`);
  let hub: DockerHubClient | undefined;
  try {
    hub = dockerhub();
    const missing = missingDockerHubReads(hub);
    if (missing.length > 0)
      problems.push(
        `Docker Hub: ${missing.join("; ")}; set DOCKERHUB_ORG and DOCKERHUB_ORG_TOKEN, and DOCKERHUB_USERNAME and DOCKERHUB_TOKEN`,
      );
  } catch (err) {
    if (!(err instanceof HubConfigurationError)) throw err;
    problems.push(`Docker Hub: ${err.message}`);
  }
  return { problems, ...(hub !== undefined ? { hub } : {}) };
}

/** The Docker Hub client, once every credential adopt needs is there; otherwise the user error naming them all. */
function dockerHubClient(env: Env, deps: AdoptDeps): DockerHubClient {
  const { problems, hub } = credentialProblems(env, () => (deps.dockerhub ?? clientFromEnv)(env));
  if (problems.length > 0 || hub === undefined)
    throw new AdoptError(
      `adopt reads Docker Hub, GitHub and AWS, and cannot read yet:\n${problems.map((p) => `  - ${p}`).join("\n")}\n(or compare a dump saved earlier: --from FILE)`,
    );
  return hub;
}

/** Reads the three services live. */
async function readLive(live: {
  readonly config: ReleaseConfig;
  readonly doc: PlanDocument;
  readonly stack: string;
  readonly hub: DockerHubClient;
  readonly env: Env;
  readonly deps: AdoptDeps;
}): Promise<ExistingState> {
  const { config, doc, stack, hub, env, deps } = live;
  const { ecr, dockerhub } = config.registries;
  const github = new GitHubApi({
    token: env.GITHUB_TOKEN!.trim(),
    baseUrl: env.GITHUB_API_URL?.trim() || GITHUB_API_URL,
    ...(deps.fetch !== undefined ? { fetch: deps.fetch } : {}),
  });
  const aws: AwsClients = deps.aws?.(ecr.region) ?? {
    ecr: new ECRClient({ region: ecr.region }),
    iam: new IAMClient({ region: ecr.region }),
  };
  try {
    const readAt = (deps.now ?? (() => new Date()))().toISOString();
    // Services one after the other: a failure names its service, and no read is left half-done behind it.
    const dockerhubState = await readDockerHub(hub, dockerhub.namespace, declared(doc, DOCKERHUB.repository, "name"));
    const githubState = await readGitHub(github, config.github.org, config.github.repository);
    const awsState = await readAws(aws, {
      accountId: ecr.accountId,
      region: ecr.region,
      repositories: declared(doc, AWS.repository, "name"),
      roles: declared(doc, AWS.role, "name"),
    });
    return { version: DUMP_VERSION, stack, readAt, dockerhub: dockerhubState, github: githubState, aws: awsState };
  } finally {
    if (deps.aws === undefined) {
      aws.ecr.destroy();
      aws.iam.destroy();
    }
  }
}

function writeFile(file: string, content: string, flag: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  } catch (err) {
    throw new AdoptError(`${flag} ${file}: cannot write it (${(err as Error).message})`);
  }
}

/** Runs adopt: plan, read (or load), compare, print; returns the exit code (0: compared). */
export async function runAdopt(flags: AdoptFlags, deps: AdoptDeps = {}): Promise<number> {
  const env = deps.env ?? process.env;
  const out = deps.stdout ?? process.stdout;
  const dir = path.resolve(flags.dir);
  const dump = flags.from !== undefined ? readDumpFile(path.resolve(flags.from)) : undefined;
  // Before the plan, which takes seconds: missing credentials are said at once.
  const hub = dump === undefined ? dockerHubClient(env, deps) : undefined;
  // Loaded on use: the Pulumi SDK takes seconds to load, which other commands need not pay.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require keeps the SDK off other commands' start-up
  const plan = deps.plan ?? (require("../plan/run") as typeof import("../plan/run")).planStack;
  const { doc, config } = await plan({ dir, stack: flags.stack });
  if (dump !== undefined) checkScope(flags.from!, dump, config, flags.stack);
  const existing = dump ?? (await readLive({ config, doc, stack: flags.stack, hub: hub!, env, deps }));
  if (flags.save !== undefined) writeFile(path.resolve(flags.save), renderDump(existing), "--save");

  const slugs = planTeamSlugs(doc);
  const report = compareStack(doc, existing, {
    planTeamSlug: (id) => slugs.get(id),
    imports: { accountId: config.registries.ecr.accountId, region: config.registries.ecr.region },
  });
  if (report.imports.length > 0)
    writeFile(path.resolve(flags.importFile), renderImportFile(report.imports), "--import-file");
  out.write(
    flags.json === true
      ? renderAdoptJson(report, flags.importFile)
      : renderAdoptTable(report, existing, flags.importFile),
  );
  return 0;
}

function stackName(value: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(value))
    throw new InvalidArgumentError("use a stack name such as prod (letters, digits, ., _ and -)");
  return value;
}

/**
 * Adds `adopt` to `program`: `release-infra adopt --stack prod [--from FILE]
 * [--save FILE] [--json] [--import-file FILE] [--dir DIR]`.
 */
export function registerAdoptCommand(program: Command, deps: AdoptDeps = {}): Command {
  return program
    .command("adopt")
    .description(
      "read what already exists on Docker Hub, GitHub and AWS and show what the first pulumi up adopts, changes or creates, and what to pulumi import first",
    )
    .option("--stack <name>", "stack to adopt into (reads Pulumi.<name>.yaml)", stackName, "prod")
    .option("--dir <dir>", "project directory holding Pulumi.yaml", ".")
    .option("--from <file>", "compare a dump written by --save instead of reading the services")
    .option("--save <file>", "also write what was read to this file (JSON, no credentials)")
    .option("--json", "print the report as JSON")
    .option(
      "--import-file <file>",
      "where to write the pulumi import file of what exists",
      path.join("out", "import.json"),
    )
    .action(async (flags: AdoptFlags) => {
      process.exitCode = await runAdopt(flags, deps);
    });
}
