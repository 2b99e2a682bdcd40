import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import type { Role } from "../../lib/access/roles";
import type { Channel } from "../../lib/channels";
import type {
  EnvironmentPlan,
  FileDeliveryPlan,
  RepositoryPlan,
  RulesetPlan,
  VariableValuePlan,
} from "../../lib/github";

export interface GitHubRepositoryArgs {
  /**
   * What to declare, decided in lib/github (`planRepository`) from the stack
   * config: rulesets, Actions settings, environments and their variables, pin
   * variables, and the generated files with their pull requests.
   */
  readonly plan: RepositoryPlan;
  /**
   * The `id` of each role's team (`github.Team.id`: GitHub's numeric team id as
   * a string). The plan names `release-manager` as the tag ruleset's only
   * bypass actor and as `stable`'s required reviewers.
   */
  readonly teamIds: Readonly<Partial<Record<Role, pulumi.Input<string>>>>;
  /** ARN of each channel's CI role, set as that environment's `AWS_ROLE_ARN`. */
  readonly awsRoleArns: Readonly<Record<Channel, pulumi.Input<string>>>;
  /**
   * Docker Hub org access token per channel, set as that environment's secret
   * `DOCKERHUB_TOKEN` (rules D1, S2). It is made a secret here whatever the
   * caller passes. A channel without a token gets no secret, so a token set by
   * hand is left alone.
   * @default no token is managed
   */
  readonly dockerhubTokens?: Readonly<Partial<Record<Channel, pulumi.Input<string>>>>;
}

/** A bug in the wiring (not a config mistake): the plan needs something the caller did not pass. */
export class GitHubRepositoryWiringError extends Error {
  override readonly name = "GitHubRepositoryWiringError";
}

/**
 * The source repository's protections and release plumbing: branch and tag
 * rulesets (G1, G2), read-only Actions token defaults (G3), the `nightly`,
 * `beta` and `stable` environments with their deployment policies, variables
 * and Docker Hub secret (G4, S2), pin variables, and the generated workflow
 * files, proposed by one pull request per base branch (G1 refuses direct
 * commits to the protected branches).
 *
 * Environments are created before anything that names them: their variables,
 * secrets and policies take the environment's name from the resource, and the
 * workflow files depend on every environment, since a workflow that names a
 * missing environment makes GitHub create an unprotected one (G4).
 */
export class GitHubRepository extends pulumi.ComponentResource {
  /** Environment resources by channel. */
  readonly environments: Readonly<Record<Channel, github.RepositoryEnvironment>>;
  /** The pull request per delivery (`default-branch`, `dev-branch`): its number, for the stack's outputs. */
  readonly pullRequests: Readonly<Record<string, pulumi.Output<number>>>;

  constructor(name: string, args: GitHubRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("release:github:Repository", name, {}, opts);
    const { plan } = args;
    const child = { parent: this };
    const teamId = (role: Role, what: string): pulumi.Output<number> => {
      const id = args.teamIds[role];
      if (id === undefined)
        throw new GitHubRepositoryWiringError(`GitHubRepository "${name}": ${what} needs teamIds["${role}"]`);
      return numericTeamId(id);
    };

    for (const ruleset of plan.rulesets) this.createRuleset(name, plan.repository, ruleset, teamId, child);

    new github.WorkflowRepositoryPermissions(
      `${name}-actions`,
      {
        repository: plan.repository,
        defaultWorkflowPermissions: plan.actions.defaultWorkflowPermissions,
        canApprovePullRequestReviews: plan.actions.canApprovePullRequestReviews,
      },
      child,
    );

    const environments: Partial<Record<Channel, github.RepositoryEnvironment>> = {};
    for (const environment of plan.environments) {
      environments[environment.channel] = this.createEnvironment(name, plan.repository, environment, args, teamId);
    }
    this.environments = environments as Record<Channel, github.RepositoryEnvironment>;

    for (const variable of plan.repositoryVariables) {
      new github.ActionsVariable(
        `${name}-var-${variable.name}`,
        { repository: plan.repository, variableName: variable.name, value: variable.value },
        child,
      );
    }

    const pullRequests: Record<string, pulumi.Output<number>> = {};
    for (const delivery of plan.deliveries) {
      pullRequests[delivery.key] = this.createDelivery(name, plan, delivery, Object.values(this.environments));
    }
    this.pullRequests = pullRequests;

    this.registerOutputs({ pullRequests: this.pullRequests });
  }

  private createRuleset(
    name: string,
    repository: string,
    ruleset: RulesetPlan,
    teamId: (role: Role, what: string) => pulumi.Output<number>,
    opts: pulumi.CustomResourceOptions,
  ): void {
    const { pullRequest, requiredStatusChecks, ...flags } = ruleset.rules;
    new github.RepositoryRuleset(
      `${name}-ruleset-${ruleset.key}`,
      {
        repository,
        name: ruleset.name,
        target: ruleset.target,
        enforcement: ruleset.enforcement,
        conditions: { refName: { includes: [...ruleset.includes], excludes: [] } },
        bypassActors: ruleset.bypassActors.map((actor) => ({
          actorId: teamId(actor.role, `ruleset ${ruleset.key}'s bypass actor`),
          actorType: actor.actorType,
          bypassMode: actor.bypassMode,
        })),
        rules: {
          ...flags,
          ...(pullRequest === undefined ? {} : { pullRequest: { ...pullRequest } }),
          ...(requiredStatusChecks === undefined
            ? {}
            : {
                requiredStatusChecks: {
                  requiredChecks: requiredStatusChecks.requiredChecks.map((check) => ({ ...check })),
                  strictRequiredStatusChecksPolicy: requiredStatusChecks.strictRequiredStatusChecksPolicy,
                },
              }),
        },
      },
      opts,
    );
  }

