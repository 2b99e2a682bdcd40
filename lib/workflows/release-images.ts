/*
 * The image jobs of a build workflow, after Docker's "distribute build across
 * multiple runners" (https://docs.docker.com/build/ci/github-actions/multi-platform/#distribute-build-across-multiple-runners):
 *
 *   build-<image>-<platform> (one per platform, in parallel) -> publish-<image>
 *
 * Each build job runs on the platform's native runner when one is configured
 * (QEMU only otherwise), builds once with the channel's registry cache,
 * pushes by digest to the channel's ECR repository (no tag) and scans that
 * very digest. The publish job runs only when every platform passed: it
 * creates the image index with the version tags in ECR and on Docker Hub,
 * then signs and attests the index digest. A digest travels between jobs as a
 * job output and is checked against `sha256:<64 hex>` before any script uses it.
 *
 * What this relies on, read at the versions the workflows run:
 * - docker/build-push-action v7.3.0 sets `digest` from BuildKit's
 *   `containerimage.digest`, also for `push-by-digest=true`; with provenance
 *   or an SBOM even a single-platform build pushes an index (the image and its
 *   attestation manifest; BuildKit exporter/containerimage/writer.go);
 * - an untagged push is a plain ECR PutImage without `imageTag`
 *   (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImage.html),
 *   which tag immutability does not touch;
 * - docker/buildx `imagetools create` merges the children of index sources
 *   (attestations kept), copies what a target repository lacks, and pushes the
 *   same index bytes to every tag (commands/imagetools/create.go, v0.36.1);
 * - Trivy v0.70.0 reads an image from the registry without Docker and picks
 *   linux/amd64 from an index unless told the platform (pkg/fanal/image, --platform).
 *
 * One job per platform rather than a matrix: each has its own runner label and
 * output without matrix expressions, and the publish job names exactly the
 * jobs it waits for (Docker's example hands digests over as artifacts; job
 * outputs need no artifact store). A matrix could hand digests over as well,
 * through one output name per leg, which GitHub combines.
 */
import type { Channel } from "../channels";
import { platformSlug } from "../channels/cache";
import { CONFIG_DEFAULTS } from "../config/defaults";
import { jobSafe, type ReleaseImage, type ReleaseWorkflowInput } from "./input";
import type { Job } from "./model";
import { platformRunner } from "./runners";
import { REVISION_ANNOTATION } from "./scripts/plan";
import { imageRefsScript, publishIndexScript, signScript } from "./scripts/publish";
import {
  builderSteps,
  buildInputs,
  cacheInputs,
  checkoutStep,
  dockerhubLoginStep,
  ecrLoginSteps,
  imageRefs,
  runStep,
  scanSteps,
} from "./steps";

// Minutes per job: a cold C++ build on a native runner fits; a hung push releases the channel's concurrency group.
const TIMEOUTS = { build: 120, publish: 20 } as const;

/** Severities the scan gate fails on when the input names none: `workflows.scanSeverity`'s default. */
export const DEFAULT_SCAN_SEVERITY = CONFIG_DEFAULTS.scanSeverity;

/** Id of the job that builds one platform of an image, e.g. `build-cortex-arm64`. */
export function buildJobId(image: ReleaseImage, platform: string): string {
  return `build-${jobSafe(image.name)}-${platformSlug(platform)}`;
}

/** Id of the job that creates, tags, signs and attests an image's index, e.g. `publish-cortex`. */
export function publishJobId(image: ReleaseImage): string {
  return `publish-${jobSafe(image.name)}`;
}

/** The image jobs of one image, keyed by job id: its build jobs, then its publish job. */
export function imageJobs(
  input: ReleaseWorkflowInput,
  channel: Channel,
  image: ReleaseImage,
  needs: readonly string[],
  guard: string | undefined,
): Record<string, Job> {
  const jobs: Record<string, Job> = {};
  for (const platform of image.platforms) {
    jobs[buildJobId(image, platform)] = buildJob(input, channel, image, platform, needs, guard);
  }
  jobs[publishJobId(image)] = publishJob(input, channel, image, guard);
  return jobs;
}

function metadata(input: ReleaseWorkflowInput): string[] {
  return [
    `org.opencontainers.image.source=https://github.com/${input.org}/${input.repository}`,
    `${REVISION_ANNOTATION}=\${{ needs.plan.outputs.sha }}`,
    "org.opencontainers.image.version=${{ needs.plan.outputs.version }}",
  ];
}

