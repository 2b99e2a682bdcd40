/*
 * What this repository's own workflows share: the runner, the Node and Pulumi
 * versions, the setup steps, and the credentials a Pulumi run needs. Every
 * credential comes from the job's deployment environment (W9): the AWS role
 * through OIDC, the rest as environment secrets and variables.
 */
import semver from "semver";
import manifest from "../../../package.json";
import type { ActionStep, Permissions, RunStep, Step } from "../model";

/** The hosted runner image every job runs on. */
export const RUNNER = "ubuntu-24.04";

/** The Node.js major version the project runs on: that of the `node` package package.json pins. */
export const NODE_VERSION = String(semver.major(manifest.devDependencies.node));

/** The Pulumi CLI release matching the `@pulumi/pulumi` SDK package.json pins (CLI and SDK are released together). */
export const PULUMI_VERSION = manifest.dependencies["@pulumi/pulumi"];

/** The stack this repository deploys. */
export const STACK = "prod";

/** Read access to the repository, the floor of every job that checks out code. */
export const READ_CONTENTS: Permissions = { contents: "read" };

/** Checks out the triggering commit without leaving the token in .git/config (W6); `fullHistory` also fetches the base of a pull request. */
export function checkout(fullHistory = false): ActionStep {
  return {
    name: "Check out",
    uses: "checkout",
    with: { ...(fullHistory ? { "fetch-depth": 0 } : {}), "persist-credentials": false },
  };
}

/**
 * Node.js and the locked dependencies. `cache` reuses npm's download cache; a
 * job that holds secrets must not restore what another run saved (W8), so it
 * turns off setup-node's automatic cache too.
 */
export function setupNode(cache: boolean): Step[] {
  return [
    {
      name: "Set up Node.js",
      uses: "setupNode",
      with: cache
        ? { "node-version": NODE_VERSION, cache: "npm" }
        : { "node-version": NODE_VERSION, "package-manager-cache": false },
    },
    { name: "Install dependencies", run: "npm ci --no-audit --no-fund" },
  ];
}

/** Assumes the environment's AWS role through GitHub OIDC (the job needs `id-token: write`). */
export function assumeAwsRole(purpose: string): ActionStep {
  return {
    name: "Assume the environment's AWS role",
    uses: "awsCredentials",
    with: {
      "role-to-assume": "${{ vars.AWS_ROLE_ARN }}",
      "aws-region": "${{ vars.AWS_REGION }}",
      "role-session-name": `release-infra-${purpose}-\${{ github.run_id }}`,
    },
  };
}

/** Docker Hub credentials for the dynamic provider and the prune (providers/dockerhub/client/env.ts). */
export const DOCKERHUB_ENV: Readonly<Record<string, string>> = {
  // An organization owner and its personal access token (Read, Write, Delete): the undocumented routes.
  DOCKERHUB_USERNAME: "${{ vars.DOCKERHUB_USERNAME }}",
  DOCKERHUB_TOKEN: "${{ secrets.DOCKERHUB_TOKEN }}",
  // The organization and its access token: teams, members, invitations and the documented repository routes.
  DOCKERHUB_ORG: "${{ vars.DOCKERHUB_ORG }}",
  DOCKERHUB_ORG_TOKEN: "${{ secrets.DOCKERHUB_ORG_TOKEN }}",
};

/**
 * What a Pulumi run of the stack reads besides AWS: the passphrase of the
 * stack's secrets, the GitHub provider's token (the deployer's, README
 * "Running it for real") and the Docker Hub credentials.
 */
export const PULUMI_ENV: Readonly<Record<string, string>> = {
  PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}",
  GITHUB_TOKEN: "${{ secrets.RELEASE_INFRA_GITHUB_TOKEN }}",
  ...DOCKERHUB_ENV,
};

/**
 * A pulumi/actions step on the prod stack. The state lives in a self-managed
 * (file) backend whose URL is the repository variable PULUMI_BACKEND_URL,
 * e.g. `s3://<bucket>/release-infra`.
 */
export function pulumiStep(
  name: string,
  command: "preview" | "up",
  extra: Readonly<Record<string, string | boolean>> = {},
): ActionStep {
  return {
    name,
    uses: "pulumi",
    with: {
      command,
      "stack-name": STACK,
      "cloud-url": "${{ vars.PULUMI_BACKEND_URL }}",
      "pulumi-version": PULUMI_VERSION,
      ...extra,
    },
    env: PULUMI_ENV,
  };
}

/** A bash step with strict mode (GitHub's default `bash -e` lacks `-u` and `pipefail`). */
export function script(name: string, body: string, env?: Readonly<Record<string, string>>, id?: string): RunStep {
  return {
    name,
    ...(id === undefined ? {} : { id }),
    ...(env === undefined ? {} : { env }),
    shell: "bash",
    run: `set -euo pipefail\n${body.trim()}\n`,
  };
}

/**
 * The deployment environments these workflows run in. Pulumi creates the
 * release channels' environments in the managed repository, not these: create
 * them by hand in this repository before the first run (a job naming a missing
 * environment creates it unprotected). `production`: required reviewers and
 * deployments from main only; `retention`: main and pull request branches of
 * this repository (the dry run); `preview`: read-only credentials.
 */
export const PROJECT_ENVIRONMENTS = ["preview", "production", "retention"] as const;
