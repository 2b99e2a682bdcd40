import * as pulumi from "@pulumi/pulumi";
import { parseDeployedAccess } from "../lib/access/deployed";
import type { Channel } from "../lib/channels/channel";
import { massRemovalProblem } from "../lib/access/guard";
import { membershipHandoverProblem } from "../lib/access/membership";
import { accessGrants } from "../lib/access/grants";
import { stackNotices } from "../lib/config/notices";
import { formatProblems, NAMESPACE } from "../lib/config/problems";
import { projectFileReader } from "../lib/config/files";
import { parseConfigMap } from "../lib/config/load";
import { planDockerHub, DockerHubPlanError, type DockerHubPlan } from "../lib/dockerhub/plan";
import { configuredPins, parseDeployedPins, pinRetentionProblems, type Pins } from "../lib/pins";
import type { RepositoryOutput } from "../lib/registries/ecr";
import {
  formatReadProblems,
  judgeRegistryReads,
  planRegistryReads,
  type RegistryReadsOutput,
} from "../lib/registries/reads";
import { credentialsFromEnv, OciConfigurationError } from "../providers/retag/oci";
import { GITHUB } from "../lib/resource-types";
import { membershipName } from "./github/access";
import { readReadmes } from "./readmes";
import { RegistryReads, type RegistryLogin } from "./registry-reads";
import { accessName, ReleaseSystem } from "./release-system";

/**
 * The stack outputs; `access` feeds the next run's mass-removal guard, `pins`
 * tells the next run which rollback pins are already in place.
 */
export interface ReleaseOutputs {
  readonly access: unknown;
  readonly pins: Pins;
  readonly teams: pulumi.Output<Record<string, string>>;
  readonly ecrRegistry: string;
  readonly ciRoleArns: pulumi.Output<Record<Channel, string>>;
  /** Per image: its ECR repository URL and what the retention keeps, in words. */
  readonly repositories: Record<string, RepositoryOutput>;
  /** Per Docker Hub team, who is invited to the organization and has not accepted yet. */
  readonly dockerhubPendingInvitations: pulumi.Output<Record<string, string[]>>;
  /** What to know before `pulumi up` that is not an error (lib/config/notices.ts). */
  readonly notices: readonly string[];
  /** What the registries hold for each pin's target and each tool image, read before anything else (lib/registries/reads.ts). */
  readonly registryReads: RegistryReadsOutput;
}

/** This stack's own fully qualified name, for the self StackReference. */
function selfStackName(): string {
  const org = pulumi.getOrganization();
  return org ? `${org}/${pulumi.getProject()}/${pulumi.getStack()}` : `${pulumi.getProject()}/${pulumi.getStack()}`;
}

