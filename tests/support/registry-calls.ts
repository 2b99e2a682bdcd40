/*
 * The registry reads of the program (lib/registries/reads.ts), answered by
 * real registries instead of the offline plan's "not read": the mock
 * engine's call handler does what the providers do, against the tests' own
 * services.
 *
 * `docker.getRegistryImage` is answered the way kreuzwerker/terraform-provider-docker
 * v4.5.0 (bundled by @pulumi/docker 5.2.0) answers it, ported step by step:
 * the name is split as parseImageOptions splits it
 * (internal/provider/resource_docker_image_funcs.go:294-341), the login is the
 * provider's `registryAuth` entry for that host (getAuthConfigForRegistry,
 * resource_docker_registry_image_funcs.go:297-311; the entries are read from
 * the docker provider the call names, as the program registered it), then a
 * HEAD of the manifest with Basic auth, and on a `401` with a Bearer challenge
 * a token from the realm, asked for with the challenge's scope and the Basic
 * login (getImageDigest, data_source_docker_registry_image.go:71-128;
 * getAuthToken, authentication_helpers.go:163-229), and the digest from
 * `Docker-Content-Digest`. Failures carry the provider's words
 * (data_source_docker_registry_image.go:61, 93, 126, 156). The provider's
 * second try with the v1 manifest media type (gcr.io's fallback) is left out:
 * docker-registry 2.8 serves v2 manifests, so it would fail the same way.
 *
 * Docker Hub (`registry-1.docker.io`) is Debian's docker-registry, with Basic
 * auth or with the token flow (./registry.ts). ECR's registry API is not
 * emulated by moto, so ECR names are answered from moto's BatchGetImage, after
 * the same check of the provider's ECR login the real registry makes (no
 * login: ECR's Basic challenge, which the provider reports as "bad
 * credentials"). `aws.ecr.getAuthorizationToken` and `aws.ecr.getImages` go
 * to moto through the AWS SDK, as the AWS provider's data sources call
 * GetAuthorizationToken and ListImages.
 */
import { createHash } from "node:crypto";
import { BatchGetImageCommand, ECRClient, GetAuthorizationTokenCommand, paginateListImages } from "@aws-sdk/client-ecr";
import { invokeError, offlineCalls } from "../../cli/plan/calls";
import type { CallHandler, RecordingMocks } from "../../cli/plan/mock-runtime";
import { AWS_FUNCTIONS, DOCKER_FUNCTIONS, GITHUB_FUNCTIONS } from "../../lib/resource-types";

/** The Accept header the provider sends (authentication_helpers.go:70-81). */
const ACCEPT = [
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
].join(", ");
const DOCKER_HUB_HOSTS = ["registry-1.docker.io", "index.docker.io", "docker.io", "registry.hub.docker.com"];
const ECR_HOST = /^.*?dkr\.ecr\..*?\.amazonaws\.com$/;

export interface RegistryCallOptions {
  /** The registry standing in for Docker Hub: `http://127.0.0.1:<port>`. */
  readonly dockerHub?: { readonly baseUrl: string };
  /** moto standing in for ECR. */
  readonly ecr?: { readonly endpoint: string; readonly region: string };
  /** The GitHub organization's roles (./program.ts `RunOptions.orgRoles`). */
  readonly orgRoles?: Record<string, string>;
}

/** `parseImageOptions` (resource_docker_image_funcs.go:294-341). */
export function parseImageName(image: string): { registry: string; repository: string; tag: string } {
  let registry = "";
  const firstSlash = image.indexOf("/");
  const prefix = image.slice(0, firstSlash);
  if (image.split("/").length - 1 > 1 || (firstSlash !== -1 && (/[.:]/.test(prefix) || prefix === "localhost")))
    registry = prefix;
  let repository = image;
  let tag = "";
  const tagIndex = image.slice(registry.length).indexOf(":");
  if (tagIndex !== -1) {
    repository = image.slice(0, registry.length + tagIndex);
    tag = image.slice(registry.length + tagIndex + 1);
    const digestIndex = tag.indexOf("@");
    if (digestIndex !== -1) tag = tag.slice(digestIndex + 1);
  }
  if (tag === "") tag = "latest";
  if (registry === "") {
    registry = "registry-1.docker.io";
    if (!repository.includes("/")) repository = `library/${repository}`;
  } else repository = repository.replace(`${registry}/`, "");
  return { registry, repository, tag };
}

