/**
 * Set-up for the Docker Hub resource specs: an emulator of the documented API
 * (not the real service) and the provider environment pointing at it. The
 * providers read credentials only from the environment, as under `pulumi up`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { DockerHubClient } from "../../../providers/dockerhub/client";
import { DockerHubEmulator } from "../../support/dockerhub-emulator";

export const ORG = "cortex";
/** A known token, so specs can prove it never reaches any output. */
export const TOKEN = "dckr_oat_resource-S3CRET-5e1f";
/** An owner of the organization and its personal access token (Read, Write, Delete). */
export const OWNER = "alice";
export const OWNER_TOKEN = "dckr_pat_resource-owner-S3CRET-77";

const VARIABLES = [
  "DOCKERHUB_USERNAME",
  "DOCKERHUB_TOKEN",
  "DOCKERHUB_ORG",
  "DOCKERHUB_ORG_TOKEN",
  "DOCKERHUB_API_URL",
] as const;

/** An emulator with the organization, and the environment set for the providers. */
export interface ResourceEnv {
  readonly emulator: DockerHubEmulator;
  /** A client of its own, for seeding drift and inspecting. */
  readonly hub: DockerHubClient;
  close(): Promise<void>;
}

export async function startResourceEnv(): Promise<ResourceEnv> {
  const emulator = await DockerHubEmulator.start();
  emulator.addUser(OWNER, { secret: OWNER_TOKEN });
  emulator.addOrg(ORG, { owners: [OWNER] });
  emulator.addOrgAccessToken(ORG, TOKEN);
  const saved = VARIABLES.map((name) => [name, process.env[name]] as const);
  // The credentials the README prescribes: the organization's access token and an owner's PAT.
  process.env.DOCKERHUB_ORG = ORG;
  process.env.DOCKERHUB_ORG_TOKEN = TOKEN;
  process.env.DOCKERHUB_USERNAME = OWNER;
  process.env.DOCKERHUB_TOKEN = OWNER_TOKEN;
  process.env.DOCKERHUB_API_URL = emulator.url;
  const hub = new DockerHubClient({
    baseUrl: emulator.url,
    credentials: [
      { identifier: ORG, secret: TOKEN },
      { identifier: OWNER, secret: OWNER_TOKEN },
    ],
    maxRetries: 0,
  });
  return {
    emulator,
    hub,
    async close() {
      for (const [name, value] of saved) {
        if (value === undefined) Reflect.deleteProperty(process.env, name);
        else process.env[name] = value;
      }
      await emulator.close();
    },
  };
}

type Bag = Record<string, unknown>;

/** `check` that must pass: returns the normalized inputs. */
export async function checked(provider: pulumi.dynamic.ResourceProvider, news: Bag, olds: Bag = {}): Promise<Bag> {
  if (provider.check === undefined) throw new Error("provider has no check");
  const result = await provider.check(olds, news);
  if (result.failures !== undefined && result.failures.length > 0)
    throw new Error(`check failed: ${JSON.stringify(result.failures)}`);
  return result.inputs as Bag;
}

/** Runs `body` and returns the error it threw; fails when it does not throw. */
export async function rejection(body: () => Promise<unknown>): Promise<Error> {
  try {
    await body();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  throw new Error("expected a rejection, but the call resolved");
}
