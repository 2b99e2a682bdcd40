/*
 * The image jobs of a build workflow, after Docker's "distribute build across
 * multiple runners" (https://docs.docker.com/build/ci/github-actions/multi-platform/#distribute-build-across-multiple-runners):
 *
 *   build-<image>-<platform> (one per image and platform, in parallel) -> publish
 *
 * Each build job runs on the platform's native runner when one is configured
 * (QEMU only otherwise), builds once with the channel's registry cache,
 * pushes by digest to the channel's ECR repository (no tag) and scans that
 * very digest. The publish job creates each image's index from those digests
 * with the version tags in ECR and on Docker Hub, signs and attests the index
 * digest, and then moves the channel's tags to it. A digest travels between
 * jobs as a job output and is checked against `sha256:<64 hex>` before any
 * script uses it.
 *
 * One publish job for all images, not one per image followed by a job that
 * moves the tags: every job of the `stable` environment waits for a release
 * manager's approval, and GitHub asks again for each job that starts later in
 * the run (https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/reviewing-deployments),
 * so a stable release asks twice (the builds, then the publish job), as many
 * times as before the builds were split by platform. Moving tags follow every
 * index in the same job: in beta and stable nothing moves unless every image
 * was published; a nightly publishes and moves each image whose builds passed.
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
import type { ActionStep, Job, Step } from "./model";
import { jobRunner, platformRunner } from "./runners";
import { REVISION_ANNOTATION } from "./scripts/plan";
import { imageRefsScript, moveTagsScript, publishIndexScript, signScript } from "./scripts/publish";
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
const TIMEOUTS = { build: 120, publish: 30 } as const;

/** Severities the scan gate fails on when the input names none: `workflows.scanSeverity`'s default. */
export const DEFAULT_SCAN_SEVERITY = CONFIG_DEFAULTS.scanSeverity;

/** Id of the job that builds one platform of an image, e.g. `build-cortex-arm64`. */
export function buildJobId(image: ReleaseImage, platform: string): string {
  return `build-${jobSafe(image.name)}-${platformSlug(platform)}`;
}

/** The build jobs of one image, one per platform, keyed by job id. */
export function buildJobs(
  input: ReleaseWorkflowInput,
  channel: Channel,
  image: ReleaseImage,
  needs: readonly string[],
  guard: string | undefined,
): Record<string, Job> {
  return Object.fromEntries(
    image.platforms.map((platform) => [
      buildJobId(image, platform),
      buildJob(input, channel, image, platform, [...needs], guard),
    ]),
  );
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

/** The job that publishes every image of the channel: index, tags, signature, attestations, then the moving tags. */
export function publishJob(input: ReleaseWorkflowInput, channel: Channel, images: readonly ReleaseImage[]): Job {
  const nightly = channel === "nightly";
  const builds = (image: ReleaseImage) => image.platforms.map((platform) => buildJobId(image, platform));
  // A nightly publishes each image whose builds all passed (a skipped image's
  // builds did not run); beta and stable publish only when every build passed.
  // GitHub: a job whose `if:` has no status function gets `success()`, so it
  // is skipped when any job it needs failed or was skipped; `!cancelled()`
  // lets the nightly's publish job run anyway, and `needs.<job>.result` says
  // which builds passed (https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/evaluate-expressions-in-workflows-and-actions#status-check-functions,
  // https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/accessing-contextual-information-about-workflow-runs#needs-context).
  const built = (image: ReleaseImage) =>
    nightly
      ? builds(image)
          .map((id) => `needs.${id}.result == 'success'`)
          .join(" && ")
      : undefined;
  return {
    name: "Publish",
    runsOn: jobRunner(input),
    needs: ["plan", ...images.flatMap(builds)],
    ...(nightly ? { if: "!cancelled() && needs.plan.result == 'success' && needs.plan.outputs.skip != 'true'" } : {}),
    environment: { name: channel },
    permissions: { contents: "read", idToken: "write", attestations: "write" },
    timeoutMinutes: TIMEOUTS.publish,
    steps: [
      ...ecrLoginSteps(input, channel),
      dockerhubLoginStep(),
      { name: "Install cosign", uses: "cosignInstaller" },
      ...images.flatMap((image) => publishSteps(input, channel, image, builds(image), built(image))),
      ...images.map((image) => moveStep(input, channel, image, built(image))),
    ],
  };
}

/** Index, tags, signature and attestations of one image, in the publish job. */
function publishSteps(
  input: ReleaseWorkflowInput,
  channel: Channel,
  image: ReleaseImage,
  builds: readonly string[],
  built: string | undefined,
): Step[] {
  const refs = imageRefs(input, image, channel);
  const id = jobSafe(image.name);
  const repositories = `${refs.ecr} ${refs.dockerhub}`;
  const digest = `\${{ steps.index_${id}.outputs.digest }}`;
  const tags = channel === "nightly" ? `\${{ needs.plan.outputs.tags_${id} }}` : "${{ needs.plan.outputs.tags }}";
  const steps: Step[] = [
    runStep(
      `List the references of ${image.name}`,
      imageRefsScript(),
      { REPOSITORIES: repositories, TAGS: tags },
      `refs_${id}`,
    ),
    runStep(
      `Create and tag the index of ${image.name}`,
      publishIndexScript(),
      {
        SOURCE: refs.ecr,
        DIGESTS: builds.map((job) => `\${{ needs.${job}.outputs.digest }}`).join("\n"),
        REFS: `\${{ steps.refs_${id}.outputs.refs }}`,
        // Index-level annotations: what `docker buildx imagetools inspect` shows for the release.
        ANNOTATIONS: metadata(input)
          .map((entry) => `index:${entry}`)
          .join("\n"),
      },
      `index_${id}`,
    ),
    runStep(`Sign the index of ${image.name}`, signScript(), { DIGEST: digest, REPOSITORIES: repositories }),
    ...[
      { registry: "ECR", subject: refs.ecr },
      { registry: "Docker Hub", subject: refs.dockerhubAttestation },
    ].map(({ registry, subject }): ActionStep => ({
      name: `Attest the build provenance of ${image.name} (${registry})`,
      uses: "attestBuildProvenance",
      with: {
        "subject-name": subject,
        "subject-digest": digest,
        "push-to-registry": true,
        // Storage records need the artifact-metadata permission, which the
        // workflow linters used here do not know yet.
        "create-storage-record": false,
      },
    })),
  ];
  return built === undefined ? steps : steps.map((step) => ({ ...step, if: built }));
}

/**
 * Re-points one image's moving tags at its new index. The plan has already
 * left out the tags a pin holds (lib/channels/release.ts pinnedTags): a stable
 * pin on 1.4.9 holds 1.4, 1, stable and latest, and a 1.5.1 release still moves 1.5.
 */
function moveStep(input: ReleaseWorkflowInput, channel: Channel, image: ReleaseImage, built: string | undefined): Step {
  const refs = imageRefs(input, image, channel);
  const id = jobSafe(image.name);
  const moving = channel === "nightly" ? `needs.plan.outputs.moving_${id}` : "needs.plan.outputs.moving";
  return {
    ...runStep(`Move the tags of ${image.name}`, moveTagsScript(), {
      DIGEST: `\${{ steps.index_${id}.outputs.digest }}`,
      REPOSITORIES: `${refs.ecr} ${refs.dockerhub}`,
      MOVING: `\${{ ${moving} }}`,
    }),
    if: [...(built === undefined ? [] : [built]), `${moving} != ''`].join(" && "),
  };
}
