/*
 * What the release workflow generators need to know, as plain data. The stack
 * configuration maps onto it one to one (github.*, images, registries.*,
 * channels.*); validation collects every problem before throwing, each with
 * the field path and the fix.
 */
import { CHANNELS, type Channel } from "../channels";
import {
  AWS_REGION,
  BRANCH,
  BUILD_TARGET,
  DOCKER_ID,
  GITHUB_LOGIN,
  GITHUB_REPOSITORY,
  IMAGE_NAME,
  PINNED_IMAGE,
  PLATFORM,
  REPO_PATH,
  RUNNER_LABEL,
} from "../config/patterns";
import { compileTagScheme, type TagModel } from "../channels/model";
import { EMULATE } from "../config/runners";
import { DEFAULT_TAG_SCHEME, type TagScheme } from "../channels/scheme";
import { cronFiresAtMinuteZero } from "../schedule/cron";

/** Trivy severities, most severe first. */
export const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"] as const;
/** A Trivy severity. */
export type Severity = (typeof SEVERITIES)[number];

/** One image the project publishes. */
export interface ReleaseImage {
  /** Repository name in ECR and under the Docker Hub namespace, e.g. `cortex`. */
  readonly name: string;
  /** Build context relative to the source repository root, e.g. `.`. */
  readonly context: string;
  /** Dockerfile path relative to the repository root, e.g. `Dockerfile`. */
  readonly dockerfile: string;
  /** Multi-stage build target. @default the Dockerfile's last stage */
  readonly target?: string;
  /** Platforms of the multi-arch image, e.g. `["linux/amd64", "linux/arm64"]`. */
  readonly platforms: readonly string[];
  /** Build arguments; `{version}` in a value is the version being built. @default {} */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Git submodules to check out: `true`, or `recursive` for nested ones. @default false */
  readonly submodules?: boolean | "recursive";
}

/** Input of {@link releaseWorkflows}. */
export interface ReleaseWorkflowInput {
  /** GitHub organization of the source repository. */
  readonly org: string;
  /** Source repository name (without the organization). */
  readonly repository: string;
  /** Branch nightlies are built from and betas are tagged on, e.g. `dev`. */
  readonly devBranch: string;
  /** Branch stable releases are tagged on, e.g. `main`. */
  readonly defaultBranch: string;
  /** The project's release-tag scheme: triggers, tags and rollback all follow it. @default DEFAULT_TAG_SCHEME */
  readonly tagScheme?: TagScheme;
  readonly images: readonly ReleaseImage[];
  /** Image names built per channel. @default every image in every channel */
  readonly channelImages?: Partial<Readonly<Record<Channel, readonly string[]>>>;
  readonly ecr: {
    /** Region of the registry, e.g. `us-east-1`. */
    readonly region: string;
    /** Registry host: `<account>.dkr.ecr.<region>.amazonaws.com`. */
    readonly registry: string;
    /**
     * Prefix of each channel's repository names, e.g. `cortex/` (stable) and
     * `cortex/nightly/`: a channel's repositories are `<prefix><image>`. @default "" for every channel
     */
    readonly repositoryPrefixes?: Partial<Readonly<Record<Channel, string>>>;
  };
  /** Docker Hub organization the images are published under. */
  readonly dockerhubNamespace: string;
  /** Nightly cron (UTC, five fields, never minute 0), e.g. `17 3 * * *`. */
  readonly nightlySchedule: string;
  /** Severities that fail the beta and stable scan gate (and are reported for nightly). @default ["CRITICAL", "HIGH"] */
  readonly scanSeverity?: readonly Severity[];
  /**
   * Shell command that installs dependencies, builds and tests the source
   * before any image is built, e.g. `npm ci && npm test`. It reaches the job
   * through `env:`. @default no test job
   */
  readonly testCommand?: string;
  /** Runner label of the jobs that build no image, and of emulated platforms. @default "ubuntu-24.04" */
  readonly runner?: string;
  /**
   * Runner label per platform; `emulate` (or no entry) builds the platform on
   * {@link runner} under QEMU. Merged over `DEFAULT_PLATFORM_RUNNERS`.
   * @default { "linux/amd64": "ubuntu-24.04", "linux/arm64": "ubuntu-24.04-arm" }
   */
  readonly platformRunners?: Readonly<Record<string, string>>;
  /** `registry`: a BuildKit cache per image, channel and platform in ECR; `none`: no cache. @default "registry" */
  readonly buildCache?: "registry" | "none";
  /**
   * Images the build tooling pulls, pinned by digest (`name@sha256:<64 hex>`).
   * Without them setup-qemu pulls `tonistiigi/binfmt:latest` and buildx its
   * default BuildKit image, both by moving tag. @default the actions' defaults
   */
  readonly toolImages?: { readonly binfmt?: string; readonly buildkit?: string };
}

/** A {@link ReleaseWorkflowInput} that cannot be turned into workflows; lists every problem. */
export class ReleaseWorkflowInputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`release workflow input is invalid:\n${problems.map((problem) => `- ${problem}`).join("\n")}`);
    this.name = "ReleaseWorkflowInputError";
  }
}

// The same patterns the config schema validates with (lib/config/patterns.ts).
const NAMESPACE = DOCKER_ID;
const RUNNER = RUNNER_LABEL;
const PATH = REPO_PATH;
const TARGET = BUILD_TARGET;