/** The URN of a person's Membership in this stack (its parents: ReleaseSystem, then GitHubAccess). */
function membershipUrn(project: string, login: string): string {
  const types = `release:index:ReleaseSystem$release:github:Access$${GITHUB.membership}`;
  return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${types}::${membershipName(accessName(project), login)}`;
}

/**
 * The program: validate all config (registering nothing when it is invalid),
 * read the files it names (relative to the project directory, the working
 * directory Pulumi runs programs in),
 * compare the desired access with what the last deployment granted, then build
 * the release system.
 */
/**
 * The config keys whose values are secrets, as the engine marks them. The SDK
 * keeps the list (PULUMI_CONFIG_SECRET_KEYS) in its runtime store and answers
 * with `isConfigSecret`, exported by @pulumi/pulumi's runtime/config.js at the
 * pinned version but left out of its type declarations.
 */
function configSecretKeys(config: Readonly<Record<string, string>>): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an exported function the typings omit
  const runtimeConfig = require("@pulumi/pulumi/runtime/config") as { isConfigSecret?: (key: string) => boolean };
  const isSecret = runtimeConfig.isConfigSecret;
  if (typeof isSecret !== "function") return [];
  return Object.keys(config).filter((key) => isSecret(key));
}

export async function releaseProgram(): Promise<ReleaseOutputs> {
  const allConfig = pulumi.runtime.allConfig();
  const loaded = parseConfigMap(allConfig, configSecretKeys(allConfig), {
    readFile: projectFileReader(process.cwd()),
  });
  if (!loaded.ok) throw new pulumi.RunError(formatProblems(loaded.problems));
  const { config } = loaded;
  const { readmes, problems: readmeProblems } = readReadmes(config, process.cwd());
  let dockerhub: DockerHubPlan;
  try {
    dockerhub = planDockerHub(config, readmes);
  } catch (err) {
    if (!(err instanceof DockerHubPlanError)) throw err;
    // A readme that could not be read is reported once, as a file problem.
    const unread = new Set(readmeProblems.map((p) => p.path));
    throw new pulumi.RunError(formatProblems([...readmeProblems, ...err.problems.filter((p) => !unread.has(p.path))]));
  }

  // The stack reads its own last outputs: the Peribolos-style guard against a
  // bad edit removing most maintainers at once, and the pins already in place
  // (kept by retention, so never refused for their age).
  const self = new pulumi.StackReference("deployed", { name: selfStackName() });
  const previous = parseDeployedAccess((await self.getOutputDetails("access")).value);
  const deployedPins = parseDeployedPins((await self.getOutputDetails("pins")).value);
  const pinProblems = pinRetentionProblems(config, deployedPins, new Date());
  const problems = [
    membershipHandoverProblem(previous, config.github, config.safety, (login) =>
      membershipUrn(config.project.name, login),
    ),
    massRemovalProblem(previous, accessGrants(config), config.safety),
  ].filter((p) => p !== undefined);
  if (pinProblems.length > 0 || problems.length > 0) {
    throw new pulumi.RunError(
      [...(pinProblems.length > 0 ? [formatProblems(pinProblems)] : []), ...problems].join("\n\n"),
    );
  }

  // The registries, read before anything else is registered: a pin whose
  // target is gone or no longer kept, or a tool image left to a moving tag,
  // stops the run here, in `pulumi preview` as in `pulumi up`.
  const readPlan = planRegistryReads(config);
  const reads = new RegistryReads(`${config.project.name}-registry-reads`, {
    plan: readPlan,
    ...dockerhubLogin(),
  });
  const verdict = judgeRegistryReads(config, readPlan, await reads.results, new Date());
  if (verdict.problems.length > 0) throw new pulumi.RunError(formatReadProblems(verdict.problems));
  for (const warning of verdict.warnings) void pulumi.log.warn(warning);

  const secrets = new pulumi.Config(NAMESPACE);
  const githubToken = secrets.getSecret("githubToken");
  const dockerhubToken = secrets.getSecret("dockerhubToken");
  const notices = stackNotices(config, { dockerhubToken: dockerhubToken !== undefined });
  for (const notice of notices) void pulumi.log.warn(notice);
  const system = new ReleaseSystem(config.project.name, {
    config,
    dockerhub,
    ...(githubToken !== undefined ? { githubToken } : {}),
    ...(dockerhubToken !== undefined ? { dockerhubToken } : {}),
  });
  // A role that cannot be read fails the run here, with its reason.
  await system.github.currentOrgRoles;
  return {
    access: system.access,
    pins: configuredPins(config),
    teams: pulumi.output(system.github.teams),
    ecrRegistry: system.ecrRegistry,
    ciRoleArns: pulumi.output(system.roleArns),
    repositories: system.repositories,
    dockerhubPendingInvitations: pulumi.output(system.hub.pendingInvitations),
    notices,
    registryReads: verdict.output,
  };
}

/**
 * Docker Hub's login for the registry reads, from the environment of the
 * process running `pulumi`: DOCKERHUB_USERNAME and DOCKERHUB_TOKEN, the pair
 * the rollback pins move tags with (providers/retag/oci.ts). Neither set:
 * Docker Hub's public repositories are read anonymously.
 */
function dockerhubLogin(): { dockerhub?: RegistryLogin } {
  try {
    const login = credentialsFromEnv();
    return login === undefined ? {} : { dockerhub: login };
  } catch (error) {
    if (error instanceof OciConfigurationError) throw new pulumi.RunError(error.message);
    throw error;
  }
}
