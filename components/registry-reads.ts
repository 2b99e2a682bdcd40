import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import {
  isMissingImage,
  type Lookup,
  type RegistryReadPlan,
  type RegistryReadResults,
  type TagDigests,
} from "../lib/registries/reads";

/** A registry login: Docker Hub's from the environment of the process running `pulumi`. */
export interface RegistryLogin {
  readonly username: string;
  readonly secret: string;
}

export interface RegistryReadsArgs {
  /** What to read (lib/registries/reads.ts `planRegistryReads`). */
  readonly plan: RegistryReadPlan;
  /**
   * Docker Hub's login (`DOCKERHUB_USERNAME`, `DOCKERHUB_TOKEN`), read by the
   * program from its environment; it reaches the provider's configuration
   * only as a secret. Without it Docker Hub is read anonymously, which its
   * public repositories allow.
   */
  readonly dockerhub?: RegistryLogin;
}

/** Docker Hub's registry host, as the provider keys its logins (provider.go:398-415 at v4.5.0). */
const DOCKER_HUB_REGISTRY = "registry-1.docker.io";

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** ECR's login for the registry API: `AWS` and a token valid 12 hours. */
interface EcrLogin {
  /** `https://<account>.dkr.ecr.<region>.amazonaws.com` */
  readonly address: string;
  readonly username: string;
  readonly password: string;
}

/** ECR's login, when a pin targets ECR (`aws.ecr.getAuthorizationToken`, which `pulumi preview` runs too). */
function readEcrToken(plan: RegistryReadPlan, provider: aws.Provider | undefined): Promise<Lookup<EcrLogin>> {
  if (plan.ecr === undefined || provider === undefined) return Promise.resolve({ status: "not-read" });
  return aws.ecr.getAuthorizationToken({ registryId: plan.ecr.registryId }, { provider }).then(
    (token): Lookup<EcrLogin> =>
      typeof token.password === "string" && token.password !== ""
        ? {
            status: "found",
            value: { address: token.proxyEndpoint, username: token.userName, password: token.password },
          }
        : { status: "not-read" },
    (error: unknown): Lookup<EcrLogin> => ({ status: "failed", detail: message(error) }),
  );
}

/**
 * The provider's logins. The SDK sends `registryAuth` as one JSON string
 * (@pulumi/docker 5.2.0 provider.js), so the passwords make the whole of it
 * secret: in the state, the preview and every plan it shows as a secret.
 */
function registryAuth(
  plan: RegistryReadPlan,
  dockerhub: RegistryLogin | undefined,
  ecrToken: Promise<Lookup<EcrLogin>>,
): pulumi.Input<pulumi.Input<docker.types.input.ProviderRegistryAuth>[]> {
  if (dockerhub === undefined && plan.ecr === undefined) return [];
  return pulumi.secret(
    pulumi
      .output(ecrToken)
      .apply((token) => [
        ...(dockerhub === undefined
          ? []
          : [{ address: DOCKER_HUB_REGISTRY, username: dockerhub.username, password: dockerhub.secret }]),
        ...(token.status === "found" ? [token.value] : []),
      ]),
  );
}

/**
 * The registries as they are now, read before anything is registered: an
 * explicit `docker.Provider` (no Docker daemon is asked for by its
 * configuration: `disableDockerDaemonCheck`; logins in `registryAuth`, ECR's
 * from `aws.ecr.getAuthorizationToken`) answers `docker.getRegistryImage` for
 * each pin's target and each tool image, and an AWS provider limited to the
 * stack's account lists each pinned ECR repository's tags (`aws.ecr.getImages`).
 * Invokes run in `pulumi preview` as in `pulumi up`, so the preview shows
 * the digests, and the program can refuse a pin before it registers anything.
 * The component holds providers only: nothing here creates or changes
 * anything outside Pulumi's state.
 *
 * Facts of @pulumi/docker 5.2.0 (pulumi/pulumi-docker at 237b789, the newest
 * commit readable here, bundling kreuzwerker/terraform-provider-docker v4.5.0, 5074970):
 * - `getRegistryImage` and `getRegistryImageManifests` never build a Docker
 *   client: only the data sources that call `ProviderConfig.MakeClient`
 *   (internal/provider/config.go:116) do, and `disable_docker_daemon_check`
 *   skips the ping there (config.go:193-204). They talk to the registry over
 *   HTTP with the provider's `registry_auth` (data_source_docker_registry_image.go:43-69).
 * - But pulumi-docker's own native half pings a daemon in every Configure,
 *   whatever `disableDockerDaemonCheck` says (provider/provider.go:86-92,
 *   provider/image.go:931-991, `failed to connect to any docker daemon`;
 *   pulumi/pulumi-docker#1106), so a real `pulumi preview` needs a reachable
 *   Docker daemon (`DOCKER_HOST`), as GitHub's hosted runners have.
 * - `getRegistryImageManifests` is not used: it fails on a single-platform
 *   image (data_source_docker_registry_image_manifests.go:164-166) and its
 *   own `authConfig` would come back, password included, in the invoke's result.
 * - A changed `registryAuth` updates the provider: ECR's token is new every
 *   run, so while a pin targets ECR every preview shows the provider updating
 *   (pulumi/pulumi-docker#952). Without a pin no ECR login is configured.
 */
