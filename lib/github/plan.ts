/*
 * Everything release-infra declares on the source repository besides access:
 * rulesets, Actions settings, environments with their variables, the pin
 * variables and the generated files, decided from config alone.
 */
import { channelImages } from "../registries/channels";
import { teamName } from "../access/plan";
import { CHANNELS, type Channel } from "../channels";
import type { ReleaseConfig } from "../config/schema";
import { pinVariable } from "../workflows/release-build";
import { CODEOWNERS_PATH, renderCodeowners } from "./codeowners";
import { planEnvironments, type EnvironmentPlan } from "./environments";
import { COMMIT_AUTHOR, planFileDeliveries, type FileDeliveryPlan } from "./files";
import { planRulesets, type RulesetPlan } from "./rulesets";

/** GitHub Actions settings of the repository (rule G3). */
export interface ActionsSettingsPlan {
  /** The default `GITHUB_TOKEN` permissions: read-only; jobs ask for more. */
  readonly defaultWorkflowPermissions: "read";
  /** A workflow must never approve a pull request (that would sidestep the review rule). */
  readonly canApprovePullRequestReviews: false;
}

export interface RepositoryVariablePlan {
  readonly name: string;
  readonly value: string;
}

export interface RepositoryPlan {
  readonly org: string;
  readonly repository: string;
  readonly rulesets: readonly RulesetPlan[];
  readonly actions: ActionsSettingsPlan;
  readonly environments: readonly EnvironmentPlan[];
  /**
   * Repository variables: one `<CHANNEL>_PIN` per pinned channel. GitHub refuses
   * an empty variable value, and the workflows read a missing variable as '',
   * so an unpinned channel has no variable at all. An unmanaged pin set by hand
   * (as the rollback workflow suggests) is left alone.
   */
  readonly repositoryVariables: readonly RepositoryVariablePlan[];
  /** Author of the commits that deliver generated files. */
  readonly commit: { readonly author: string; readonly email: string };
  /** Generated files per base branch, each proposed by a pull request. */
  readonly deliveries: readonly FileDeliveryPlan[];
  /** Whether `.github/CODEOWNERS` is among the delivered files (opt-in, G5). */
  readonly managesCodeowners: boolean;
}

export interface RepositoryPlanInput {
  /** The rendered release workflows (`renderReleaseWorkflows`). */
  readonly workflows: readonly { readonly path: string; readonly content: string }[];
  /** ECR registry host, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com`. */
  readonly ecrRegistry: string;
  /** A version per channel whose moving tags stay put (the `<CHANNEL>_PIN` repository variable). @default no pin */
  readonly pins?: Readonly<Partial<Record<Channel, string>>>;
}

/**
 * The repository's protections, environments and generated files.
 */
export function planRepository(config: ReleaseConfig, input: RepositoryPlanInput): RepositoryPlan {
  const { org, repository, defaultBranch, devBranch } = config.github;
  const settings = config.github;
  const prefix = config.github.teamPrefix ?? config.project.name;

  const files = [...input.workflows];
  if (settings.codeowners.manage) {
    files.push({
      path: CODEOWNERS_PATH,
      content: renderCodeowners({
        org,
        ownerTeam: teamName(prefix, "admin"),
        extraLines: settings.codeowners.extraLines,
      }),
    });
  }

  return {
    org,
    repository,
    rulesets: planRulesets({
      defaultBranch,
      devBranch,
      requiredStatusChecks: settings.requiredStatusChecks,
      gitTagPrefix: config.tagScheme.gitTagPrefix,
    }),
    actions: { defaultWorkflowPermissions: "read", canApprovePullRequestReviews: false },
    environments: planEnvironments({
      defaultBranch,
      devBranch,
      ecrRegistry: input.ecrRegistry,
      dockerhubNamespace: config.registries.dockerhub.namespace,
      channelImages: channelImages(config),
      tagScheme: config.tagScheme,
    }),
    repositoryVariables: CHANNELS.flatMap((channel) => {
      const pin = input.pins?.[channel];
      return pin === undefined ? [] : [{ name: pinVariable(channel), value: pin }];
    }),
    commit: { author: COMMIT_AUTHOR, email: settings.commitEmail },
    deliveries: planFileDeliveries({ defaultBranch, devBranch, files }),
    managesCodeowners: settings.codeowners.manage,
  };
}