function buildJob(
  input: ReleaseWorkflowInput,
  channel: Channel,
  image: ReleaseImage,
  platform: string,
  needs: readonly string[],
  guard: string | undefined,
): Job {
  const { runsOn, emulated } = platformRunner(input, platform);
  const ecr = imageRefs(input, image, channel).ecr;
  return {
    name: `Build ${image.name} (${platform})`,
    runsOn,
    needs,
    ...(guard === undefined ? {} : { if: guard }),
    // The channel's AWS role is an environment variable of its deployment environment.
    environment: { name: channel },
    permissions: { contents: "read", idToken: "write", securityEvents: "write" },
    timeoutMinutes: TIMEOUTS.build,
    outputs: { digest: "${{ steps.build.outputs.digest }}" },
    steps: [
      checkoutStep("${{ needs.plan.outputs.sha }}", false, image.submodules ?? false),
      ...builderSteps(input, emulated ? [platform] : []),
      ...ecrLoginSteps(input, channel),
      {
        name: "Build and push by digest",
        id: "build",
        uses: "buildPush",
        with: {
          ...buildInputs(image),
          platforms: platform,
          labels: metadata(input).join("\n"),
          // No tag: the publish job tags the index once every platform has passed its scan.
          outputs: `type=image,name=${ecr},push-by-digest=true,name-canonical=true,push=true`,
          ...cacheInputs(input, image, channel, platform),
          provenance: "mode=max",
          sbom: true,
        },
      },
      ...scanSteps(
        image,
        platform,
        `${ecr}@\${{ steps.build.outputs.digest }}`,
        input.scanSeverity ?? DEFAULT_SCAN_SEVERITY,
        channel !== "nightly",
      ),
    ],
  };
}

function publishJob(
  input: ReleaseWorkflowInput,
  channel: Channel,
  image: ReleaseImage,
  guard: string | undefined,
): Job {
  const refs = imageRefs(input, image, channel);
  const repositories = `${refs.ecr} ${refs.dockerhub}`;
  const digest = "${{ steps.index.outputs.digest }}";
  const tags =
    channel === "nightly" ? `\${{ needs.plan.outputs.tags_${jobSafe(image.name)} }}` : "${{ needs.plan.outputs.tags }}";
  const builds = image.platforms.map((platform) => buildJobId(image, platform));
  return {
    name: `Publish ${image.name}`,
    runsOn: input.runner ?? CONFIG_DEFAULTS.runner,
    needs: ["plan", ...builds],
    ...(guard === undefined ? {} : { if: guard }),
    environment: { name: channel },
    permissions: { contents: "read", idToken: "write", attestations: "write" },
    timeoutMinutes: TIMEOUTS.publish,
    outputs: { digest },
    steps: [
      ...ecrLoginSteps(input, channel),
      dockerhubLoginStep(),
      runStep("List the image references", imageRefsScript(), { REPOSITORIES: repositories, TAGS: tags }, "refs"),
      runStep(
        "Create and tag the image index",
        publishIndexScript(),
        {
          SOURCE: refs.ecr,
          DIGESTS: builds.map((id) => `\${{ needs.${id}.outputs.digest }}`).join("\n"),
          REFS: "${{ steps.refs.outputs.refs }}",
          // Index-level annotations: what `docker buildx imagetools inspect` shows for the release.
          ANNOTATIONS: metadata(input)
            .map((entry) => `index:${entry}`)
            .join("\n"),
        },
        "index",
      ),
      { name: "Install cosign", uses: "cosignInstaller" },
      runStep("Sign the image index", signScript(), { DIGEST: digest, REPOSITORIES: repositories }),
      ...[
        { registry: "ECR", subject: refs.ecr },
        { registry: "Docker Hub", subject: refs.dockerhubAttestation },
      ].map(({ registry, subject }) => ({
        name: `Attest build provenance (${registry})`,
        uses: "attestBuildProvenance" as const,
        with: {
          "subject-name": subject,
          "subject-digest": digest,
          "push-to-registry": true,
          // Storage records need the artifact-metadata permission, which the
          // workflow linters used here do not know yet.
          "create-storage-record": false,
        },
      })),
    ],
  };
}