interface Login {
  readonly address: string;
  readonly username?: string;
  readonly password?: string;
}

/** The docker provider's `registryAuth`, as the program registered it, keyed by host. */
function loginsOf(engine: RecordingMocks, provider: string | undefined): Map<string, Login> {
  const urn = provider?.split("::").slice(0, -1).join("::");
  const inputs = urn === undefined ? undefined : engine.registeredInputs(urn);
  const raw = inputs?.registryAuth;
  const list = (typeof raw === "string" ? JSON.parse(raw) : (raw ?? [])) as Login[];
  return new Map(list.map((l) => [l.address.replace(/^https?:\/\//, "").split("/")[0]!, l]));
}

/** The provider's login for a registry host (getAuthConfigForRegistry). */
function loginFor(logins: Map<string, Login>, registry: string): Login | undefined {
  const own = logins.get(registry);
  if (own !== undefined) return own;
  if (DOCKER_HUB_HOSTS.includes(registry))
    for (const host of DOCKER_HUB_HOSTS) if (logins.has(host)) return logins.get(host);
  return undefined;
}

const statusLine = (response: Response): string => `${String(response.status)} ${response.statusText}`;

/** getDigestFromResponse (data_source_docker_registry_image.go:130-147). */
async function digestFrom(response: Response): Promise<string> {
  const header = response.headers.get("docker-content-digest");
  if (header !== null && header !== "") return header;
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length === 0) throw new Error("error reading registry response body: ");
  return `sha256:${createHash("sha256").update(body).digest("hex")}`;
}

/** getImageDigest against a registry at `baseUrl` (data_source_docker_registry_image.go:71-128). */
async function headDigest(baseUrl: string, repository: string, tag: string, login: Login | undefined): Promise<string> {
  const url = `${baseUrl}/v2/${repository}/manifests/${tag}`;
  const basic =
    login?.username !== undefined && login.username !== ""
      ? `Basic ${Buffer.from(`${login.username}:${login.password ?? ""}`).toString("base64")}`
      : undefined;
  const first = await fetch(url, {
    method: "HEAD",
    headers: { Accept: ACCEPT, ...(basic ? { Authorization: basic } : {}) },
  });
  if (first.status === 200) return digestFrom(first);
  if (first.status !== 401) throw new Error(`got bad response from registry: ${statusLine(first)}`);
  const challenge = first.headers.get("www-authenticate") ?? "";
  if (!challenge.startsWith("Bearer")) throw new Error(`bad credentials: ${statusLine(first)}`);
  const params = Object.fromEntries(
    [...challenge.slice("Bearer ".length).matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k!, v!]),
  );
  const realm = new URL(params.realm ?? "");
  realm.searchParams.set("service", params.service ?? "");
  realm.searchParams.set("scope", params.scope ?? `repository:${repository}:push,pull`);
  let tokenResponse = await fetch(realm, {
    headers: { Accept: "application/json", ...(basic ? { Authorization: basic } : {}) },
  });
  if (basic !== undefined && (tokenResponse.status === 401 || tokenResponse.status === 403))
    tokenResponse = await fetch(realm, { headers: { Accept: "application/json" } });
  if (tokenResponse.status !== 200) throw new Error(`got bad response from registry: ${statusLine(tokenResponse)}`);
  const { token, access_token: accessToken } = (await tokenResponse.json()) as {
    token?: string;
    access_token?: string;
  };
  const bearer = token || accessToken;
  if (!bearer) throw new Error("Error unsupported OAuth response");
  const second = await fetch(url, { method: "HEAD", headers: { Accept: ACCEPT, Authorization: `Bearer ${bearer}` } });
  if (second.status !== 200) throw new Error(`got bad response from registry: ${statusLine(second)}`);
  return digestFrom(second);
}

/** The digest an ECR tag points at (BatchGetImage), or undefined when there is none. */
async function ecrGetImage(client: ECRClient, repositoryName: string, tag: string): Promise<string | undefined> {
  const { images = [] } = await client.send(
    new BatchGetImageCommand({
      repositoryName,
      imageIds: [tag.startsWith("sha256:") ? { imageDigest: tag } : { imageTag: tag }],
      acceptedMediaTypes: ACCEPT.split(", "),
    }),
  );
  return images[0]?.imageId?.imageDigest;
}

/** Answers the program's calls from the tests' registries, GitHub's from `orgRoles`. */
export function registryCalls(engine: RecordingMocks, opts: RegistryCallOptions): CallHandler {
  const github = offlineCalls(opts.orgRoles);
  const ecr = () => {
    if (opts.ecr === undefined) throw new Error("this test gave registryCalls no moto");
    return new ECRClient({
      endpoint: opts.ecr.endpoint,
      region: opts.ecr.region,
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
      maxAttempts: 1,
    });
  };
  return async (token, inputs, provider) => {
    switch (token) {
      case GITHUB_FUNCTIONS.getMembership:
        return github(token, inputs, provider);
      case DOCKER_FUNCTIONS.getRegistryImage: {
        const name = String(inputs.name);
        const { registry, repository, tag } = parseImageName(name);
        const login = loginFor(loginsOf(engine, provider), registry);
        try {
          let digest: string;
          if (ECR_HOST.test(registry)) {
            if (login?.username === undefined || login.username === "" || !login.password)
              throw new Error("bad credentials: 401 Unauthorized");
            const client = ecr();
            try {
              const found = await ecrGetImage(client, repository, tag);
              if (found === undefined) throw new Error("got bad response from registry: 404 Not Found");
              digest = found;
            } finally {
              client.destroy();
            }
          } else if (DOCKER_HUB_HOSTS.includes(registry) && opts.dockerHub !== undefined) {
            digest = await headDigest(opts.dockerHub.baseUrl, repository, tag, login);
          } else throw new Error(`Error during registry request: dial tcp: lookup ${registry}: no such host`);
          return { id: digest, name, sha256Digest: digest, insecureSkipVerify: false };
        } catch (error) {
          throw invokeError(
            token,
            `Got error when attempting to fetch image version ${repository}:${tag} from registry: ${(error as Error).message}`,
          );
        }
      }
      case AWS_FUNCTIONS.getAuthorizationToken: {
        const client = ecr();
        try {
          // One token serves every registry the principal may read; registryIds is deprecated for that reason.
          const { authorizationData = [] } = await client.send(new GetAuthorizationTokenCommand({}));
          const data = authorizationData[0]!;
          const [userName, password] = Buffer.from(data.authorizationToken ?? "", "base64")
            .toString("utf8")
            .split(":", 2);
          return {
            id: opts.ecr!.region,
            authorizationToken: data.authorizationToken,
            expiresAt: data.expiresAt?.toISOString(),
            proxyEndpoint: data.proxyEndpoint,
            userName,
            password,
            region: opts.ecr!.region,
            ...(typeof inputs.registryId === "string" ? { registryId: inputs.registryId } : {}),
          };
        } finally {
          client.destroy();
        }
      }
      case AWS_FUNCTIONS.getImages: {
        const client = ecr();
        try {
          const imageIds: { imageDigest?: string; imageTag?: string }[] = [];
          for await (const page of paginateListImages(
            { client },
            { repositoryName: String(inputs.repositoryName), registryId: inputs.registryId as string | undefined },
          )) {
            for (const id of page.imageIds ?? []) imageIds.push({ imageDigest: id.imageDigest, imageTag: id.imageTag });
          }
          return {
            id: String(inputs.repositoryName),
            imageIds,
            repositoryName: inputs.repositoryName,
            registryId: inputs.registryId,
            region: opts.ecr!.region,
          };
        } catch (error) {
          throw invokeError(
            token,
            `reading ECR Images (${String(inputs.repositoryName)}): ${(error as Error).message}`,
          );
        } finally {
          client.destroy();
        }
      }
      default:
        return undefined;
    }
  };
}
