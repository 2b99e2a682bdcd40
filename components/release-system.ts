import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { accessGrants } from "../lib/access/grants";
import { planGitHubAccess, type Grant } from "../lib/access/plan";
import type { DockerHubPlan } from "../lib/dockerhub/plan";
import type { Channel } from "../lib/channels/channel";
import type { ReleaseConfig } from "../lib/config/schema";
import { planRepository } from "../lib/github/plan";
import { planEcr, type RepositoryOutput } from "../lib/registries/ecr";
import { workflowInput } from "../lib/registries/workflows";
import { renderReleaseWorkflows } from "../lib/workflows/generate";
import { Registry } from "./aws/registry";
import { Organization } from "./dockerhub/organization";
import { GitHubAccess } from "./github/access";
import { GitHubRepository } from "./github/repository";
import { RollbackPins } from "./rollback-pins";
import { configuredPins, pinTargets } from "../lib/pins/targets";

/** The name of the GitHubAccess component of the ReleaseSystem `name`. */
export function accessName(name: string): string {
  return `${name}-access`;
}

export interface ReleaseSystemArgs {
  /** The validated stack config (lib/config). */
  readonly config: ReleaseConfig;
  /** The Docker Hub organization's plan (lib/dockerhub), made with the readme contents the program read. */
  readonly dockerhub: DockerHubPlan;
  /**
   * Token for the GitHub provider (`release-infra:githubToken`, secret). When
   * unset the provider reads GITHUB_TOKEN from the environment.
   */
  readonly githubToken?: pulumi.Input<string>;
  /**
   * Docker Hub org access token CI pushes with (`release-infra:dockerhubToken`,
   * secret), delivered as each channel environment's `DOCKERHUB_TOKEN`. When
   * unset, no environment secret is managed.
   */
  readonly dockerhubToken?: pulumi.Input<string>;
}

/**
 * The whole release system of one project: composes the GitHub access,
 * registries, Docker Hub and workflow components. Every decision comes from
 * lib/; this class only turns decisions into resources.
 */
export class ReleaseSystem extends pulumi.ComponentResource {
  /** Every grant this deployment holds, for the next run's mass-removal guard. */
  readonly access: readonly Grant[];
  readonly github: GitHubAccess;
  readonly ecr: Registry;
  readonly hub: Organization;
  readonly repository: GitHubRepository;
  /** The generated release workflows, by path. */
  readonly workflows: readonly { readonly path: string; readonly content: string }[];
  /** The ECR registry host CI logs in to. */
  readonly ecrRegistry: string;
  /** Per image: its ECR repository URL and what the retention keeps, in words. */
  readonly repositories: Record<string, RepositoryOutput>;
  /** The CI role per channel. */
  readonly roleArns: Record<Channel, pulumi.Output<string>>;

  constructor(name: string, args: ReleaseSystemArgs, opts?: pulumi.ComponentResourceOptions) {
    super("release:index:ReleaseSystem", name, {}, opts);
    const { config } = args;

    const githubProvider = new github.Provider(
      `${name}-github`,
      {
        owner: config.github.org,
        ...(args.githubToken !== undefined ? { token: args.githubToken } : {}),
        // GitHub's secondary rate limit allows about 80 content-creating requests a
        // minute: space writes and retry the transient failures (rule S3).
        writeDelayMs: 1000,
        maxRetries: 3,
        retryableErrors: [500, 502, 503, 504],
      },
      { parent: this },
    );

    const accessPlan = planGitHubAccess(config);
    this.access = accessGrants(config);
    this.github = new GitHubAccess(
      accessName(name),
      { plan: accessPlan },
      { parent: this, providers: [githubProvider] },
    );

    const ecrPlan = planEcr(config);
    this.ecrRegistry = ecrPlan.registry;
    this.repositories = Object.fromEntries(
      ecrPlan.repositories.map((r) => [
        r.key,
        { image: r.image, channel: r.channel, ecr: r.url, retention: r.retention, immutability: r.immutability },
      ]),
    );

    this.hub = new Organization(`${name}-dockerhub`, { plan: args.dockerhub }, { parent: this });

    // The GitHub side comes first: a workflow or a role naming an environment that
    // does not exist yet would get an unprotected one (rule G4). The role ARNs the
    // environments carry are known from config (lib/registries), so nothing waits
    // on AWS, and the roles below wait on the environments.
    this.workflows = renderReleaseWorkflows(workflowInput(config, ecrPlan.registry));
    // A pinned channel's CI stops moving its tags (the <CHANNEL>_PIN variable) and Pulumi holds them.
    const pins = configuredPins(config);
    const token = args.dockerhubToken;
    this.repository = new GitHubRepository(
      `${name}-repository`,
      {
        plan: planRepository(config, { workflows: this.workflows, ecrRegistry: ecrPlan.registry, pins }),
        teamIds: this.github.teamIds,
        awsRoleArns: Object.fromEntries(ecrPlan.roles.map((r) => [r.channel, r.arn])) as Record<Channel, string>,
        ...(token !== undefined ? { dockerhubTokens: { nightly: token, beta: token, stable: token } } : {}),
      },
      { parent: this, providers: [githubProvider] },
    );

    this.ecr = new Registry(
      `${name}-ecr`,
      { plan: ecrPlan, rolesAfter: Object.values(this.repository.environments) },
      { parent: this },
    );
    this.roleArns = this.ecr.roleArns;

    const targets = pinTargets(config, pins);
    if (targets.length > 0) {
      new RollbackPins(
        `${name}-pins`,
        {
          targets,
          ecrRepositories: Object.fromEntries(
            Object.entries(this.ecr.repositories).map(([image, repo]) => [image, repo.repository]),
          ),
          hubRepositories: this.hub.repositoryResources,
        },
        { parent: this },
      );
    }

    this.registerOutputs({ access: this.access, ecrRegistry: this.ecrRegistry, roleArns: this.roleArns });
  }
}