export class RegistryReads extends pulumi.ComponentResource {
  /** What the reads found; never rejects (a failed read is a `failed` lookup). */
  readonly results: Promise<RegistryReadResults>;

  constructor(name: string, args: RegistryReadsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("release:index:RegistryReads", name, {}, opts);
    const { plan } = args;

    const awsProvider =
      plan.ecr === undefined
        ? undefined
        : new aws.Provider(
            `${name}-aws`,
            { region: plan.ecr.region as aws.Region, allowedAccountIds: [plan.ecr.registryId] },
            { parent: this },
          );
    const ecrToken = readEcrToken(plan, awsProvider);
    const dockerProvider = new docker.Provider(
      `${name}-docker`,
      { disableDockerDaemonCheck: true, registryAuth: registryAuth(plan, args.dockerhub, ecrToken) },
      { parent: this },
    );

    this.results = this.read(plan, dockerProvider, awsProvider, ecrToken);
    this.registerOutputs({});
  }

  private async read(
    plan: RegistryReadPlan,
    dockerProvider: docker.Provider,
    awsProvider: aws.Provider | undefined,
    ecrToken: Promise<Lookup<EcrLogin>>,
  ): Promise<RegistryReadResults> {
    const digestOf = (name: string): Promise<Lookup<string>> =>
      docker.getRegistryImage({ name }, { provider: dockerProvider }).then(
        (image): Lookup<string> =>
          typeof image.sha256Digest === "string" && image.sha256Digest !== ""
            ? { status: "found", value: image.sha256Digest }
            : { status: "not-read" },
        (error: unknown): Lookup<string> =>
          isMissingImage(message(error))
            ? { status: "missing", detail: message(error) }
            : { status: "failed", detail: message(error) },
      );
    const token = await ecrToken;
    const pinDigests = await Promise.all(
      plan.pins.map(async (read) => {
        // Without ECR's login the provider would ask ECR anonymously and be refused: report the login instead.
        const lookup: Lookup<string> =
          read.target.registry !== "ecr" || token.status === "found"
            ? await digestOf(read.reference)
            : token.status === "not-read"
              ? token
              : { status: "failed", detail: `no ECR login (aws.ecr.getAuthorizationToken: ${token.detail})` };
        return [read.target.name, lookup] as const;
      }),
    );
    const ecrTags = await Promise.all(
      plan.pins
        .filter((read) => read.target.registry === "ecr")
        .map(
          async (read) => [read.target.name, await this.listEcr(read.target.repository, plan, awsProvider)] as const,
        ),
    );
    const tools = await Promise.all(
      plan.tools.map(async (read) => [read.tool, await digestOf(read.reference)] as const),
    );
    return {
      pinDigests: Object.fromEntries(pinDigests),
      ecrTags: Object.fromEntries(ecrTags),
      tools: Object.fromEntries(tools),
    };
  }

  /** Every tag of an ECR repository and its digest. */
  private async listEcr(
    repository: string,
    plan: RegistryReadPlan,
    awsProvider: aws.Provider | undefined,
  ): Promise<Lookup<TagDigests>> {
    if (plan.ecr === undefined || awsProvider === undefined) return { status: "not-read" };
    try {
      const images = await aws.ecr.getImages(
        { repositoryName: repository, registryId: plan.ecr.registryId },
        { provider: awsProvider },
      );
      if (!Array.isArray(images.imageIds)) return { status: "not-read" };
      const tags: Record<string, string> = {};
      // An untagged image comes without `imageTag`, whatever the typings say (ListImages' ImageIdentifier).
      const ids = images.imageIds as readonly { readonly imageTag?: string; readonly imageDigest?: string }[];
      for (const { imageTag, imageDigest } of ids)
        if (imageTag !== undefined && imageDigest !== undefined) tags[imageTag] = imageDigest;
      return { status: "found", value: tags };
    } catch (error) {
      return { status: "failed", detail: message(error) };
    }
  }
}