/** Checks the input; throws one {@link ReleaseWorkflowInputError} listing every problem. */
export function assertReleaseWorkflowInput(input: ReleaseWorkflowInput): void {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  check(GITHUB_LOGIN.test(input.org), `org ${JSON.stringify(input.org)} is not a GitHub organization name`);
  check(
    GITHUB_REPOSITORY.test(input.repository),
    `repository ${JSON.stringify(input.repository)} is not a repository name`,
  );
  check(BRANCH.test(input.devBranch), `devBranch ${JSON.stringify(input.devBranch)} is not a branch name`);
  check(BRANCH.test(input.defaultBranch), `defaultBranch ${JSON.stringify(input.defaultBranch)} is not a branch name`);
  check(input.images.length > 0, "images is empty; declare at least one image");
  const names = new Set<string>();
  const jobIds = new Set<string>();
  input.images.forEach((image, i) => {
    const at = `images[${i}]`;
    check(
      IMAGE_NAME.test(image.name),
      `${at}.name ${JSON.stringify(image.name)} must be lowercase letters and digits separated by single ".", "_" or "-"`,
    );
    if (names.has(image.name)) {
      problems.push(`${at}.name ${JSON.stringify(image.name)} is declared twice`);
    } else if (jobIds.has(jobSafe(image.name))) {
      problems.push(
        `${at}.name ${JSON.stringify(image.name)} differs from another image only by "." and "_", so their jobs would share an id`,
      );
    }
    names.add(image.name);
    jobIds.add(jobSafe(image.name));
    check(
      PATH.test(image.context),
      `${at}.context ${JSON.stringify(image.context)} must be a relative path inside the repository`,
    );
    check(
      PATH.test(image.dockerfile),
      `${at}.dockerfile ${JSON.stringify(image.dockerfile)} must be a relative path inside the repository`,
    );
    check(
      image.target === undefined || TARGET.test(image.target),
      `${at}.target ${JSON.stringify(image.target)} is not a build stage name`,
    );
    check(image.platforms.length > 0, `${at}.platforms is empty; list e.g. "linux/amd64"`);
    image.platforms.forEach((platform, j) => {
      check(
        PLATFORM.test(platform),
        `${at}.platforms[${j}] ${JSON.stringify(platform)} is not a supported platform such as "linux/arm64"`,
      );
    });
  });
  for (const channel of CHANNELS) {
    const selected = input.channelImages?.[channel];
    if (selected === undefined) continue;
    check(selected.length > 0, `channelImages.${channel} is empty; omit it to build every image`);
    selected.forEach((name, i) => {
      check(names.has(name), `channelImages.${channel}[${i}] ${JSON.stringify(name)} is not one of images[].name`);
    });
  }
  check(
    AWS_REGION.test(input.ecr.region),
    `ecr.region ${JSON.stringify(input.ecr.region)} is not an AWS region such as "us-east-1"`,
  );
  check(
    new RegExp(`^\\d{12}\\.dkr\\.ecr\\.${input.ecr.region.replaceAll(/[^a-z0-9-]/g, "")}\\.amazonaws\\.com$`).test(
      input.ecr.registry,
    ),
    `ecr.registry ${JSON.stringify(input.ecr.registry)} must be <12-digit account>.dkr.ecr.${input.ecr.region}.amazonaws.com`,
  );
  for (const [channel, prefix] of Object.entries(input.ecr.repositoryPrefixes ?? {})) {
    check(
      /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*$/.test(prefix),
      `ecr.repositoryPrefixes.${channel} ${JSON.stringify(prefix)} must be path segments each ending in "/", e.g. "cortex/"`,
    );
  }
  check(
    NAMESPACE.test(input.dockerhubNamespace),
    `dockerhubNamespace ${JSON.stringify(input.dockerhubNamespace)} must be lowercase letters and digits`,
  );
  check(
    input.nightlySchedule.trim().split(/\s+/).length === 5,
    `nightlySchedule ${JSON.stringify(input.nightlySchedule)} must have five cron fields`,
  );
  check(
    !cronFiresAtMinuteZero(input.nightlySchedule),
    `nightlySchedule ${JSON.stringify(input.nightlySchedule)} fires at minute 0, when GitHub delays or drops scheduled runs; pick another minute`,
  );
  check(
    input.scanSeverity === undefined || input.scanSeverity.length > 0,
    `scanSeverity is empty; list e.g. ["CRITICAL", "HIGH"]`,
  );
  check(
    input.testCommand === undefined || (input.testCommand.trim() !== "" && !input.testCommand.includes("${{")),
    `testCommand must be a non-empty shell command without "\${{ }}" expressions`,
  );
  check(
    input.runner === undefined || RUNNER.test(input.runner),
    `runner ${JSON.stringify(input.runner)} is not a runner label`,
  );
  for (const [platform, label] of Object.entries(input.platformRunners ?? {})) {
    check(PLATFORM.test(platform), `platformRunners ${JSON.stringify(platform)} is not a supported platform`);
    check(
      label === EMULATE || (RUNNER.test(label) && label !== "self-hosted"),
      `platformRunners.${platform} ${JSON.stringify(label)} is not a GitHub-hosted runner label or "${EMULATE}"`,
    );
  }
  for (const tool of ["binfmt", "buildkit"] as const) {
    const image = input.toolImages?.[tool];
    check(
      image === undefined || PINNED_IMAGE.test(image),
      `toolImages.${tool} ${JSON.stringify(image)} must be pinned by digest: name[:tag]@sha256:<64 hex>`,
    );
  }
  if (problems.length > 0) throw new ReleaseWorkflowInputError(problems);
}

/** An image name as a job-id fragment: job ids allow letters, digits, `-` and `_` only. */
export function jobSafe(name: string): string {
  return name.replaceAll(".", "_");
}

/** The tag model of a workflow input. */
export function inputModel(input: ReleaseWorkflowInput): TagModel {
  return compileTagScheme(input.tagScheme ?? DEFAULT_TAG_SCHEME);
}
