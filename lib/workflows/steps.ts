/*
 * Step builders shared by the release workflows. Credentials come from the
 * job's deployment environment: the channel's AWS role ARN in the variable
 * AWS_ROLE_ARN, the Docker Hub user in DOCKERHUB_USERNAME and its org access
 * token in the secret DOCKERHUB_TOKEN (rules D1, S2, W9).
 */
import type { Channel } from "../channels";
import { buildCacheTag, platformSlug } from "../channels/cache";
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

/**
 * QEMU for the platforms this runner emulates, then a BuildKit builder. A
 * platform with a native runner needs no QEMU.
 */
export function builderSteps(input: ReleaseWorkflowInput, emulated: readonly string[]): ActionStep[] {
  const steps: ActionStep[] = [];
  if (emulated.length > 0) {
    steps.push({
      name: "Set up QEMU",
      uses: "setupQemu",
      with: {
        platforms: emulated.map((platform) => platform.slice("linux/".length)).join(","),
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
 * BuildKit's registry cache of one channel's builds of one platform, in the
 * channel's ECR repository under its cache tag (../channels/cache.ts), or no
 * inputs when the cache is off. `mode=max` keeps the layers of every stage
 * (a multi-stage build's compile stage is the expensive one);
 * `image-manifest=true,oci-mediatypes=true` is the form ECR stores
 * (https://aws.amazon.com/blogs/containers/announcing-remote-cache-support-in-amazon-ecr-for-buildkit-clients/);
 * `ignore-error=true` because a failed cache export must not fail a release
 * whose image is already pushed.
 */
export function cacheInputs(
  input: ReleaseWorkflowInput,
  image: ReleaseImage,
  channel: Channel,
  platform: string,
): Record<string, string> {
  if ((input.buildCache ?? "registry") === "none") return {};
  const ref = `${imageRefs(input, image, channel).ecr}:${buildCacheTag(channel, platform)}`;
  return {
    "cache-from": `type=registry,ref=${ref}`,
    "cache-to": `type=registry,ref=${ref},mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`,
  };
}

/**
 * Scans the image pushed by digest with Trivy, straight from the registry
 * (the runner holds the registry login): the very manifest the publish job
 * tags, so nothing is built twice. The gate fails the job (`gate`) or only
 * reports. The SARIF report goes to code scanning even when the gate fails.
 */
export function scanSteps(
  image: ReleaseImage,
  platform: string,
  imageRef: string,
  severity: readonly string[],
  gate: boolean,
): ActionStep[] {
  const slug = `${image.name}-${platformSlug(platform)}`;
  const sarif = `trivy-${slug}.sarif`;
  return [
    {
      name: gate ? "Scan for vulnerabilities (gate)" : "Scan for vulnerabilities (report only)",
      uses: "trivy",
      // Trivy reads the image from the registry (no Docker daemon lookup). The
      // pushed digest is an index of the image and its attestations, and Trivy
      // picks linux/amd64 from an index unless told the platform
      // (trivy v0.70.0 pkg/flag: --platform is TRIVY_PLATFORM, --image-src TRIVY_IMAGE_SRC).
      env: { TRIVY_IMAGE_SRC: "remote", TRIVY_PLATFORM: platform },
      with: {
        "image-ref": imageRef,
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
      with: { sarif_file: sarif, category: `trivy-${slug}` },
    },
  ];
}

/** A step that runs `script` with bash; values reach the script only through `env`. */
export function runStep(name: string, script: string, env: Readonly<Record<string, string>>, id?: string): RunStep {
  return { name, ...(id === undefined ? {} : { id }), env, shell: "bash", run: `${script}\n` };
}