  private createEnvironment(
    name: string,
    repository: string,
    plan: EnvironmentPlan,
    args: GitHubRepositoryArgs,
    teamId: (role: Role, what: string) => pulumi.Output<number>,
  ): github.RepositoryEnvironment {
    const { channel } = plan;
    const prefix = `${name}-${channel}`;
    const environment = new github.RepositoryEnvironment(
      `${name}-env-${channel}`,
      {
        repository,
        environment: channel,
        ...(plan.reviewerRoles.length === 0
          ? {}
          : {
              reviewers: [
                { teams: plan.reviewerRoles.map((role) => teamId(role, `environment ${channel}'s reviewers`)) },
              ],
            }),
        preventSelfReview: plan.preventSelfReview,
        canAdminsBypass: plan.canAdminsBypass,
        deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
      },
      // G6: deleting an environment on GitHub also deletes its secrets, variables,
      // protection rules and deployment history. A refactor that renames this
      // resource without an alias would first upsert the same environment, then
      // delete it; removing the component would wipe the release history. So
      // Pulumi forgets the environment instead of deleting it; removing one for
      // good is a deliberate act in the repository's settings.
      { parent: this, retainOnDelete: true },
    );
    // Taking the name from the resource makes each dependent wait for it; the
    // explicit dependsOn states the rule (G4) rather than leaving it implied.
    const inEnvironment = { parent: this, dependsOn: [environment] };

    for (const policy of plan.deploymentPolicies) {
      new github.RepositoryEnvironmentDeploymentPolicy(
        `${prefix}-policy-${policy.key}`,
        {
          repository,
          environment: environment.environment,
          ...(policy.kind === "branch" ? { branchPattern: policy.pattern } : { tagPattern: policy.pattern }),
        },
        inEnvironment,
      );
    }
    for (const variable of plan.variables) {
      new github.ActionsEnvironmentVariable(
        `${prefix}-var-${variable.name}`,
        {
          repository,
          environment: environment.environment,
          variableName: variable.name,
          value: variableValue(variable.value, args.awsRoleArns[channel]),
        },
        inEnvironment,
      );
    }
    const token = args.dockerhubTokens?.[channel];
    if (token !== undefined) {
      for (const secretName of plan.secretNames) {
        new github.ActionsEnvironmentSecret(
          `${prefix}-secret-${secretName}`,
          { repository, environment: environment.environment, secretName, value: pulumi.secret(token) },
          inEnvironment,
        );
      }
    }
    return environment;
  }

  private createDelivery(
    name: string,
    plan: RepositoryPlan,
    delivery: FileDeliveryPlan,
    environments: readonly github.RepositoryEnvironment[],
  ): pulumi.Output<number> {
    // The digest in every logical name: new content is a new branch, files and pull
    // request, and the old ones are deleted (the pull request closed, the branch
    // removed) instead of renamed in place; see lib/github/files.ts.
    const prefix = `${name}-${delivery.key}-${delivery.digest}`;
    const branch = new github.Branch(
      `${prefix}-branch`,
      { repository: plan.repository, branch: delivery.headBranch, sourceBranch: delivery.baseBranch },
      { parent: this },
    );
    const files = delivery.files.map(
      (file) =>
        new github.RepositoryFile(
          `${prefix}-file-${file.path}`,
          {
            repository: plan.repository,
            branch: branch.branch,
            file: file.path,
            content: file.content,
            commitMessage: file.commitMessage,
            commitAuthor: plan.commit.author,
            commitEmail: plan.commit.email,
            // The file may already exist on the base branch (a hand-written
            // workflow of the same name, or the previous generation).
            overwriteOnCreate: true,
          },
          // deletedWith: when a newer set of files replaces this branch, deleting
          // the branch takes its files along; no commit is made to remove them first.
          { parent: this, dependsOn: [...environments], deletedWith: branch },
        ),
    );
    const pullRequest = new github.RepositoryPullRequest(
      `${prefix}-pr`,
      {
        owner: plan.org,
        baseRepository: plan.repository,
        baseRef: delivery.baseBranch,
        headRef: branch.branch,
        title: delivery.pullRequest.title,
        body: delivery.pullRequest.body,
        maintainerCanModify: false,
      },
      // Opened once every file is committed: GitHub refuses a pull request with no changes.
      { parent: this, dependsOn: files },
    );
    return pullRequest.number;
  }
}

/**
 * GitHub's numeric team id from `Team.id` (a string). A conversion of a value,
 * not a decision: it runs once the team exists and always succeeds for a real one.
 */
function numericTeamId(id: pulumi.Input<string>): pulumi.Output<number> {
  return pulumi.output(id).apply((value) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n <= 0)
      throw new GitHubRepositoryWiringError(
        `team id ${JSON.stringify(value)} is not GitHub's numeric team id; pass github.Team.id`,
      );
    return n;
  });
}

function variableValue(value: VariableValuePlan, awsRoleArn: pulumi.Input<string>): pulumi.Input<string> {
  switch (value.kind) {
    case "literal":
      return value.value;
    case "aws-role-arn":
      return awsRoleArn;
  }
}
