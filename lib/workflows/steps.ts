/*
 * Step builders shared by the release workflows. Credentials come from the
 * job's deployment environment: the channel's AWS role ARN in the variable
 * AWS_ROLE_ARN, the Docker Hub user in DOCKERHUB_USERNAME and its org access
 * token in the secret DOCKERHUB_TOKEN (rules D1, S2, W9).
 */
import type { Channel } from "../channels";
import type { ReleaseImage, ReleaseWorkflowInput } from "./input";
import type { ActionStep, RunStep } from "./model";

/** Where one image is published. */
export interface ImageRefs {
  /** ECR image reference without tag, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com/cortex`. */
  readonly ecr: string;
  /** Docker Hub image reference without tag, e.g. `docker.io/cortexproject/cortex`. */
  readonly dockerhub: string;
  /** Docker Hub name attest-build-provenance expects for pushing to the registry. */
  readonly dockerhubAttestation: string;
}

/** The references of `image` in both registries, as `channel` publishes it (its own ECR repository). */
export function imageRefs(input: ReleaseWorkflowInput, image: ReleaseImage, channel: Channel): ImageRefs {
  return {
    ecr: `${input.ecr.registry}/${input.ecr.repositoryPrefixes?.[channel] ?? ""}${image.name}`,
    dockerhub: `docker.io/${input.dockerhubNamespace}/${image.name}`,
    dockerhubAttestation: `index.docker.io/${input.dockerhubNamespace}/${image.name}`,
  };
}

/** Checks out `ref` without leaving the token in .git/config (W6); `fullHistory` also fetches every branch and tag. */
export function checkoutStep(
  ref: string | undefined,
  fullHistory: boolean,
  submodules: boolean | "recursive" = false,
): ActionStep {
  return {
    name: "Check out",
    uses: "checkout",
    with: {
      ...(ref === undefined ? {} : { ref }),
      ...(fullHistory ? { "fetch-depth": 0 } : {}),
      ...(submodules === false ? {} : { submodules: submodules === true ? "true" : "recursive" }),
      "persist-credentials": false,
    },
  };
}

/** Assumes the channel's AWS role through GitHub OIDC, then logs Docker in to ECR. */
export function ecrLoginSteps(input: ReleaseWorkflowInput, channel: Channel | "rollback"): ActionStep[] {
  return [
    {
      name: "Assume the channel's AWS role",
      uses: "awsCredentials",
      with: {
        "role-to-assume": "${{ vars.AWS_ROLE_ARN }}",
        "aws-region": input.ecr.region,
        "role-session-name": `release-${channel}-\${{ github.run_id }}`,
      },
    },
    { name: "Log in to ECR", uses: "ecrLogin", with: { "mask-password": true } },
  ];
}

/** Logs Docker in to Docker Hub with the environment's org access token. */
export function dockerhubLoginStep(): ActionStep {
  return {
    name: "Log in to Docker Hub",
    uses: "dockerLogin",
    with: { username: "${{ vars.DOCKERHUB_USERNAME }}", password: "${{ secrets.DOCKERHUB_TOKEN }}" },
  };
}

/** QEMU (when any platform is foreign to the amd64 runner) and a BuildKit builder. */
export function builderSteps(input: ReleaseWorkflowInput, image: ReleaseImage): ActionStep[] {
  const foreign = image.platforms.filter((platform) => platform !== "linux/amd64");
  const steps: ActionStep[] = [];
  if (foreign.length > 0) {
    steps.push({
      name: "Set up QEMU",
      uses: "setupQemu",
      with: {
        platforms: foreign.map((platform) => platform.slice("linux/".length)).join(","),
        ...(input.toolImages?.binfmt === undefined ? {} : { image: input.toolImages.binfmt }),
      },
    });
  }
  const buildkit = input.toolImages?.buildkit;
  steps.push({
    name: "Set up Buildx",
    uses: "setupBuildx",
    ...(buildkit === undefined ? {} : { with: { "driver-opts": `image=${buildkit}` } }),
  });
  return steps;
}

/** The local tag of the single-platform image the scan gate inspects before anything is pushed. */
export function scanRef(image: ReleaseImage): string {
  return `scan.local/${image.name}:candidate`;
}

/** The platform built for the scan: the runner's own when the image has it. */
export function scanPlatform(image: ReleaseImage): string {
  return image.platforms.includes("linux/amd64") ? "linux/amd64" : image.platforms[0]!;
}

/**
 * Build inputs every build of `image` shares. `{version}` in a build argument
 * becomes the plan's version output.
 */
export function buildInputs(image: ReleaseImage): Record<string, string> {
  const args = Object.entries(image.buildArgs ?? {}).map(
    ([name, value]) => `${name}=${value.replaceAll("{version}", "${{ needs.plan.outputs.version }}")}`,
  );
  return {
    context: image.context,
    file: image.dockerfile,
    ...(image.target === undefined ? {} : { target: image.target }),
    ...(args.length === 0 ? {} : { "build-args": args.join("\n") }),
  };
}

/**
 * Builds the image for one platform into the local Docker store and scans it
 * with Trivy: the gate fails the job (`gate`) or only reports. The SARIF report
 * goes to code scanning even when the gate fails.
 */
export function scanSteps(image: ReleaseImage, severity: readonly string[], gate: boolean): ActionStep[] {
  const sarif = `trivy-${image.name}.sarif`;
  return [
    {
      name: "Build the image for scanning",
      uses: "buildPush",
      with: {
        ...buildInputs(image),
        platforms: scanPlatform(image),
        load: true,
        push: false,
        provenance: false,
        sbom: false,
        tags: scanRef(image),
      },
    },
    {
      name: gate ? "Scan for vulnerabilities (gate)" : "Scan for vulnerabilities (report only)",
      uses: "trivy",
      with: {
        "image-ref": scanRef(image),
        format: "sarif",
        output: sarif,
        severity: severity.join(","),
        "limit-severities-for-sarif": true,
        "ignore-unfixed": true,
        "exit-code": gate ? "1" : "0",
        // The vulnerability database is not cached: publishing jobs share no cache a pull request could write (W8).
        cache: false,
      },
    },
    {
      name: "Upload the scan report",
      if: "${{ !cancelled() }}",
      uses: "uploadSarif",
      with: { sarif_file: sarif, category: `trivy-${image.name}` },
    },
  ];
}

/** A step that runs `script` with bash; values reach the script only through `env`. */
export function runStep(name: string, script: string, env: Readonly<Record<string, string>>, id?: string): RunStep {
  return { name, ...(id === undefined ? {} : { id }), env, shell: "bash", run: `${script}\n` };
}
